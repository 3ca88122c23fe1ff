import type { ChainDescription, Step } from '../chain';
import { compile, type CompiledRequest } from '../compile';
import type { RestContext } from '../context';
import { interpretResponse, type PostgrestResponse } from '../response';
import { findUnfilteredWrite } from '../validate';
import { FetchError, InvalidQueryError, isCoreError, type DatabaseError } from '../../lib/errors';
import type { TransportResponse } from '../../lib/transport';
import { sendWithRetry } from '../retry';

export type { PostgrestResponse };

/** Mutable description a builder records into. */
export interface DraftDescription {
  v: 1;
  schema?: string;
  target: ChainDescription['target'];
  action?: ChainDescription['action'];
  steps: Step[];
}

const URL_LENGTH_LIMIT = 8000;

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

type MergeObject<A, B> = A extends object ? (B extends object ? Omit<A, keyof B> & B : B) : B;
type MergeNonNull<A, B> = A extends readonly (infer AE)[]
  ? B extends readonly (infer BE)[]
    ? MergeObject<AE, BE>[]
    : B
  : B extends readonly unknown[]
    ? B
    : MergeObject<A, B>;

/** The result type after `overrideTypes<NewResult, Options>()` (see postgrest-js). */
export type OverrideResult<Result, NewResult, Options extends { merge?: boolean }> = Options extends { merge: false }
  ? NewResult
  : null extends Result
    ? MergeNonNull<NonNullable<Result>, NewResult> | null
    : MergeNonNull<Result, NewResult>;

/** A streamed answer: status and headers, body left unread. */
export interface StreamedResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body stream (consume it, or call `response.dump()`). */
  response: TransportResponse;
}

/**
 * Thenable base of every builder: `await` sends the request and resolves with
 * `{ success, data, error, count, status, statusText }` (or rejects after `throwOnError()`).
 */
export abstract class PostgrestBuilder<Result> implements PromiseLike<PostgrestResponse<Result>> {
  protected readonly ctx: RestContext;
  protected readonly draft: DraftDescription;
  protected shouldThrowOnError = false;
  protected retryEnabled: boolean | undefined;
  protected signal: AbortSignal | undefined;
  protected lossless: boolean | undefined;
  /** Set when the builder was made from an invalid description: `then()` resolves with it. */
  protected invalid: InvalidQueryError | undefined;

  constructor(ctx: RestContext, draft: DraftDescription, invalid?: InvalidQueryError) {
    this.ctx = ctx;
    this.draft = draft;
    this.invalid = invalid;
  }

  /** Rejects with the error instead of resolving `{ error }`. */
  throwOnError(): this {
    this.shouldThrowOnError = true;
    return this;
  }

  /** Sets a request header (replaces; `Prefer` replaces the accumulated tokens). */
  setHeader(name: string, value: string): this {
    this.draft.steps.push({ kind: 'setHeader', name, value });
    return this;
  }

  /** Enables/disables GET/HEAD retries on 503/520 and network errors for this query. */
  retry(enabled: boolean): this {
    this.retryEnabled = enabled;
    return this;
  }

  /** Runtime-only: parse numbers a double cannot hold exactly as `LosslessNumber` (see lib/json). */
  losslessNumbers(enabled = true): this {
    this.lossless = enabled;
    return this;
  }

  /**
   * Type-only: replaces the result type. Transform and filter builders override it to stay
   * chainable (`.returns<T>().limit(1)`), as postgrest-js does.
   * @deprecated Use `overrideTypes<T, { merge: false }>()` at the end of the chain instead.
   */
  returns<NewResult>(): PostgrestBuilder<NewResult> {
    return this as unknown as PostgrestBuilder<NewResult>;
  }

  /**
   * Type-only: overrides the result type at the end of a chain. By default the new type is merged
   * into the current one (per row for arrays, `| null` kept); `{ merge: false }` replaces it.
   */
  overrideTypes<NewResult, Options extends { merge?: boolean } = { merge: true }>(): PostgrestBuilder<OverrideResult<Result, NewResult, Options>> {
    return this as unknown as PostgrestBuilder<OverrideResult<Result, NewResult, Options>>;
  }

  /** The chain so far as data: a frozen deep clone. */
  toDescription(): Readonly<ChainDescription> {
    return deepFreeze(structuredClone(this.draft) as ChainDescription);
  }

