/**
 * postgrest-js's retry policy: GET/HEAD only, after a network error (not an abort/timeout of ours)
 * or a 503/520 answer; at most 3 retries, waiting `Retry-After` seconds or 1 s / 2 s / 4 s (cap
 * 30 s); retried attempts carry `X-Retry-Count: 1..3`. Writes are never retried.
 */

import { FetchError } from '../lib/errors';
import type { Transport, TransportRequest, TransportResponse } from '../lib/transport';

export const MAX_RETRIES = 3;

export function retryDelay(attempt: number): number {
  return Math.min(1000 * 2 ** attempt, 30_000);
}

/** Resolves after `ms`, or at once when `signal` aborts (the next send then fails as aborted). */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(id);
      resolve();
    };
    const id = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Sends `req`, retrying as postgrest-js does when `enabled`. Rejects only with FetchError. */
export async function sendWithRetry(transport: Transport, req: TransportRequest, enabled: boolean): Promise<TransportResponse> {
  const retryOn = enabled && (req.method === 'GET' || req.method === 'HEAD');
  if (!retryOn) return transport.send(req);
  let attempt = 0;
  for (;;) {
    const headers = attempt > 0 ? { ...req.headers, 'x-retry-count': String(attempt) } : req.headers;
    let res: TransportResponse;
    try {
      res = await transport.send(attempt > 0 ? { ...req, headers } : req);
    } catch (e) {
      const ours = e instanceof FetchError && (e.code === 'ABORTED' || e.code === 'TIMEOUT');
      if (ours || attempt >= MAX_RETRIES) throw e;
      await sleep(retryDelay(attempt), req.signal);
      attempt++;
      continue;
    }
    if (attempt < MAX_RETRIES && (res.status === 503 || res.status === 520)) {
      const ra = res.header('retry-after');
      const delay = ra !== undefined ? Math.max(0, parseInt(ra, 10) || 0) * 1000 : retryDelay(attempt);
      await res.dump();
      await sleep(delay, req.signal);
      attempt++;
      continue;
    }
    return res;
  }
}
