/** Transport: proxies (explicit URL and HTTP(S)_PROXY), a custom fetch, streaming and timeouts. */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { createClient, Transport, isFetchError } from '../../../../src/core/index';

describe('lib/transport', () => {
  let target: http.Server;
  let targetUrl: string;
  let proxy: http.Server;
  let proxyAuths: Array<string | undefined> = [];
  let proxyUrl: string;
  let tunnels: string[] = [];
  let hits: string[] = [];

  before(async () => {
    target = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (req.url?.startsWith('/slow')) return setTimeout(() => res.end('late'), 2000).unref();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[{"ok":true}]');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    proxy = http.createServer((_req, res) => {
      res.writeHead(502);
      res.end('only CONNECT');
    });
    proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      tunnels.push(req.url!);
      proxyAuths.push(req.headers['proxy-authorization']);
      const [host, port] = req.url!.split(':');
      const upstream = net.connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    proxyAuths = [];
    tunnels = [];
    hits = [];
  });
  after(async () => {
    target.closeAllConnections();
    proxy.closeAllConnections();
    await new Promise((r) => target.close(r));
    await new Promise((r) => proxy.close(r));
  });

  it('goes through an explicit proxy URL (VS Code http.proxy)', async () => {
    const c = createClient(targetUrl, 'K', { transport: { proxy: proxyUrl } });
    const r = await c.from('t').select();
    assert.deepEqual(r.data, [{ ok: true }]);
    assert.deepEqual(tunnels, [new URL(targetUrl).host]);
    assert.deepEqual(hits, ['GET /rest/v1/t?select=* Bearer K']);
    await c.close();
  });

  it('sends VS Code\'s http.proxyAuthorization to the proxy as Proxy-Authorization', async () => {
    const c = createClient(targetUrl, 'K', { transport: { proxy: proxyUrl, proxyAuthorization: 'Basic dXNlcjpwdw==' } });
    assert.deepEqual((await c.from('t').select()).data, [{ ok: true }]);
    assert.deepEqual(proxyAuths, ['Basic dXNlcjpwdw==']);
    await c.close();
  });

  it('honours HTTP_PROXY through EnvHttpProxyAgent when asked', async () => {
    const saved = { ...process.env };
    try {
      for (const k of ['NO_PROXY', 'no_proxy', 'HTTPS_PROXY', 'https_proxy', 'http_proxy']) delete process.env[k];
      process.env.HTTP_PROXY = proxyUrl;
      const viaEnv = createClient(targetUrl, 'K', { transport: { useEnvProxy: true } });
      assert.equal((await viaEnv.from('t').select()).error, null);
      assert.equal(tunnels.length, 1);
      await viaEnv.close();
      const direct = createClient(targetUrl, 'K');
      assert.equal((await direct.from('t').select()).error, null);
      assert.equal(tunnels.length, 1, 'without useEnvProxy the environment is not used');
      await direct.close();
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });

  it('an unreachable proxy is a FetchError', async () => {
    const c = createClient(targetUrl, 'K', { transport: { proxy: 'http://127.0.0.1:9' }, db: { retry: false } });
    const r = await c.from('t').select();
    assert.ok(isFetchError(r.error));
    assert.equal(r.status, 0);
    await c.close();
  });

  it('global.fetch replaces the undici dispatcher (supabase-js option shape)', async () => {
    const calls: string[] = [];
    const f: typeof fetch = async (input, init) => {
      calls.push(`${init?.method} ${String(input)} ${new Headers(init?.headers).get('accept-profile')}`);
      return new Response('[{"via":"fetch"}]', { status: 200, headers: { 'content-range': '0-0/1' } });
    };
    const c = createClient('http://example.test', 'K', { global: { fetch: f } });
    const r = await c.from('t').select('*', { count: 'exact' });
    assert.deepEqual([r.data, r.count], [[{ via: 'fetch' }], 1]);
    assert.deepEqual(calls, ['GET http://example.test/rest/v1/t?select=* public']);
    const failing = createClient('http://example.test', 'K', { db: { retry: false }, global: { fetch: async () => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })) } });
    const e = await failing.from('t').select();
    assert.equal((e.error as any).kind, 'refused');
  });

  it('Transport.send: timeout, streaming body, header lookup', async () => {
    const t = new Transport({ timeoutMs: 100 });
    const origin = targetUrl;
    await assert.rejects(t.send({ method: 'GET', origin, path: '/slow', headers: {} }), (e: unknown) => isFetchError(e) && e.kind === 'timeout');
    const ok = await t.send({ method: 'GET', origin, path: '/x', headers: {}, timeoutMs: 0 });
    assert.equal(ok.header('content-type'), 'application/json');
    let text = '';
    for await (const c of ok.stream) text += c;
    assert.equal(text, '[{"ok":true}]');
    await t.close();
  });
});
