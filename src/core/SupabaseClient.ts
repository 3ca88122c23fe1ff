import type { Dispatcher } from 'undici';
import { AuthHeaders, type AccessTokenSource } from './lib/authHeaders';
import { CoreError } from './lib/errors';
import { Transport } from './lib/transport';
import type { RestContext } from './database/context';
import { PostgrestClient, type RpcOptions } from './database/PostgrestClient';
import type { PostgrestQueryBuilder } from './database/builders/QueryBuilder';
import type { PostgrestFilterBuilder } from './database/builders/FilterBuilder';
import type { PostgrestResponse } from './database/response';

export interface SupabaseClientOptions {
  db?: {
    /** Default schema (default `public`). */
    schema?: string;
    /** Per-request timeout in ms. */
    timeout?: number;
    /** GET/HEAD retries on 503/520 and network errors (default true). */
    retry?: boolean;
    /** Parse numbers beyond 2^53 as `LosslessNumber` for every query (default false). */
    losslessNumbers?: boolean;
  };
  global?: {
    /** Sent with every request; `Authorization`/`apikey` here win over the key. */
    headers?: Record<string, string>;
    /**
     * A WHATWG fetch to send requests with instead of undici (as supabase-js's `global.fetch`).
     * Slower; meant for tests and special environments.
     */
    fetch?: typeof globalThis.fetch;
  };
  /** Accepted for the auth client (later); ignored by the database part. */
  auth?: Record<string, unknown>;
  /** Token callback (third-party auth), asked before every request, as in supabase-js. */
  accessToken?: AccessTokenSource;
  /** HTTP transport settings: proxy, dispatcher, keep-alive pool size. */
  transport?: {
    dispatcher?: Dispatcher;
    /** Proxy URL, e.g. VS Code's `http.proxy`. */
    proxy?: string;
    /** Honour HTTP(S)_PROXY / NO_PROXY from the environment. */
    useEnvProxy?: boolean;
    /** `Proxy-Authorization` value for the proxy (VS Code's `http.proxyAuthorization`). */
    proxyAuthorization?: string;
    /** False: accept a proxy certificate that does not verify (VS Code's `http.proxyStrictSSL`). */
    proxyStrictSSL?: boolean;
    connections?: number;
  };
}

function validateUrl(url: string): URL {
  const trimmed = typeof url === 'string' ? url.trim() : '';
  if (!trimmed) throw new CoreError('supabaseUrl is required.', { code: 'CORE_INVALID_URL' });
  if (!/^https?:\/\//i.test(trimmed)) throw new CoreError('Invalid supabaseUrl: Must be a valid HTTP or HTTPS URL.', { code: 'CORE_INVALID_URL' });
  try {
    return new URL(trimmed.endsWith('/') ? trimmed : trimmed + '/');
  } catch {
    throw new CoreError('Invalid supabaseUrl: Provided URL is malformed.', { code: 'CORE_INVALID_URL' });
  }
}

/**
 * The client. Sub-clients are built once here; service URLs derive from the project URL.
 * Later issues add `auth`, `storage`, `functions`, `realtime` beside `rest`, sharing `transport`
 * and `authHeaders` (the auth client calls `authHeaders.setSessionToken()` on sign-in).
 */
export class SupabaseClient {
  readonly supabaseUrl: string;
  readonly supabaseKey: string;
  readonly restUrl: string;
  readonly authUrl: string;
  readonly storageUrl: string;
  readonly functionsUrl: string;
  readonly realtimeUrl: string;
  readonly transport: Transport;
  readonly authHeaders: AuthHeaders;
  readonly rest: PostgrestClient;

  constructor(supabaseUrl: string, supabaseKey: string, options: SupabaseClientOptions = {}) {
    const base = validateUrl(supabaseUrl);
    if (!supabaseKey || typeof supabaseKey !== 'string') throw new CoreError('supabaseKey is required.', { code: 'CORE_MISSING_KEY' });
    this.supabaseUrl = supabaseUrl;
    this.supabaseKey = supabaseKey;
    this.restUrl = new URL('rest/v1', base).href;
    this.authUrl = new URL('auth/v1', base).href;
    this.storageUrl = new URL('storage/v1', base).href;
    this.functionsUrl = new URL('functions/v1', base).href;
    const rt = new URL('realtime/v1', base);
    rt.protocol = rt.protocol.replace('http', 'ws');
    this.realtimeUrl = rt.href;
    const t = options.transport ?? {};
    this.transport = new Transport({
      dispatcher: t.dispatcher,
      proxy: t.proxy,
      useEnvProxy: t.useEnvProxy,
      proxyAuthorization: t.proxyAuthorization,
      proxyStrictSSL: t.proxyStrictSSL,
      connections: t.connections,
      timeoutMs: options.db?.timeout,
      fetch: options.global?.fetch,
    });
    this.authHeaders = new AuthHeaders(supabaseKey, options.global?.headers ?? {}, options.accessToken);
    const ctx: RestContext = {
      restUrl: this.restUrl,
      schema: options.db?.schema ?? 'public',
      transport: this.transport,
      auth: this.authHeaders,
      retry: options.db?.retry ?? true,
      timeoutMs: options.db?.timeout,
      lossless: options.db?.losslessNumbers ?? false,
    };
    this.rest = new PostgrestClient(ctx);
  }

  from<Row extends Record<string, unknown> = Record<string, unknown>>(relation: string): PostgrestQueryBuilder<Row> {
    return this.rest.from<Row>(relation);
  }

  table<Row extends Record<string, unknown> = Record<string, unknown>>(relation: string): PostgrestQueryBuilder<Row> {
    return this.rest.from<Row>(relation);
  }

  schema(name: string): PostgrestClient {
    return this.rest.schema(name);
  }

  rpc<Result = unknown>(fn: string, args: Record<string, unknown> = {}, options: RpcOptions = {}): PostgrestFilterBuilder<Result> {
    return this.rest.rpc<Result>(fn, args, options);
  }

  getOpenApiSpec(options: { signal?: AbortSignal } = {}): Promise<PostgrestResponse<Record<string, unknown>>> {
    return this.rest.getOpenApiSpec(options);
  }

  /** Closes pooled connections. */
  close(): Promise<void> {
    return this.transport.close();
  }
}

export function createClient(supabaseUrl: string, supabaseKey: string, options?: SupabaseClientOptions): SupabaseClient {
  return new SupabaseClient(supabaseUrl, supabaseKey, options);
}
