import { strict as assert } from 'node:assert';
import { createClient as createSupabaseJs, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { createClient as createCore } from '../../../src/core/index';
import type { CannedResponse, CaptureServer, CapturedRequest, Responder } from '../../helpers/captureServer';

/** The client type both sides are driven through (our core mirrors supabase-js's API). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sb = SupabaseClient<any, { PostgrestVersion: '13' }>;

/** For chains supabase-js's types reject but its runtime accepts (e.g. `single().explain()`). */
export function loose(builder: unknown): {
  explain(o?: Record<string, unknown>): PromiseLike<unknown>;
  stripNulls(): PromiseLike<unknown>;
} {
  return builder as never;
}

export interface ClientSetup {
  key?: string;
  options?: {
    db?: { schema?: string; timeout?: number };
    global?: { headers?: Record<string, string> };
    accessToken?: () => Promise<string | null>;
  };
}

export const LEGACY_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiIsImlzcyI6InN1cGFiYXNlLWRlbW8iLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MjAwMDAwMDAwMH0.c2lnbmF0dXJlLW5vdC1jaGVja2Vk';

/** Headers that belong to the transport (undici/fetch) and are not compared. */
const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
  'user-agent',
  'content-length',
  'transfer-encoding',
]);

/** `<name>/<version>; runtime=<r>; runtime-version=<v>` (protocol doc §1.2). */
export const X_CLIENT_INFO_SHAPE = /^[A-Za-z0-9@._-]+(?:\/[A-Za-z0-9@._-]+)*\/\d+\.\d+\.\d+[^;\s]*; runtime=node; runtime-version=\d+\.\d+\.\d+$/;

/** What is compared between the two clients. */
export interface Wire {
  method: string;
  path: string;
  query: string;
  /** Lower-cased names; transport headers and X-Client-Info left out; absent Accept = `*\/*`. */
  headers: Record<string, string>;
  body: string;
}

export function toWire(req: CapturedRequest): Wire {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (TRANSPORT_HEADERS.has(name) || name === 'x-client-info') continue;
    headers[name] = value;
  }
  // fetch adds `Accept: */*` when the client sets none; a bare transport sends none. Both mean JSON.
  headers.accept ??= '*/*';
  return { method: req.method, path: req.path, query: req.query, headers, body: req.body.toString('utf8') };
}

export const DEFAULT_KEY = 'sb_publishable_diff_test_key';

export function makeSupabaseJs(url: string, setup: ClientSetup = {}): Sb {
  return createSupabaseJs(url, setup.key ?? DEFAULT_KEY, {
    ...setup.options,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as never },
  }) as Sb;
}

export function makeCore(url: string, setup: ClientSetup = {}): Sb {
  return createCore(url, setup.key ?? DEFAULT_KEY, {
    ...setup.options,
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
  }) as unknown as Sb;
}

export interface Captured {
  requests: CapturedRequest[];
  /** The awaited builder's result, or the thrown error. */
  result: unknown;
  error?: unknown;
}

/** Runs `build(client)` against the capture server and returns what arrived. */
export async function captureRun(
  server: CaptureServer,
  client: Sb,
  build: (sb: Sb) => PromiseLike<unknown>,
  response?: CannedResponse | Responder,
): Promise<Captured> {
  server.reset();
  if (response) server.respondWith(response);
  try {
    const result = await build(client);
    return { requests: [...server.requests], result };
  } catch (error) {
    return { requests: [...server.requests], result: undefined, error };
  }
}

