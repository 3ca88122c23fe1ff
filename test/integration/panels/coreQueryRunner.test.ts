/**
 * The panel's host side against the local stack: the core adapter (`createCoreQueryRunner`) under
 * the real handlers. Proves clarification 8 end to end: a bigint key above 2^53 is read, shown,
 * counted and updated exactly.
 */
import { strict as assert } from 'node:assert';
import pg from 'pg';
import type { ChainDescription } from '../../../src/core/database/chain';
import { toCurl, toSupabaseJs, toSupabasePy } from '../../../src/core/database/codegen';
import { parseOpenApi } from '../../../src/core/database/openapi';
import { createClient, interpretResponse } from '../../../src/core/index';
import type { SupabaseClient } from '../../../src/core/SupabaseClient';
import { createCoreCodeGenerator, createCoreQueryRunner } from '../../../src/panels/coreQueryRunner';
import type { RequestContext } from '../../../src/panels/MessageRouter';
import { createQueryBuilderHandlers } from '../../../src/panels/queryBuilderHandlers';
import type { PanelTarget } from '../../../src/protocol/queryBuilder';
import { useStack } from '../../helpers/stack';

const core = { interpretResponse, parseOpenApi };
const ctx = (): RequestContext => ({ signal: new AbortController().signal, progress: () => undefined });
const target: PanelTarget = { connectionId: 'local', schema: 'public', kind: 'table', name: 'big_keys' };
const table = (steps: ChainDescription['steps'], action: ChainDescription['action'] = { kind: 'select', count: 'exact' }): ChainDescription => ({
  v: 1,
  target: { kind: 'table', name: 'big_keys' },
  action,
  steps,
});

describe('panels/coreQueryRunner against the stack', function () {
  this.timeout(60_000);
  const stack = useStack();
  let anon: SupabaseClient;
  let admin: SupabaseClient;

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
    anon = createClient(stack().url, stack().anonKey);
    admin = createClient(stack().url, stack().serviceRoleKey);
    for (let i = 0; i < 200; i++) {
      const r = await admin.from('big_keys').select('id').limit(1);
      if (!r.error) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('schema reload not observed');
  });
  after(async () => {
    await anon?.close();
    await admin?.close();
  });

  function handlers() {
    const runner = createCoreQueryRunner({ core, client: (runAs) => (runAs === 'service_role' ? admin : runAs === 'anon' ? anon : undefined) });
    return createQueryBuilderHandlers({
      target,
      runner,
      ui: { openJson: async () => undefined, openExport: async () => undefined },
      settings: () => ({ pageSize: 2, exportRowCap: 10 }),
      readOnly: () => false,
      serviceRoleAvailable: () => true,
      codegen: createCoreCodeGenerator({ generators: { toSupabaseJs, toSupabasePy, toCurl }, client: () => admin, key: () => stack().serviceRoleKey }),
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

  it('describes the table from the OpenAPI document (service_role)', async () => {
    const runner = createCoreQueryRunner({ core, client: (runAs) => (runAs === 'service_role' ? admin : anon) });
    const info = await runner.describe(target, new AbortController().signal);
    assert.equal(info.known, true);
    assert.deepEqual(info.primaryKey, ['id']);
    assert.deepEqual(info.columns.map((c) => [c.name, c.type]), [['id', 'bigint'], ['name', 'text'], ['amount', 'numeric']]);
    const anonOnly = createCoreQueryRunner({ core, client: (runAs) => (runAs === 'anon' ? anon : undefined) });
    const unknown = await anonOnly.describe(target, new AbortController().signal);
    assert.equal(unknown.known, false);
    assert.match(unknown.note!, /secret/);
  });

  it('generates curl with the key as $SUPABASE_KEY', async () => {
    const h = handlers();
    const { code } = await h.copyAsCode({ type: 'copyAsCode', id: 'n', chain: table([{ kind: 'filter', op: 'eq', column: 'id', value: 1 }]), lang: 'curl' }, ctx());
    assert.match(code, /^curl /);
    assert.ok(!code.includes(stack().serviceRoleKey));
    assert.match(code, /\$SUPABASE_KEY/);
  });

  it('cancels through the AbortSignal', async () => {
    const runner = createCoreQueryRunner({ core, client: () => admin });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(runner.run(table([]), 'anon', ac.signal), { name: 'AbortError' });
  });
});
