/**
 * Headers every request carries: `apikey`, `Authorization: Bearer <token>`, `X-Client-Info` and
 * the caller's global headers. Precomputed once and rebuilt only when the token changes, so the
 * hot path just reads a frozen record.
 *
 * Token precedence (as supabase-js): a caller-set `Authorization` header wins; then the session
 * token (set by the auth client later through `setSessionToken`) or the `accessToken()` callback;
 * then the API key itself.
 */

export type AccessTokenSource = () => Promise<string | null | undefined> | string | null | undefined;

/** Version of this client, reported in X-Client-Info. */
export const CORE_CLIENT_NAME = 'supabase-explorer-core';
export const CORE_CLIENT_VERSION = '0.1.0';

export function defaultClientInfo(): string {
  const v = typeof process !== 'undefined' && process.version ? process.version.replace(/^v/, '') : '';
  return `${CORE_CLIENT_NAME}/${CORE_CLIENT_VERSION}; runtime=node${v ? `; runtime-version=${v}` : ''}`;
}

export class AuthHeaders {
  private readonly globals: Record<string, string>;
  private readonly callerAuthorization: boolean;
  private sessionToken: string | null = null;
  private lastToken: string | null | undefined = undefined;
  private cached: Readonly<Record<string, string>>;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly apiKey: string,
    globalHeaders: Readonly<Record<string, string>> = {},
    private readonly accessToken?: AccessTokenSource,
  ) {
    const g: Record<string, string> = { 'x-client-info': defaultClientInfo() };
    for (const k of Object.keys(globalHeaders)) g[k.toLowerCase()] = globalHeaders[k]!;
    this.globals = g;
    this.callerAuthorization = 'authorization' in g;
    this.cached = this.build(null);
  }

  get key(): string {
    return this.apiKey;
  }

  private build(token: string | null): Readonly<Record<string, string>> {
    const h: Record<string, string> = { ...this.globals };
    if (!('apikey' in h)) h.apikey = this.apiKey;
    if (!this.callerAuthorization) {
      const bearer = token ?? this.apiKey;
      if (bearer) h.authorization = `Bearer ${bearer}`;
    }
    return Object.freeze(h);
  }

  /** Sets (or clears with null) the signed-in session's access token. */
  setSessionToken(token: string | null): void {
    if (token === this.sessionToken) return;
    this.sessionToken = token;
    this.lastToken = token;
    this.cached = this.build(token);
    for (const l of this.listeners) l();
  }

  /** Called whenever the token used for requests changes. Returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The headers as of now (last token seen); synchronous. */
  current(): Readonly<Record<string, string>> {
    return this.cached;
  }

  /** True when `get()` must await a token callback. */
  get isAsync(): boolean {
    return this.accessToken !== undefined && this.sessionToken === null && !this.callerAuthorization;
  }

  /** The headers for the next request, asking the `accessToken` callback when there is one. */
  async get(): Promise<Readonly<Record<string, string>>> {
    if (!this.isAsync) return this.cached;
    const t = (await this.accessToken!()) ?? null;
    if (t !== this.lastToken) {
      this.lastToken = t;
      this.cached = this.build(t);
    }
    return this.cached;
  }
}