/** Asserts two captured requests are the same on the wire (X-Client-Info by shape unless set). */
export function assertSameWire(ours: CapturedRequest, theirs: CapturedRequest, label: string, xClientInfo?: string): void {
  const a = toWire(ours);
  const b = toWire(theirs);
  assert.equal(a.method, b.method, `${label}: method`);
  assert.equal(a.path, b.path, `${label}: path`);
  assert.equal(a.query, b.query, `${label}: query string`);
  assert.deepEqual(sortKeys(a.headers), sortKeys(b.headers), `${label}: headers`);
  assert.equal(a.body, b.body, `${label}: body`);
  if (xClientInfo !== undefined) {
    assert.equal(ours.headers['x-client-info'], xClientInfo, `${label}: X-Client-Info (set by the caller)`);
    assert.equal(theirs.headers['x-client-info'], xClientInfo, `${label}: supabase-js X-Client-Info`);
  } else {
    assert.match(theirs.headers['x-client-info'] ?? '', X_CLIENT_INFO_SHAPE, `${label}: supabase-js X-Client-Info shape`);
    assert.match(ours.headers['x-client-info'] ?? '', X_CLIENT_INFO_SHAPE, `${label}: our X-Client-Info shape`);
  }
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

export interface WireExpectation {
  method?: string;
  path?: string;
  query?: string;
  /** Lower-case names; each listed header must equal; `null` = must be absent. */
  headers?: Record<string, string | null>;
  body?: string;
}

export interface DiffCase {
  name: string;
  build: (sb: Sb) => PromiseLike<unknown>;
  setup?: ClientSetup;
  response?: CannedResponse | Responder;
  /** What supabase-js sends (from the protocol doc's vectors); checked before comparing. */
  expect?: WireExpectation;
  /**
   * A deliberate difference: supabase-js encodes a value so that PostgREST misreads it. `ours` is
   * what our core sends instead; `judge` proves ours is read back as the caller's value.
   */
  differs?: { why: string; supabaseJs: WireExpectation; ours: WireExpectation; judge: (ours: Wire) => void };
  /** Compare every request of a multi-request run (retries), not only the last. */
  allRequests?: boolean;
}

export function assertWire(req: CapturedRequest, exp: WireExpectation, label: string): void {
  const w = toWire(req);
  if (exp.method !== undefined) assert.equal(w.method, exp.method, `${label}: method`);
  if (exp.path !== undefined) assert.equal(w.path, exp.path, `${label}: path`);
  if (exp.query !== undefined) assert.equal(w.query, exp.query, `${label}: query string`);
  if (exp.body !== undefined) assert.equal(w.body, exp.body, `${label}: body`);
  for (const [name, value] of Object.entries(exp.headers ?? {})) {
    if (value === null) assert.equal(req.headers[name], undefined, `${label}: header ${name} must be absent`);
    else assert.equal(w.headers[name] ?? req.headers[name], value, `${label}: header ${name}`);
  }
}

/** Registers one mocha test per case: supabase-js and our core against one capture server. */
export function runDiffCases(getServer: () => CaptureServer, cases: DiffCase[]): void {
  const sjClients = new Map<ClientSetup | undefined, Sb>();
  const coreClients = new Map<ClientSetup | undefined, Sb>();
  after(async () => {
    // Our clients keep undici pools open; supabase-js's fetch needs no closing.
    await Promise.all([...coreClients.values()].map((c) => (c as unknown as { close(): Promise<void> }).close()));
    coreClients.clear();
  });
  for (const c of cases) {
    it(c.name, async () => {
      const server = getServer();
      let sj = sjClients.get(c.setup);
      if (!sj) sjClients.set(c.setup, (sj = makeSupabaseJs(server.url, c.setup)));
      const theirs = await captureRun(server, sj, c.build, c.response);
      assert.ok(theirs.requests.length > 0, `supabase-js sent nothing${theirs.error ? `: ${String(theirs.error)}` : ''}`);
      const theirLast = theirs.requests[theirs.requests.length - 1]!;
      if (c.expect) assertWire(theirLast, c.expect, 'supabase-js vs protocol doc');
      if (c.differs) assertWire(theirLast, c.differs.supabaseJs, 'supabase-js (documented difference)');

      let core = coreClients.get(c.setup);
      if (!core) coreClients.set(c.setup, (core = makeCore(server.url, c.setup)));
      const ours = await captureRun(server, core, c.build, c.response);
      assert.ok(ours.requests.length > 0, `our core sent nothing${ours.error ? `: ${String(ours.error)}` : ''}`);
      assert.equal(ours.requests.length, theirs.requests.length, 'number of requests');
      const xci = c.setup?.options?.global?.headers?.['X-Client-Info'];
      const pairs = c.allRequests ? ours.requests.map((r, i) => [r, theirs.requests[i]!] as const) : [[ours.requests[ours.requests.length - 1]!, theirLast] as const];
      pairs.forEach(([o, t], i) => {
        if (c.differs) {
          assertWire(o, c.differs.ours, 'our core (documented difference)');
          const ow = toWire(o);
          const tw = toWire(t);
          assert.notEqual(`${ow.query}\n${ow.body}`, `${tw.query}\n${tw.body}`, 'documented difference no longer differs');
          c.differs.judge(ow);
          // Everything else is the same.
          assertSameWire({ ...o, query: '', body: Buffer.alloc(0) }, { ...t, query: '', body: Buffer.alloc(0) }, `${c.name} (rest)`, xci);
        } else {
          assertSameWire(o, t, c.allRequests ? `request #${i + 1}` : 'request', xci);
        }
      });
    });
  }
}
