import assert from 'node:assert/strict';
import { createClient, isCoreError, compile } from '../../../src/core/index';

describe('createClient', () => {
  it('validates URL and key with typed errors (as supabase-js, at construction)', () => {
    for (const bad of ['', '   ', 'ftp://x', 'http://']) {
      assert.throws(() => createClient(bad, 'k'), (e: unknown) => isCoreError(e) && e.code === 'CORE_INVALID_URL', bad);
    }
    assert.throws(() => createClient('http://x', ''), (e: unknown) => isCoreError(e) && e.code === 'CORE_MISSING_KEY');
    assert.throws(() => createClient('http://x', 'k').from(''), (e: unknown) => isCoreError(e) && e.code === 'CORE_INVALID_RELATION');
  });

  it('derives service URLs from the project URL (with or without path / trailing slash)', () => {
    const c = createClient('https://abc.supabase.co', 'k');
    assert.equal(c.restUrl, 'https://abc.supabase.co/rest/v1');
    assert.equal(c.authUrl, 'https://abc.supabase.co/auth/v1');
    assert.equal(c.storageUrl, 'https://abc.supabase.co/storage/v1');
    assert.equal(c.functionsUrl, 'https://abc.supabase.co/functions/v1');
    assert.equal(c.realtimeUrl, 'wss://abc.supabase.co/realtime/v1');
    const p = createClient('http://h:8000/base/', 'k');
    assert.equal(p.from('t').select().toRequest().url, 'http://h:8000/base/rest/v1/t?select=*');
  });

  it('records a non-default schema in descriptions; fromDescription/compile reproduce it', () => {
    const c = createClient('http://h', 'k', { db: { schema: 'api' } });
    const plain = c.from('t').select().toDescription();
    assert.equal(plain.schema, undefined);
    assert.equal(c.from('t').select().toRequest().headers['accept-profile'], 'api');
    const other = c.schema('private').table('t').select().toDescription();
    assert.equal(other.schema, 'private');
    assert.equal(c.rest.fromDescription(other).toRequest().headers['accept-profile'], 'private');
    assert.equal(compile(other, { restUrl: 'http://h/rest/v1' }).headers['accept-profile'], 'private');
    assert.equal(compile(plain, { restUrl: 'http://h/rest/v1' }).headers['accept-profile'], 'public');
  });

  it('descriptions are frozen snapshots: later calls do not change them', () => {
    const c = createClient('http://h', 'k');
    const b = c.from('t').select().eq('a', 1);
    const d1 = b.toDescription();
    b.limit(3);
    assert.equal(d1.steps.length, 1);
    assert.throws(() => (d1.steps as unknown[]).push({}));
    assert.equal(b.toDescription().steps.length, 2);
  });

  it('caller Authorization/apikey in global headers win over the key', () => {
    const c = createClient('http://h', 'k', { global: { headers: { Authorization: 'Bearer mine', apikey: 'other' } } });
    const h = c.from('t').select().toRequest().headers;
    assert.equal(h.authorization, 'Bearer mine');
    assert.equal(h.apikey, 'other');
    c.authHeaders.setSessionToken('session');
    assert.equal(c.from('t').select().toRequest().headers.authorization, 'Bearer mine');
    const s = createClient('http://h', 'k').from('t').select().setHeader('Authorization', 'Bearer x').toRequest();
    assert.equal(s.headers.authorization, 'Bearer x');
  });
});
