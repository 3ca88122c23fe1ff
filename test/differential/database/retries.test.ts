import { strict as assert } from 'node:assert';
import type { CannedResponse, CapturedRequest } from '../../helpers/captureServer';
import { useCaptureServer } from '../../helpers/captureServer';
import { captureRun, makeCore, makeSupabaseJs, runDiffCases, toWire, type DiffCase } from './harness';

/**
 * Retries (protocol doc §1.6, C56, R14, R15): GET/HEAD answered 503/520 are retried up to 3 times
 * with `X-Retry-Count: 1..3`, waiting `Retry-After` seconds (or 1 s, 2 s, 4 s); writes never are.
 * `Retry-After: 0` keeps the runs fast; one case checks the default 1 s wait on both clients.
 */

/** Answers `status` to the first `failures` requests, then `[]`. */
function failing(failures: number, status: number, retryAfter: string | null = '0') {
  return (req: CapturedRequest): CannedResponse =>
    req.index < failures
      ? { status, headers: retryAfter === null ? {} : { 'retry-after': retryAfter }, body: '' }
      : { status: 200, headers: { 'content-type': 'application/json', 'content-range': '*/*' }, body: '[]' };
}

const cases: DiffCase[] = [
  { name: 'C56 GET answered 503 four times: 4 attempts, X-Retry-Count 1..3', build: (sb) => sb.from('t').select(), response: failing(4, 503), allRequests: true },
  { name: 'GET answered 503 once then 200: 2 attempts', build: (sb) => sb.from('t').select().eq('a', 1), response: failing(1, 503), allRequests: true },
  { name: 'GET answered 520 twice: 3 attempts', build: (sb) => sb.from('t').select(), response: failing(2, 520), allRequests: true },
  { name: 'HEAD count answered 503: retried', build: (sb) => sb.from('t').select('*', { count: 'exact', head: true }), response: failing(1, 503), allRequests: true },
  { name: 'rpc GET answered 503: retried', build: (sb) => sb.rpc('f', { a: 1 }, { get: true }), response: failing(1, 503), allRequests: true },
  { name: 'R15 insert answered 503: one request only', build: (sb) => sb.from('t').insert({ a: 1 }), response: failing(4, 503), allRequests: true },
  { name: 'rpc POST answered 503: one request only', build: (sb) => sb.rpc('f', { a: 1 }), response: failing(4, 503), allRequests: true },
  { name: 'GET answered 500: not retried', build: (sb) => sb.from('t').select(), response: failing(4, 500), allRequests: true },
  { name: 'GET answered 502: not retried', build: (sb) => sb.from('t').select(), response: failing(4, 502), allRequests: true },
];

describe('differential: retries (supabase-js vs core)', function () {
  this.timeout(60_000);
  const server = useCaptureServer();
  runDiffCases(server, cases);

  it('retry counts and headers are as the protocol doc says (C56)', async () => {
    const s = server();
    const sj = makeSupabaseJs(s.url);
    const core = makeCore(s.url);
    for (const client of [sj, core]) {
      const run = await captureRun(s, client, (sb) => sb.from('t').select(), failing(4, 503));
      assert.equal(run.requests.length, 4);
      assert.deepEqual(
        run.requests.map((r) => r.headers['x-retry-count']),
        [undefined, '1', '2', '3'],
      );
      const result = run.result as { status: number; error: unknown };
      assert.equal(result.status, 503);
      assert.ok(result.error, 'the last 503 is returned as an error');
    }
  });

  it('without Retry-After both clients wait about 1 s before the first retry', async function () {
    this.timeout(20_000);
    const s = server();
    const delays: number[] = [];
    for (const client of [makeSupabaseJs(s.url), makeCore(s.url)]) {
      const stamps: number[] = [];
      const run = await captureRun(s, client, (sb) => sb.from('t').select(), (req) => {
        stamps.push(performance.now());
        return failing(1, 503, null)(req);
      });
      assert.equal(run.requests.length, 2);
      delays.push(stamps[1]! - stamps[0]!);
      assert.equal(toWire(run.requests[1]!).headers['x-retry-count'], '1');
    }
    // supabase-js waits 1000 ms (getRetryDelay(0)); ours must too. Only a lower bound: the
    // machine may be loaded, never faster.
    for (const d of delays) assert.ok(d >= 950, `waited ${d.toFixed(0)} ms`);
  });
});
