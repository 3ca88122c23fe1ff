/**
 * The host's connection and tree logic against the local stack with the real client core:
 * validation of each key kind and each failure, and the Tables tree built from an OpenAPI
 * document PostgreSQL describes.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { ClientPool } from '../../../src/connections/ClientPool';
import { ConnectionStore } from '../../../src/connections/ConnectionStore';
import type { CoreModule } from '../../../src/connections/coreTypes';
import { classifyValidation, type ValidationOutcome } from '../../../src/connections/validate';
import { detectKey } from '../../../src/connections/keys';
import { parseOpenApi } from '../../../src/core/database/openapi';
import * as core from '../../../src/core/index';
import { SchemaCache } from '../../../src/trees/SchemaCache';
import { toSchemaModel } from '../../../src/trees/schemaModel';
import { TablesLoader } from '../../../src/trees/tables';
import type { TablesNode } from '../../../src/trees/nodes';
import { renderNode } from '../../../src/trees/render';
import { useStack } from '../../helpers/stack';
import { signHs256 } from '../../stack/shared/jwt';
import { buildOpenApiDocument } from '../../stack/rest/openapi';
import { loadOpenApiFixture, OPENAPI_FIXTURE_SCHEMA } from '../rest/openapiFixture';
import { FakeSecrets, FakeState } from '../../unit/host/fakes';

const loadCore = (): CoreModule => core;

/** Validates as the host does: a probe client from the pool (no retries), then classify. */
async function validate(url: string, key: string): Promise<ValidationOutcome> {
  const probePool = new ClientPool({ store: new ConnectionStore(new FakeState(), new FakeSecrets()), loadCore, clientOptions: () => ({ db: { timeout: 10_000 } }) });
  const client = probePool.probe(url, key);
  try {
    const res = await client.getOpenApiSpec();
    return classifyValidation(url, detectKey(key).role, res);
  } finally {
    await client.close();
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('host connections against the stack (real core)', function () {
  const stack = useStack();

  it('accepts admin keys with schema listing and public keys without', async () => {
    for (const key of [stack().secretKey, stack().serviceRoleKey]) {
      const r = await validate(stack().url, key);
      assert.equal(r.ok && r.canListSchema, true, JSON.stringify(r));
    }
    for (const key of [stack().publishableKey, stack().anonKey]) {
      const r = await validate(stack().url, key);
      assert.deepEqual(r, { ok: true, canListSchema: false });
    }
  });

  it('says "wrong key" for an unknown opaque key and for a JWT signed with another secret', async () => {
    const forged = await signHs256({ role: 'service_role' }, 'another-secret-another-secret-0123456789', { expiresInSec: 3600 });
    for (const key of ['sb_secret_notTheRightOne', 'sb_publishable_notTheRightOne', forged]) {
      const r = await validate(stack().url, key);
      assert.equal(!r.ok && r.reason, 'wrongKey', `${key.slice(0, 12)}: ${JSON.stringify(r)}`);
    }
  });

  it('says "unreachable" when nothing listens, at once (no retries)', async () => {
    const server = createServer();
    const url = await listen(server);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const started = Date.now();
    const r = await validate(url, stack().secretKey);
    assert.equal(!r.ok && r.reason, 'unreachable', JSON.stringify(r));
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    assert.match(!r.ok ? r.message : '', /ECONNREFUSED/);
  });

  it('says "not a Supabase URL" for a web server answering HTML', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Not here</body></html>');
    });
    const url = await listen(server);
    try {
      const r = await validate(url, stack().secretKey);
      assert.equal(!r.ok && r.reason, 'notSupabase', JSON.stringify(r));
      const ok = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>an app</html>');
      });
      const url2 = await listen(ok);
      try {
        const r2 = await validate(url2, stack().anonKey);
        assert.equal(!r2.ok && r2.reason, 'notSupabase', JSON.stringify(r2));
      } finally {
        ok.close();
      }
    } finally {
      server.close();
    }
  });

  it('the pool reads keys from secret storage and the anon listing shows the secret-key explanation', async () => {
    const store = new ConnectionStore(new FakeState(), new FakeSecrets());
    const pool = new ClientPool({ store, loadCore });
    const c = await store.add({ name: 'Stack', url: stack().url, keys: { anon: stack().publishableKey } });
    const cache = new SchemaCache({
      fetch: async (id, schema) => (await pool.get(id)).client.schema(schema).getOpenApiSpec(),
      parse: (schema, doc) => toSchemaModel(schema, parseOpenApi(doc)),
    });
    const loader = new TablesLoader({ store, cache, defaultSchemas: () => [] });
    const [root] = await loader.children();
    const [schema] = await loader.children(root);
    const kids = await loader.children(schema);
    assert.deepEqual(
      kids.map((k) => renderNode(k).label),
      ['Listing tables needs the secret (service_role) key', 'Open a table or function by name…'],
    );
    assert.equal(c.runAs, 'anon');
    await (await pool.get(c.id)).client.close();
  });

  describe('Tables tree from a PostgreSQL-described OpenAPI document', () => {
    let pool: pg.Pool;
    let doc: object;
    before(async () => {
      await loadOpenApiFixture(stack().dbUrl);
      pool = new pg.Pool({ connectionString: stack().dbUrl, max: 2 });
      pool.on('error', () => {});
      doc = await buildOpenApiDocument(pool, { schema: OPENAPI_FIXTURE_SCHEMA, url: `${stack().url}/rest/v1` });
    });
    after(async () => {
      await pool?.end();
    });

    it('shows tables, views, columns with PK/FK markers and functions with parameters', async () => {
      const store = new ConnectionStore(new FakeState(), new FakeSecrets());
      await store.add({ name: 'Stack', url: stack().url, keys: { service_role: stack().secretKey }, schemas: [OPENAPI_FIXTURE_SCHEMA] });
      const cache = new SchemaCache({ fetch: async () => ({ data: doc, error: null, status: 200 }), parse: (s, d) => toSchemaModel(s, parseOpenApi(d)) });
      const loader = new TablesLoader({ store, cache, defaultSchemas: () => [] });
      const [root] = await loader.children();
      const [schema] = await loader.children(root);
      const kids = await loader.children(schema);
      const labels = kids.map((k) => `${renderNode(k).label}${k.kind === 'relation' ? `:${k.relation.kind}` : ''}`);
      for (const want of ['cities:table', 'countries:table', 'memberships:table', 'city_names:view', 'Functions']) {
        assert.ok(labels.includes(want), `${want} missing from ${labels.join(', ')}`);
      }
      const cities = kids.find((k) => k.kind === 'relation' && k.relation.name === 'cities') as TablesNode;
      const cols = (await loader.children(cities)).map((k) => renderNode(k));
      const byName = new Map(cols.map((c) => [c.label, c]));
      assert.equal(byName.get('id')?.icon?.id, 'key');
      assert.match(byName.get('id')?.description ?? '', /^integer · PK/);
      assert.equal(byName.get('country_id')?.description, 'bigint · → countries.id');
      assert.match(byName.get('country_id')?.tooltip ?? '', /Foreign key → countries\\\.id/);
      assert.match(byName.get('name')?.description ?? '', /default/);
      const fnGroup = kids.find((k) => k.kind === 'functions') as TablesNode;
      const fns = await loader.children(fnGroup);
      const add = fns.find((f) => f.kind === 'function' && f.fn.name === 'add') as TablesNode;
      assert.equal(renderNode(add).description, '(a: integer, b?: integer)');
      const params = (await loader.children(add)).map((p) => renderNode(p).label);
      assert.deepEqual(params, ['a', 'b']);
    });
  });
});
