/**
 * The shared envelope of every host ↔ webview protocol: request ids, replies, progress, cancel,
 * serialized errors and the protocol version. No `vscode` import: host and webviews share it.
 */
import { boolean, literal, nullable, number, object, optional, string, json, type Infer, type Schema } from './schema';

export const PROTOCOL_VERSION = 1 as const;

/** Request ids are chosen by the webview; short opaque strings. */
export const requestId = string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.:-]+$/ });
export type RequestId = Infer<typeof requestId>;

/** An error as it crosses the boundary: plain data, never an Error instance. */
export const serializedError = object({
  name: string({ max: 200 }),
  message: string({ max: 100_000 }),
  code: optional(string({ max: 200 })),
  details: optional(nullable(json({ maxDepth: 16 }))),
  hint: optional(nullable(string({ max: 100_000 }))),
  status: optional(number({ int: true })),
});
export type SerializedError = Infer<typeof serializedError>;

/** `{type:'reply', re, ok:true, data}` or `{type:'reply', re, ok:false, error}`. */
export type Reply<T = unknown> =
  | { type: 'reply'; re: RequestId; ok: true; data: T }
  | { type: 'reply'; re: RequestId; ok: false; error: SerializedError };

/** Progress of a running request (e.g. pages fetched so far). */
export const progressMessage = object({
  type: literal('progress'),
  re: requestId,
  message: optional(string({ max: 1000 })),
  done: optional(number({ min: 0 })),
  total: optional(nullable(number({ min: 0 }))),
});
export type Progress = Infer<typeof progressMessage>;

export const cancelMessage = object({ type: literal('cancel'), id: requestId });
export type Cancel = Infer<typeof cancelMessage>;

/** The error kinds the protocol itself produces. */
export const PROTOCOL_ERROR = 'ProtocolError';
export const CANCELLED_ERROR = 'AbortError';

export function protocolError(message: string, details?: unknown): SerializedError {
  return { name: PROTOCOL_ERROR, message, code: 'INVALID_MESSAGE', ...(details === undefined ? {} : { details: toJsonSafe(details) }) };
}

export function okReply<T>(re: RequestId, data: T): Reply<T> {
  return { type: 'reply', re, ok: true, data };
}

export function errorReply(re: RequestId, error: SerializedError): Reply<never> {
  return { type: 'reply', re, ok: false, error };
}

function toJsonSafe(value: unknown): Infer<ReturnType<typeof json>> | null {
  try {
    return JSON.parse(JSON.stringify(value)) as Infer<ReturnType<typeof json>>;
  } catch {
    return null;
  }
}

/**
 * Turns anything thrown or returned as an error into a `SerializedError`. Recognises the
 * PostgREST/`CoreError` shape (`message`, `code`, `details`, `hint`) and `status`.
 */
export function serializeError(err: unknown): SerializedError {
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    const name = typeof e.name === 'string' && e.name ? e.name : 'Error';
    const message = typeof e.message === 'string' ? e.message : safeString(err);
    const out: SerializedError = { name: name.slice(0, 200), message: message.slice(0, 100_000) };
    if (typeof e.code === 'string' && e.code) out.code = e.code.slice(0, 200);
    else if (typeof e.code === 'number') out.code = String(e.code);
    if ('details' in e && e.details !== undefined) {
      const d = e.details;
      out.details = typeof d === 'string' ? d : toJsonSafe(d);
    }
    if (typeof e.hint === 'string' || e.hint === null) out.hint = e.hint as string | null;
    if (typeof e.status === 'number' && Number.isInteger(e.status)) out.status = e.status;
    return out;
  }
  return { name: 'Error', message: safeString(err) };
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return 'unknown error';
  }
}

/** Builds the reply schema for a given data schema (used by tests and by the webview). */
export function replySchema<T>(data: Schema<T>) {
  return {
    ok: object({ type: literal('reply'), re: requestId, ok: literal(true), data }),
    err: object({ type: literal('reply'), re: requestId, ok: literal(false), error: serializedError }),
  };
}

export const anyReply = object({
  type: literal('reply'),
  re: requestId,
  ok: boolean(),
  data: optional(json()),
  error: optional(serializedError),
});