  /** The request `await` would send (with the headers known now). Throws InvalidQueryError. */
  toRequest(): CompiledRequest {
    if (this.invalid) throw this.invalid;
    return compile(this.draft, { restUrl: this.ctx.restUrl, headers: this.ctx.auth.current(), defaultSchema: this.ctx.schema });
  }

  private refusal(): InvalidQueryError | undefined {
    if (this.invalid) return this.invalid;
    const issue = findUnfilteredWrite(this.draft);
    if (issue) {
      return new InvalidQueryError(issue.message, [issue], 'CORE_UNFILTERED_WRITE', 'Add a filter such as .eq("id", value); to touch every row use a filter that matches all rows, e.g. .not("id", "is", null).');
    }
    return undefined;
  }

  private prepare(): CompiledRequest | Promise<CompiledRequest> {
    const refused = this.refusal();
    if (refused) throw refused;
    if (this.ctx.auth.isAsync) {
      return this.ctx.auth.get().then((headers) => compile(this.draft, { restUrl: this.ctx.restUrl, headers, defaultSchema: this.ctx.schema }));
    }
    return compile(this.draft, { restUrl: this.ctx.restUrl, headers: this.ctx.auth.current(), defaultSchema: this.ctx.schema });
  }

  /** Sends with GET/HEAD retries as postgrest-js does. Rejects only with FetchError. */
  private sendWithRetry(req: CompiledRequest): Promise<TransportResponse> {
    return sendWithRetry(
      this.ctx.transport,
      { method: req.method, origin: req.origin, path: req.path, headers: req.headers, body: req.body, signal: this.signal, timeoutMs: this.ctx.timeoutMs },
      this.retryEnabled ?? this.ctx.retry,
    );
  }

  private async execute(): Promise<PostgrestResponse<Result>> {
    let result: PostgrestResponse<Result>;
    let url = '';
    try {
      const prepared = this.prepare();
      const req = prepared instanceof Promise ? await prepared : prepared;
      url = req.url;
      const res = await this.sendWithRetry(req);
      let body = '';
      if (req.method === 'HEAD') await res.dump();
      else body = await res.text();
      result = interpretResponse<Result>(
        { method: req.method, accept: req.headers.accept, prefer: req.headers.prefer, maybeSingle: req.maybeSingle, lossless: this.lossless ?? this.ctx.lossless },
        { status: res.status, statusText: res.statusText, contentRange: res.header('content-range'), body },
      );
    } catch (e) {
      const error: DatabaseError = isCoreError(e)
        ? (e as DatabaseError)
        : new FetchError(`Unexpected failure: ${e instanceof Error ? e.message : String(e)}`, { kind: 'network', cause: e });
      if (error instanceof FetchError && (error.kind === 'aborted' || error.kind === 'timeout') && url.length > URL_LENGTH_LIMIT) {
        error.hint += `. Note: Your request URL is ${url.length} characters, which may exceed server limits. If filtering with large arrays (e.g. .in('id', [many IDs])), consider an RPC function.`;
      }
      result = { success: false, data: null, error, count: null, status: 0, statusText: '' };
    }
    if (this.shouldThrowOnError && result.error) throw result.error;
    return result;
  }

  then<TResult1 = PostgrestResponse<Result>, TResult2 = never>(
    onfulfilled?: ((value: PostgrestResponse<Result>) => TResult1 | PromiseLike<TResult1>) | null,
    onrejected?: ((reason: unknown) => TResult2 | PromiseLike<TResult2>) | null,
  ): Promise<TResult1 | TResult2> {
    return this.execute().then(onfulfilled, onrejected);
  }

  /**
   * Sends the request and hands back the unread body stream (large CSV/JSON exports).
   * No retries, no parsing. Rejects with InvalidQueryError or FetchError.
   */
  async stream(): Promise<StreamedResponse> {
    const req = await this.prepare();
    const res = await this.ctx.transport.send({
      method: req.method,
      origin: req.origin,
      path: req.path,
      headers: req.headers,
      body: req.body,
      signal: this.signal,
      timeoutMs: this.ctx.timeoutMs,
    });
    return { status: res.status, statusText: res.statusText, headers: res.headers, response: res };
  }
}
