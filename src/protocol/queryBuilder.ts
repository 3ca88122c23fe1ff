/**
 * Messages of the query builder webview, one union per direction, each type derived from its
 * schema. The host validates every incoming message with `parseQueryBuilderToHost` before acting.
 */
import type { ChainDescription } from '../core/database/chain';
import { chainDescription } from './chainSchema';
import {
  cancelMessage,
  progressMessage,
  PROTOCOL_VERSION,
  requestId,
  type Progress,
  type Reply,
  type SerializedError,
} from './envelope';
import type { Cell, RowsBody } from './losslessJson';
import {
  array,
  boolean,
  discriminated,
  json,
  literal,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  union,
  type Infer,
  type Result,
  type Schema,
  formatIssues,
} from './schema';

/**
 * Whose credentials run the query. `user` (a signed-in user's session) is the seam for the auth
 * issue: the schema does not accept it yet, the runner interface already carries it.
 */
export const RUN_AS = ['anon', 'service_role'] as const;
export type RunAs = (typeof RUN_AS)[number] | 'user';
const runAs = oneOf(RUN_AS);

export const CODE_LANGS = ['supabase-js', 'supabase-py', 'curl'] as const;
export type CodeLang = (typeof CODE_LANGS)[number];

const page = object({
  from: number({ int: true, min: 0 }),
  size: number({ int: true, min: 1, max: 100_000 }),
});
export type PageRequest = Infer<typeof page>;

/** A primary-key value: exact text for big ints (clarification 8), or a JSON scalar. */
const keyValue = union([string({ max: 10_000 }), number(), boolean()]);

const edit = object({
  /** Webview-side id of the queued row edit, echoed in the result. */
  key: string({ min: 1, max: 200 }),
  /** Primary-key column → value identifying the row. */
  pk: record(keyValue, { maxKeys: 32 }),
  /** Column → new value. A string for a big-number column carries its exact text. */
  values: record(json({ maxDepth: 32 }), { maxKeys: 2000 }),
});
export type RowEdit = Infer<typeof edit>;

const ready = object({ type: literal('ready'), v: literal(PROTOCOL_VERSION) });
const loadColumns = object({ type: literal('loadColumns'), id: requestId });
const run = object({
  type: literal('run'),
  id: requestId,
  chain: chainDescription,
  runAs,
  page: optional(page),
});
const count = object({ type: literal('count'), id: requestId, chain: chainDescription, runAs: optional(runAs) });
const applyEdits = object({
  type: literal('applyEdits'),
  id: requestId,
  edits: array(edit, { min: 1, max: 10_000 }),
  runAs: optional(runAs),
});
const copyAsCode = object({ type: literal('copyAsCode'), id: requestId, chain: chainDescription, lang: oneOf(CODE_LANGS) });
const openJson = object({
  type: literal('openJson'),
  id: requestId,
  title: string({ max: 300 }),
  /** Exact JSON text (big numbers intact). */
  text: string({ max: 50_000_000 }),
});
const exportRows = object({
  type: literal('export'),
  id: requestId,
  chain: chainDescription,
  runAs,
  format: oneOf(['csv', 'json'] as const),
});

const toHostSchemas = {
  ready,
  loadColumns,
  run,
  count,
  applyEdits,
  cancel: cancelMessage,
  copyAsCode,
  openJson,
  export: exportRows,
};

export const queryBuilderToHost = discriminated('type', toHostSchemas);
export type QueryBuilderToHost = Infer<typeof queryBuilderToHost>;
export type QueryBuilderToHostType = QueryBuilderToHost['type'];
export type ToHostMessage<K extends QueryBuilderToHostType> = Extract<QueryBuilderToHost, { type: K }>;

/** The requests that expect a reply (everything with an `id` except `cancel`). */
export type QueryBuilderRequest = Exclude<QueryBuilderToHost, { type: 'ready' } | { type: 'cancel' }>;

// ——— host → webview ———

export interface ColumnInfo {
  name: string;
  /** PostgreSQL type as reported (e.g. `bigint`, `text`, `jsonb`, `tstzrange`, `integer[]`). */
  type: string;
  /** OpenAPI format when known (e.g. `int8`, `uuid`). */
  format?: string;
  nullable?: boolean;
  hasDefault?: boolean;
  primaryKey?: boolean;
  /** Foreign key target, when the column references another table. */
  references?: { table: string; column: string };
}

