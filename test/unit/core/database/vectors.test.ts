/**
 * compile() against every client vector of protocol §1.7 (C1…C55), and — for each — the request
 * the official supabase-js 2.119.0 sends for the same chain (captured without a server). Vectors
 * marked `deviates` are where supabase-js encodes a value PostgREST misreads; there we assert our
 * (correct) encoding and that supabase-js differs exactly in that parameter.
 */
import assert from 'node:assert/strict';
import { createClient } from '../../../../src/core/index';
import { captureSupabase, type CapturedRequest } from '../../../helpers/supabaseCapture';

const URL_ = 'http://localhost:54321';
const KEY = 'anon-key';
const MUST_MATCH = ['apikey', 'authorization', 'accept-profile', 'content-profile', 'content-type', 'prefer', 'accept'];

interface Vector {
  id: string;
  chain: (c: any) => any;
  method: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  /** supabase-js sends something PostgREST misreads; value = the path supabase-js sends. */
  deviates?: string;
  key?: string;
  options?: Record<string, unknown>;
}

const T = '/rest/v1/t';
const V: Vector[] = [
  { id: 'C1', chain: (c) => c.from('countries').select(), method: 'GET', path: '/rest/v1/countries?select=*' },
  {
    id: 'C2',
    chain: (c) => c.from('c').select('id, full_name:name, "first name", age::text, data->a->>b, data->arr->0'),
    method: 'GET',
    path: '/rest/v1/c?select=id%2Cfull_name%3Aname%2C%22first+name%22%2Cage%3A%3Atext%2Cdata-%3Ea-%3E%3Eb%2Cdata-%3Earr-%3E0',
  },
  {
    id: 'C3',
    chain: (c) => c.from('countries').select('name, cities!inner(name)').eq('cities.name', 'Paris'),
    method: 'GET',
    path: '/rest/v1/countries?select=name%2Ccities%21inner%28name%29&cities.name=eq.Paris',
  },
  {
    id: 'C4',
    chain: (c) => c.from('posts').select('*, author:users!posts_author_id_fkey(name), users!author_id(name), ...categories(cat:name)'),
    method: 'GET',
    path: '/rest/v1/posts?select=*%2Cauthor%3Ausers%21posts_author_id_fkey%28name%29%2Cusers%21author_id%28name%29%2C...categories%28cat%3Aname%29',
  },
  { id: 'C5', chain: (c) => c.from('orders').select('amount.sum(), customer_id'), method: 'GET', path: '/rest/v1/orders?select=amount.sum%28%29%2Ccustomer_id' },
  { id: 'C6', chain: (c) => c.from('t').select('*', { count: 'exact' }), method: 'GET', path: `${T}?select=*`, headers: { prefer: 'count=exact' } },
  { id: 'C7', chain: (c) => c.from('t').select('*', { count: 'planned', head: true }), method: 'HEAD', path: `${T}?select=*`, headers: { prefer: 'count=planned' } },
  { id: 'C8', chain: (c) => c.from('t').insert({ id: 1, name: 'Denmark' }), method: 'POST', path: T, body: '{"id":1,"name":"Denmark"}' },
  {
    id: 'C9',
    chain: (c) => c.from('t').insert([{ id: 1, name: 'A' }, { id: 2, code: 'B' }]),
    method: 'POST',
    path: `${T}?columns=%22id%22%2C%22name%22%2C%22code%22`,
    body: '[{"id":1,"name":"A"},{"id":2,"code":"B"}]',
  },
  { id: 'C10', chain: (c) => c.from('t').insert([{ name: 'A' }], { defaultToNull: false }), method: 'POST', path: `${T}?columns=%22name%22`, headers: { prefer: 'missing=default' }, body: '[{"name":"A"}]' },
  {
    id: 'C11',
    chain: (c) => c.from('t').insert({ name: 'A' }).select('id').single(),
    method: 'POST',
    path: `${T}?select=id`,
    headers: { accept: 'application/vnd.pgrst.object+json', prefer: 'return=representation' },
    body: '{"name":"A"}',
  },
  {
    id: 'C12',
    chain: (c) => c.from('t').insert({ big: 12345678901234567890n, when: new Date(0), nothing: null, skip: undefined }),
    method: 'POST',
    path: T,
    body: '{"big":"12345678901234567890","when":"1970-01-01T00:00:00.000Z","nothing":null}',
  },
  { id: 'C13a', chain: (c) => c.from('t').insert([]), method: 'POST', path: T, body: '[]' },
  { id: 'C13b', chain: (c) => c.from('t').insert([{}, {}]), method: 'POST', path: T, body: '[{},{}]' },
  { id: 'C14', chain: (c) => c.from('t').upsert({ id: 1, name: 'A' }), method: 'POST', path: T, headers: { prefer: 'resolution=merge-duplicates' }, body: '{"id":1,"name":"A"}' },
  {
    id: 'C15',
    chain: (c) => c.from('users').upsert([{ email: 'a@x' }, { email: 'b@x', name: 'B' }], { onConflict: 'email', ignoreDuplicates: true }),
    method: 'POST',
    path: '/rest/v1/users?on_conflict=email&columns=%22email%22%2C%22name%22',
    headers: { prefer: 'resolution=ignore-duplicates' },
  },
  {
    id: 'C16',
    chain: (c) => c.from('t').upsert({ id: 1 }, { onConflict: 'id, org_id', count: 'exact', defaultToNull: false }).select(),
    method: 'POST',
    path: `${T}?on_conflict=id%2C+org_id&select=*`,
    headers: { prefer: 'resolution=merge-duplicates, count=exact, missing=default, return=representation' },
    body: '{"id":1}',
  },
  {
    id: 'C17',
    chain: (c) => c.from('t').update({ name: 'B' }, { count: 'exact' }).eq('id', 1).select(),
    method: 'PATCH',
    path: `${T}?id=eq.1&select=*`,
    headers: { prefer: 'count=exact, return=representation' },
    body: '{"name":"B"}',
  },
  { id: 'C18', chain: (c) => c.from('t').delete().eq('id', 1), method: 'DELETE', path: `${T}?id=eq.1`, headers: { 'content-type': 'application/json' }, body: undefined },
  {
    id: 'C19',
    chain: (c) => c.from('t').delete({ count: 'exact' }).in('id', [1, 2]).select('id'),
    method: 'DELETE',
    path: `${T}?id=in.%281%2C2%29&select=id`,
    headers: { prefer: 'count=exact, return=representation' },
  },
  {
    id: 'C20',
    chain: (c) => c.from('t').update({ a: 1 }).eq('id', 1).rollback().maxAffected(1),
    method: 'PATCH',
    path: `${T}?id=eq.1`,
    headers: { prefer: 'tx=rollback, handling=strict, max-affected=1' },
    body: '{"a":1}',
  },
  { id: 'C21a', chain: (c) => c.rpc('hello'), method: 'POST', path: '/rest/v1/rpc/hello', body: '{}' },
  { id: 'C21b', chain: (c) => c.rpc('add', { a: 1, b: 2 }), method: 'POST', path: '/rest/v1/rpc/add', body: '{"a":1,"b":2}' },
  {
    id: 'C22',
    chain: (c) => c.rpc('search', { q: 'a,b c', tags: ['x', 'y'], n: null, u: undefined }, { get: true }),
    method: 'GET',
    path: '/rest/v1/rpc/search?q=a%2Cb+c&tags=%7Bx%2Cy%7D&n=null',
  },
  { id: 'C23', chain: (c) => c.rpc('list', { a: 1 }, { head: true, count: 'exact' }), method: 'HEAD', path: '/rest/v1/rpc/list?a=1', headers: { prefer: 'count=exact' } },
  {
    id: 'C24',
    chain: (c) => c.rpc('list', { filter: { x: 1 } }, { head: true }),
    method: 'POST',
    path: '/rest/v1/rpc/list',
    headers: { prefer: 'return=minimal' },
    body: '{"filter":{"x":1}}',
  },
  {
    id: 'C25',
    chain: (c) => c.rpc('rows', { a: 1 }, { count: 'exact' }).eq('id', 1).select('id, name').order('id').limit(5),
    method: 'POST',
    path: '/rest/v1/rpc/rows?id=eq.1&select=id%2Cname&order=id.asc&limit=5',
    headers: { prefer: 'count=exact, return=representation' },
    body: '{"a":1}',
  },
  {
    id: 'C26',
    chain: (c) => c.rpc('f', { o: { a: 1 }, arr: ['a,b', 'c d'] }, { get: true }),
    method: 'GET',
    path: '/rest/v1/rpc/f?o=%7B%22a%22%3A1%7D&arr=%7B%22a%2Cb%22%2Cc+d%7D',
    deviates: '/rest/v1/rpc/f?o=%5Bobject+Object%5D&arr=%7Ba%2Cb%2Cc+d%7D',
  },
  {
    id: 'C27',
    chain: (c) => c.from('t').select().eq('a', 1).neq('b', 'x').gt('c', 2).gte('d', 3).lt('e', 4).lte('f', 5),
    method: 'GET',
    path: `${T}?select=*&a=eq.1&b=neq.x&c=gt.2&d=gte.3&e=lt.4&f=lte.5`,
  },
  {
    id: 'C28',
    chain: (c) => c.from('t').select().like('a', '%ab_').ilike('b', '%Cd%').likeAllOf('c', ['%a%', '%b%']).ilikeAnyOf('d', ['x%', 'y,z%']),
    method: 'GET',
    path: `${T}?select=*&a=like.%25ab_&b=ilike.%25Cd%25&c=like%28all%29.%7B%25a%25%2C%25b%25%7D&d=ilike%28any%29.%7Bx%25%2C%22y%2Cz%25%22%7D`,
    deviates: `${T}?select=*&a=like.%25ab_&b=ilike.%25Cd%25&c=like%28all%29.%7B%25a%25%2C%25b%25%7D&d=ilike%28any%29.%7Bx%25%2Cy%2Cz%25%7D`,
  },
  {
    id: 'C29',
    chain: (c) => c.from('t').select().is('a', null).is('b', true).isDistinct('d', null).isDistinct('e', 'x'),
    method: 'GET',
    path: `${T}?select=*&a=is.null&b=is.true&d=isdistinct.null&e=isdistinct.x`,
  },
  { id: 'C30a', chain: (c) => c.from('t').select().in('id', [1, 2, 3]).notIn('id', [4, 5]), method: 'GET', path: `${T}?select=*&id=in.%281%2C2%2C3%29&id=not.in.%284%2C5%29` },
  { id: 'C30b', chain: (c) => c.from('t').select().in('id', []), method: 'GET', path: `${T}?select=*&id=in.%28%29` },
  { id: 'C30c', chain: (c) => c.from('t').select().in('v', [null, true, 1.5, 'null']), method: 'GET', path: `${T}?select=*&v=in.%28null%2Ctrue%2C1.5%2Cnull%29` },
  {
    id: 'C31',
    chain: (c) => c.from('t').select().in('name', ['a,b', 'c(d)', 'e.f', 'g"h', 'i\\j', 'k l', 'm:n', 'a,b']),
    method: 'GET',
    path: `${T}?select=*&name=in.%28%22a%2Cb%22%2C%22c%28d%29%22%2Ce.f%2Cg%22h%2Ci%5Cj%2Ck+l%2Cm%3An%29`,
  },
  {
    id: 'C32',
    chain: (c) => c.from('t').select().contains('tags', ['a', 'b,c']).containedBy('r', '[1,5)').contains('meta', { a: 1, c: 'x,y' }),
    method: 'GET',
    path: `${T}?select=*&tags=cs.%7Ba%2C%22b%2Cc%22%7D&r=cd.%5B1%2C5%29&meta=cs.%7B%22a%22%3A1%2C%22c%22%3A%22x%2Cy%22%7D`,
    deviates: `${T}?select=*&tags=cs.%7Ba%2Cb%2Cc%7D&r=cd.%5B1%2C5%29&meta=cs.%7B%22a%22%3A1%2C%22c%22%3A%22x%2Cy%22%7D`,
  },
  {
    id: 'C33',
    chain: (c) =>
      c.from('t').select().rangeGt('r', '[2,5)').rangeGte('r', '[2,5)').rangeLt('r', '(1,3]').rangeLte('r', '[1,3]').rangeAdjacent('r', '[5,7)').overlaps('tags', ['a', 'b']),
    method: 'GET',
    path: `${T}?select=*&r=sr.%5B2%2C5%29&r=nxl.%5B2%2C5%29&r=sl.%281%2C3%5D&r=nxr.%5B1%2C3%5D&r=adj.%5B5%2C7%29&tags=ov.%7Ba%2Cb%7D`,
  },
  {
    id: 'C34',
    chain: (c) =>
      c
        .from('t')
        .select()
        .textSearch('a', "'fat' & 'cat'")
        .textSearch('b', 'fat cat', { type: 'plain', config: 'english' })
        .textSearch('c', 'x', { type: 'phrase' })
        .textSearch('d', '"fat cat" -rat', { type: 'websearch', config: 'simple' }),
    method: 'GET',
    path: `${T}?select=*&a=fts.%27fat%27+%26+%27cat%27&b=plfts%28english%29.fat+cat&c=phfts.x&d=wfts%28simple%29.%22fat+cat%22+-rat`,
  },
  { id: 'C35', chain: (c) => c.from('t').select().match({ a: 1, b: 'x y', c: undefined, d: null }), method: 'GET', path: `${T}?select=*&a=eq.1&b=eq.x+y&d=eq.null` },
  {
    id: 'C36a',
    chain: (c) => c.from('t').select().not('a', 'is', null).not('b', 'in', '(1,2)').not('tags', 'cs', '{a,b}'),
    method: 'GET',
    path: `${T}?select=*&a=not.is.null&b=not.in.%281%2C2%29&tags=not.cs.%7Ba%2Cb%7D`,
  },
  { id: 'C36b', chain: (c) => c.from('t').select().not('id', 'in', [1, 2]), method: 'GET', path: `${T}?select=*&id=not.in.%281%2C2%29`, deviates: `${T}?select=*&id=not.in.1%2C2` },
  {
    id: 'C37a',
    chain: (c) => c.from('t').select().or('a.eq.1,b.gt.2').or('c.is.null,and(d.gte.3,e.lt.4)'),
    method: 'GET',
    path: `${T}?select=*&or=%28a.eq.1%2Cb.gt.2%29&or=%28c.is.null%2Cand%28d.gte.3%2Ce.lt.4%29%29`,
  },
  {
    id: 'C37b',
    chain: (c) => c.from('countries').select('name, cities(name)').or('name.eq.Paris,name.ilike.*lon*', { referencedTable: 'cities' }),
    method: 'GET',
    path: '/rest/v1/countries?select=name%2Ccities%28name%29&cities.or=%28name.eq.Paris%2Cname.ilike.*lon*%29',
  },
  {
    id: 'C38',
    chain: (c) => c.from('t').select().eq('a', [1, 2]).eq('b', { k: 1 }).eq('c', new Date(0)).eq('u', undefined),
    method: 'GET',
    path: `${T}?select=*&a=eq.%7B1%2C2%7D&b=eq.%7B%22k%22%3A1%7D&c=eq.1970-01-01T00%3A00%3A00.000Z&u=eq.undefined`,
    deviates: 'Date/array/object stringified JS-style',
  },
  {
    id: 'C39',
    chain: (c) => c.from('t').select().eq('a', 'x,y').eq('b', 'say "hi"').eq('c', 'back\\slash').eq('d', 'café 日本').eq('e', "~!'()*-._ +/?&=#%"),
    method: 'GET',
    path: `${T}?select=*&a=eq.x%2Cy&b=eq.say+%22hi%22&c=eq.back%5Cslash&d=eq.caf%C3%A9+%E6%97%A5%E6%9C%AC&e=eq.%7E%21%27%28%29*-._+%2B%2F%3F%26%3D%23%25`,
  },
  { id: 'C40a', chain: (c) => c.from('my table').select('"my col"').eq('my col', 'x'), method: 'GET', path: '/rest/v1/my%20table?select=%22my+col%22&my+col=eq.x' },
  { id: 'C40b', chain: (c) => c.from('tåble/x?y#z').select('*'), method: 'GET', path: '/rest/v1/t%C3%A5ble/x?y=&select=*' },
  {
    id: 'C41',
    chain: (c) => c.from('t').select().order('a', { ascending: false, nullsFirst: true }).eq('b', 1).order('c', { nullsFirst: false }),
    method: 'GET',
    path: `${T}?select=*&order=a.desc.nullsfirst%2Cc.asc.nullslast&b=eq.1`,
  },
  {
    id: 'C42',
    chain: (c) => c.from('countries').select('name, cities(name)').order('name', { referencedTable: 'cities', ascending: false }).limit(1, { referencedTable: 'cities' }).limit(5),
    method: 'GET',
    path: '/rest/v1/countries?select=name%2Ccities%28name%29&cities.order=name.desc&cities.limit=1&limit=5',
  },
  {
    id: 'C43a',
    chain: (c) => c.from('countries').select('name, cities(name)').range(10, 19, { referencedTable: 'cities' }),
    method: 'GET',
    path: '/rest/v1/countries?select=name%2Ccities%28name%29&cities.offset=10&cities.limit=10',
  },
  { id: 'C43b', chain: (c) => c.from('t').select().range(0, 9), method: 'GET', path: `${T}?select=*&offset=0&limit=10` },
  { id: 'C43c', chain: (c) => c.from('t').select('id').limit(0), method: 'GET', path: `${T}?select=id&limit=0` },
  { id: 'C44', chain: (c) => c.from('t').select().limit(5).range(0, 9), method: 'GET', path: `${T}?select=*&limit=10&offset=0` },
  { id: 'C45a', chain: (c) => c.from('t').select().eq('id', 1).single(), method: 'GET', path: `${T}?select=*&id=eq.1`, headers: { accept: 'application/vnd.pgrst.object+json' } },
  { id: 'C45b', chain: (c) => c.from('t').select().eq('id', 1).maybeSingle(), method: 'GET', path: `${T}?select=*&id=eq.1`, headers: { accept: '*/*' } },
  { id: 'C46a', chain: (c) => c.from('t').select().csv(), method: 'GET', path: `${T}?select=*`, headers: { accept: 'text/csv' } },
  { id: 'C46b', chain: (c) => c.from('t').select().geojson(), method: 'GET', path: `${T}?select=*`, headers: { accept: 'application/geo+json' } },
  { id: 'C47', chain: (c) => c.from('t').select().explain(), method: 'GET', path: `${T}?select=*`, headers: { accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=;' } },
  {
    id: 'C48',
    chain: (c) => c.from('t').select().explain({ analyze: true, verbose: true, settings: true, buffers: true, wal: true, format: 'json' }),
    method: 'GET',
    path: `${T}?select=*`,
    headers: { accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose|settings|buffers|wal;' },
  },
  {
    id: 'C49a',
    chain: (c) => c.from('t').select().single().explain({ analyze: true }),
    method: 'GET',
    path: `${T}?select=*`,
    headers: { accept: 'application/vnd.pgrst.plan+text; for="application/vnd.pgrst.object+json"; options=analyze;' },
  },
  {
    id: 'C49b',
    chain: (c) => c.from('t').select().csv().explain({ format: 'json' }),
    method: 'GET',
    path: `${T}?select=*`,
    headers: { accept: 'application/vnd.pgrst.plan+json; for="text/csv"; options=;' },
  },
  { id: 'C50a', chain: (c) => c.from('t').select().stripNulls(), method: 'GET', path: `${T}?select=*`, headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' } },
  {
    id: 'C50b',
    chain: (c) => c.from('t').select().single().stripNulls(),
    method: 'GET',
    path: `${T}?select=*`,
    headers: { accept: 'application/vnd.pgrst.object+json;nulls=stripped' },
  },
  { id: 'C51a', chain: (c) => c.schema('private').from('t').select('*', { head: true }), method: 'HEAD', path: `${T}?select=*`, headers: { 'accept-profile': 'private' } },
  {
    id: 'C51b',
    chain: (c) => c.schema('private').from('t').insert({ a: 1 }),
    method: 'POST',
    path: T,
    headers: { 'content-profile': 'private', 'content-type': 'application/json' },
    body: '{"a":1}',
  },
  { id: 'C52', chain: (c) => c.schema('private').rpc('f', { a: 1 }, { get: true }), method: 'GET', path: '/rest/v1/rpc/f?a=1', headers: { 'accept-profile': 'private' } },
  {
    id: 'C54',
    key: 'sb_publishable_abc',
    chain: (c) => c.from('t').select(),
    method: 'GET',
    path: `${T}?select=*`,
    headers: { apikey: 'sb_publishable_abc', authorization: 'Bearer sb_publishable_abc' },
  },
  {
    id: 'C55',
    options: { accessToken: async () => 'user-jwt', db: { schema: 'api' }, global: { headers: { 'X-Client-Info': 'mylib/1.0.0', 'x-extra': '1' } } },
    chain: (c) => c.from('t').select(),
    method: 'GET',
    path: `${T}?select=*`,
    headers: { 'accept-profile': 'api', 'x-client-info': 'mylib/1.0.0', 'x-extra': '1', authorization: 'Bearer user-jwt' },
  },
];

/** Our request for a chain: what `await` would send (after the token callback). */
async function ours(v: Vector): Promise<CapturedRequest> {
  const client = createClient(URL_, v.key ?? KEY, v.options as any);
  const builder = v.chain(client);
  if (v.options?.accessToken) await client.authHeaders.get();
  const r = builder.toRequest();
  return { method: r.method, path: r.path, headers: r.headers, body: r.body };
}

function expectedHeaders(v: Vector): Record<string, string | undefined> {
  const key = v.key ?? KEY;
  const read = v.method === 'GET' || v.method === 'HEAD';
  const base: Record<string, string | undefined> = { apikey: key, authorization: `Bearer ${key}`, accept: '*/*', prefer: undefined };
  if (read) base['accept-profile'] = 'public';
  else {
    base['content-profile'] = 'public';
    base['content-type'] = 'application/json';
  }
  return { ...base, ...v.headers };
}

describe('compile(): client vectors of protocol §1.7', () => {
  for (const v of V) {
    it(`${v.id}: ${v.method} ${v.path.slice(0, 60)}`, async () => {
      const r = await ours(v);
      assert.equal(r.method, v.method);
      assert.equal(r.path, v.path);
      for (const [k, want] of Object.entries(expectedHeaders(v))) assert.equal(r.headers[k], want, `header ${k}`);
      if (!r.headers['x-client-info']) assert.fail('x-client-info missing');
      if (!v.headers?.['x-client-info']) assert.match(r.headers['x-client-info']!, /^supabase-explorer-core\/\d+\.\d+\.\d+; runtime=node; runtime-version=\d+/);
      assert.equal(r.body, v.body === undefined && (v.method === 'GET' || v.method === 'HEAD' || v.method === 'DELETE') ? undefined : (v.body ?? r.body));
      if (v.body !== undefined) assert.equal(r.body, v.body);
      if (v.method === 'GET' || v.method === 'HEAD' || v.method === 'DELETE') assert.equal(r.body, undefined);
    });

    it(`${v.id}: same request as supabase-js 2.119.0${v.deviates ? ' (documented deviation)' : ''}`, async () => {
      const [sb] = await captureSupabase(URL_, v.key ?? KEY, v.chain, v.options ?? {});
      assert.ok(sb, 'supabase-js sent nothing');
      const r = await ours(v);
      assert.equal(r.method, sb.method);
      if (v.deviates) {
        assert.notEqual(r.path, sb.path, 'expected supabase-js to differ here');
        if (v.deviates.startsWith('/')) assert.equal(sb.path, v.deviates);
      } else {
        assert.equal(r.path, sb.path);
      }
      for (const k of MUST_MATCH) assert.equal(r.headers[k], sb.headers[k], `header ${k}`);
      for (const k of Object.keys(v.headers ?? {})) assert.equal(r.headers[k], sb.headers[k], `header ${k}`);
      assert.equal(r.body, sb.body);
    });
  }

  it('C53: getOpenApiSpec() → GET /rest/v1/ with openapi Accept and Accept-Profile (verified in transport tests)', async () => {
    const seen = await captureSupabase(URL_, KEY, (c) => c.getOpenApiSpec());
    assert.equal(seen[0]!.path, '/rest/v1/');
    assert.equal(seen[0]!.headers.accept, 'application/openapi+json');
    assert.equal(seen[0]!.headers['accept-profile'], 'public');
  });
});
