import assert from 'node:assert/strict';
import { ConnectionStore, secretKeyName, STATE_KEY } from '../../../src/connections/ConnectionStore';
import { ANON_JWT, FakeSecrets, FakeState, SERVICE_JWT } from './fakes';

describe('host/connections ConnectionStore', () => {
  let state: FakeState;
  let secrets: FakeSecrets;
  let store: ConnectionStore;
  beforeEach(() => {
    state = new FakeState();
    secrets = new FakeSecrets();
    store = new ConnectionStore(state, secrets);
  });

  it('keeps keys only in secret storage, metadata in state', async () => {
    const c = await store.add({ name: 'Local', url: 'http://127.0.0.1:54321/', keys: { anon: ANON_JWT, service_role: 'sb_secret_abc' } });
    assert.equal(c.url, 'http://127.0.0.1:54321');
    assert.deepEqual(c.keys, { anon: { format: 'jwt' }, service_role: { format: 'secret' } });
    const stateText = JSON.stringify([...state.data.values()]);
    assert.ok(!stateText.includes(ANON_JWT) && !stateText.includes('sb_secret_abc'), stateText);
    assert.equal(secrets.data.get(secretKeyName(c.id, 'anon')), ANON_JWT);
    assert.equal(await store.getKey(c.id, 'service_role'), 'sb_secret_abc');
    assert.ok(state.data.has(STATE_KEY));
  });

  it('files each key under the role the key declares', async () => {
    const c = await store.add({ name: 'x', url: 'https://a.co', keys: { anon: SERVICE_JWT } });
    assert.deepEqual(Object.keys(c.keys), ['service_role']);
    assert.equal(c.runAs, 'service_role');
    await assert.rejects(store.add({ name: 'y', url: 'https://a.co', keys: { anon: 'garbage' } }), /not a Supabase API key/);
    await assert.rejects(store.add({ name: 'y', url: 'https://a.co', keys: {} }), /at least one API key/);
  });

  it('lists several projects side by side; the first becomes active; names stay unique', async () => {
    const a = await store.add({ name: 'P', url: 'https://a.co', keys: { anon: ANON_JWT } });
    const b = await store.add({ name: 'P', url: 'https://b.co', keys: { anon: ANON_JWT } });
    assert.deepEqual(store.list().map((c) => c.name), ['P', 'P (2)']);
    assert.equal(store.active()?.id, a.id);
    await store.setActive(b.id);
    assert.equal(store.active()?.id, b.id);
    assert.equal(store.findByUrl('https://b.co/')?.id, b.id);
  });

  it('renames, toggles read-only, switches run-as, replaces keys and notifies', async () => {
    let changes = 0;
    store.onDidChange(() => changes++);
    const c = await store.add({ name: 'P', url: 'https://a.co', keys: { anon: ANON_JWT } });
    await store.rename(c.id, '  New name ');
    await store.setReadOnly(c.id, true);
    await assert.rejects(store.setRunAs(c.id, 'service_role'), /no service_role\/secret key/);
    assert.equal(await store.setKey(c.id, 'sb_secret_new'), 'service_role');
    await store.setRunAs(c.id, 'service_role');
    const got = store.require(c.id);
    assert.equal(got.name, 'New name');
    assert.equal(got.readOnly, true);
    assert.equal(got.runAs, 'service_role');
    assert.deepEqual(got.keys.service_role, { format: 'secret' });
    assert.equal(changes, 5); // add, rename, read-only, key, run-as (the refused run-as changes nothing)
    await assert.rejects(store.rename(c.id, '  '), /cannot be empty/);
  });

  it('remove deletes the keys and moves the active project', async () => {
    const a = await store.add({ name: 'A', url: 'https://a.co', keys: { anon: ANON_JWT, service_role: SERVICE_JWT } });
    const b = await store.add({ name: 'B', url: 'https://b.co', keys: { anon: ANON_JWT } });
    await store.remove(a.id);
    assert.equal(secrets.data.has(secretKeyName(a.id, 'anon')), false);
    assert.equal(secrets.data.has(secretKeyName(a.id, 'service_role')), false);
    assert.equal(secrets.data.has(secretKeyName(b.id, 'anon')), true);
    assert.equal(store.active()?.id, b.id);
    await assert.rejects(store.remove(a.id), /No saved project/);
  });

  it('ignores unknown stored shapes instead of crashing', () => {
    state.data.set(STATE_KEY, { v: 99, whatever: true });
    assert.deepEqual(store.list(), []);
    assert.equal(store.active(), undefined);
  });
});
