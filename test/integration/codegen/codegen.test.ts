/**
 * Copy-as-code, run for real: for several chain descriptions, the generated supabase-js snippet
 * (executed with the official supabase-js client) and the generated curl command (executed by sh
 * with the key in `$SUPABASE_KEY`) must return the same rows as our core running the description,
 * all against the local stack. (supabase-py cannot run here: it is not installed; its snippets are
 * checked by a Python interpreter in test/unit/core/codegen/supabasePy.test.ts.)
 */
import { strict as assert } from 'node:assert';
import { execFile, spawnSync } from 'node:child_process';
import pg from 'pg';
import WebSocket from 'ws';
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import type { ChainDescription } from '../../../src/core/database/chain';
import { toCurlForDescription, toSupabaseJs } from '../../../src/core/database/codegen/index';
import { createClient, type SupabaseClient } from '../../../src/core/index';
import { useStack } from '../../helpers/stack';
import { waitFor } from '../../helpers/waitFor';
import type { Sb } from '../../differential/database/harness';

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...a: unknown[]) => Promise<{ data: unknown; error: unknown; count?: unknown }>;


function sh(cmd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', cmd], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(`sh failed: ${stderr}\n${cmd}`)) : resolve(stdout),
    );
  });
}

const table = (name: string, action: ChainDescription['action'], steps: ChainDescription['steps']): ChainDescription => ({
  v: 1,
  target: { kind: 'table', name },
  action,
  steps,
});

interface Example {
  name: string;
  desc: ChainDescription;
  /** What the rows must be (checked on our core's answer, so no runner agrees on nothing). */
  expect: (data: unknown) => void;
  /** The body is CSV text, not JSON. */
  csv?: boolean;
  /**
   * The same chain written plainly for supabase-js, which encodes its value so that PostgREST
   * misreads it (a documented difference): it finds `gets` instead of the core's rows. The
   * generated snippet passes the core's text instead, so it finds the core's rows.
   */
  plainSupabaseJs?: { run: (sb: Sb) => PromiseLike<{ data: unknown }>; gets: unknown };
}

const LABEL = `O'Brien "quoted" \\ $HOME \`x\` é,(a)`;

const names = (data: unknown) => (data as Array<{ name: string }>).map((r) => r.name);

