/**
 * Host flows over HTTP against the local stack with the real core: the Tables tree from the
 * served OpenAPI document, exposed-schema discovery, the query builder's runner (reads, writes,
 * read-only refusal) and streamed exports with exact big numbers.
 */
import assert from 'node:assert/strict';
import pg from 'pg';
import { ClientPool, listingRole } from '../../../src/connections/ClientPool';
import { ConnectionStore } from '../../../src/connections/ConnectionStore';
import type { CoreModule } from '../../../src/connections/coreTypes';
import { createCoreQueryRunner } from '../../../src/connections/coreQueryRunner';
import { streamExport, type ExportPage } from '../../../src/commands/exportStream';
import { unwrap } from '../../../src/commands/errors';
import { parseOpenApi } from '../../../src/core/database/openapi';
import * as core from '../../../src/core/index';
import { SCHEMA_PROBE, SchemaCache } from '../../../src/trees/SchemaCache';
import { toSchemaModel } from '../../../src/trees/schemaModel';
import { TablesLoader } from '../../../src/trees/tables';
import type { TablesNode } from '../../../src/trees/nodes';
import { renderNode } from '../../../src/trees/render';
import { useStack } from '../../helpers/stack';
import { FakeSecrets, FakeState } from '../../unit/host/fakes';

const loadCore = (): CoreModule => core;
const BIG = '9007199254740993'; // 2^53 + 1

