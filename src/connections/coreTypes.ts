/**
 * The part of the client core's public API (supabase-js names) the host uses. Types only: the
 * core itself is a separate bundle (dist/core.js) loaded on first use by `loadCore()`.
 *
 * TEMPORARY thin declaration while src/core lands on main; once it does, these aliases become
 * `import type` re-exports from '../core' and '../core/database/openapi'.
 */

export interface CoreResult<T = unknown> {
  data: T | null;
  error: unknown;
  count?: number | null;
  status?: number;
  statusText?: string;
}

export interface CoreFilterBuilder<T = unknown> extends PromiseLike<CoreResult<T>> {
  select(columns?: string): CoreFilterBuilder<T>;
  order(column: string, options?: { ascending?: boolean; nullsFirst?: boolean }): CoreFilterBuilder<T>;
  range(from: number, to: number): CoreFilterBuilder<T>;
  limit(count: number): CoreFilterBuilder<T>;
  csv(): CoreFilterBuilder<string>;
  abortSignal(signal: AbortSignal): CoreFilterBuilder<T>;
}

export interface CoreQueryBuilder {
  select(columns?: string, options?: { count?: 'exact' | 'planned' | 'estimated'; head?: boolean }): CoreFilterBuilder;
  insert(values: Record<string, unknown> | Record<string, unknown>[], options?: { count?: 'exact' | 'planned' | 'estimated'; defaultToNull?: boolean }): CoreFilterBuilder;
}

export interface CoreSchemaClient {
  from(relation: string): CoreQueryBuilder;
  rpc(fn: string, args?: Record<string, unknown>, options?: { get?: boolean; head?: boolean }): CoreFilterBuilder;
}

export interface CoreClient extends CoreSchemaClient {
  schema(name: string): CoreSchemaClient;
  /** `GET /rest/v1/` with `Accept: application/openapi+json` (admin keys only on hosted projects). */
  getOpenApiSpec(): PromiseLike<CoreResult>;
}

export interface CoreClientOptions {
  db?: { schema?: string };
  global?: { headers?: Record<string, string> };
}

export interface CoreModule {
  createClient(url: string, key: string, options?: CoreClientOptions): CoreClient;
}
