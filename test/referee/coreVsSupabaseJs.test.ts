// The same real queries through supabase-js 2.119.0 and through our core, against the local stack:
// both must get the same data, count, status and error. Writes run in pairs on twin rows so each
// client changes its own data.
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import { createClient as createCore } from '../../src/core/index';
import { useStack } from '../helpers/stack';

type AnyClient = { from(t: string): any; rpc(fn: string, args?: object, opts?: object): any; schema(s: string): any };
type Case = { name: string; run: (c: AnyClient) => PromiseLike<any>; key?: 'anon' | 'secret' };

const reads: Case[] = [
  { name: 'select *', run: (c) => c.from('planets').select().order('id') },
  { name: 'select columns with alias and cast', run: (c) => c.from('planets').select('planet:name, id::text').order('id') },
  { name: 'eq + order + limit', run: (c) => c.from('instruments').select('id,name').neq('name', 'harp').order('name', { ascending: false }).limit(3) },
  { name: 'gt/lte range', run: (c) => c.from('instruments').select('id').gt('id', 2).lte('id', 5).order('id') },
  { name: 'in with strings', run: (c) => c.from('countries').select('name').in('name', ['France', 'Spain', 'Nowhere']).order('name') },
  { name: 'like / ilike', run: (c) => c.from('instruments').select('name').ilike('name', '%O%').like('name', '%l%').order('id') },
  { name: 'is null', run: (c) => c.from('instruments').select('name').is('section_id', null) },
  { name: 'not + or', run: (c) => c.from('instruments').select('id').not('section_id', 'is', null).or('id.eq.1,name.eq.flute').order('id') },
  { name: 'contains array', run: (c) => c.from('issues').select('id').contains('tags', ['is:open', 'priority:low']) },
  { name: 'containedBy array', run: (c) => c.from('classes').select('name').containedBy('days', ['monday', 'tuesday', 'wednesday', 'friday']) },
  { name: 'overlaps array', run: (c) => c.from('issues').select('id').overlaps('tags', ['is:closed', 'severity:high']).order('id') },
  { name: 'jsonb contains', run: (c) => c.from('users').select('name').contains('address', { city: 'Paris' }) },
  { name: 'json path select and filter', run: (c) => c.from('users').select('name, city:address->>city').eq('address->>city', 'London') },
  { name: 'range overlaps', run: (c) => c.from('reservations').select('room_name').overlaps('during', '[2000-01-01 12:45, 2000-01-01 13:15)') },
  { name: 'rangeGt', run: (c) => c.from('reservations').select('id').rangeGt('during', '[2000-01-01 00:00, 2000-01-01 01:00)').order('id') },
  { name: 'textSearch websearch', run: (c) => c.from('texts').select('id').textSearch('fts', 'ham -cheese', { type: 'websearch', config: 'english' }).order('id') },
  { name: 'textSearch plain', run: (c) => c.from('texts').select('id').textSearch('content', 'eggs ham', { type: 'plain', config: 'english' }).order('id') },
  { name: 'match', run: (c) => c.from('instruments').select('id').match({ section_id: 1, name: 'viola' }) },
  { name: 'filter()', run: (c) => c.from('instruments').select('id').filter('name', 'in', '("violin","cello")').order('id') },
  { name: 'to-one embed', run: (c) => c.from('cities').select('name, countries(name)') },
  { name: 'to-many embed with order and limit', run: (c) => c.from('orchestral_sections').select('name, instruments(name)').order('id').order('name', { referencedTable: 'instruments' }).limit(2, { referencedTable: 'instruments' }) },
  { name: 'inner embed with filter', run: (c) => c.from('orchestral_sections').select('name, instruments!inner(name)').eq('instruments.name', 'flute') },
  { name: 'fk hint embed', run: (c) => c.from('messages').select('content, from:users!messages_sender_id_fkey(name), to:users!messages_receiver_id_fkey(name)').order('id') },
  { name: 'count exact with range', run: (c) => c.from('instruments').select('*', { count: 'exact' }).order('id').range(2, 4) },
  { name: 'head count', run: (c) => c.from('instruments').select('*', { count: 'exact', head: true }) },
  { name: 'single', run: (c) => c.from('planets').select().eq('id', 3).single() },
  { name: 'single on many rows → error', run: (c) => c.from('planets').select().single() },
  { name: 'maybeSingle on none', run: (c) => c.from('planets').select().eq('id', 999).maybeSingle() },
  { name: 'csv', run: (c) => c.from('planets').select('id,name').order('id').csv() },
  { name: 'nulls first ordering', run: (c) => c.from('instruments').select('id').order('section_id', { ascending: true, nullsFirst: true }).order('id') },
  { name: 'rpc scalar', run: (c) => c.rpc('hello_world') },
  { name: 'rpc with args', run: (c) => c.rpc('add', { a: 2, b: 40 }) },
  { name: 'rpc set-returning with filters', run: (c) => c.rpc('list_stored_countries').select('name').gt('id', 2).order('name').limit(2) },
  { name: 'rpc GET', run: (c) => c.rpc('echo', { say: 'a, b (c)' }, { get: true }) },
  { name: 'rpc count head', run: (c) => c.rpc('list_stored_countries', undefined, { head: true, count: 'exact' }) },
  { name: 'unknown table → error', run: (c) => c.from('nope').select() },
  { name: 'bad column → error', run: (c) => c.from('planets').select('nope') },
  { name: 'unknown function → error', run: (c) => c.rpc('nope_fn') },
  { name: 'lossy-free big int as text', run: (c) => c.from('big_numbers').select('id::text').order('id') },
];

