import assert from 'node:assert/strict';
import { COMMANDS } from '../../../src/commands/ids';
import { ConnectionStore } from '../../../src/connections/ConnectionStore';
import { parseExposedSchemas, SchemaCache, type SchemaFetchResult } from '../../../src/trees/SchemaCache';
import { toSchemaModel } from '../../../src/trees/schemaModel';
import { TablesLoader, schemasOf } from '../../../src/trees/tables';
import type { TablesNode } from '../../../src/trees/nodes';
import { ANON_JWT, FakeSecrets, FakeState, SERVICE_JWT } from './fakes';

const parsed = {
  tables: [
    {
      name: 'countries',
      columns: [
        { name: 'id', type: 'bigint', nullable: false, isPrimaryKey: true },
        { name: 'name', type: 'text', nullable: false, default: null },
      ],
    },
  ],
  views: [{ name: 'big_countries', columns: [{ name: 'id', format: 'bigint' }], insertable: false }],
  functions: [{ name: 'add', params: [{ name: 'a', type: 'integer', required: true }] }, { bogus: true }],
};

describe('host/trees schemaModel', () => {
  it('normalises parseOpenApi output, sorted, dropping malformed entries', () => {
    const m = toSchemaModel('public', parsed);
    assert.deepEqual(
      m.relations.map((r) => [r.name, r.kind, r.insertable, r.columns.length]),
      [
        ['big_countries', 'view', false, 1],
        ['countries', 'table', true, 2],
      ],
    );
    assert.deepEqual(m.relations[1].columns[1], { name: 'name', type: 'text', nullable: false, isPrimaryKey: false });
    assert.equal(m.relations[0].columns[0].type, 'bigint');
    assert.deepEqual(m.functions, [{ name: 'add', params: [{ name: 'a', type: 'integer', required: true }] }]);
    assert.deepEqual(toSchemaModel('x', null), { schema: 'x', relations: [], functions: [] });
  });
});

describe('host/trees SchemaCache', () => {
  it('loads once, caches successes, retries failures, and invalidates', async () => {
    let calls = 0;
    let answer: SchemaFetchResult = { data: null, error: { message: 'boom' }, status: 500 };
    const cache = new SchemaCache({ fetch: async () => (calls++, answer), parse: (s, d) => toSchemaModel(s, d) });
    const first = await cache.get('c', 'public');
    assert.equal(first.ok, false);
    assert.equal(!first.ok && first.reason, 'error');
    answer = { data: parsed, error: null, status: 200 };
    const second = await cache.get('c', 'public');
    assert.equal(second.ok, true);
    await cache.get('c', 'public');
    assert.equal(calls, 2);
    assert.ok(await cache.peek('c', 'public'));
    cache.invalidate('c');
    assert.equal(await cache.peek('c', 'public'), undefined);
    await cache.get('c', 'public');
    assert.equal(calls, 3);
  });

  it('classifies 403 as forbidden, network failures as unreachable, parse failures as errors', async () => {
    const mk = (r: () => Promise<SchemaFetchResult>, parse = toSchemaModel) => new SchemaCache({ fetch: r, parse });
    const forbidden = await mk(async () => ({ data: null, error: { message: 'permission denied' }, status: 403 })).get('c', 'public');
    assert.equal(!forbidden.ok && forbidden.reason, 'forbidden');
    const down = await mk(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }).get('c', 'public');
    assert.equal(!down.ok && down.reason, 'unreachable');
    const bad = await mk(
      async () => ({ data: {}, error: null }),
      () => {
        throw new Error('no paths');
      },
    ).get('c', 'public');
    assert.equal(!bad.ok && bad.reason, 'error');
    assert.match(!bad.ok ? bad.error.message : '', /could not be read: no paths/);
  });
});

