import assert from 'node:assert/strict';
import { ClientPool, listingRole, resolveRole } from '../../../src/connections/ClientPool';
import { ConnectionStore } from '../../../src/connections/ConnectionStore';
import type { CoreClient, CoreClientOptions, CoreModule } from '../../../src/connections/coreTypes';
import { UserError } from '../../../src/commands/errors';
import { ANON_JWT, FakeSecrets, FakeState, SERVICE_JWT } from './fakes';

interface Made {
  url: string;
  key: string;
  options?: CoreClientOptions;
}

function fakeCore(made: Made[]): Pick<CoreModule, 'createClient'> {
  return {
    createClient(url, key, options) {
      made.push({ url, key, ...(options ? { options } : {}) });
      return { id: made.length } as unknown as CoreClient;
    },
  };
}

describe('host/connections ClientPool', () => {
  let store: ConnectionStore;
  let made: Made[];
  let seen: string[];
  let loads: number;
  let pool: ClientPool;
  beforeEach(() => {
    store = new ConnectionStore(new FakeState(), new FakeSecrets());
    made = [];
    seen = [];
    loads = 0;
    pool = new ClientPool({
      store,
      loadCore: () => (loads++, fakeCore(made)),
      clientOptions: () => ({ global: { headers: { 'x-test': '1' } } }),
      onKey: (k) => seen.push(k),
    });
  });

  it('creates one client per connection, role and schema, lazily, and registers keys for redaction', async () => {
    const c = await store.add({ name: 'P', url: 'https://a.co', keys: { anon: ANON_JWT, service_role: SERVICE_JWT } });
    assert.equal(loads, 0);
    const a1 = await pool.get(c.id);
    const a2 = await pool.get(c.id, 'anon');
    const s1 = await pool.get(c.id, 'service_role');
    const s2 = await pool.get(c.id, 'service_role', 'api');
    assert.equal(a1.client, a2.client);
    assert.notEqual(a1.client, s1.client);
    assert.notEqual(s1.client, s2.client);
    assert.equal(a1.role, 'anon');
    assert.deepEqual(
      made.map((m) => [m.key === ANON_JWT ? 'anon' : 'service', m.options?.db?.schema ?? '-']),
      [
        ['anon', '-'],
        ['service', '-'],
        ['service', 'api'],
      ],
    );
    assert.deepEqual(made[2].options?.global?.headers, { 'x-test': '1' });
    assert.ok(seen.includes(ANON_JWT) && seen.includes(SERVICE_JWT));
    pool.invalidate(c.id);
    assert.notEqual((await pool.get(c.id)).client, a1.client);
  });

  it('refuses a role whose key is missing, with a message naming it', async () => {
    const c = await store.add({ name: 'P', url: 'https://a.co', keys: { anon: ANON_JWT } });
    await assert.rejects(pool.get(c.id, 'service_role'), (e: unknown) => e instanceof UserError && /no service_role\/secret key/.test(e.message));
    assert.equal(listingRole(store.require(c.id)), 'anon');
  });

  it('resolveRole prefers the requested role, else run-as, else what exists', () => {
    const meta = { id: 'x', name: 'P', url: 'u', keys: { service_role: { format: 'secret' as const } }, readOnly: false, runAs: 'anon' as const, createdAt: 0 };
    assert.equal(resolveRole(meta), 'service_role');
    assert.equal(listingRole(meta), 'service_role');
    assert.throws(() => resolveRole(meta, 'anon'), /no anon\/publishable key/);
  });

  it('runs as a signed-in user only through the session seam', async () => {
    const c = await store.add({ name: 'P', url: 'https://a.co', keys: { anon: ANON_JWT } });
    await assert.rejects(pool.get(c.id, 'user'), /not available yet/);
    pool.setUserSessionProvider(async () => 'user-access-token');
    const r = await pool.get(c.id, 'user');
    assert.equal(r.role, 'user');
    assert.equal(made.at(-1)?.key, ANON_JWT);
    assert.equal(made.at(-1)?.options?.global?.headers?.Authorization, 'Bearer user-access-token');
    assert.equal(made.at(-1)?.options?.global?.headers?.['x-test'], '1');
  });
});