function normalise(r: any) {
  const e = r.error;
  return {
    data: r.data,
    count: r.count ?? null,
    status: r.status,
    error: e ? { code: e.code ?? null, message: e.message, details: e.details ?? null, hint: e.hint ?? null } : null,
  };
}

describe('referee: supabase-js and our core get the same results from the stack', () => {
  const stack = useStack();
  const wsOpts = { realtime: { transport: WebSocket as unknown as never }, auth: { persistSession: false, autoRefreshToken: false } };
  const clients = (key: 'anon' | 'secret') => {
    const k = key === 'anon' ? stack().anonKey : stack().secretKey;
    return { js: createSupabaseJs(stack().url, k, wsOpts) as unknown as AnyClient, core: createCore(stack().url, k) as unknown as AnyClient };
  };

  for (const c of reads) {
    it(c.name, async () => {
      const { js, core } = clients(c.key ?? 'anon');
      const [a, b] = [normalise(await c.run(js)), normalise(await c.run(core))];
      assert.deepEqual(b, a);
      if (c.name.includes('error')) {
        assert.notEqual(a.error, null);
        return;
      }
      assert.equal(a.error, null, `supabase-js got an error: ${JSON.stringify(a.error)}`);
      if (c.name.includes('head') || c.name.includes('maybeSingle')) return;
      const empty = a.data === null || (Array.isArray(a.data) && a.data.length === 0) || a.data === '';
      assert.ok(!empty, `the query returns data (got ${JSON.stringify(a.data)})`);
    });
  }

  it('writes: insert, upsert, update, delete give the same answers for twin rows', async () => {
    const { js, core } = clients('secret');
    const twin = async (build: (c: AnyClient, id: number) => PromiseLike<any>, idJs: number, idCore: number, strip: (d: any) => any = (d) => d) => {
      const a = normalise(await build(js, idJs));
      const b = normalise(await build(core, idCore));
      assert.equal(a.error, null, JSON.stringify(a.error));
      assert.deepEqual({ ...b, data: strip(b.data) }, { ...a, data: strip(a.data) });
    };
    const noId = (d: any) => (Array.isArray(d) ? d.map(({ id: _id, ...rest }: any) => rest) : d);
    await twin((c, id) => c.from('planets').insert({ id, name: `Twin` }).select(), 901, 902, noId);
    await twin((c, id) => c.from('planets').upsert({ id, name: 'Twin upserted' }, { onConflict: 'id' }).select('name'), 901, 902);
    await twin((c, id) => c.from('planets').update({ name: 'Twin updated' }, { count: 'exact' }).eq('id', id).select('name'), 901, 902);
    await twin((c, id) => c.from('planets').insert({ id, name: 'Twin' }, { count: 'exact' }), 903, 904);
    await twin((c, id) => c.from('planets').delete({ count: 'exact' }).in('id', [id, id + 2]).select('name').order('name'), 901, 902);
  });

  it('core refuses an unfiltered delete that supabase-js would send', async () => {
    const { core } = clients('secret');
    const r = await (core as any).from('planets').delete();
    assert.ok(r.error, 'an error');
    assert.match(String(r.error.message), /filter/i);
    const { js } = clients('secret');
    const count = await (js as any).from('planets').select('*', { count: 'exact', head: true });
    assert.ok(count.count >= 4, 'nothing was deleted');
  });
});
