import assert from 'node:assert/strict';
import { ClientPool } from '../../../src/connections/ClientPool';
import { ConnectionStore } from '../../../src/connections/ConnectionStore';
import type { CoreModule } from '../../../src/connections/coreTypes';
import { coreChainValidator, createCoreCodeGenerator, createCoreQueryRunner, describeTarget, errorFromBody, relationsOf } from '../../../src/connections/coreQueryRunner';
import type { ChainDescription } from '../../../src/core/database/chain';
import * as realCore from '../../../src/core/index';
import { createQueryBuilderHandlers } from '../../../src/panels/queryBuilderHandlers';
import type { RequestContext } from '../../../src/panels/MessageRouter';
import { parseQueryBuilderToHost } from '../../../src/protocol/queryBuilder';
import { SchemaCache } from '../../../src/trees/SchemaCache';
import { toSchemaModel, type SchemaModel } from '../../../src/trees/schemaModel';
import { ANON_JWT, FakeSecrets, FakeState, SERVICE_JWT } from './fakes';

const model: SchemaModel = toSchemaModel('public', {
  tables: [
    { name: 'countries', columns: [{ name: 'id', type: 'bigint', nullable: false, isPrimaryKey: true }, { name: 'name', type: 'text', nullable: false }] },
    {
      name: 'cities',
      columns: [
        { name: 'id', type: 'integer', nullable: false, isPrimaryKey: true, hasDefault: true },
        { name: 'country_id', type: 'bigint', nullable: true, foreignKey: { table: 'countries', column: 'id' } },
      ],
    },
  ],
  functions: [{ name: 'add', params: [{ name: 'a', type: 'integer', required: true }] }],
});

const select: ChainDescription = { v: 1, target: { kind: 'table', name: 'countries' }, action: { kind: 'select' }, steps: [] };
const del: ChainDescription = { v: 1, target: { kind: 'table', name: 'countries' }, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: 1 }] };

interface Sent {
  key: string;
  chain: unknown;
}

function fakeCore(sent: Sent[], answer: { status: number; text: string; headers?: Record<string, string> } | Error): Pick<CoreModule, 'createClient'> {
  return {
    createClient: ((url: string, key: string) => ({
      rest: {
        fromDescription(chain: ChainDescription) {
          const req = realCore.compile(chain, { restUrl: `${url}/rest/v1`, headers: {} });
          const b = {
            abortSignal: () => b,
            toRequest: () => req,
            stream: async () => {
              sent.push({ key, chain });
              if (answer instanceof Error) throw answer;
              const headers = answer.headers ?? {};
              return {
                status: answer.status,
                statusText: answer.status === 200 ? 'OK' : 'Error',
                headers,
                response: { text: async () => answer.text, dump: async () => undefined, header: (n: string) => headers[n] },
              };
            },
          };
          return b;
        },
      },
    })) as unknown as CoreModule['createClient'],
  };
}

async function setup(answer: Parameters<typeof fakeCore>[1], readOnly = false) {
  const store = new ConnectionStore(new FakeState(), new FakeSecrets());
  const c = await store.add({ name: 'P', url: 'http://127.0.0.1:1', keys: { anon: ANON_JWT, service_role: SERVICE_JWT }, readOnly });
  const sent: Sent[] = [];
  const clients = new ClientPool({ store, loadCore: () => fakeCore(sent, answer) });
  const schemas = new SchemaCache({ fetch: async () => ({ data: {}, error: null, status: 200 }), parse: () => model });
  return { runner: createCoreQueryRunner({ store, clients, schemas, core: () => realCore }, c.id), sent, store, clients, id: c.id };
}

