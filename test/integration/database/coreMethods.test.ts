/**
 * Core builder methods that core.test.ts does not cover, against the local stack with the sample
 * schema: the remaining pattern/range filters, nullsFirst ordering, geojson, setHeader, abortSignal,
 * throwOnError, planned/estimated counts, and explain options that must visibly take effect.
 */
import assert from 'node:assert/strict';
import { useCoreOnStack } from '../../helpers/coreStack';
import { createClient, isFetchError, isHttpError, isPostgrestError, PostgrestError } from '../../../src/core/index';

type Names = PromiseLike<{ data: unknown; error: unknown }>;
const names = async (b: Names) => {
  const r = await b;
  assert.equal(r.error, null);
  return (r.data as { name: string }[]).map((x) => x.name);
};
const ids = async (b: Names) => {
  const r = await b;
  assert.equal(r.error, null);
  return (r.data as { id: number }[]).map((x) => x.id);
};

describe('core ↔ stack: more builder methods', function () {
  this.timeout(120_000);
  // A slow rpc (the sample schema has none) and a table whose planner statistics are stale on
  // purpose: analyzed at 2000 rows, then 500 deleted without vacuum/analyze.
  const env = useCoreOnStack({
    setup: `
      create or replace function public.core_sleep(seconds float8) returns int language sql volatile as $$ select pg_sleep(seconds); select 1 $$;
      grant execute on function public.core_sleep(float8) to anon, authenticated, service_role;
      drop table if exists public.core_stale;
      create table public.core_stale (id int8 primary key, label text not null) with (autovacuum_enabled = false);
      insert into public.core_stale select g, 'row ' || g from generate_series(1, 2000) g;
      analyze public.core_stale;
      delete from public.core_stale where id > 1500;
      grant select on public.core_stale to anon, authenticated, service_role;
      notify pgrst, 'reload schema';`,
    ready: (admin) => admin.from('core_stale').select('id').limit(1),
    cleanup: "drop function if exists public.core_sleep(float8); drop table if exists public.core_stale; notify pgrst, 'reload schema';",
  });
  const stack = env.stack;

  it('regexIMatch, likeAllOf, ilikeAllOf, ilikeAnyOf', async () => {
    const q = () => env.anon.from('instruments').select('name').order('id');
    assert.deepEqual(await names(q().regexIMatch('name', '^V')), ['violin', 'viola']);
    assert.deepEqual(await names(q().regexIMatch('name', 'ET$')), ['clarinet', 'trumpet']);
    assert.deepEqual(await names(q().regexMatch('name', '^V')), []); // the case-sensitive twin, for contrast
    assert.deepEqual(await names(q().likeAllOf('name', ['%o%', '%i%'])), ['violin', 'viola']);
    assert.deepEqual(await names(q().likeAllOf('name', ['%O%', '%i%'])), []);
    assert.deepEqual(await names(q().ilikeAllOf('name', ['%O%', 'V%'])), ['violin', 'viola']);
    assert.deepEqual(await names(q().ilikeAllOf('name', ['C%', '%O'])), ['cello']);
    assert.deepEqual(await names(q().ilikeAnyOf('name', ['V%', '%NET'])), ['violin', 'viola', 'clarinet']);
    assert.deepEqual(await names(q().ilikeAnyOf('name', ['HARP', 'OBOE'])), ['oboe', 'harp']);
  });

  it('rangeGte, rangeLt, rangeLte on tstzrange', async () => {
    // Emerald [13:00, 15:00) on 2000-01-01, Topaz [09:00, 10:00) on 2000-01-02
    const q = () => env.anon.from('reservations').select('id').order('id');
    assert.deepEqual(await ids(q().rangeGte('during', '[2000-01-01 14:00+00, 2000-01-01 16:00+00)')), [2]);
    assert.deepEqual(await ids(q().rangeGte('during', '[2000-01-01 13:00+00, 2000-01-01 14:00+00)')), [1, 2]);
    assert.deepEqual(await ids(q().rangeLt('during', '[2000-01-01 15:00+00, 2000-01-01 16:00+00)')), [1]);
    assert.deepEqual(await ids(q().rangeLt('during', '[2000-01-01 14:00+00, 2000-01-01 16:00+00)')), []);
    assert.deepEqual(await ids(q().rangeLte('during', '[2000-01-01 14:00+00, 2000-01-01 16:00+00)')), [1]);
    assert.deepEqual(await ids(q().rangeLte('during', '[2000-01-03 00:00+00, 2000-01-04 00:00+00)')), [1, 2]);
  });

  it('order with nullsFirst true/false', async () => {
    const q = () => env.anon.from('instruments').select('name, section_id');
    const first = await q().order('section_id', { ascending: false, nullsFirst: true }).order('id').limit(3);
    assert.deepEqual(first.data, [
      { name: 'harp', section_id: null },
      { name: 'trumpet', section_id: 3 },
      { name: 'flute', section_id: 2 },
    ]);
    const last = await q().order('section_id', { ascending: true, nullsFirst: false }).order('id');
    assert.deepEqual((last.data as { name: string }[]).map((r) => r.name), ['violin', 'viola', 'cello', 'flute', 'oboe', 'clarinet', 'trumpet', 'harp']);
    // descending puts nulls first by default in PostgreSQL; nullsFirst: false moves them last
    const descLast = await q().order('section_id', { ascending: false, nullsFirst: false }).order('id').limit(8);
    assert.deepEqual((descLast.data as { name: string }[]).at(-1), { name: 'harp', section_id: null });
    const ascFirst = await q().order('section_id', { nullsFirst: true }).order('id').limit(2);
    assert.deepEqual(ascFirst.data, [
      { name: 'harp', section_id: null },
      { name: 'violin', section_id: 1 },
    ]);
  });

  it('geojson: a FeatureCollection with the rows as properties (no PostGIS on the stack: null geometry)', async () => {
    const r = await env.anon.from('planets').select('id, name').order('id').limit(2).geojson();
    assert.equal(r.error, null);
    assert.deepEqual(r.data, {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: null, properties: { id: 1, name: 'Mercury' } },
        { type: 'Feature', geometry: null, properties: { id: 2, name: 'Venus' } },
      ],
    });
    const bad = await env.anon.from('nope').select().geojson();
    assert.ok(isPostgrestError(bad.error) && !isHttpError(bad.error));
    assert.equal(bad.error.code, 'PGRST205');
  });

  it('setHeader: Accept and Prefer reach the server and change the answer', async () => {
    const obj = await env.anon.from('planets').select('id, name').eq('id', 3).setHeader('Accept', 'application/vnd.pgrst.object+json');
    assert.deepEqual(obj.data, { id: 3, name: 'Earth' });
    const counted = await env.anon.from('planets').select('id').gt('id', 1).setHeader('Prefer', 'count=exact');
    assert.deepEqual([counted.count, (counted.data as unknown[]).length], [3, 3]);
    const csv = await env.anon.from('planets').select('id,name').order('id').limit(1).setHeader('accept', 'text/csv');
    assert.equal(csv.data, 'id,name\n1,Mercury');
    // an unknown header is harmless; a wrong apikey set per query is refused by the gateway
    const extra = await env.anon.from('planets').select('id').eq('id', 1).setHeader('x-trace-id', 'core-methods');
    assert.deepEqual(extra.data, [{ id: 1 }]);
    const key = await env.anon.from('planets').select('id').setHeader('apikey', 'not-a-key');
    assert.ok(isHttpError(key.error));
    assert.equal(key.status, 401);
  });

  it('abortSignal: aborting mid-request (slow rpc) and an already-aborted signal resolve with FetchError kind aborted', async () => {
    const ac = new AbortController();
    const started = Date.now();
    const pending = env.anon.rpc('core_sleep', { seconds: 3 }).abortSignal(ac.signal);
    setTimeout(() => ac.abort(), 150);
    const r = await pending;
    const elapsed = Date.now() - started;
    assert.ok(isFetchError(r.error), String(r.error));
    assert.equal(r.error.kind, 'aborted');
    assert.deepEqual([r.data, r.status], [null, 0]);
    assert.ok(elapsed < 2500, `resolved after ${elapsed} ms`);
    const done = new AbortController();
    done.abort();
    const pre = await env.anon.from('planets').select().abortSignal(done.signal);
    assert.ok(isFetchError(pre.error));
    assert.equal(pre.error.kind, 'aborted');
    // the slow rpc itself works when not aborted
    const ok = await env.anon.rpc('core_sleep', { seconds: 0.05 });
    assert.deepEqual([ok.data, ok.error], [1, null]);
  });

  it('throwOnError: resolves with data on success, rejects with the typed error otherwise', async () => {
    const ok = await env.anon.from('planets').select('name').eq('id', 4).throwOnError();
    assert.deepEqual([ok.data, ok.error], [[{ name: 'Mars' }], null]);
    await assert.rejects(
      async () => void (await env.anon.from('planets').select().eq('id', 'abc').throwOnError()),
      (e: unknown) => e instanceof PostgrestError && !isHttpError(e) && e.code === '22P02' && e.status === 400,
    );
    await assert.rejects(
      async () => void (await env.anon.rpc('refuse').throwOnError()),
      (e: unknown) => isPostgrestError(e) && e.code === 'P0001' && e.message === 'I refuse!' && e.details === 'Pretty simple' && e.hint === 'Nothing to do',
    );
    const wrong = createClient(stack().url, 'not-a-key');
    await assert.rejects(async () => void (await wrong.from('planets').select().throwOnError()), (e: unknown) => isHttpError(e) && e.status === 401);
    await wrong.close();
  });

  it("count 'planned' and 'estimated': planner statistics vs exact counts", async () => {
    // sample data is analyzed: planned matches the 4 planets
    const planned = await env.anon.from('planets').select('id', { count: 'planned' });
    assert.deepEqual([planned.count, (planned.data as unknown[]).length], [4, 4]);
    const estimated = await env.anon.from('planets').select('id', { count: 'estimated', head: true });
    assert.deepEqual([estimated.count, estimated.data], [4, null]);
    // stale statistics: planned says 2000, exact says 1500; estimated uses the plan above db-max-rows (1000)
    const exact = await env.anon.from('core_stale').select('id', { count: 'exact', head: true });
    assert.equal(exact.count, 1500);
    const stalePlanned = await env.anon.from('core_stale').select('id', { count: 'planned', head: true });
    assert.equal(stalePlanned.count, 2000);
    const staleEstimated = await env.anon.from('core_stale').select('id', { count: 'estimated', head: true });
    assert.equal(staleEstimated.count, 2000);
    // below db-max-rows the estimate is exact
    const few = await env.anon.from('core_stale').select('id', { count: 'estimated' }).gt('id', 1490).order('id');
    assert.equal(few.count, 10);
    assert.deepEqual((few.data as { id: number }[]).map((r) => r.id), [1491, 1492, 1493, 1494, 1495, 1496, 1497, 1498, 1499, 1500]);
  });

  it('explain: verbose, settings, buffers and wal each change the plan PostgreSQL prints', async () => {
    const text = async (b: PromiseLike<{ data: unknown; error: unknown }>) => {
      const r = await b;
      assert.equal(r.error, null);
      assert.equal(typeof r.data, 'string');
      return r.data as string;
    };
    const plain = await text(env.admin.from('planets').select().explain());
    assert.match(plain, /Seq Scan on planets/);
    assert.doesNotMatch(plain, /Output:|Buffers:|WAL:|Settings:/);

    const verbose = await text(env.admin.from('planets').select().explain({ verbose: true }));
    assert.match(verbose, /Seq Scan on public\.planets/);
    assert.match(verbose, /Output: planets\.id, planets\.name/);

    const buffers = await text(env.admin.from('planets').select().explain({ analyze: true, buffers: true }));
    assert.match(buffers, /Buffers: shared hit=\d+/);
    assert.match(buffers, /actual time=/);
    // PostgreSQL 18 shows buffers with ANALYZE by default, so also check the option alone (JSON:
    // the planning counters appear only when BUFFERS is on)
    const jsonBuffers = (await env.admin.from('planets').select().explain({ buffers: true, format: 'json' })).data as Record<string, unknown>[];
    const jsonPlain = (await env.admin.from('planets').select().explain({ format: 'json' })).data as Record<string, unknown>[];
    assert.ok('Shared Hit Blocks' in (jsonBuffers[0]!.Planning as object), JSON.stringify(jsonBuffers[0]!.Planning));
    assert.equal('Planning' in jsonPlain[0]!, false);

    const settings = (await env.admin.from('planets').select().explain({ settings: true, format: 'json' })).data as Record<string, unknown>[];
    assert.ok(Array.isArray(settings) && settings[0]!.Plan);
    assert.deepEqual(Object.keys(settings[0]!.Settings as object), ['search_path']);
    assert.equal('Settings' in jsonPlain[0]!, false);
    assert.match(await text(env.admin.from('planets').select().explain({ settings: true })), /^Settings: search_path = /m);

    const wal = await text(env.admin.from('planets').update({ name: 'Pluto' }).eq('id', 1).select().rollback().explain({ analyze: true, wal: true }));
    assert.match(wal, /Update on planets/);
    assert.match(wal, /WAL: records=\d+ bytes=\d+/);
    const noWal = await text(env.admin.from('planets').update({ name: 'Pluto' }).eq('id', 1).select().rollback().explain({ analyze: true }));
    assert.doesNotMatch(noWal, /WAL:/);
    assert.equal((await env.db.query('select name from public.planets where id = 1')).rows[0].name, 'Mercury');
    const walOnly = await env.admin.from('planets').update({ name: 'Pluto' }).eq('id', 1).rollback().explain({ wal: true });
    assert.ok(isPostgrestError(walOnly.error));
    assert.deepEqual([walOnly.status, walOnly.error.code, walOnly.error.message], [400, '22023', 'EXPLAIN option WAL requires ANALYZE']);
  });
});