describe('host/trees TablesLoader', () => {
  async function setup(keys: { anon?: string; service_role?: string }, answer: SchemaFetchResult, schemas?: string[]) {
    const store = new ConnectionStore(new FakeState(), new FakeSecrets());
    const c = await store.add({ name: 'Local', url: 'http://127.0.0.1:1', keys, ...(schemas ? { schemas } : {}) });
    const cache = new SchemaCache({ fetch: async () => answer, parse: (s, d) => toSchemaModel(s, d) });
    const loader = new TablesLoader({ store, cache, defaultSchemas: () => [] });
    return { store, c, loader };
  }

  it('walks connection › schema › tables/views + Functions › columns / params', async () => {
    const { loader, c } = await setup({ service_role: SERVICE_JWT }, { data: parsed, error: null, status: 200 }, ['public', 'api']);
    const [root] = await loader.children();
    assert.equal(root.kind, 'connection');
    assert.deepEqual(root.kind === 'connection' && [root.active, root.roles], [true, ['service_role']]);
    const schemas = await loader.children(root);
    assert.deepEqual(schemas.map((s) => s.kind === 'schema' && s.schema), ['public', 'api']);
    const kids = await loader.children(schemas[0]);
    assert.deepEqual(kids.map((k) => k.kind), ['relation', 'relation', 'functions']);
    const cols = await loader.children(kids[1]);
    assert.deepEqual(cols.map((k) => k.kind === 'column' && k.column.name), ['id', 'name']);
    const fns = await loader.children(kids[2]);
    assert.equal(fns.length, 1);
    const params = await loader.children(fns[0]);
    assert.deepEqual(params.map((p) => p.kind === 'param' && p.param.name), ['a']);
    assert.equal(c.schemas?.length, 2);
  });

  it('with an anon key explains that listing needs the secret key and offers open-by-name', async () => {
    const { loader } = await setup({ anon: ANON_JWT }, { data: null, error: { message: 'permission denied for the OpenAPI root' }, status: 403 });
    const [root] = await loader.children();
    const [schema] = await loader.children(root);
    const kids = (await loader.children(schema)) as Extract<TablesNode, { kind: 'message' }>[];
    assert.deepEqual(kids.map((k) => [k.tone, k.text]), [
      ['locked', 'Listing tables needs the secret (service_role) key'],
      ['info', 'Open a table or function by name…'],
    ]);
    assert.equal(kids[0].action?.command, COMMANDS.connectionsSetKey);
    assert.equal(kids[1].action?.command, COMMANDS.tablesOpenByName);
    assert.match(kids[0].detail ?? '', /permission denied for the OpenAPI root/);
  });

  it('shows errors and empty schemas as child nodes with retry', async () => {
    const down = await setup({ service_role: SERVICE_JWT }, { data: null, error: Object.assign(new Error('fetch failed'), { code: 'ECONNREFUSED' }) });
    const [r1] = await down.loader.children();
    const [s1] = await down.loader.children(r1);
    const [m1] = await down.loader.children(s1);
    assert.deepEqual(m1.kind === 'message' && [m1.tone, m1.retry, m1.text], ['error', true, 'Cannot reach http://127.0.0.1:1 (click to retry)']);
    const empty = await setup({ service_role: SERVICE_JWT }, { data: {}, error: null, status: 200 });
    const [r2] = await empty.loader.children();
    const [s2] = await empty.loader.children(r2);
    const [m2] = await empty.loader.children(s2);
    assert.deepEqual(m2.kind === 'message' && [m2.tone, m2.retry], ['empty', true]);
    const failing = await setup({ service_role: SERVICE_JWT }, { data: null, error: { message: 'relation missing', code: 'PGRST205' }, status: 404 });
    const [r3] = await failing.loader.children();
    const [s3] = await failing.loader.children(r3);
    const [m3] = await failing.loader.children(s3);
    assert.equal(m3.kind === 'message' && m3.detail, 'relation missing (code PGRST205, HTTP 404).');
  });

  it('schemasOf: connection schemas, else settings, else public', () => {
    const base = { id: 'x', name: 'n', url: 'u', keys: {}, readOnly: false, runAs: 'anon' as const, createdAt: 0 };
    assert.deepEqual(schemasOf({ ...base, schemas: ['a', 'a', 'b'] }, ['z']), ['a', 'b']);
    assert.deepEqual(schemasOf(base, ['z']), ['z']);
    assert.deepEqual(schemasOf(base, []), ['public']);
  });
});

describe('host/trees exposed schema discovery', () => {
  it('parses the exposed schemas from PGRST106 (hint of v12+, message of older versions)', () => {
    assert.deepEqual(
      parseExposedSchemas({ code: 'PGRST106', details: null, hint: 'Only the following schemas are exposed: public, graphql_public', message: 'Invalid schema: x' }),
      ['public', 'graphql_public'],
    );
    assert.deepEqual(parseExposedSchemas({ message: 'The schema must be one of the following: api, public', hint: null }), ['api', 'public']);
    assert.equal(parseExposedSchemas({ message: 'relation does not exist', code: '42P01' }), undefined);
    assert.equal(parseExposedSchemas(null), undefined);
  });

  it('the loader lists discovered schemas unless the connection or settings name some', async () => {
    let probes = 0;
    const store = new ConnectionStore(new FakeState(), new FakeSecrets());
    await store.add({ name: 'P', url: 'http://127.0.0.1:1', keys: { anon: ANON_JWT } });
    const cache = new SchemaCache({
      fetch: async () => ({ data: parsed, error: null, status: 200 }),
      parse: (s, d) => toSchemaModel(s, d),
      probeSchemas: async () => (probes++, { data: null, error: { code: 'PGRST106', message: 'Invalid schema: x', hint: 'Only the following schemas are exposed: public, api' }, status: 406 }),
    });
    let defaults: string[] = [];
    const loader = new TablesLoader({ store, cache, defaultSchemas: () => defaults });
    const [root] = await loader.children();
    const names = async () => (await loader.children(root)).map((n) => (n.kind === 'schema' ? n.schema : '?'));
    assert.deepEqual(await names(), ['public', 'api']);
    assert.deepEqual(await names(), ['public', 'api']);
    assert.equal(probes, 1);
    defaults = ['only_this'];
    assert.deepEqual(await names(), ['only_this']);
    cache.invalidate('nope');
  });

  it('falls back to public when the probe says nothing, and retries the probe later', async () => {
    let probes = 0;
    const cache = new SchemaCache({
      fetch: async () => ({ data: {}, error: null }),
      parse: (s, d) => toSchemaModel(s, d),
      probeSchemas: async () => (probes++, { data: [], error: null, status: 200 }),
    });
    assert.equal(await cache.exposedSchemas('c'), undefined);
    await new Promise((r) => setImmediate(r));
    assert.equal(await cache.exposedSchemas('c'), undefined);
    assert.equal(probes, 2);
  });
});
