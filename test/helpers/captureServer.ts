import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it arrived on the wire. */
export interface CapturedRequest {
  method: string;
  /** Path part of the request target, still percent-encoded (`/rest/v1/my%20table`). */
  path: string;
  /** Raw query string without the leading `?` (`''` when absent). */
  query: string;
  /** The request target exactly as sent (`path?query`). */
  target: string;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Raw header list as sent (name, value, name, value …), names in original case. */
  rawHeaders: string[];
  body: Buffer;
  /** 0-based arrival index since the last reset. */
  index: number;
}

export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Responder = (req: CapturedRequest) => CannedResponse | Promise<CannedResponse>;

export interface CaptureServer {
  /** `http://127.0.0.1:<port>` — use as a Supabase project URL. */
  readonly url: string;
  readonly port: number;
  /** Every request since the last `reset()`, in arrival order. */
  readonly requests: readonly CapturedRequest[];
  /** The most recent request; throws when none arrived. */
  last(): CapturedRequest;
  /** Answer every following request with this response (or responder). */
  respondWith(response: CannedResponse | Responder): void;
  /** Forget captured requests and go back to the default response. */
  reset(): void;
  /** Resolves once at least `count` requests were captured (rejects after `timeoutMs`). */
  waitForRequests(count: number, timeoutMs?: number): Promise<readonly CapturedRequest[]>;
  close(): Promise<void>;
}

/** PostgREST-like empty read: `[]` with `Content-Range: *\/*`. */
export const DEFAULT_RESPONSE: CannedResponse = Object.freeze({
  status: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'content-range': '*/*' },
  body: '[]',
});

/** Starts a recording HTTP server on 127.0.0.1 and a free port. */
export async function startCaptureServer(initial?: CannedResponse | Responder): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  let responder: Responder = toResponder(initial ?? DEFAULT_RESPONSE);
  let waiters: Array<{ count: number; resolve: () => void }> = [];

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = req.url ?? '/';
      const q = target.indexOf('?');
      const captured: CapturedRequest = {
        method: req.method ?? '',
        path: q === -1 ? target : target.slice(0, q),
        query: q === -1 ? '' : target.slice(q + 1),
        target,
        headers: lowerCaseHeaders(req.rawHeaders),
        rawHeaders: [...req.rawHeaders],
        body: Buffer.concat(chunks),
        index: requests.length,
      };
      requests.push(captured);
      waiters = waiters.filter((w) => {
        if (requests.length >= w.count) {
          w.resolve();
          return false;
        }
        return true;
      });
      Promise.resolve()
        .then(() => responder(captured))
        .then(
          (canned) => send(res, req.method ?? '', canned),
          (err: unknown) => send(res, req.method ?? '', { status: 500, body: String(err) }),
        );
    });
  });
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return requests;
    },
    last() {
      const r = requests[requests.length - 1];
      if (!r) throw new Error('capture server: no request captured');
      return r;
    },
    respondWith(response) {
      responder = toResponder(response);
    },
    reset() {
      requests.length = 0;
      responder = toResponder(DEFAULT_RESPONSE);
    },
    waitForRequests(count, timeoutMs = 5000) {
      if (requests.length >= count) return Promise.resolve(requests);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`capture server: expected ${count} requests, got ${requests.length}`));
        }, timeoutMs);
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(requests);
          },
        };
        waiters.push(waiter);
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

function toResponder(r: CannedResponse | Responder): Responder {
  return typeof r === 'function' ? r : () => r;
}

function lowerCaseHeaders(raw: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    out[name] = name in out ? `${out[name]}, ${value}` : value;
  }
  return out;
}

function send(res: ServerResponse, method: string, canned: CannedResponse): void {
  const status = canned.status ?? 200;
  const headers = { ...(canned.headers ?? {}) };
  const body = canned.body === undefined ? Buffer.alloc(0) : Buffer.from(canned.body);
  const noBody = method === 'HEAD' || status === 204 || status === 304;
  if (!noBody) headers['content-length'] = String(body.length);
  res.writeHead(status, headers);
  res.end(noBody ? undefined : body);
}

/** Mocha helper: one capture server per suite, reset before each test. */
export function useCaptureServer(): () => CaptureServer {
  let server: CaptureServer | undefined;
  before(async () => {
    server = await startCaptureServer();
  });
  beforeEach(() => server?.reset());
  after(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('capture server not started');
    return server;
  };
}
