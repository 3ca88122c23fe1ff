/**
 * One place that turns anything thrown or returned as `error` into text for the user and the log:
 * the server's code, message, details and hint (PostgREST style), or a network failure with its
 * cause. Pure (no vscode).
 */
import { l10n } from '../l10n';

/** The fields a Supabase service error carries (PostgrestError and friends). */
export interface ServerErrorFields {
  message: string;
  code?: string;
  details?: string;
  hint?: string;
  status?: number;
}

/** A failed call to a project, thrown by `unwrap()` so command wrappers format it. */
export class ServerError extends Error implements ServerErrorFields {
  override readonly name = 'ServerError';
  readonly code?: string;
  readonly details?: string;
  readonly hint?: string;
  readonly status?: number;
  constructor(fields: ServerErrorFields, options?: { cause?: unknown }) {
    super(fields.message, options);
    if (fields.code) this.code = fields.code;
    if (fields.details) this.details = fields.details;
    if (fields.hint) this.hint = fields.hint;
    if (fields.status !== undefined) this.status = fields.status;
  }
}

/** A user-facing problem that needs no code/details (bad input, nothing selected, …). */
export class UserError extends Error {
  override readonly name: string = 'UserError';
}

/** Thrown when the user cancels a prompt or a progress notification; never shown as an error. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v && typeof v === 'object') {
    try {
      return JSON.stringify(v);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

/** The innermost network error code (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, …) in a cause chain. */
export function networkCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 6 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('UND_ERR'))) return code;
    const errors = (cur as { errors?: unknown }).errors; // AggregateError from happy eyeballs
    if (Array.isArray(errors) && errors.length > 0) {
      const inner = networkCode(errors[0]);
      if (inner) return inner;
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True for failures where no HTTP answer came back (refused, DNS, TLS, timeout, fetch failed). */
export function isNetworkError(e: unknown, status?: number): boolean {
  if (networkCode(e)) return true;
  if (!e || typeof e !== 'object') return false;
  const name = str((e as { name?: unknown }).name) ?? '';
  const message = str((e as { message?: unknown }).message) ?? '';
  if (/FetchError|NetworkError|ConnectTimeout|TimeoutError/.test(name)) return true;
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|getaddrinfo|socket hang up|network/i.test(message)) return true;
  return status === 0;
}

export function isAbortError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const name = str((e as { name?: unknown }).name);
  return name === 'AbortError' || name === 'CancelledError';
}

/**
 * Reads the server fields of any error-ish value: a PostgrestError-like object, our ServerError,
 * an Error (with a cause), or a string.
 */
export function errorFields(e: unknown, status?: number): ServerErrorFields {
  if (e instanceof ServerError) {
    return { message: e.message, code: e.code, details: e.details, hint: e.hint, status: e.status ?? status };
  }
  if (typeof e === 'string') return { message: e, ...(status !== undefined ? { status } : {}) };
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    const message =
      str(o.message) ?? str(o.msg) ?? str(o.error_description) ?? str(o.error) ?? (e instanceof Error ? e.name : l10n.t('Unknown error'));
    const f: ServerErrorFields = { message };
    const code = str(o.code) ?? str(o.error_code);
    if (code) f.code = code;
    const details = str(o.details);
    if (details) f.details = details;
    const hint = str(o.hint);
    if (hint) f.hint = hint;
    const s = typeof o.status === 'number' ? o.status : typeof o.statusCode === 'number' ? o.statusCode : status;
    if (s !== undefined) f.status = s;
    if (!f.details && e instanceof Error && e.cause) {
      const causeCode = networkCode(e.cause);
      const causeMsg = e.cause instanceof Error ? e.cause.message : str(e.cause);
      const text = [causeCode, causeMsg].filter(Boolean).join(': ');
      if (text && text !== message) f.details = text;
    }
    return f;
  }
  return { message: String(e), ...(status !== undefined ? { status } : {}) };
}

/** A ServerError from a `{ error, status }` result. */
export function toServerError(e: unknown, status?: number): ServerError {
  if (e instanceof ServerError) return e;
  return new ServerError(errorFields(e, status), { cause: e });
}

/** Returns `data` of a `{ data, error }` result or throws the error as a ServerError. */
export function unwrap<T>(result: { data: T; error: unknown; status?: number }): T {
  if (result.error) throw toServerError(result.error, result.status);
  return result.data;
}

/**
 * One line for a notification: "message (code 42501, HTTP 403). Details: … Hint: …".
 * Network failures lead with what happened.
 */
export function formatError(e: unknown, status?: number): string {
  if (e instanceof UserError) return e.message;
  const f = errorFields(e, status);
  const tags: string[] = [];
  if (f.code) tags.push(l10n.t('code {0}', f.code));
  if (f.status) tags.push(l10n.t('HTTP {0}', f.status));
  let text = f.message.trim().replace(/\.$/, '');
  if (tags.length > 0) text += ` (${tags.join(', ')})`;
  text += '.';
  if (f.details && f.details !== f.message) text += ` ${l10n.t('Details: {0}', f.details.trim())}`;
  if (f.hint) text += ` ${l10n.t('Hint: {0}', f.hint.trim())}`;
  return text;
}
