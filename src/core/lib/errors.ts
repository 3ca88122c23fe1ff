/**
 * Error families of the core. Every class carries a brand field so `isCoreError()` and friends work
 * across bundles (where `instanceof` fails), a stable `name`, and `toJSON()` for logging and for
 * posting to webviews.
 */

const CORE_BRAND = '__supabaseExplorerCore' as const;

export interface SerializedCoreError {
  name: string;
  message: string;
  code: string;
  details?: unknown;
  hint?: unknown;
  status?: number;
  kind?: string;
  issues?: ValidationIssue[];
}

export interface ValidationIssue {
  /** Path inside the checked value, e.g. `['steps', 2, 'column']`. */
  path: (string | number)[];
  message: string;
}

/** Base of every error the core creates. */
export class CoreError extends Error {
  readonly [CORE_BRAND] = true as const;
  /** Machine-readable code ('' when the source gave none). */
  code: string;

  constructor(message: string, options: { code?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = options.code ?? '';
  }

  toJSON(): SerializedCoreError {
    return { name: this.name, message: this.message, code: this.code };
  }
}

export function isCoreError(value: unknown): value is CoreError {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[CORE_BRAND] === true;
}

/** Where an HTTP error answer came from: PostgREST's error JSON, or anything else (gateway, proxy). */
export type HttpErrorKind = 'postgrest' | 'http';

/**
 * An error answered by PostgREST (or the gateway in front of it): `{message, details, hint, code}`
 * as in postgrest-js. `details`/`hint` are what the server sent (often `null`); a structured
 * `details` (PGRST201 sends an array) is kept as is. `kind` is `'postgrest'` when the body was
 * PostgREST's error JSON (it has a `code`), `'http'` for the {@link HttpError} subclass.
 */
export class PostgrestError extends CoreError {
  details: unknown;
  hint: unknown;
  /** HTTP status of the response that carried the error (0 when none). */
  status: number;
  readonly kind: HttpErrorKind = 'postgrest';

  constructor(context: { message: string; details?: unknown; hint?: unknown; code?: string; status?: number }) {
    super(context.message, { code: context.code ?? '' });
    this.name = 'PostgrestError';
    this.details = context.details ?? null;
    this.hint = context.hint ?? null;
    this.status = context.status ?? 0;
  }

  override toJSON(): SerializedCoreError {
    return { name: this.name, message: this.message, details: this.details, hint: this.hint, code: this.code, status: this.status, kind: this.kind };
  }
}

/**
 * A non-2xx answer whose body is not PostgREST's error JSON: an HTML page from a proxy (502/504),
 * a gateway refusal such as `401 {"message":"Invalid API key"}`, an empty body. Still a
 * `PostgrestError` (same fields, `instanceof PostgrestError`, `isPostgrestError()`), so
 * supabase-js style handling keeps working; `message` is the body text as postgrest-js reports it
 * (or the gateway's `message`), `code` is `''`, and `body` keeps the raw text.
 */
export class HttpError extends PostgrestError {
  override readonly kind: HttpErrorKind = 'http';
  statusText: string;
  /** The response body as received ('' for HEAD or an empty body). */
  body: string;

  constructor(context: { message: string; status: number; statusText?: string; body?: string; details?: unknown; hint?: unknown; code?: string }) {
    super(context);
    this.name = 'HttpError';
    this.statusText = context.statusText ?? '';
    this.body = context.body ?? '';
  }
}

/** A PostgrestError or its HttpError subclass (brand-based, works across bundles). */
export function isPostgrestError(value: unknown): value is PostgrestError {
  return isCoreError(value) && (value.name === 'PostgrestError' || value.name === 'HttpError');
}

/** An HTTP error that did not come from PostgREST itself (see {@link HttpError}). */
export function isHttpError(value: unknown): value is HttpError {
  return isCoreError(value) && value.name === 'HttpError';
}

export type FetchErrorKind = 'refused' | 'dns' | 'timeout' | 'aborted' | 'reset' | 'tls' | 'network';

/**
 * The request never got an HTTP answer: unreachable host, DNS failure, connection refused/reset,
 * TLS failure, timeout, or cancellation. `cause` holds the transport's original error.
 */
export class FetchError extends CoreError {
  kind: FetchErrorKind;
  details: string;
  hint: string;
  readonly status = 0;

  constructor(message: string, options: { kind: FetchErrorKind; code?: string; cause?: unknown; details?: string; hint?: string }) {
    super(message, { code: options.code ?? '', cause: options.cause });
    this.name = 'FetchError';
    this.kind = options.kind;
    this.details = options.details ?? '';
    this.hint = options.hint ?? '';
  }

  override toJSON(): SerializedCoreError {
    return { name: this.name, message: this.message, details: this.details, hint: this.hint, code: this.code, kind: this.kind, status: 0 };
  }
}

export function isFetchError(value: unknown): value is FetchError {
  return isCoreError(value) && value.name === 'FetchError';
}

/**
 * A 2xx answer whose body should be JSON but is not (a proxy page, a truncated body…).
 * `body` holds the raw text; `message` is that text too, as postgrest-js reports it.
 */
export class ResponseParseError extends CoreError {
  details: string;
  hint: string;
  status: number;
  body: string;

  constructor(body: string, status: number, cause?: unknown) {
    super(body, { code: 'CORE_BAD_JSON', cause });
    this.name = 'ResponseParseError';
    this.body = body;
    this.status = status;
    this.details = cause instanceof Error ? cause.message : '';
    this.hint = 'The server answered with a body that is not valid JSON';
  }

  override toJSON(): SerializedCoreError {
    return { name: this.name, message: this.message, details: this.details, hint: this.hint, code: this.code, status: this.status };
  }
}

export function isResponseParseError(value: unknown): value is ResponseParseError {
  return isCoreError(value) && value.name === 'ResponseParseError';
}

/**
 * A query the core refuses to send: an invalid description, or an update/delete without any
 * filter (code `CORE_UNFILTERED_WRITE`). Nothing was sent.
 */
export class InvalidQueryError extends CoreError {
  issues: ValidationIssue[];
  details: string;
  hint: string;
  readonly status = 0;

  constructor(message: string, issues: ValidationIssue[], code = 'CORE_INVALID_QUERY', hint = '') {
    super(message, { code });
    this.name = 'InvalidQueryError';
    this.issues = issues;
    this.details = issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('\n');
    this.hint = hint;
  }

  override toJSON(): SerializedCoreError {
    return { name: this.name, message: this.message, details: this.details, hint: this.hint, code: this.code, issues: this.issues };
  }
}

export function isInvalidQueryError(value: unknown): value is InvalidQueryError {
  return isCoreError(value) && value.name === 'InvalidQueryError';
}

/** Any error a database call can resolve with. All have `message`, `details`, `hint`, `code`. */
export type DatabaseError = PostgrestError | HttpError | FetchError | ResponseParseError | InvalidQueryError;