const EXAMPLES: Example[] = [
  {
    name: 'planets: in, neq, order, limit',
    desc: table('planets', { kind: 'select', columns: 'id, name' }, [
      { kind: 'filter', op: 'in', column: 'name', values: ['Earth', 'Mars', 'Venus', "it's, (odd)"] },
      { kind: 'filter', op: 'neq', column: 'name', value: 'Venus' },
      { kind: 'order', column: 'id', ascending: false },
      { kind: 'limit', count: 5 },
    ]),
    expect: (d) => assert.deepEqual(d, [{ id: 4, name: 'Mars' }, { id: 3, name: 'Earth' }]),
  },
  {
    name: 'countries with embedded cities, inner join on a referenced filter',
    desc: table('countries', { kind: 'select', columns: 'name, cities!inner(name)' }, [{ kind: 'filter', op: 'eq', column: 'cities.name', value: 'Paris' }]),
    expect: (d) => assert.deepEqual(d, [{ name: 'France', cities: [{ name: 'Paris' }] }]),
  },
  {
    name: 'issues: contains and overlaps on text[]',
    desc: table('issues', { kind: 'select', columns: 'id, title' }, [
      { kind: 'filter', op: 'contains', column: 'tags', value: ['is:open'] },
      { kind: 'filter', op: 'overlaps', column: 'tags', value: ['priority:low', 'priority:medium'] },
      { kind: 'order', column: 'id' },
    ]),
    expect: (d) => assert.deepEqual((d as Array<{ id: number }>).map((r) => r.id), [1, 2]),
  },
  {
    name: 'reservations: range filter',
    desc: table('reservations', { kind: 'select', columns: 'id, room_name' }, [{ kind: 'filter', op: 'rangeGt', column: 'during', range: '[2000-01-02 08:00, 2000-01-02 09:00)' }]),
    expect: (d) => assert.deepEqual(d, [{ id: 2, room_name: 'Topaz' }]),
  },
  {
    name: 'texts: websearch text search with config, case-insensitive like, count',
    desc: table('texts', { kind: 'select', columns: 'id', count: 'exact' }, [
      { kind: 'filter', op: 'textSearch', column: 'content', query: 'eggs ham', type: 'websearch', config: 'english' },
      { kind: 'filter', op: 'ilike', column: 'content', value: '%HAM%' },
      { kind: 'order', column: 'id' },
    ]),
    expect: (d) => assert.deepEqual(d, [{ id: 1 }, { id: 4 }]),
  },
  {
    name: 'users: JSON path filter and JSON path select',
    desc: table('users', { kind: 'select', columns: 'name, city:address->>city' }, [
      { kind: 'filter', op: 'eq', column: 'address->>city', value: 'Paris' },
    ]),
    expect: (d) => assert.deepEqual(d, [{ name: 'Jane', city: 'Paris' }]),
  },
  {
    name: 'instruments: or, not, is null, single',
    desc: table('instruments', { kind: 'select', columns: 'name' }, [
      { kind: 'filter', op: 'or', filters: 'name.eq.harp,name.eq.nothing' },
      { kind: 'filter', op: 'not', column: 'name', operator: 'like', value: 'v*' },
      { kind: 'filter', op: 'is', column: 'section_id', value: null },
      { kind: 'single' },
    ]),
    expect: (d) => assert.deepEqual(d, { name: 'harp' }),
  },
  {
    name: 'planets as CSV, ranged',
    desc: table('planets', { kind: 'select', columns: 'id,name' }, [{ kind: 'order', column: 'id' }, { kind: 'range', from: 1, to: 2 }, { kind: 'csv' }]),
    expect: (d) => assert.equal(d, 'id,name\n2,Venus\n3,Earth'),
    csv: true,
  },
  {
    name: 'rpc POST with args',
    desc: { v: 1, target: { kind: 'rpc', fn: 'add', args: { a: 1, b: 2 } }, steps: [] },
    expect: (d) => assert.equal(d, 3),
  },
  {
    name: 'rpc GET, set-returning, with filters and order',
    desc: { v: 1, target: { kind: 'rpc', fn: 'countries_named', args: { pattern: '%a%' }, get: true }, steps: [{ kind: 'filter', op: 'gt', column: 'id', value: 1 }, { kind: 'order', column: 'id', ascending: false }, { kind: 'select', columns: 'name' }] },
    expect: (d) => assert.deepEqual(names(d), ['Spain', 'Norway', 'France']),
  },
  {
    name: 'rpc GET with an array argument',
    desc: { v: 1, target: { kind: 'rpc', fn: 'add_one_each', args: { arr: [1, 2, 3] }, get: true }, steps: [] },
    expect: (d) => assert.deepEqual(d, [2, 3, 4]),
  },
  {
    name: 'upsert a row with awkward text, returning it',
    desc: table('codegen_items', { kind: 'upsert', values: [{ id: 1, label: `O'Brien "quoted" \\ $HOME \`x\` é,(a)` }], onConflict: 'id' }, [{ kind: 'select', columns: 'id, label' }]),
    expect: (d) => assert.deepEqual(d, [{ id: 1, label: `O'Brien "quoted" \\ $HOME \`x\` é,(a)` }]),
  },
  {
    name: 'read back the awkward text through an in filter',
    desc: table('codegen_items', { kind: 'select', columns: 'id' }, [{ kind: 'filter', op: 'in', column: 'label', values: [`O'Brien "quoted" \\ $HOME \`x\` é,(a)`] }]),
    expect: (d) => assert.deepEqual(d, [{ id: 1 }]),
    // supabase-js sends in.("O'Brien "quoted" \ …") unescaped: PostgREST reads another text.
    plainSupabaseJs: { run: (sb) => sb.from('codegen_items').select('id').in('label', [LABEL]), gets: [] },
  },
  {
    name: 'read back a text with a comma and parentheses (quoted alike by both clients)',
    desc: table('codegen_items', { kind: 'upsert', values: { id: 2, label: 'a,(b)' } }, [{ kind: 'select', columns: 'id' }]),
    expect: (d) => assert.deepEqual(d, [{ id: 2 }]),
  },
  {
    name: 'in filter on that text',
    desc: table('codegen_items', { kind: 'select', columns: 'id, label' }, [{ kind: 'filter', op: 'in', column: 'label', values: ['a,(b)', 'zzz'] }]),
    expect: (d) => assert.deepEqual(d, [{ id: 2, label: 'a,(b)' }]),
  },
  {
    name: 'upsert a row whose text[] holds an element with a comma',
    desc: table('codegen_items', { kind: 'upsert', values: { id: 3, label: 'tagged', tags: ['x,y', 'z'] } }, [{ kind: 'select', columns: 'id, tags' }]),
    expect: (d) => assert.deepEqual(d, [{ id: 3, tags: ['x,y', 'z'] }]),
  },
  {
    name: 'contains on that element',
    desc: table('codegen_items', { kind: 'select', columns: 'id' }, [{ kind: 'filter', op: 'contains', column: 'tags', value: ['x,y'] }]),
    expect: (d) => assert.deepEqual(d, [{ id: 3 }]),
    // supabase-js sends cs.{x,y}: "contains x and y", which no row does.
    plainSupabaseJs: { run: (sb) => sb.from('codegen_items').select('id').contains('tags', ['x,y']), gets: [] },
  },
];