export interface TargetInfo {
  kind: 'table' | 'view' | 'function';
  schema: string;
  name: string;
  columns: ColumnInfo[];
  /** Primary-key column names (empty → no inline editing). */
  primaryKey: string[];
  /** Tables this one can embed through foreign keys (both directions). */
  relations: string[];
  /** Function parameters, for rpc targets. */
  params?: { name: string; type: string; required: boolean }[];
  /** False when the columns could not be listed (e.g. anon key: OpenAPI is admin-only). */
  known: boolean;
  note?: string;
}

export type ResultBody =
  | RowsBody
  /** Exact JSON text of a non-tabular body (scalar, array of scalars, JSON explain plan). */
  | { kind: 'json'; text: string }
  /** A text body (CSV, text explain plan). */
  | { kind: 'text'; text: string; contentType: string }
  | { kind: 'empty' };

export interface RunResult {
  status: number;
  statusText: string;
  body: ResultBody;
  /** From `Content-Range` when a count was requested. */
  count: number | null;
  /** The row range actually returned, from `Content-Range`. */
  range?: { from: number; to: number };
  /** The request was an explain. */
  explain?: 'text' | 'json';
  elapsedMs: number;
}

export interface EditResult {
  key: string;
  ok: boolean;
  error?: SerializedError;
  /** The updated row as returned by the server (columns of the grid). */
  row?: { columns: string[]; cells: Cell[] };
}

/** Reply payload per request type. */
export interface QueryBuilderReplies {
  loadColumns: TargetInfo;
  run: RunResult;
  count: { count: number | null };
  applyEdits: { results: EditResult[] };
  copyAsCode: { code: string };
  openJson: null;
  /** `capped`: the export row cap setting stopped it before the last row. */
  export: { rows: number; destination: string | null; capped: boolean };
}

export interface PanelTarget {
  connectionId: string;
  schema: string;
  kind: 'table' | 'view' | 'function';
  name: string;
}

/** What the webview knows of its connection; resent as `connection` when it changes. */
export interface PanelConnection {
  name: string;
  readOnly: boolean;
  serviceRoleAvailable: boolean;
  /** False when the connection has only a secret key: run as service_role by default. */
  anonAvailable?: boolean;
  /** The connection's chosen run-as role (*Switch Run-As Role…*): a new panel starts on it. */
  runAs?: 'anon' | 'service_role';
}

/** The connection changed (renamed, read-only toggled, key or run-as role changed). */
export interface ConnectionMessage {
  type: 'connection';
  connection: PanelConnection;
}

export interface InitMessage {
  type: 'init';
  v: typeof PROTOCOL_VERSION;
  target: PanelTarget;
  connection: PanelConnection;
  settings: { pageSize: number; exportRowCap: number };
  /** A chain to restore (from the serializer) or to start with. */
  chain?: ChainDescription;
  /** `vscode.l10n.bundle`: the webview's translations (English template → text); absent for English. */
  l10n?: Record<string, string>;
}

export type QueryBuilderToWebview = InitMessage | ConnectionMessage | Reply<QueryBuilderReplies[keyof QueryBuilderReplies]> | Progress;

const panelTarget = object({
  connectionId: string({ min: 1, max: 200 }),
  schema: string({ min: 1, max: 200 }),
  kind: oneOf(['table', 'view', 'function'] as const),
  name: string({ min: 1, max: 1000 }),
});

/** The panel state saved with `setState` and restored by the serializer. */
export const queryBuilderState = object({
  v: literal(1),
  target: panelTarget,
  chain: optional(chainDescription),
  ui: optional(record(json({ maxDepth: 8 }), { maxKeys: 100 })),
});
export type QueryBuilderState = Infer<typeof queryBuilderState>;

/** Validates an incoming webview message; never throws. */
export function parseQueryBuilderToHost(input: unknown): Result<QueryBuilderToHost> {
  try {
    return queryBuilderToHost.parse(input);
  } catch (err) {
    return { ok: false, issues: [{ path: [], message: `validator failed: ${String(err)}` }] };
  }
}

/** The id of a message that failed validation, if it carried a usable one (to answer it). */
export function salvageRequestId(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const id = (input as { id?: unknown }).id;
  return requestId.parse(id).ok ? (id as string) : undefined;
}

/** Loose check of host messages on the webview side (the host is trusted but may be newer). */
export function isQueryBuilderToWebview(input: unknown): input is QueryBuilderToWebview {
  if (!input || typeof input !== 'object') return false;
  const t = (input as { type?: unknown }).type;
  if (t === 'progress') return progressMessage.parse(input).ok;
  return t === 'init' || t === 'connection' || t === 'reply';
}

export { formatIssues };
export type { Schema };
