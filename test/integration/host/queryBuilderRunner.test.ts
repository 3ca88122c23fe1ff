/**
 * The query builder's host side against the local stack: the host's runner and code generator
 * (`src/connections/coreQueryRunner.ts`, over the ClientPool, ConnectionStore and SchemaCache with
 * the real core) under the real panel handlers. Proves clarification 8 end to end (a bigint key
 * above 2^53 is read, shown, counted and updated exactly), and that copied curl, run with the key
 * in `$SUPABASE_KEY`, returns the same rows as the runner.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import pg from 'pg';
import { ClientPool, listingRole } from '../../../src/connections/ClientPool';
import { ConnectionStore } from '../../../src/connections/ConnectionStore';
import { coreChainValidator, createCoreCodeGenerator, createCoreQueryRunner } from '../../../src/connections/coreQueryRunner';
import type { ChainDescription } from '../../../src/core/database/chain';
import { parseOpenApi } from '../../../src/core/database/openapi';
import * as core from '../../../src/core/index';
import type { RequestContext } from '../../../src/panels/MessageRouter';
import { createQueryBuilderHandlers } from '../../../src/panels/queryBuilderHandlers';
import type { PanelTarget } from '../../../src/protocol/queryBuilder';
import { SchemaCache } from '../../../src/trees/SchemaCache';
import { toSchemaModel } from '../../../src/trees/schemaModel';
import { sql } from '../../helpers/sql';
import { useStack } from '../../helpers/stack';
import { initialState, reduce, toChain } from '../../../webview/queryBuilder/builderState';
import { FakeSecrets, FakeState } from '../../unit/host/fakes';

const ctx = (): RequestContext => ({ signal: new AbortController().signal, progress: () => undefined });
const table = (steps: ChainDescription['steps'], action: ChainDescription['action'] = { kind: 'select', count: 'exact' }): ChainDescription => ({
  v: 1,
  target: { kind: 'table', name: 'big_keys' },
  action,
  steps,
});

/** Runs a copied curl command through the shell with SUPABASE_KEY set; resolves with its stdout. */
function runCurl(command: string, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    assert.match(command, /^curl /);
    const quiet = command.replace(/^curl /, 'curl --silent --show-error --fail-with-body ');
    execFile('sh', ['-c', quiet], { env: { ...process.env, SUPABASE_KEY: key }, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${err.message}\n${stderr}\n${stdout}`));
      else resolve(stdout);
    });
  });
}

describe('host query builder runner and codegen against the stack', function () {
  this.timeout(60_000);
  const stack = useStack();
  let store: ConnectionStore;
  let pool: ClientPool;
  let cache: SchemaCache;
  let connectionId: string;
  let anonOnlyId: string;
  let target: PanelTarget;

  before(async () => {
    const c = new pg.Client({ connectionString: stack().dbUrl });
    await c.connect();
    try {
      await c.query(`
        create table public.big_keys (id int8 primary key, name text not null, amount numeric);
        insert into public.big_keys values (9007199254740993, 'first', 1.10), (9007199254740995, 'second', 123456789012345678901234567890.5), (1, 'small', null);
        notify pgrst, 'reload schema';`);
    } finally {
      await c.end();
    }
    store = new ConnectionStore(new FakeState(), new FakeSecrets());
    pool = new ClientPool({ store, loadCore: () => core, clientOptions: () => ({ db: { timeout: 15_000 } }) });
    cache = new SchemaCache({
      fetch: async (id, schema) => (await pool.get(id, listingRole(store.require(id)))).client.schema(schema).getOpenApiSpec(),
      parse: (schema, doc) => toSchemaModel(schema, parseOpenApi(doc)),
    });
    connectionId = (await store.add({ name: 'Stack', url: stack().url, keys: { anon: stack().anonKey, service_role: stack().serviceRoleKey } })).id;
    anonOnlyId = (await store.add({ name: 'Anon only', url: stack().url, keys: { anon: stack().anonKey } })).id;
    target = { connectionId, schema: 'public', kind: 'table', name: 'big_keys' };
    const { client: admin } = await pool.get(connectionId, 'service_role');
    for (let i = 0; i < 200; i++) {
      const r = await admin.from('big_keys').select('id').limit(1);
      if (!r.error) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('schema reload not observed');
  });
  after(async () => {
    for (const [id, role] of [[connectionId, 'anon'], [connectionId, 'service_role'], [anonOnlyId, 'anon']] as const) await (await pool.get(id, role)).client.close();
  });

  const runnerFor = (id: string) => createCoreQueryRunner({ store, clients: pool, schemas: cache, core: () => core }, id);

  function handlers() {
    return createQueryBuilderHandlers({
      target,
      runner: runnerFor(connectionId),
      ui: { openJson: async () => undefined, openExport: async () => undefined },
      settings: () => ({ pageSize: 2, exportRowCap: 10 }),
      readOnly: () => false,
      serviceRoleAvailable: () => true,
      codegen: createCoreCodeGenerator({ store, core: () => core }, connectionId),
      validate: coreChainValidator(() => core),
    });
  }

  it('reads pages with exact int8 and numeric values and the count', async () => {
    const h = handlers();
    const chain = table([{ kind: 'order', column: 'id', ascending: false }]);
    const p1 = await h.run({ type: 'run', id: 'a', chain, runAs: 'anon', page: { from: 0, size: 2 } }, ctx());
    assert.equal(p1.count, 3);
    assert.deepEqual(p1.range, { from: 0, to: 1 });
    assert.deepEqual(p1.body, {
      kind: 'rows',
      columns: ['id', 'name', 'amount'],
      rows: [
        [{ n: '9007199254740995' }, 'second', { n: '123456789012345678901234567890.5' }],
        [{ n: '9007199254740993' }, 'first', { n: '1.10' }],
      ],
    });
    const p2 = await h.run({ type: 'run', id: 'b', chain, runAs: 'anon', page: { from: 2, size: 2 } }, ctx());
    assert.deepEqual(p2.body.kind === 'rows' && p2.body.rows, [[1, 'small', null]]);
  });

  it('filters by the exact big key, counts before a delete, updates by key', async () => {
    const h = handlers();
    const byKey = table([{ kind: 'filter', op: 'eq', column: 'id', value: '9007199254740993' }]);
    const r = await h.run({ type: 'run', id: 'c', chain: byKey, runAs: 'anon' }, ctx());
    assert.equal(r.body.kind === 'rows' && r.body.rows.length, 1);
    const del = table([{ kind: 'filter', op: 'gt', column: 'id', value: '9007199254740992' }], { kind: 'delete' });
    assert.deepEqual(await h.count({ type: 'count', id: 'd', chain: del }, ctx()), { count: 2 });
    const edits = await h.applyEdits(
      { type: 'applyEdits', id: 'e', edits: [{ key: 'k', pk: { id: '9007199254740995' }, values: { name: 'renamed', amount: '99999999999999999999.01' } }] },
      ctx(),
    );
    assert.equal(edits.results[0]!.ok, true, JSON.stringify(edits.results[0]!.error));
    assert.deepEqual(edits.results[0]!.row!.cells, [{ n: '9007199254740995' }, 'renamed', { n: '99999999999999999999.01' }]);
    const gone = await h.applyEdits({ type: 'applyEdits', id: 'f', edits: [{ key: 'k', pk: { id: '9007199254740997' }, values: { name: 'x' } }] }, ctx());
    assert.equal(gone.results[0]!.error!.code, 'NO_ROW');
    const bad = await h.applyEdits({ type: 'applyEdits', id: 'g', edits: [{ key: 'k', pk: { id: '9007199254740993' }, values: { name: null } }] }, ctx());
    assert.equal(bad.results[0]!.ok, false);
    assert.equal(bad.results[0]!.error!.code, '23502', 'not-null violation reported with its SQLSTATE');
  });

  it('returns server errors with code, message, details/hint and status', async () => {
    const h = handlers();
    await assert.rejects(
      h.run({ type: 'run', id: 'h', chain: table([], { kind: 'select', columns: 'nope' }), runAs: 'anon' }, ctx()),
      (e: Error & { code?: string; status?: number }) => {
        assert.equal(e.code, '42703');
        assert.equal(e.status, 400);
        assert.match(e.message, /nope/);
        return true;
      },
    );
  });

  it('explain plans, csv and maybeSingle come back as the panel shows them', async () => {
    const h = handlers();
    const csv = await h.run({ type: 'run', id: 'i', chain: table([{ kind: 'order', column: 'id' }, { kind: 'csv' }], { kind: 'select', columns: 'id,name' }), runAs: 'anon' }, ctx());
    assert.deepEqual(csv.body, { kind: 'text', text: 'id,name\n1,small\n9007199254740993,first\n9007199254740995,renamed', contentType: csv.body.kind === 'text' ? csv.body.contentType : '' });
    const one = await h.run({ type: 'run', id: 'j', chain: table([{ kind: 'filter', op: 'eq', column: 'id', value: 1 }, { kind: 'maybeSingle' }], { kind: 'select' }), runAs: 'anon' }, ctx());
    assert.equal(one.body.kind === 'rows' && one.body.single, true);
    const none = await h.run({ type: 'run', id: 'k', chain: table([{ kind: 'filter', op: 'eq', column: 'id', value: 2 }, { kind: 'maybeSingle' }], { kind: 'select' }), runAs: 'anon' }, ctx());
    assert.deepEqual(none.body, { kind: 'json', text: 'null' });
    await assert.rejects(h.run({ type: 'run', id: 'l', chain: table([{ kind: 'maybeSingle' }], { kind: 'select' }), runAs: 'anon' }, ctx()), /PGRST116|multiple|rows/i);
    const plan = await h.run({ type: 'run', id: 'm', chain: table([{ kind: 'explain', format: 'json' }]), runAs: 'service_role' }, ctx());
    assert.equal(plan.explain, 'json');
    if (plan.body.kind === 'json') assert.match(plan.body.text, /"Plan"/);
    else assert.fail(`explain body ${JSON.stringify(plan.body).slice(0, 200)}`);
  });

  it('describes the table from the served OpenAPI document (service_role); anon only says columns are unknown', async () => {
    const info = await runnerFor(connectionId).describe(target, new AbortController().signal);
    assert.equal(info.known, true);
    assert.deepEqual(info.primaryKey, ['id']);
    assert.deepEqual(info.columns.map((c) => [c.name, c.type]), [['id', 'bigint'], ['name', 'text'], ['amount', 'numeric']]);
    const unknown = await runnerFor(anonOnlyId).describe({ ...target, connectionId: anonOnlyId }, new AbortController().signal);
    assert.equal(unknown.known, false);
    assert.match(unknown.note!, /secret/);
  });

  it('copied curl (key as $SUPABASE_KEY) returns the same rows as the runner, exact big numbers included', async () => {
    const h = handlers();
    const chain = table([{ kind: 'filter', op: 'gt', column: 'id', value: '9007199254740992' }, { kind: 'order', column: 'id' }], { kind: 'select', columns: 'id,name,amount' });
    const { code } = await h.copyAsCode({ type: 'copyAsCode', id: 'n', chain, lang: 'curl' }, ctx());
    assert.match(code, /^curl /);
    assert.ok(code.includes(`${stack().url}/rest/v1/big_keys?`), code);
    assert.ok(!code.includes(stack().anonKey) && !code.includes(stack().serviceRoleKey), 'the key never appears in the command');
    assert.match(code, /\$SUPABASE_KEY/);
    const viaCurl = await runCurl(code, stack().anonKey);
    const viaRunner = await runnerFor(connectionId).run(chain, 'anon', new AbortController().signal);
    assert.ok(viaRunner.ok, JSON.stringify(viaRunner));
    assert.equal(viaCurl, viaRunner.response.text, 'byte-identical answer');
    assert.ok(viaCurl.includes('9007199254740993'), viaCurl);
    // Without the key the same command is refused: the key really comes from the environment.
    await assert.rejects(runCurl(code, 'not-a-key'), /401|JWT|invalid/i);
  });

  it('supabase-js and supabase-py code come from the same chain', async () => {
    const h = handlers();
    const chain = table([{ kind: 'filter', op: 'eq', column: 'id', value: '9007199254740993' }], { kind: 'select', columns: 'id,name' });
    const js = (await h.copyAsCode({ type: 'copyAsCode', id: 'o', chain, lang: 'supabase-js' }, ctx())).code;
    assert.match(js, /from\('big_keys'\)[\s\S]*select\('id,name'[\s\S]*eq\('id', '9007199254740993'\)/);
    const py = (await h.copyAsCode({ type: 'copyAsCode', id: 'p', chain, lang: 'supabase-py' }, ctx())).code;
    assert.match(py, /"big_keys"[\s\S]*select\("id,name"[\s\S]*eq\("id", "9007199254740993"\)/);
  });

  it('an unfiltered delete is refused before anything is sent (rows stay)', async () => {
    const h = handlers();
    const everyRow = table([{ kind: 'filter', op: 'match', query: {} }], { kind: 'delete' });
    await assert.rejects(h.run({ type: 'run', id: 'q', chain: everyRow, runAs: 'service_role' }, ctx()), { code: 'INVALID_CHAIN' });
    const out = await runnerFor(connectionId).run(everyRow, 'service_role', new AbortController().signal);
    assert.equal(!out.ok && out.error.code, 'INVALID_CHAIN');
    const left = await h.count({ type: 'count', id: 'r', chain: table([]) }, ctx());
    assert.equal(left.count, 3);
  });

  it('cancels through the AbortSignal', async () => {
    const runner = runnerFor(connectionId);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(runner.run(table([]), 'anon', ac.signal), { name: 'AbortError' });
  });

  it('inserts rows typed in the builder with exact big numbers (beyond 2^53, more digits than a double)', async () => {
    let state = initialState({ schema: 'public', name: 'big_keys', isRpc: false });
    state = reduce(state, { type: 'setMode', mode: 'insert' });
    state = reduce(state, { type: 'set', patch: { values: '[{"id": 9223372036854775807, "name": "max", "amount": 123456789012345678901234567890.25}]' } });
    const built = toChain(state);
    assert.ok(built.ok, JSON.stringify(!built.ok && built.issues));
    const h = handlers();
    const res = await h.run({ type: 'run', id: 'ins', chain: built.chain, runAs: 'service_role' }, ctx());
    assert.equal(res.status, 201);
    const rows = await sql<{ id: string; amount: string }>(stack().dbUrl, "select id::text, amount::text from public.big_keys where name = 'max'");
    assert.deepEqual(rows, [{ id: '9223372036854775807', amount: '123456789012345678901234567890.25' }]);
    await sql(stack().dbUrl, "delete from public.big_keys where name = 'max'");
  });
});
