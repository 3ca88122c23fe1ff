import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { useStack } from '../helpers/stack';

/** The official supabase-js, unmodified, pointed at the local stack: real queries, real data. */
describe('referee: @supabase/supabase-js against the stack', () => {
  const stack = useStack();
  let anon: SupabaseClient;
  let admin: SupabaseClient;
  // Node 20 has no global WebSocket: supabase-js takes `ws` as its realtime transport.
  const opts = () => ({ realtime: { transport: WebSocket as unknown as never }, auth: { persistSession: false, autoRefreshToken: false } });
  before(() => {
    anon = createClient(stack().url, stack().anonKey, opts());
    admin = createClient(stack().url, stack().secretKey, opts());
  });
  after(async () => {
    await anon?.removeAllChannels();
    await admin?.removeAllChannels();
  });

  it('select with filters, order, count (reference examples)', async () => {
    const r = await anon.from('planets').select('*', { count: 'exact' }).gt('id', 1).order('name', { ascending: false });
    assert.equal(r.error, null);
    assert.deepEqual(r.data, [{ id: 2, name: 'Venus' }, { id: 4, name: 'Mars' }, { id: 3, name: 'Earth' }]);
    assert.equal(r.count, 3);
    assert.equal(r.status, 200);
  });

  it('every filter method', async () => {
    const names = async (q: PromiseLike<{ data: { name: string }[] | null; error: unknown }>) => {
      const r = await q;
      assert.equal(r.error, null);
      return r.data!.map((x) => x.name);
    };
    const p = () => anon.from('planets').select('name').order('id');
    assert.deepEqual(await names(p().eq('name', 'Earth')), ['Earth']);
    assert.deepEqual(await names(p().neq('name', 'Earth')), ['Mercury', 'Venus', 'Mars']);
    assert.deepEqual(await names(p().gte('id', 3)), ['Earth', 'Mars']);
    assert.deepEqual(await names(p().lte('id', 1)), ['Mercury']);
    assert.deepEqual(await names(p().like('name', '%ar%')), ['Earth', 'Mars']);
    assert.deepEqual(await names(p().ilike('name', '%EA%')), ['Earth']);
    assert.deepEqual(await names(p().likeAnyOf('name', ['Me%', '%s'])), ['Mercury', 'Venus', 'Mars']);
    assert.deepEqual(await names(p().ilikeAllOf('name', ['m%', '%s'])), ['Mars']);
    assert.deepEqual(await names(p().regexMatch('name', '^M')), ['Mercury', 'Mars']);
    assert.deepEqual(await names(p().regexIMatch('name', '^v')), ['Venus']);
    assert.deepEqual(await names(p().in('name', ['Earth', 'Mars'])), ['Earth', 'Mars']);
    assert.deepEqual(await names(p().notIn('id', [1, 2])), ['Earth', 'Mars']);
    assert.deepEqual(await names(p().not('name', 'eq', 'Earth').lt('id', 4)), ['Mercury', 'Venus']);
    assert.deepEqual(await names(p().or('id.eq.1,and(id.gt.3,name.like.M*)')), ['Mercury', 'Mars']);
    assert.deepEqual(await names(p().match({ id: 2, name: 'Venus' })), ['Venus']);
    assert.deepEqual(await names(p().filter('name', 'in', '("Mars","Tatooine")')), ['Mars']);
    assert.deepEqual(await names(p().isDistinct('name', 'Earth').lt('id', 3)), ['Mercury', 'Venus']);
    assert.deepEqual(await names(anon.from('instruments').select('name').is('section_id', null)), ['harp']);
  });

  it('array, range, json and text-search filters', async () => {
    const issues = await anon.from('issues').select('title').contains('tags', ['is:open', 'priority:low']);
    assert.deepEqual(issues.data, [{ title: 'Cache invalidation is not working' }]);
    const classes = await anon.from('classes').select('name').containedBy('days', ['monday', 'tuesday', 'wednesday', 'friday']);
    assert.deepEqual(classes.data, [{ name: 'Chemistry' }]);
    const ov = await anon.from('issues').select('id').overlaps('tags', ['is:closed', 'severity:high']).order('id');
    assert.deepEqual(ov.data, [{ id: 1 }, { id: 3 }]);
    const gt = await anon.from('reservations').select('id').rangeGt('during', '[2000-01-01 08:00+00,2000-01-01 09:00+00)').order('id');
    assert.deepEqual(gt.data, [{ id: 1 }, { id: 2 }]);
    const adj = await anon.from('reservations').select('id').rangeAdjacent('during', '[2000-01-01 12:00+00,2000-01-01 13:00+00)');
    assert.deepEqual(adj.data, [{ id: 1 }]);
    const lte = await anon.from('reservations').select('id').rangeLte('during', '[2000-01-01 14:00+00,2000-01-01 16:00+00)');
    assert.deepEqual(lte.data, [{ id: 1 }]);
    const json = await anon.from('users').select('name').contains('address', { city: 'London' });
    assert.deepEqual(json.data, [{ name: 'John' }]);
    const fts = await anon.from('texts').select('content').textSearch('content', "'eggs' & 'ham'", { config: 'english' }).order('id');
    assert.deepEqual(fts.data, [{ content: 'Green eggs and ham' }, { content: 'Eggs benedict, with ham and hollandaise' }]);
    const web = await anon.from('texts').select('id').textSearch('fts', 'ham -cheese', { type: 'websearch', config: 'english' }).order('id');
    assert.deepEqual(web.data, [{ id: 1 }, { id: 4 }]);
  });

  it('embedding, referenced-table modifiers, single, maybeSingle, range, csv, head', async () => {
    const e = await anon.from('countries').select('name, cities(name)').in('id', [1, 3]).order('id');
    assert.deepEqual(e.data, [{ name: 'Denmark', cities: [] }, { name: 'France', cities: [{ name: 'Paris' }] }]);
    const inner = await anon.from('countries').select('name, cities!inner(name)').eq('cities.name', 'Paris');
    assert.deepEqual(inner.data, [{ name: 'France', cities: [{ name: 'Paris' }] }]);
    const ref = await anon
      .from('orchestral_sections')
      .select('name, instruments(name)')
      .order('name', { referencedTable: 'instruments', ascending: false })
      .limit(1, { referencedTable: 'instruments' })
      .order('id')
      .limit(2);
    assert.deepEqual(ref.data, [{ name: 'strings', instruments: [{ name: 'violin' }] }, { name: 'woodwinds', instruments: [{ name: 'oboe' }] }]);
    const refOr = await anon.from('orchestral_sections').select('name, instruments(name)').or('name.eq.flute,name.eq.violin', { referencedTable: 'instruments' }).eq('id', 2);
    assert.deepEqual(refOr.data, [{ name: 'woodwinds', instruments: [{ name: 'flute' }] }]);
    const hint = await anon.from('messages').select('content, sender:users!sender_id(name)').eq('id', 1).single();
    assert.deepEqual(hint.data, { content: 'Hello John', sender: { name: 'Jane' } });
    const none = await anon.from('planets').select().eq('id', 99).maybeSingle();
    assert.equal(none.data, null);
    assert.equal(none.error, null);
    const single = await anon.from('planets').select().eq('id', 99).single();
    assert.equal(single.status, 406);
    assert.equal(single.error?.code, 'PGRST116');
    const page = await anon.from('instruments').select('id', { count: 'exact' }).order('id').range(2, 4);
    assert.deepEqual(page.data, [{ id: 3 }, { id: 4 }, { id: 5 }]);
    assert.equal(page.count, 8);
    assert.equal(page.status, 206);
    const csv = await anon.from('planets').select('id,name').order('id').limit(2).csv();
    assert.equal(csv.data, 'id,name\n1,Mercury\n2,Venus');
    const head = await anon.from('planets').select('*', { count: 'exact', head: true });
    assert.equal(head.data, null);
    assert.equal(head.count, 4);
  });

  it('explain returns a real plan', async () => {
    const t = await anon.from('planets').select().explain();
    assert.equal(t.error, null);
    assert.match(String(t.data), /Seq Scan on planets/);
    const j = await anon.from('planets').select().explain({ analyze: true, format: 'json' });
    assert.ok(Array.isArray(j.data));
  });

  it('insert, upsert, update, delete, rollback, maxAffected', async () => {
    const ins = await admin.from('countries').insert({ id: 30, name: 'Iceland' }).select().single();
    assert.deepEqual(ins.data, { id: 30, name: 'Iceland' });
    assert.equal(ins.status, 201);
    const many = await admin.from('countries').insert([{ id: 31, name: 'Finland' }, { id: 32 }], { count: 'exact' });
    assert.equal(many.error, null);
    assert.equal(many.count, 2);
    const up = await admin.from('countries').upsert({ id: 32, name: 'Estonia' }).select();
    assert.deepEqual(up.data, [{ id: 32, name: 'Estonia' }]);
    const ign = await admin.from('countries').upsert([{ id: 32, name: 'nope' }], { ignoreDuplicates: true }).select();
    assert.deepEqual(ign.data, []);
    const upd = await admin.from('countries').update({ name: 'Suomi' }, { count: 'exact' }).eq('id', 31).select();
    assert.deepEqual(upd.data, [{ id: 31, name: 'Suomi' }]);
    assert.equal(upd.count, 1);
    const rb = await admin.from('countries').update({ name: 'temp' }).eq('id', 30).select().rollback();
    assert.deepEqual(rb.data, [{ id: 30, name: 'temp' }]);
    assert.deepEqual((await admin.from('countries').select('name').eq('id', 30)).data, [{ name: 'Iceland' }]);
    // maxAffected is typed for PostgREST 13+ schemas only; the untyped client needs a cast.
    type MaxAffected = { maxAffected(n: number): PromiseLike<{ error: { code: string } | null }> };
    const max = await (admin.from('countries').delete().gte('id', 30) as unknown as MaxAffected).maxAffected(1);
    assert.equal(max.error?.code, 'PGRST124');
    const del = await admin.from('countries').delete({ count: 'exact' }).in('id', [30, 31, 32]).select('id');
    assert.deepEqual(del.data?.map((r) => r.id).sort(), [30, 31, 32]);
    assert.equal(del.count, 3);
  });

  it('errors come back as PostgREST errors', async () => {
    const dup = await admin.from('countries').insert({ id: 1, name: 'dup' });
    assert.equal(dup.status, 409);
    assert.equal(dup.error?.code, '23505');
    const missing = await anon.from('nope').select();
    assert.equal(missing.status, 404);
    assert.equal(missing.error?.code, 'PGRST205');
    const secret = await anon.from('secret').select();
    assert.equal(secret.status, 401);
    assert.equal(secret.error?.code, '42501');
    const badCol = await anon.from('planets').select('nope');
    assert.equal(badCol.error?.code, '42703');
  });

  it('rpc: scalar, args, get, head, set-returning with filters, void', async () => {
    assert.equal((await anon.rpc('hello_world')).data, 'Hello world');
    assert.equal((await anon.rpc('add', { a: 1, b: 2 })).data, 3);
    assert.equal((await anon.rpc('echo', { say: 'a,b c' }, { get: true })).data, 'a,b c');
    assert.deepEqual((await anon.rpc('add_one_each', { arr: [1, 2] }, { get: true })).data, [2, 3]);
    const rows = await anon.rpc('list_stored_countries', {}, { count: 'exact' }).select('id, name').gt('id', 3).order('id', { ascending: false }).limit(1);
    assert.deepEqual(rows.data, [{ id: 5, name: 'Spain' }]);
    assert.equal(rows.count, 2);
    const head = await anon.rpc('list_stored_countries', {}, { head: true, count: 'exact' });
    assert.equal(head.data, null);
    assert.equal(head.count, 5);
    const v = await admin.rpc('void_fn');
    assert.equal(v.status, 204);
    assert.equal(v.data, null);
    const nf = await anon.rpc('nope', { a: 1 });
    assert.equal(nf.error?.code, 'PGRST202');
  });

  it('schema(): an unexposed schema → PGRST106', async () => {
    const r = await anon.schema('private').from('t').select();
    assert.equal(r.status, 406);
    assert.equal(r.error?.code, 'PGRST106');
  });
});