describe('copy-as-code against the stack: generated supabase-js and curl return the core\'s rows', function () {
  this.timeout(180_000);
  let core: SupabaseClient;
  let db: pg.Client;
  let key = '';
  after(async () => {
    await db?.query(`drop table if exists public.codegen_items; notify pgrst, 'reload schema';`).catch(() => {});
    await db?.end();
    await core?.close();
  });
  const stack = useStack();

  before(async function () {
    if (spawnSync('curl', ['--version']).status !== 0) throw new Error('curl is required for this test');
    key = stack().secretKey;
    core = createClient(stack().url, key);
    db = new pg.Client({ connectionString: stack().dbUrl });
    db.on('error', () => {});
    await db.connect();
    await db.query(`
      create table if not exists public.codegen_items (id int8 primary key, label text not null, tags text[] not null default '{}');
      grant all on public.codegen_items to anon, authenticated, service_role;
      notify pgrst, 'reload schema';`);
    await waitFor(async () => {
      const r = await core.from('codegen_items').select('id');
      return r.error ? undefined : true;
    }, { what: 'the REST service to see codegen_items', timeoutMs: 20_000, intervalMs: 50 });
  });

  for (const ex of EXAMPLES) {
    it(ex.name, async () => {
      // Our core, running the description.
      const ours = await core.rest.fromDescription(ex.desc);
      assert.equal(ours.error, null, `core: ${JSON.stringify(ours.error)}`);
      ex.expect(ours.data);

      // The generated supabase-js code, run with the official client.
      const sj = createSupabaseJs(stack().url, key, {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport: WebSocket as unknown as never },
      });
      const code = toSupabaseJs(ex.desc);
      const viaJs = await new AsyncFunction('supabase', `${code}return { data, error };`)(sj);
      assert.equal(viaJs.error, null, `supabase-js: ${JSON.stringify(viaJs.error)}\n${code}`);
      assert.deepEqual(viaJs.data, ours.data, `supabase-js snippet:\n${code}`);
      if (ex.plainSupabaseJs) {
        const plain = await ex.plainSupabaseJs.run(sj as Sb);
        assert.deepEqual(plain.data, ex.plainSupabaseJs.gets, 'the plain supabase-js chain is misread (documented difference)');
        assert.notDeepEqual(plain.data, ours.data);
      }

      // The generated curl command, run by sh with the key in the environment only.
      const cmd = toCurlForDescription(ex.desc, { url: stack().url, key });
      assert.ok(!cmd.includes(key), 'the key never appears in the command');
      const out = await sh(`${cmd.trim()} --silent --show-error --fail-with-body`, { SUPABASE_KEY: key });
      const viaCurl = ex.csv ? out : JSON.parse(out);
      assert.deepEqual(viaCurl, ours.data, `curl:\n${cmd}`);
    });
  }
});
