/**
 * The only I/O of the core: HTTP over undici's dispatcher API (no WHATWG fetch). One keep-alive
 * Agent per Transport (created on first use), optional proxy (explicit URL, HTTP(S)_PROXY via
 * EnvHttpProxyAgent, or any undici Dispatcher), per-request timeout and AbortSignal, and either
 * a buffered text body or the raw stream for large exports.
 */

import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import { FetchError, type FetchErrorKind } from './errors';

export interface TransportOptions {
  /** Any undici Dispatcher (Agent, Pool, ProxyAgent, MockAgent…); wins over the other options. */
  dispatcher?: Dispatcher;
  /** Proxy URL (e.g. VS Code's `http.proxy`), used for every request. */
  proxy?: string;
  /** Honour HTTP_PROXY / HTTPS_PROXY / NO_PROXY through undici's EnvHttpProxyAgent. */
  useEnvProxy?: boolean;
  /** `Proxy-Authorization` header value for the proxy (e.g. `Basic …`). */
  proxyAuthorization?: string;
  /** False: do not verify the proxy's TLS certificate (VS Code's `http.proxyStrictSSL: false`). */
  proxyStrictSSL?: boolean;
  /** Default timeout in ms for every request (0/undefined: none). */
  timeoutMs?: number;
  /** Keep-alive connections per origin (default 16). */
  connections?: number;
  /**
   * A WHATWG `fetch` to use instead of undici's dispatcher (supabase-js's `global.fetch`): slower,
   * meant for tests and special environments.
   */
  fetch?: typeof globalThis.fetch;
}

export interface TransportRequest {
  method: string;
  /** `scheme://host[:port]` */
  origin: string;
  /** Path with query string. */
  path: string;
  /** Lower-case header names preferred; values are sent as given. */
  headers: Record<string, string>;
  body?: string | Uint8Array;
  signal?: AbortSignal;
  /** Overrides the transport's default timeout. */
  timeoutMs?: number;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** First value of a response header (name in lower case). */
  header(name: string): string | undefined;
  /** Reads the whole body as UTF-8 text. */
  text(): Promise<string>;
  /** The body stream, for large downloads. Consume it or call `dump()`. */
  readonly stream: Readable;
  /** Discards the body so the connection can be reused. */
  dump(): Promise<void>;
}

function classify(err: unknown, aborted: 'timeout' | 'aborted' | null): { kind: FetchErrorKind; code: string } {
  if (aborted) return { kind: aborted, code: aborted === 'timeout' ? 'TIMEOUT' : 'ABORTED' };
  const e = err as { code?: unknown; name?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === 'ECONNREFUSED') return { kind: 'refused', code };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { kind: 'dns', code };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return { kind: 'reset', code };
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT')
    return { kind: 'timeout', code };
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') return { kind: 'tls', code };
  if (code === 'UND_ERR_ABORTED' || e?.name === 'AbortError') return { kind: 'aborted', code: code || 'ABORTED' };
  if (e?.name === 'TimeoutError') return { kind: 'timeout', code: code || 'TIMEOUT' };
  return { kind: 'network', code };
}

const KIND_TEXT: Record<FetchErrorKind, string> = {
  refused: 'Connection refused by',
  dns: 'Host not found:',
  timeout: 'Request timed out to',
  aborted: 'Request aborted to',
  reset: 'Connection reset by',
  tls: 'TLS failure talking to',
  network: 'Network error talking to',
};

/** Builds the FetchError for a failed request. */
export function toFetchError(err: unknown, origin: string, aborted: 'timeout' | 'aborted' | null): FetchError {
  const { kind, code } = classify(err, aborted);
  const e = err as { name?: string; message?: string; stack?: string } | null;
  const causeText = e ? `${e.name ?? 'Error'}: ${e.message ?? String(err)}${code && !aborted ? ` (${code})` : ''}` : String(err);
  return new FetchError(`${KIND_TEXT[kind]} ${origin}${causeText ? ` — ${e?.message ?? causeText}` : ''}`, {
    kind,
    code,
    cause: err,
    details: causeText,
    hint: kind === 'aborted' || kind === 'timeout' ? 'Request was aborted (timeout or manual cancellation)' : '',
  });
}

const noReason = (): null => null;

function firstHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class Transport {
  private dispatcher: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: TransportOptions = {}) {
    this.dispatcher = options.dispatcher;
    this.ownsDispatcher = !options.dispatcher;
  }

  private getDispatcher(): Dispatcher {
    if (this.dispatcher) return this.dispatcher;
    const o = this.options;
    const connections = o.connections ?? 16;
    const proxyOptions = {
      connections,
      ...(o.proxyAuthorization ? { token: o.proxyAuthorization } : {}),
      ...(o.proxyStrictSSL === false ? { proxyTls: { rejectUnauthorized: false } } : {}),
    };
    if (o.proxy) this.dispatcher = new ProxyAgent({ uri: o.proxy, ...proxyOptions });
    else if (o.useEnvProxy) this.dispatcher = new EnvHttpProxyAgent(proxyOptions);
    else this.dispatcher = new Agent({ connections, keepAliveTimeout: 10_000 });
    return this.dispatcher;
  }

  /**
   * Sends one request. Rejects only with `FetchError` (no HTTP answer); any HTTP status resolves.
   */
  send(req: TransportRequest): Promise<TransportResponse> {
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs;
    const userSignal = req.signal;
    if (userSignal?.aborted) return Promise.reject(toFetchError(userSignal.reason, req.origin, 'aborted'));
    if (!timeoutMs && !userSignal) return this.dispatch(req, undefined, noReason);
    return this.sendGuarded(req, timeoutMs, userSignal);
  }

  private async sendGuarded(req: TransportRequest, timeoutMs: number | undefined, userSignal: AbortSignal | undefined): Promise<TransportResponse> {
    // undici ignores aborts while connecting, so race the signal ourselves as well.
    const ac = new AbortController();
    let reason: 'timeout' | 'aborted' | null = null;
    let onAbort: (() => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const aborted = new Promise<never>((_, reject) => {
      const fire = (why: 'timeout' | 'aborted', cause: unknown) => {
        if (reason) return;
        reason = why;
        ac.abort(cause);
        reject(toFetchError(cause, req.origin, why));
      };
      if (timeoutMs) timer = setTimeout(() => fire('timeout', new DOMException(`Timed out after ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
      if (userSignal) {
        onAbort = () => fire('aborted', userSignal.reason);
        userSignal.addEventListener('abort', onAbort, { once: true });
      }
    });
    aborted.catch(() => {});
    try {
      return await Promise.race([this.dispatch(req, ac.signal, () => reason), aborted]);
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) userSignal!.removeEventListener('abort', onAbort);
    }
  }

  private async dispatchFetch(f: typeof globalThis.fetch, req: TransportRequest, signal: AbortSignal | undefined, abortReason: () => 'timeout' | 'aborted' | null): Promise<TransportResponse> {
    let r: Response;
    try {
      r = await f(req.origin + req.path, { method: req.method, headers: req.headers, body: req.body as BodyInit | undefined, signal });
    } catch (e) {
      const cause = (e as { cause?: unknown })?.cause;
      throw toFetchError(cause ?? e, req.origin, abortReason());
    }
    const headers: Record<string, string> = {};
    r.headers.forEach((v, k) => (headers[k] = v));
    let stream: Readable | undefined;
    const origin = req.origin;
    return {
      status: r.status,
      statusText: r.statusText || (STATUS_CODES[r.status] ?? ''),
      headers,
      header: (name) => headers[name],
      async text() {
        try {
          return await r.text();
        } catch (e) {
          throw toFetchError(e, origin, abortReason());
        }
      },
      get stream() {
        stream ??= r.body ? Readable.fromWeb(r.body as unknown as NodeReadableStream) : Readable.from([]);
        return stream;
      },
      async dump() {
        try {
          await r.body?.cancel();
        } catch {
          // ignore
        }
      },
    };
  }

  private async dispatch(req: TransportRequest, signal: AbortSignal | undefined, abortReason: () => 'timeout' | 'aborted' | null): Promise<TransportResponse> {
    if (this.options.fetch) return this.dispatchFetch(this.options.fetch, req, signal, abortReason);
    let r: Dispatcher.ResponseData;
    try {
      r = await this.getDispatcher().request({
        origin: req.origin,
        path: req.path,
        method: req.method as Dispatcher.HttpMethod,
        headers: req.headers,
        body: req.body,
        signal,
      });
    } catch (e) {
      throw toFetchError(e, req.origin, abortReason());
    }
    const headers = r.headers;
    const body = r.body;
    const origin = req.origin;
    return {
      status: r.statusCode,
      statusText: STATUS_CODES[r.statusCode] ?? '',
      headers,
      header: (name) => firstHeader(headers, name),
      async text() {
        try {
          return await body.text();
        } catch (e) {
          throw toFetchError(e, origin, abortReason());
        }
      },
      stream: body,
      async dump() {
        try {
          await body.dump();
        } catch {
          // a failed discard only costs the connection
        }
      },
    };
  }

  /** Closes the transport's own connections (not a dispatcher passed in). */
  async close(): Promise<void> {
    if (this.ownsDispatcher && this.dispatcher) {
      const d = this.dispatcher;
      this.dispatcher = undefined;
      await d.close();
    }
  }
}
