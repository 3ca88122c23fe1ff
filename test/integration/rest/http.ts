import { request } from 'undici';
import type { Stack } from '../../stack/index';

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json(): unknown;
}

/** Raw HTTP call to the stack's REST API with the given key (anon by default). */
export async function rest(
  stack: Stack,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown; key?: string; bearer?: string } = {},
): Promise<HttpResult> {
  const key = opts.key ?? stack.anonKey;
  const headers: Record<string, string> = { apikey: key, authorization: `Bearer ${opts.bearer ?? key}`, ...opts.headers };
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const r = await request(`${stack.url}/rest/v1${path}`, { method: method as 'GET', headers, body });
  const text = await r.body.text();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return { status: r.statusCode, headers: out, text, json: () => JSON.parse(text) };
}
