import type { AuthHeaders } from '../lib/authHeaders';
import type { Transport } from '../lib/transport';

/** What every database builder shares: built once per client (and per `schema()`). */
export interface RestContext {
  /** REST base URL without trailing slash, e.g. `http://127.0.0.1:54321/rest/v1`. */
  readonly restUrl: string;
  /** The client's schema (default `public`). */
  readonly schema: string;
  readonly transport: Transport;
  readonly auth: AuthHeaders;
  /** GET/HEAD retries on 503/520 and network errors (default true). */
  readonly retry: boolean;
  /** Per-request timeout in ms (`db.timeout`). */
  readonly timeoutMs?: number;
  /** Parse numbers beyond 2^53 losslessly by default. */
  readonly lossless?: boolean;
}