describe('host/coreQueryRunner', () => {
  it('runs the chain as the requested role and returns the raw answer', async () => {
    const { runner, sent } = await setup({ status: 200, text: '[{"id":9007199254740993}]', headers: { 'content-type': 'application/json', 'content-range': '0-0/1' } });
    const out = await runner.run(select, 'service_role', new AbortController().signal);
    assert.deepEqual(out, {
      ok: true,
      response: { status: 200, statusText: 'OK', text: '[{"id":9007199254740993}]', contentType: 'application/json', contentRange: '0-0/1' },
    });
    assert.equal(sent[0].key, SERVICE_JWT);
    assert.deepEqual(sent[0].chain, select);
    await runner.run(select, 'anon', new AbortController().signal);
    assert.equal(sent[1].key, ANON_JWT);
  });

  it('returns PostgREST errors with code, message, details, hint and status', async () => {
    const body = JSON.stringify({ code: '42501', message: 'permission denied for table countries', details: null, hint: 'Grant it' });
    const { runner } = await setup({ status: 403, text: body });
    const out = await runner.run(select, 'anon', new AbortController().signal);
    assert.deepEqual(out, { ok: false, error: { name: 'PostgrestError', message: 'permission denied for table countries', code: '42501', hint: 'Grant it', status: 403 } });
  });

  it('refuses writes on a read-only connection without sending anything', async () => {
    const { runner, sent } = await setup({ status: 204, text: '' }, true);
    const out = await runner.run(del, 'service_role', new AbortController().signal);
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.error.code, 'READ_ONLY');
    assert.match(!out.ok ? out.error.message : '', /read-only mode, so it cannot delete/);
    assert.equal(sent.length, 0);
    assert.equal((await runner.run(select, 'anon', new AbortController().signal)).ok, true);
  });

  it('turns network failures into errors and aborts into AbortError rejections', async () => {
    const failing = Object.assign(new Error('Connection refused by http://127.0.0.1:1'), { name: 'FetchError', code: 'ECONNREFUSED', details: 'connect ECONNREFUSED', status: 0 });
    const { runner } = await setup(failing);
    const out = await runner.run(select, 'anon', new AbortController().signal);
    assert.deepEqual(out, { ok: false, error: { name: 'FetchError', message: 'Connection refused by http://127.0.0.1:1', code: 'ECONNREFUSED', details: 'connect ECONNREFUSED', status: 0 } });
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(runner.run(select, 'anon', ac.signal), { name: 'AbortError' });
  });

  it('names the missing key when a role has none (no silent switch to another role)', async () => {
    const store = new ConnectionStore(new FakeState(), new FakeSecrets());
    const c = await store.add({ name: 'Secret only', url: 'http://127.0.0.1:1', keys: { service_role: SERVICE_JWT } });
    const sent: Sent[] = [];
    const clients = new ClientPool({ store, loadCore: () => fakeCore(sent, { status: 200, text: '[]' }) });
    const schemas = new SchemaCache({ fetch: async () => ({ data: {}, error: null }), parse: () => model });
    const runner = createCoreQueryRunner({ store, clients, schemas, core: () => realCore }, c.id);
    const out = await runner.run(select, 'anon', new AbortController().signal);
    assert.equal(!out.ok && out.error.name, 'UserError');
    assert.match(!out.ok ? out.error.message : '', /has no anon\/publishable key/);
    assert.equal(sent.length, 0);
    assert.equal((await runner.run(select, 'service_role', new AbortController().signal)).ok, true);
  });

  it('describes tables (columns, PK, FK, embeddable relations) and functions from the cached schema', async () => {
    const { runner } = await setup({ status: 200, text: '[]' });
    const cities = await runner.describe({ connectionId: 'x', schema: 'public', kind: 'table', name: 'cities' }, new AbortController().signal);
    assert.deepEqual(cities.primaryKey, ['id']);
    assert.deepEqual(cities.relations, ['countries']);
    assert.deepEqual(cities.columns[1], { name: 'country_id', type: 'bigint', nullable: true, hasDefault: false, primaryKey: false, references: { table: 'countries', column: 'id' } });
    assert.equal(cities.columns[0].hasDefault, true);
    assert.equal(cities.known, true);
    const fn = await runner.describe({ connectionId: 'x', schema: 'public', kind: 'function', name: 'add' }, new AbortController().signal);
    assert.deepEqual(fn.params, [{ name: 'a', type: 'integer', required: true }]);
    const missing = describeTarget({ connectionId: 'x', schema: 'public', kind: 'table', name: 'nope' }, model);
    assert.equal(missing.known, false);
    assert.match(missing.note ?? '', /No table or view "nope"/);
    assert.deepEqual(relationsOf(model, model.relations.find((r) => r.name === 'countries')!), ['cities']);
  });

  it('reads non-PostgREST error bodies as HTTP errors (text kept), PostgREST ones as PostgrestError', () => {
    assert.deepEqual(errorFromBody(502, 'Bad Gateway', '<html>bad gateway</html>'), { name: 'HttpError', message: '<html>bad gateway</html>', status: 502 });
    assert.deepEqual(errorFromBody(500, 'Internal Server Error', ''), { name: 'HttpError', message: '500 Internal Server Error', status: 500 });
    assert.equal(errorFromBody(401, 'Unauthorized', '{"message":"Invalid API key"}').name, 'HttpError');
    const pg = errorFromBody(409, 'Conflict', '{"code":"23505","message":"duplicate key","details":"Key (id)=(1) already exists.","hint":null}');
    assert.equal(pg.name, 'PostgrestError');
    assert.equal(pg.code, '23505');
  });

  it('maybeSingle: one row exact, no row → null, several rows → the core\'s error', async () => {
    const one: ChainDescription = { ...select, steps: [{ kind: 'maybeSingle' }] };
    const a = await setup({ status: 200, text: '[{"id":9007199254740993}]', headers: { 'content-type': 'application/json' } });
    const out = await a.runner.run(one, 'anon', new AbortController().signal);
    assert.equal(out.ok && out.response.text, '{"id":9007199254740993}');
    const b = await setup({ status: 200, text: '[]' });
    const none = await b.runner.run(one, 'anon', new AbortController().signal);
    assert.equal(none.ok && none.response.text, 'null');
    const c = await setup({ status: 200, text: '[{"id":1},{"id":2}]' });
    const many = await c.runner.run(one, 'anon', new AbortController().signal);
    assert.equal(many.ok, false);
    assert.equal(!many.ok && many.error.code, 'PGRST116');
  });

  it('refuses chains the core\'s validateDescription refuses, without sending anything', async () => {
    const { runner, sent } = await setup({ status: 204, text: '' });
    const everyRow: ChainDescription = { v: 1, target: { kind: 'table', name: 'countries' }, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'match', query: {} }] };
    const out = await runner.run(everyRow, 'service_role', new AbortController().signal);
    assert.equal(out.ok, false);
    assert.equal(!out.ok && out.error.code, 'INVALID_CHAIN');
    assert.match(!out.ok ? out.error.message : '', /delete\(\) without any filter would touch every row of "countries"/);
    assert.equal(sent.length, 0);
    assert.equal(coreChainValidator(() => realCore)(del), undefined);
  });

  describe('through the panel handlers (webview message → host)', () => {
    const ctx = (): RequestContext => ({ signal: new AbortController().signal, progress: () => undefined });
    async function handlers() {
      const s = await setup({ status: 204, text: '' });
      const core = () => realCore;
      const h = createQueryBuilderHandlers({
        target: { connectionId: s.id, schema: 'public', kind: 'table', name: 'countries' },
        runner: s.runner,
        ui: { openJson: async () => undefined, openExport: async () => undefined },
        settings: () => ({ pageSize: 10, exportRowCap: 10 }),
        readOnly: () => false,
        serviceRoleAvailable: () => true,
        codegen: createCoreCodeGenerator({ store: s.store, core }, s.id),
        validate: coreChainValidator(core),
      });
      return { h, sent: s.sent };
    }
    const parse = (msg: unknown) => {
      const r = parseQueryBuilderToHost(msg);
      assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
      return r.value;
    };
    const filtered: ChainDescription = { ...select, action: { kind: 'select', columns: 'id,name' }, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: '9007199254740993' }] };

    it('copyAsCode gives supabase-js, supabase-py and curl of the same chain; curl has the URL and $SUPABASE_KEY, never the key', async () => {
      const { h, sent } = await handlers();
      const code = async (lang: 'supabase-js' | 'supabase-py' | 'curl') => {
        const m = parse({ type: 'copyAsCode', id: lang, chain: filtered, lang });
        assert.equal(m.type, 'copyAsCode');
        return (await h.copyAsCode(m as Extract<typeof m, { type: 'copyAsCode' }>, ctx())).code;
      };
      const js = await code('supabase-js');
      assert.match(js, /\.from\('countries'\)/);
      assert.match(js, /\.select\('id,name'\)/);
      assert.match(js, /\.eq\('id', '9007199254740993'\)/);
      const py = await code('supabase-py');
      assert.match(py, /\.table\("countries"\)|\.from_\("countries"\)/);
      assert.match(py, /\.eq\("id", "9007199254740993"\)/);
      const curl = await code('curl');
      assert.match(curl, /^curl /);
      assert.ok(curl.includes('http://127.0.0.1:1/rest/v1/countries?'), curl);
      assert.ok(curl.includes('id=eq.9007199254740993'), curl);
      assert.ok(!curl.includes(ANON_JWT) && !curl.includes(SERVICE_JWT), curl);
      assert.match(curl, /apikey: '"\$SUPABASE_KEY"/);
      assert.match(curl, /Bearer '"\$SUPABASE_KEY"/);
      assert.equal(sent.length, 0, 'copying code sends nothing');
    });

    it('an unfiltered delete from the webview is refused with a clear error and sends nothing', async () => {
      const { h, sent } = await handlers();
      // A bare delete does not even pass the protocol schema.
      assert.equal(parseQueryBuilderToHost({ type: 'run', id: 'x', runAs: 'anon', chain: { v: 1, target: { kind: 'table', name: 'countries' }, action: { kind: 'delete' }, steps: [] } }).ok, false);
      // One whose only "filter" restricts nothing passes the schema; the core refuses it.
      const m = parse({ type: 'run', id: 'y', runAs: 'service_role', chain: { v: 1, target: { kind: 'table', name: 'countries' }, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'match', query: {} }] } });
      await assert.rejects(h.run(m as Extract<typeof m, { type: 'run' }>, ctx()), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'INVALID_CHAIN');
        assert.match(e.message, /delete\(\) without any filter would touch every row of "countries"; refused \(nothing was sent\)/);
        return true;
      });
      const c = parse({ type: 'count', id: 'z', chain: (m as { chain: unknown }).chain });
      await assert.rejects(h.count(c as Extract<typeof c, { type: 'count' }>, ctx()), { code: 'INVALID_CHAIN' });
      assert.equal(sent.length, 0);
    });
  });
});
