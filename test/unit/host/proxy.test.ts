import assert from 'node:assert/strict';
import { isLoopback, proxyFor } from '../../../src/connections/proxy';

describe('host/proxy proxyFor()', () => {
  const none = { noProxy: [], envProxy: false };

  it("uses VS Code's http.proxy, else the environment, else nothing", () => {
    assert.deepEqual(proxyFor('https://abc.supabase.co', { ...none, httpProxy: 'http://proxy:3128' }), { proxy: 'http://proxy:3128' });
    assert.deepEqual(proxyFor('https://abc.supabase.co', { ...none, envProxy: true }), { useEnvProxy: true });
    assert.deepEqual(proxyFor('https://abc.supabase.co', none), {});
  });

  it('never proxies loopback hosts', () => {
    for (const u of ['http://127.0.0.1:54321', 'http://localhost:1', 'http://[::1]:2', 'http://api.localhost']) {
      assert.deepEqual(proxyFor(u, { ...none, httpProxy: 'http://proxy:3128' }), {}, u);
    }
    assert.equal(isLoopback('10.0.0.1'), false);
  });

  it('honours noProxy rules: exact, suffix, wildcard, port, *', () => {
    const p = (rule: string, url = 'https://db.example.com') => proxyFor(url, { noProxy: [rule], envProxy: false, httpProxy: 'http://p:1' });
    assert.deepEqual(p('db.example.com'), {});
    assert.deepEqual(p('.example.com'), {});
    assert.deepEqual(p('*.example.com'), {});
    assert.deepEqual(p('example.com'), { proxy: 'http://p:1' });
    assert.deepEqual(p('db.example.com:443'), {});
    assert.deepEqual(p('db.example.com:8443'), { proxy: 'http://p:1' });
    assert.deepEqual(p('*'), {});
    assert.deepEqual(proxyFor('not a url', { noProxy: [], envProxy: true }), {});
  });

  it('http.proxySupport off uses no proxy; proxyAuthorization and proxyStrictSSL travel with the proxy', () => {
    assert.deepEqual(proxyFor('https://abc.supabase.co', { ...none, httpProxy: 'http://proxy:3128', support: 'off' }), {});
    assert.deepEqual(proxyFor('https://abc.supabase.co', { ...none, envProxy: true, support: 'off' }), {});
    assert.deepEqual(
      proxyFor('https://abc.supabase.co', { ...none, httpProxy: 'http://proxy:3128', support: 'override', strictSSL: false, authorization: ' Basic dTpw ' }),
      { proxy: 'http://proxy:3128', proxyAuthorization: 'Basic dTpw', proxyStrictSSL: false },
    );
    assert.deepEqual(proxyFor('https://abc.supabase.co', { ...none, envProxy: true, strictSSL: true }), { useEnvProxy: true });
    // No proxy in use: the extras do not matter.
    assert.deepEqual(proxyFor('http://127.0.0.1:1', { ...none, httpProxy: 'http://p:1', authorization: 'Basic x' }), {});
  });
});
