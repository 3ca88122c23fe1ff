import type { ChainDescription, CountOption, JsonObject } from './chain';
import { compile, type CompiledRequest } from './compile';
import type { RestContext } from './context';
import { toBodyValue } from './encode';
import { PostgrestFilterBuilder } from './builders/FilterBuilder';
import { PostgrestQueryBuilder } from './builders/QueryBuilder';
import type { DraftDescription } from './builders/PostgrestBuilder';
import { interpretResponse, type PostgrestResponse } from './response';
import { isUnfilteredWriteIssue, validateDescription } from './validate';
import { CoreError, FetchError, HttpError, InvalidQueryError, ResponseParseError, isCoreError, type DatabaseError } from '../lib/errors';
import { safeJsonParse } from '../lib/json';
import { sendWithRetry } from './retry';

export interface RpcOptions {
  /** HEAD: no body returned (count only). */
  head?: boolean;
  /** GET with the args in the query string (read-only functions). */
  get?: boolean;
  count?: CountOption;
}

/** The REST (PostgREST) part of the client: `from`, `schema`, `rpc`, `getOpenApiSpec`. */
export class PostgrestClient {
  /** @internal */
  readonly ctx: RestContext;
  private readonly defaultSchema: string;

  constructor(ctx: RestContext, defaultSchema: string = ctx.schema) {
    this.ctx = ctx;
    this.defaultSchema = defaultSchema;
  }

  /** The schema this client talks to. */
  get schemaName(): string {
    return this.ctx.schema;
  }

  private recordedSchema(): string | undefined {
    return this.ctx.schema === this.defaultSchema ? undefined : this.ctx.schema;
  }

  /** A table or view. */
  from<Row extends Record<string, unknown> = Record<string, unknown>>(relation: string): PostgrestQueryBuilder<Row> {
    if (!relation || typeof relation !== 'string' || relation.trim() === '') {
      throw new CoreError('Invalid relation name: relation must be a non-empty string.', { code: 'CORE_INVALID_RELATION' });
    }
    return new PostgrestQueryBuilder<Row>(this.ctx, relation, this.recordedSchema());
  }

  /** Alias of `from` (the Python client's name). */
  table<Row extends Record<string, unknown> = Record<string, unknown>>(relation: string): PostgrestQueryBuilder<Row> {
    return this.from<Row>(relation);
  }

  /** Same connection, another schema (sent as Accept-Profile / Content-Profile). */
  schema(name: string): PostgrestClient {
    return new PostgrestClient({ ...this.ctx, schema: name }, this.defaultSchema);
  }

  /** Calls a database function. */
  rpc<Result = unknown>(fn: string, args: Record<string, unknown> = {}, options: RpcOptions = {}): PostgrestFilterBuilder<Result> {
    const target: Extract<ChainDescription['target'], { kind: 'rpc' }> = { kind: 'rpc', fn };
    const cleaned = toBodyValue(args) as JsonObject;
    if (Object.keys(cleaned).length > 0) target.args = cleaned;
    if (options.get) target.get = true;
    if (options.head) target.head = true;
    if (options.count) target.count = options.count;
    const draft: DraftDescription = { v: 1, target, steps: [] };
    const s = this.recordedSchema();
    if (s !== undefined) draft.schema = s;
    return new PostgrestFilterBuilder<Result>(this.ctx, draft);
  }

  /**
   * A thenable builder for a description (e.g. from a webview). Invalid input does not throw:
   * awaiting the builder resolves with an `InvalidQueryError` and sends nothing.
   */
  fromDescription<Result = unknown>(description: unknown): PostgrestFilterBuilder<Result> {
    const v = validateDescription(description);
    if (!v.ok) {
      const placeholder: DraftDescription = { v: 1, target: { kind: 'table', name: '?' }, action: { kind: 'select' }, steps: [] };
      const unfiltered = v.issues.find(isUnfilteredWriteIssue);
      const err = unfiltered
        ? new InvalidQueryError(unfiltered.message, v.issues, 'CORE_UNFILTERED_WRITE')
        : new InvalidQueryError(`Invalid query description: ${v.issues.length} issue(s)`, v.issues);
      return new PostgrestFilterBuilder<Result>(this.ctx, placeholder, err);
    }
    return new PostgrestFilterBuilder<Result>(this.ctx, structuredClone(v.description) as DraftDescription);
  }

  /** The request a description compiles to with this client's URL, headers and schema. */
  compile(description: ChainDescription): CompiledRequest {
    return compile(description, { restUrl: this.ctx.restUrl, headers: this.ctx.auth.current(), defaultSchema: this.ctx.schema });
  }

  /**
   * `GET /rest/v1/` with `Accept: application/openapi+json` and this schema's Accept-Profile:
   * PostgREST's OpenAPI 2.0 document (hosted Supabase answers it only for secret/service_role keys).
   */
  async getOpenApiSpec(options: { signal?: AbortSignal } = {}): Promise<PostgrestResponse<Record<string, unknown>>> {
    try {
      const base = this.ctx.auth.isAsync ? await this.ctx.auth.get() : this.ctx.auth.current();
      const headers: Record<string, string> = { ...base, accept: 'application/openapi+json', 'accept-profile': this.ctx.schema };
      const u = new URL(`${this.ctx.restUrl}/`);
      const res = await sendWithRetry(
        this.ctx.transport,
        { method: 'GET', origin: u.origin, path: u.pathname + u.search, headers, signal: options.signal, timeoutMs: this.ctx.timeoutMs },
        this.ctx.retry,
      );
      const body = await res.text();
      const { status, statusText } = res;
      if (status >= 200 && status <= 299) {
        const parsed = safeJsonParse(body);
        if (parsed.ok && parsed.value !== null && typeof parsed.value === 'object' && !Array.isArray(parsed.value)) {
          return { success: true, data: parsed.value as Record<string, unknown>, error: null, count: null, status, statusText };
        }
        return { success: false, data: null, error: new ResponseParseError(body, status), count: null, status, statusText };
      }
      const r = interpretResponse({ method: 'GET' }, { status, statusText, body });
      const error = r.error ?? new HttpError({ message: body || statusText, code: '', status, statusText, body });
      return { success: false, data: null, error, count: null, status, statusText };
    } catch (e) {
      const error: DatabaseError = isCoreError(e) ? (e as DatabaseError) : new FetchError(String(e), { kind: 'network', cause: e });
      return { success: false, data: null, error, count: null, status: 0, statusText: '' };
    }
  }
}