describe('host flows against the stack over HTTP (real core)', function () {
  const stack = useStack({ schemas: ['public', 'extra'] });
  let store: ConnectionStore;
  let pool: ClientPool;
  let cache: SchemaCache;
  let connectionId: string;

  before(async () => {
    const db = new pg.Client({ connectionString: stack().dbUrl });
    await db.connect();
    try {
      await db.query(`
        create table if not exists public.host_big (id int8 primary key, label text not null);
        insert into public.host_big values (${BIG}, 'beyond 2^53') on conflict do nothing;
        grant all on public.host_big to anon, service_role;
        create table if not exists extra.notes (id int8 primary key, body text);
        grant select on extra.notes to service_role;
        notify pgrst, 'reload schema';`);
    } finally {
      await db.end();
    }
    store = new ConnectionStore(new FakeState(), new FakeSecrets());
    pool = new ClientPool({ store, loadCore, clientOptions: () => ({ db: { timeout: 15_000 } }) });
    cache = new SchemaCache({
      fetch: async (id, schema) => (await pool.get(id, listingRole(store.require(id)))).client.schema(schema).getOpenApiSpec(),
      probeSchemas: async (id) => {
        const res = await (await pool.get(id)).client.schema(SCHEMA_PROBE).from(SCHEMA_PROBE).select('*').limit(1);
        return { data: null, error: res.error, status: res.status };
      },
      parse: (schema, doc) => toSchemaModel(schema, parseOpenApi(doc)),
    });
    const c = await store.add({ name: 'Stack', url: stack().url, keys: { anon: stack().publishableKey, service_role: stack().secretKey } });
    connectionId = c.id;
  });

  after(async () => {
    for (const role of ['anon', 'service_role'] as const) await (await pool.get(connectionId, role)).client.close();
  });

  it('lists the discovered schemas, the tables and their columns from the served OpenAPI document', async () => {
    const loader = new TablesLoader({ store, cache, defaultSchemas: () => [] });
    const [root] = await loader.children();
    const schemas = await loader.children(root);
    assert.deepEqual(schemas.map((s) => renderNode(s).label), ['public', 'extra']);
    const kids = await loader.children(schemas[0]);
    const names = kids.map((k) => renderNode(k).label);
    for (const t of ['planets', 'countries', 'cities', 'host_big', 'string_instruments']) assert.ok(names.includes(t), `${t} missing: ${names.join(', ')}`);
    const cities = kids.find((k) => k.kind === 'relation' && k.relation.name === 'cities') as TablesNode;
    const cols = (await loader.children(cities)).map((k) => renderNode(k));
    assert.deepEqual(cols.map((c) => c.label), ['id', 'name', 'country_id']);
    assert.equal(cols[2].description, 'bigint · → countries.id');
    const extra = (await loader.children(schemas[1])).map((k) => renderNode(k).label);
    assert.ok(extra.includes('notes'), extra.join(', '));
  });

  it("the query builder's runner reads, writes, and refuses writes in read-only mode", async () => {
    const runner = createCoreQueryRunner({ store, clients: pool, schemas: cache, core: () => core }, connectionId);
    const signal = new AbortController().signal;
    const read = await runner.run(
      { v: 1, target: { kind: 'table', name: 'host_big' }, action: { kind: 'select' }, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: BIG }] },
      'anon',
      signal,
    );
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(read.response.text.includes(BIG), true, read.response.text);
    const insert = { v: 1 as const, target: { kind: 'table' as const, name: 'host_big' }, action: { kind: 'insert' as const, values: { id: 42, label: 'answer' } }, steps: [] };
    await store.setReadOnly(connectionId, true);
    const refused = await runner.run(insert, 'service_role', signal);
    assert.equal(!refused.ok && refused.error.code, 'READ_ONLY');
    await store.setReadOnly(connectionId, false);
    const inserted = await runner.run(insert, 'service_role', signal);
    assert.ok(inserted.ok, JSON.stringify(inserted));
    assert.equal(inserted.response.status, 201);
    const missing = await runner.run({ v: 1, target: { kind: 'table', name: 'no_such_table' }, action: { kind: 'select' }, steps: [] }, 'anon', signal);
    assert.equal(missing.ok, false);
    assert.equal(!missing.ok && missing.error.status, 404);
    assert.ok(!missing.ok && missing.error.code, JSON.stringify(missing));
    const info = await runner.describe({ connectionId, schema: 'public', kind: 'table', name: 'cities' }, signal);
    assert.deepEqual(info.primaryKey, ['id']);
    assert.deepEqual(info.relations, ['countries']);
  });

  it('exports CSV and JSON in range pages with exact big numbers', async () => {
    const { client } = await pool.get(connectionId, 'service_role');
    const fetchPage = (format: 'csv' | 'json') => async (from: number, to: number, withCount: boolean): Promise<ExportPage> => {
      const q = client.from('host_big').select('*', withCount ? { count: 'exact' } : undefined).order('id').range(from, to);
      if (format === 'csv') {
        const res = await q.csv();
        return { kind: 'csv', text: String(unwrap(res) ?? ''), count: res.count };
      }
      const res = await q.losslessNumbers();
      return { kind: 'json', rows: (unwrap(res) as unknown[]) ?? [], count: res.count };
    };
    const out: Record<string, string> = {};
    for (const format of ['csv', 'json'] as const) {
      const chunks: string[] = [];
      const r = await streamExport({ format, cap: 1000, pageSize: 1, fetchPage: fetchPage(format), write: async (c) => void chunks.push(c) });
      assert.equal(r.written, 2, `${format}: ${chunks.join("")}`);
      assert.equal(r.total, 2, format);
      out[format] = chunks.join('');
    }
    // The cap: exactly the table's two rows is not capped (the probe row finds nothing), one
    // row less is; the probe row is never written.
    for (const format of ['csv', 'json'] as const) {
      const exact = await streamExport({ format, cap: 2, pageSize: 1, fetchPage: fetchPage(format), write: async () => undefined });
      assert.deepEqual(exact, { written: 2, total: 2, capped: false }, format);
      const chunks: string[] = [];
      const cut = await streamExport({ format, cap: 1, pageSize: 5, fetchPage: fetchPage(format), write: async (c) => void chunks.push(c) });
      assert.deepEqual(cut, { written: 1, total: 2, capped: true }, format);
      if (format === 'csv') assert.equal(chunks.join(''), 'id,label\n42,answer\n');
    }
    assert.equal(out.csv, `id,label\n42,answer\n${BIG},"beyond 2^53"\n`);
    assert.ok(out.json.includes(`"id":${BIG}`), out.json);
    assert.deepEqual(JSON.parse(out.json).map((r: { label: string }) => r.label), ['answer', 'beyond 2^53']);
  });
});
