/**
 * Typed errors for non-2xx answers over a canned server: PostgREST's error JSON → PostgrestError
 * (kind 'postgrest'); anything else (proxy HTML, gateway JSON without a PostgREST code, empty or
 * text bodies) → HttpError (kind 'http'), which stays a PostgrestError for supabase-js style code.
 * Network failures stay FetchError.
 */
import assert from 'node:assert/strict';
import { startCaptureServer, type CaptureServer } from '../../../helpers/captureServer';
import {
  createClient,
  FetchError,
  HttpError,
  isFetchError,
  isHttpError,
  isPostgrestError,
  PostgrestError,
  type SupabaseClient,
} from '../../../../src/core/index';

const HTML_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center></body>\r\n</html>\r\n';

describe('typed HTTP errors: network vs HTTP vs PostgREST', () => {
  let server: CaptureServer;
  let client: SupabaseClient;
  before(async () => {
    server = await startCaptureServer();
    client = createClient(server.url, 'KEY', { db: { retry: false } });
  });
  afterEach(() => server.reset());
  after(async () => {
    await client.close();
    await server.close();
  });

  it('HTML 502 from a proxy → HttpError (kind http, status, raw body), still a PostgrestError', async () => {
    server.respondWith({ status: 502, headers: { 'content-type': 'text/html' }, body: HTML_502 });
    const r = await client.from('planets').select();
    assert.ok(isHttpError(r.error));
    assert.ok(r.error instanceof HttpError && r.error instanceof PostgrestError);
    assert.ok(isPostgrestError(r.error) && !isFetchError(r.error));
    assert.equal(r.error.name, 'HttpError');
    assert.equal(r.error.kind, 'http');
    assert.deepEqual([r.status, r.statusText, r.data, r.success], [502, 'Bad Gateway', null, false]);
    assert.deepEqual([r.error.status, r.error.statusText, r.error.code, r.error.details, r.error.hint], [502, 'Bad Gateway', '', null, null]);
    assert.equal(r.error.message, HTML_502); // postgrest-js reports the body text as message
    assert.equal(r.error.body, HTML_502);
    assert.equal(JSON.parse(JSON.stringify(r.error)).kind, 'http');
  });

  it('JSON 401 from the gateway without a PostgREST code → HttpError with the gateway message and hint', async () => {
    const body = '{"message":"Invalid API key","hint":"Double check your Supabase `anon` or `service_role` API key."}';
    server.respondWith({ status: 401, headers: { 'content-type': 'application/json' }, body });
    const r = await client.from('planets').select();
    assert.ok(isHttpError(r.error));
    assert.deepEqual([r.error.kind, r.error.status, r.error.statusText, r.error.code], ['http', 401, 'Unauthorized', '']);
    assert.equal(r.error.message, 'Invalid API key');
    assert.equal(r.error.hint, 'Double check your Supabase `anon` or `service_role` API key.');
    assert.equal(r.error.body, body);
    // auth-style and rate-limit bodies as well
    server.respondWith({ status: 429, body: '{"msg":"API rate limit exceeded"}' });
    const rl = await client.from('planets').select();
    assert.ok(isHttpError(rl.error));
    assert.deepEqual([rl.status, rl.error.message], [429, 'API rate limit exceeded']);
    server.respondWith({ status: 401, body: '{"code":401,"message":"Unauthorized"}' });
    const numeric = await client.from('planets').select();
    assert.ok(isHttpError(numeric.error));
    assert.equal(numeric.error.code, '401');
  });

  it('PostgREST 400 with a code → PostgrestError (kind postgrest), not an HttpError', async () => {
    const body = '{"code":"PGRST100","details":"unexpected \\"x\\" expecting \\"not\\" or operator","hint":null,"message":"\\"failed to parse filter (x)\\" (line 1, column 1)"}';
    server.respondWith({ status: 400, headers: { 'content-type': 'application/json; charset=utf-8' }, body });
    const r = await client.from('planets').select().filter('id', 'x', 1);
    assert.ok(isPostgrestError(r.error));
    assert.ok(r.error instanceof PostgrestError && !(r.error instanceof HttpError));
    assert.ok(!isHttpError(r.error));
    assert.deepEqual([r.error.name, r.error.kind, r.error.code, r.error.status, r.status], ['PostgrestError', 'postgrest', 'PGRST100', 400, 400]);
    assert.equal(r.error.details, 'unexpected "x" expecting "not" or operator');
    server.respondWith({ status: 409, body: '{"code":"23505","details":"Key (id)=(1) already exists.","hint":null,"message":"duplicate key"}' });
    const dup = await client.from('planets').insert({ id: 1 });
    assert.ok(isPostgrestError(dup.error) && !isHttpError(dup.error));
    assert.equal(dup.error.code, '23505');
  });

  it('empty, text and HEAD error bodies → HttpError; throwOnError rejects with the typed error', async () => {
    server.respondWith({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'upstream crashed' });
    const t = await client.from('planets').select();
    assert.ok(isHttpError(t.error));
    assert.deepEqual([t.error.message, t.error.status], ['upstream crashed', 500]);
    server.respondWith({ status: 401, body: '' });
    const h = await client.from('planets').select('*', { head: true });
    assert.ok(isHttpError(h.error));
    assert.deepEqual([h.status, h.error.message], [401, '']);
    server.respondWith({ status: 503, body: '"maintenance"' });
    const s = await client.from('planets').select();
    assert.ok(isHttpError(s.error));
    assert.equal(s.error.message, 'maintenance');
    server.respondWith({ status: 502, headers: { 'content-type': 'text/html' }, body: HTML_502 });
    await assert.rejects(async () => void (await client.from('planets').select().throwOnError()), (e: unknown) => isHttpError(e) && e.status === 502);
    server.respondWith({ status: 400, body: '{"code":"22P02","details":null,"hint":null,"message":"invalid input syntax for type bigint"}' });
    await assert.rejects(async () => void (await client.from('planets').select().eq('id', 'x').throwOnError()), (e: unknown) => isPostgrestError(e) && !isHttpError(e) && e.code === '22P02');
  });

  it('getOpenApiSpec(): gateway refusal → HttpError, PostgREST refusal → PostgrestError', async () => {
    server.respondWith({ status: 401, body: '{"message":"Invalid API key"}' });
    const g = await client.getOpenApiSpec();
    assert.ok(isHttpError(g.error));
    server.respondWith({ status: 403, body: '{"code":"42501","details":null,"hint":null,"message":"permission denied for schema public"}' });
    const p = await client.getOpenApiSpec();
    assert.ok(isPostgrestError(p.error) && !isHttpError(p.error));
  });

  it('no HTTP answer at all → FetchError (network), neither kind', async () => {
    await server.close();
    const offline = createClient(server.url, 'KEY', { db: { retry: false } });
    const down = await offline.from('planets').select();
    assert.ok(isFetchError(down.error) && down.error instanceof FetchError);
    assert.ok(!isPostgrestError(down.error));
    await offline.close();
    server = await startCaptureServer();
  });
});
