import { createClient as createSupabase } from '@supabase/supabase-js';
import WebSocket from 'ws';

export interface CapturedRequest {
  method: string;
  /** path + query */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * Runs a chain on the official supabase-js with a capturing fetch (no server) and returns the
 * requests it tried to send.
 */
export async function captureSupabase(
  url: string,
  key: string,
  chain: (client: any) => PromiseLike<unknown>,
  options: Record<string, unknown> = {},
  answer: () => Response = () => new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } }),
): Promise<CapturedRequest[]> {
  const seen: CapturedRequest[] = [];
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const u = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const h: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (h[k] = v));
    if (!('accept' in h)) h.accept = '*/*';
    seen.push({ method: init?.method ?? 'GET', path: u.pathname + u.search, headers: h, body: typeof init?.body === 'string' ? init.body : undefined });
    return answer();
  };
  const sb = createSupabase(url, key, { ...options, global: { ...((options.global as object) ?? {}), fetch: fetchImpl }, auth: { persistSession: false, autoRefreshToken: false }, realtime: { transport: WebSocket } } as any);
  await chain(sb);
  return seen;
}
