import { strict as assert } from 'node:assert';
import { request } from 'undici';
import { startCaptureServer, type CapturedRequest } from '../../helpers/captureServer';
import { assertSameWire, assertWire, toWire } from './harness';

/** The referee's referee: the capture server records faithfully and the comparison can fail. */
describe('differential harness', () => {
  it('the capture server records method, raw target, headers and body bytes', async () => {
    const s = await startCaptureServer();
    try {
      const res = await request(`${s.url}/rest/v1/my%20t?a=eq.x%2Cy&b=+%2B&a=1`, {
        method: 'PATCH',
        headers: { 'X-Mixed-Case': 'V', 'content-type': 'application/json' },
        body: Buffer.from([0x7b, 0xc3, 0xa9, 0x7d]),
      });
      assert.equal(res.statusCode, 200);
      assert.equal(await res.body.text(), '[]');
      assert.equal(res.headers['content-range'], '*/*');
      const r = s.last();
      assert.equal(r.method, 'PATCH');
      assert.equal(r.path, '/rest/v1/my%20t');
      assert.equal(r.query, 'a=eq.x%2Cy&b=+%2B&a=1');
      assert.equal(r.headers['x-mixed-case'], 'V');
      assert.ok(r.rawHeaders.includes('X-Mixed-Case'));
      assert.deepEqual([...r.body], [0x7b, 0xc3, 0xa9, 0x7d]);

      s.respondWith((req) => ({ status: req.index === 1 ? 503 : 201, headers: { 'x-n': String(req.index) }, body: 'x' }));
      const head = await request(`${s.url}/h`, { method: 'HEAD' });
      assert.equal(head.statusCode, 503);
      assert.equal(await head.body.text(), '');
      const again = await request(`${s.url}/h`);
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['x-n'], '2');
      assert.equal(await again.body.text(), 'x');
      assert.equal((await s.waitForRequests(3)).length, 3);
      await assert.rejects(s.waitForRequests(4, 50), /expected 4 requests, got 3/);
      s.reset();
      assert.equal(s.requests.length, 0);
      assert.throws(() => s.last(), /no request/);
    } finally {
      await s.close();
    }
  });

  const base: CapturedRequest = {
    method: 'GET',
    path: '/rest/v1/t',
    query: 'select=*',
    target: '/rest/v1/t?select=*',
    headers: { apikey: 'k', 'accept-profile': 'public', 'x-client-info': 'supabase-js-node/2.119.0; runtime=node; runtime-version=20.20.2', host: 'a' },
    rawHeaders: [],
    body: Buffer.alloc(0),
    index: 0,
  };
  const vary = (patch: Partial<CapturedRequest>, headers: Record<string, string> = {}): CapturedRequest => ({
    ...base,
    ...patch,
    headers: { ...base.headers, ...headers },
  });

  it('equal requests pass; transport headers and a missing Accept do not matter', () => {
    assertSameWire(vary({}, { host: 'b', 'user-agent': 'undici', accept: '*/*' }), base, 'same');
  });

  it('every compared part is caught', () => {
    for (const [what, other] of [
      ['method', vary({ method: 'HEAD' })],
      ['path', vary({ path: '/rest/v1/T' })],
      ['query', vary({ query: 'select=%2A' })],
      ['body', vary({ body: Buffer.from('{}') })],
      ['header value', vary({}, { apikey: 'K' })],
      ['extra header', vary({}, { prefer: 'count=exact' })],
      ['accept', vary({}, { accept: 'application/json' })],
      ['x-client-info shape', vary({}, { 'x-client-info': 'whatever' })],
    ] as const) {
      assert.throws(() => assertSameWire(other, base, what), assert.AssertionError, what);
    }
    assert.throws(() => assertSameWire(base, base, 'set by caller', 'mylib/1.0.0'), assert.AssertionError);
    assert.throws(() => assertWire(base, { headers: { apikey: null } }, 'absent'), assert.AssertionError);
    assert.equal(toWire(base).headers.accept, '*/*');
  });
});
