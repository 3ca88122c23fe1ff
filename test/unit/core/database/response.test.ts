/**
 * The whole round trip over a canned local HTTP server: response handling (protocol §1.8, R1…R27),
 * retries (C56), typed errors for network failures, malformed bodies, aborts and timeouts, and
 * the unfiltered-write refusal.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createClient,
  isCoreError,
  isFetchError,
  isInvalidQueryError,
  isPostgrestError,
  isResponseParseError,
  isHttpError,
  HttpError,
  isLosslessNumber,
  PostgrestError,
  type SupabaseClient,
} from '../../../../src/core/index';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string; hang?: boolean };

describe('core round trip against a canned server', () => {
  let server: http.Server;
  let base: string;
  let seen: Seen[] = [];
  let replies: Reply[] = [];
  let client: SupabaseClient;
  const held: http.ServerResponse[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        const r = replies.length > 1 ? replies.shift()! : (replies[0] ?? { status: 200, body: '[]' });
        if (r.hang) {
          held.push(res);
          return;
        }
        res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) });
        res.end(req.method === 'HEAD' ? undefined : (r.body ?? ''));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = createClient(base, 'KEY');
  });
  beforeEach(() => {
    seen = [];
    replies = [];
  });
  after(async () => {
    for (const r of held) r.destroy();
    await client.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('sends the compiled request on the wire (method, path, headers, body)', async () => {
    replies = [{ status: 201, body: '[{"id":1,"name":"A"}]' }];
    const r = await client.from('t').insert({ name: 'A' }).select('id').single();
    assert.equal(seen.length, 1);
    const s = seen[0]!;
    assert.equal(s.method, 'POST');
    assert.equal(s.url, '/rest/v1/t?select=id');
    assert.equal(s.headers.apikey, 'KEY');
    assert.equal(s.headers.authorization, 'Bearer KEY');
    assert.equal(s.headers['content-profile'], 'public');
    assert.equal(s.headers['content-type'], 'application/json');
    assert.equal(s.headers.accept, 'application/vnd.pgrst.object+json');
    assert.equal(s.headers.prefer, 'return=representation');
    assert.equal(s.body, '{"name":"A"}');
    assert.equal(r.status, 201);
    assert.equal(r.statusText, 'Created');
  });

  it('R1/R3/R4/R5: count from Content-Range only when requested', async () => {
    replies = [{ status: 200, headers: { 'content-range': '0-0/100' }, body: '[{"id":1}]' }];
    assert.equal((await client.from('t').select('*', { count: 'exact' })).count, 100);
    replies = [{ status: 206, headers: { 'content-range': '0-9/57' }, body: '[]' }];
    const r3 = await client.from('t').select('*', { count: 'exact' }).range(0, 9);
    assert.deepEqual([r3.status, r3.statusText, r3.count], [206, 'Partial Content', 57]);
    replies = [{ status: 200, headers: { 'content-range': '0-9/*' }, body: '[]' }];
    assert.ok(Number.isNaN((await client.from('t').select('*', { count: 'exact' })).count));
    replies = [{ status: 200, headers: { 'content-range': '0-0/5' }, body: '[]' }];
    assert.equal((await client.from('t').select()).count, null);
  });

  it('R2: HEAD → data null, count from header', async () => {
    replies = [{ status: 200, headers: { 'content-range': '*/42' } }];
    const r = await client.from('t').select('*', { count: 'planned', head: true });
    assert.equal(seen[0]!.method, 'HEAD');
    assert.deepEqual([r.data, r.count, r.error], [null, 42, null]);
  });

  it('R6/R7: empty body → null; malformed JSON → ResponseParseError, no throw', async () => {
    replies = [{ status: 200, body: '' }];
    assert.equal((await client.from('t').select()).data, null);
    replies = [{ status: 200, headers: { 'content-type': 'text/plain' }, body: 'not json' }];
    const r = await client.from('t').select();
    assert.equal(r.data, null);
    assert.equal(r.status, 200);
    assert.ok(isResponseParseError(r.error));
    assert.equal(r.error!.message, 'not json');
    assert.equal(r.success, false);
  });

  it('R8/R12: error bodies become PostgrestError with the server fields', async () => {
    replies = [{ status: 409, body: '{"code":"23505","details":"Key (id)=(1) already exists.","hint":null,"message":"duplicate key value violates unique constraint \\"t_pkey\\""}' }];
    const r = await client.from('t').insert({ id: 1 });
    assert.ok(isPostgrestError(r.error));
    assert.ok(r.error instanceof PostgrestError);
    assert.equal(r.error.code, '23505');
    assert.equal((r.error as PostgrestError).details, 'Key (id)=(1) already exists.');
    assert.equal((r.error as PostgrestError).hint, null);
    assert.deepEqual([r.status, r.statusText], [409, 'Conflict']);
    assert.deepEqual(JSON.parse(JSON.stringify(r.error)), {
      name: 'PostgrestError',
      message: 'duplicate key value violates unique constraint "t_pkey"',
      details: 'Key (id)=(1) already exists.',
      hint: null,
      code: '23505',
      status: 409,
      kind: 'postgrest',
    });
    assert.ok(!isHttpError(r.error));
  });

  it('R9/R10/R23: 404 [] → data [] 200; 404 empty → 204; HEAD 404 → 204', async () => {
    replies = [{ status: 404, body: '[]' }];
    const r9 = await client.from('t').select();
    assert.deepEqual([r9.data, r9.error, r9.status, r9.statusText], [[], null, 200, 'OK']);
    replies = [{ status: 404, body: '' }];
    const r10 = await client.from('t').select();
    assert.deepEqual([r10.error, r10.status, r10.statusText], [null, 204, 'No Content']);
    replies = [{ status: 404 }];
    const r23 = await client.from('nope').select('*', { head: true });
    assert.deepEqual([r23.error, r23.status], [null, 204]);
  });

  it('R11/R24: non-JSON error bodies and wrong key (401 from the gateway) are typed errors', async () => {
    replies = [{ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>x</html>' }];
    const r = await client.from('t').select();
    assert.ok(isPostgrestError(r.error));
    assert.equal(r.error!.message, '<html>x</html>');
    replies = [{ status: 401, body: '{"message":"Invalid API key","hint":"Double check your Supabase `anon` or `service_role` API key."}' }];
    const r2 = await createClient(base, 'wrong').from('t').select();
    assert.equal(r2.status, 401);
    assert.equal(r2.error!.message, 'Invalid API key');
    replies = [{ status: 401 }];
    const r24 = await client.from('t').select('*', { head: true });
    assert.deepEqual([r24.status, r24.error!.message], [401, '']);
  });

  it('R13: throwOnError() rejects with PostgrestError', async () => {
    replies = [{ status: 400, body: '{"code":"PGRST100","details":"x","hint":null,"message":"failed to parse filter"}' }];
    await assert.rejects(async () => void (await client.from('t').select().throwOnError()), (e: unknown) => isPostgrestError(e) && (e as PostgrestError).code === 'PGRST100');
  });

  it('C56/R14: GET retried on 503 with X-Retry-Count 1..3, honouring Retry-After', async () => {
    replies = [{ status: 503, headers: { 'retry-after': '0' }, body: '' }];
    const r = await client.from('t').select();
    assert.equal(seen.length, 4);
    assert.deepEqual(
      seen.map((s) => s.headers['x-retry-count']),
      [undefined, '1', '2', '3'],
    );
    assert.equal(r.status, 503);
    assert.equal(r.error!.message, '');
  });

  it('retry succeeds after a 520; retry(false) and writes are not retried (R15)', async () => {
    replies = [{ status: 520, headers: { 'retry-after': '0' } }, { status: 200, body: '[{"a":1}]' }];
    const r = await client.from('t').select();
    assert.deepEqual(r.data, [{ a: 1 }]);
    assert.equal(seen.length, 2);
    seen = [];
    replies = [{ status: 503, headers: { 'retry-after': '0' } }];
    await client.from('t').insert({ a: 1 });
    assert.equal(seen.length, 1);
    seen = [];
    await client.from('t').select().retry(false);
    assert.equal(seen.length, 1);
  });

  it('R16–R19: maybeSingle semantics', async () => {
    replies = [{ status: 200, body: '[]' }];
    assert.deepEqual(Object.values(await client.from('t').select().maybeSingle()).slice(0, 3), [true, null, null]);
    replies = [{ status: 200, body: '[{"id":1},{"id":2}]' }];
    const r17 = await client.from('t').select().maybeSingle();
    assert.equal(r17.error!.code, 'PGRST116');
    assert.equal((r17.error as PostgrestError).details, 'Results contain 2 rows, application/vnd.pgrst.object+json requires 1 row');
    assert.deepEqual([r17.status, r17.statusText, r17.data], [406, 'Not Acceptable', null]);
    replies = [{ status: 406, body: '{"code":"PGRST116","details":"The result contains 0 rows","hint":null,"message":"Cannot coerce the result to a single JSON object"}' }];
    const r18 = await client.from('t').select().maybeSingle();
    assert.equal(r18.status, 406);
    assert.equal(r18.error!.code, 'PGRST116');
    replies = [{ status: 201, body: '[{"a":1}]' }];
    const r19 = await client.from('t').insert({ a: 1 }).select().maybeSingle();
    assert.deepEqual([r19.data, r19.status], [{ a: 1 }, 201]);
  });

  it('R20–R22, R25: single null, csv and explain text, 204', async () => {
    replies = [{ status: 200, body: 'null' }];
    assert.deepEqual([(await client.from('t').select().single()).data], [null]);
    replies = [{ status: 200, headers: { 'content-type': 'text/csv' }, body: 'id,name\n1,"a,b"' }];
    assert.equal((await client.from('t').select().csv()).data, 'id,name\n1,"a,b"');
    replies = [{ status: 200, body: 'Seq Scan on t' }];
    assert.equal((await client.from('t').select().explain()).data, 'Seq Scan on t');
    replies = [{ status: 200, body: '[{"Plan":{}}]' }];
    assert.deepEqual((await client.from('t').select().explain({ format: 'json' })).data, [{ Plan: {} }]);
    replies = [{ status: 204 }];
    const r25 = await client.rpc('void_fn');
    assert.deepEqual([r25.data, r25.error, r25.status], [null, null, 204]);
  });

  it('lossless numbers: per query and per client', async () => {
    replies = [{ status: 200, body: '[{"id":9007199254740993,"n":1.5,"s":"9007199254740993","d":0.12345678901234567890}]' }];
    const r = await client.from('t').select().losslessNumbers();
    const row = (r.data as Record<string, unknown>[])[0]!;
    assert.ok(isLosslessNumber(row.id));
    assert.equal(String(row.id), '9007199254740993');
    assert.equal(row.n, 1.5);
    assert.equal(row.s, '9007199254740993');
    assert.ok(isLosslessNumber(row.d));
    const plain = await client.from('t').select();
    assert.equal((plain.data as Record<string, unknown>[])[0]!.id, 9007199254740992);
    const lc = createClient(base, 'KEY', { db: { losslessNumbers: true } });
    const r2 = await lc.from('t').select();
    assert.ok(isLosslessNumber((r2.data as Record<string, unknown>[])[0]!.id));
    await lc.close();
  });

  it('update/delete without a filter: refused, nothing sent, typed error (and thrown with throwOnError)', async () => {
    const r = await client.from('t').update({ a: 1 });
    assert.equal(seen.length, 0);
    assert.ok(isInvalidQueryError(r.error));
    assert.equal(r.error!.code, 'CORE_UNFILTERED_WRITE');
    assert.match(r.error!.message, /update\(\) without any filter/);
    const d = await client.from('t').delete().select();
    assert.equal(d.error!.code, 'CORE_UNFILTERED_WRITE');
    const m = await client.from('t').delete().match({});
    assert.equal(m.error!.code, 'CORE_UNFILTERED_WRITE');
    await assert.rejects(async () => void (await client.from('t').delete().throwOnError()), (e: unknown) => isInvalidQueryError(e));
    assert.equal(seen.length, 0);
    replies = [{ status: 204 }];
    const ok = await client.from('t').delete().eq('id', 1);
    assert.equal(ok.error, null);
    assert.equal(seen.length, 1);
  });

  it('update/delete filtered only on an embedded resource: refused, nothing sent', async () => {
    const d = await client.from('planets').delete().eq('foo.id', 1);
    assert.ok(isInvalidQueryError(d.error));
    assert.equal(d.error!.code, 'CORE_UNFILTERED_WRITE');
    assert.match(d.error!.message, /delete\(\) without a filter on "planets" itself/);
    const u = await client.from('planets').update({ name: 'x' }).or('id.eq.1', { referencedTable: 'foo' }).select('*, foo(*)');
    assert.equal(u.error!.code, 'CORE_UNFILTERED_WRITE');
    const viaDescription = await client.rest.fromDescription({ v: 1, target: { kind: 'table', name: 'planets' }, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'eq', column: 'foo.id', value: 1 }] });
    assert.equal(viaDescription.error!.code, 'CORE_UNFILTERED_WRITE');
    assert.match(viaDescription.error!.message, /without a filter on "planets" itself/);
    await assert.rejects(async () => void (await client.from('planets').delete().eq('foo.id', 1).throwOnError()), (e: unknown) => isInvalidQueryError(e));
    assert.equal(seen.length, 0);
    replies = [{ status: 204 }];
    const json = await client.from('planets').delete().eq('data->>a', 'x');
    assert.equal(json.error, null);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.url, '/rest/v1/planets?data-%3E%3Ea=eq.x');
  });

  it('getOpenApiSpec(): GET /rest/v1/ with the schema profile; 403 → PostgrestError', async () => {
    replies = [{ status: 200, headers: { 'content-type': 'application/openapi+json' }, body: '{"swagger":"2.0","paths":{}}' }];
    const r = await client.getOpenApiSpec();
    assert.equal(seen[0]!.url, '/rest/v1/');
    assert.equal(seen[0]!.headers.accept, 'application/openapi+json');
    assert.equal(seen[0]!.headers['accept-profile'], 'public');
    assert.equal(r.data!.swagger, '2.0');
    await client.schema('api').getOpenApiSpec();
    assert.equal(seen[1]!.headers['accept-profile'], 'api');
    replies = [{ status: 403, body: '{"message":"secret key required","code":"42501","details":null,"hint":null}' }];
    const f = await client.getOpenApiSpec();
    assert.ok(isPostgrestError(f.error));
    assert.deepEqual([f.status, f.error!.message], [403, 'secret key required']);
    replies = [{ status: 200, body: '<html>proxy</html>' }];
    const g = await client.getOpenApiSpec();
    assert.ok(isResponseParseError(g.error));
    seen = [];
    replies = [{ status: 503, headers: { 'retry-after': '0' } }, { status: 200, body: '{"swagger":"2.0"}' }];
    const h = await client.getOpenApiSpec();
    assert.equal(h.error, null);
    assert.deepEqual(seen.map((x) => x.headers['x-retry-count']), [undefined, '1']);
  });

  it('fromDescription(): round trip of toDescription(); invalid input resolves with issues', async () => {
    const b = client.from('t').select('id').eq('id', 1).order('id').limit(2);
    const d = b.toDescription();
    assert.ok(Object.isFrozen(d) && Object.isFrozen(d.steps));
    assert.equal(client.rest.fromDescription(d).toRequest().path, b.toRequest().path);
    replies = [{ status: 200, body: '[{"id":1}]' }];
    const r = await client.rest.fromDescription(d);
    assert.deepEqual(r.data, [{ id: 1 }]);
    seen = [];
    const bad = await client.rest.fromDescription({ v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'select' }, steps: [{ kind: 'limit', count: -1 }] });
    assert.ok(isInvalidQueryError(bad.error));
    assert.deepEqual((bad.error as any).issues[0].path, ['steps', 0, 'count']);
    const unf = await client.rest.fromDescription({ v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'delete' }, steps: [] });
    assert.equal(unf.error!.code, 'CORE_UNFILTERED_WRITE');
    assert.equal(seen.length, 0);
  });

  it('aborted and timed-out requests resolve with FetchError (status 0); pre-aborted sends nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await client.from('t').select().abortSignal(ac.signal);
    assert.ok(isFetchError(r.error));
    assert.equal((r.error as any).kind, 'aborted');
    assert.deepEqual([r.status, r.statusText], [0, '']);
    assert.equal(seen.length, 0);

    replies = [{ status: 200, hang: true }];
    const ac2 = new AbortController();
    const p = Promise.resolve(client.from('t').select().abortSignal(ac2.signal));
    const waitFor = async (cond: () => boolean) => {
      for (let i = 0; i < 200 && !cond(); i++) await new Promise((res) => setImmediate(res));
      while (!cond()) await new Promise((res) => setTimeout(res, 5));
    };
    await waitFor(() => seen.length === 1);
    ac2.abort();
    const r2 = await p;
    assert.equal((r2.error as any).kind, 'aborted');
    assert.equal(r2.error!.hint, 'Request was aborted (timeout or manual cancellation)');

    const tc = createClient(base, 'KEY', { db: { timeout: 50 } });
    const r3 = await tc.from('t').select();
    assert.equal((r3.error as any).kind, 'timeout');
    assert.equal(r3.status, 0);
    const long = await tc.from('t').select().in('id', Array.from({ length: 2000 }, (_, i) => i));
    assert.match(long.error!.hint as string, /Your request URL is \d+ characters/);
    await tc.close();
  });

  it('unreachable host and refused connection → FetchError with cause, never a throw', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = createClient(`http://127.0.0.1:${port}`, 'KEY', { db: { retry: false } });
    const r = await c.from('t').select();
    assert.ok(isFetchError(r.error) && isCoreError(r.error));
    assert.equal((r.error as any).kind, 'refused');
    assert.equal(r.error!.code, 'ECONNREFUSED');
    assert.ok((r.error as any).cause);
    await assert.rejects(async () => void (await c.from('t').insert({ a: 1 }).throwOnError()), (e: unknown) => isFetchError(e));
    await c.close();
    const dns = createClient('http://no-such-host.invalid', 'KEY', { db: { retry: false } });
    const r2 = await dns.from('t').select();
    assert.equal((r2.error as any).kind, 'dns');
    await dns.close();
  });

  it('accessToken callback and session token replace Authorization', async () => {
    let token: string | null = 'tok-1';
    const c = createClient(base, 'KEY', { accessToken: async () => token });
    await c.from('t').select();
    token = 'tok-2';
    await c.from('t').select();
    assert.deepEqual(
      seen.map((s) => s.headers.authorization),
      ['Bearer tok-1', 'Bearer tok-2'],
    );
    const s = createClient(base, 'KEY');
    s.authHeaders.setSessionToken('session-jwt');
    await s.from('t').select();
    assert.equal(seen[2]!.headers.authorization, 'Bearer session-jwt');
    assert.equal(seen[2]!.headers.apikey, 'KEY');
    s.authHeaders.setSessionToken(null);
    await s.from('t').select();
    assert.equal(seen[3]!.headers.authorization, 'Bearer KEY');
    await c.close();
    await s.close();
  });

  it('stream(): hands back the unread body', async () => {
    replies = [{ status: 200, headers: { 'content-type': 'text/csv' }, body: 'a\n1\n2' }];
    const s = await client.from('t').select().csv().stream();
    assert.equal(s.status, 200);
    let text = '';
    for await (const chunk of s.response.stream) text += chunk;
    assert.equal(text, 'a\n1\n2');
  });
});
