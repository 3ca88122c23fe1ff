/** PostgREST error catalogue (v14) and the SQLSTATE → HTTP status mapping. */

export interface ErrorBody {
  code: string;
  details: unknown;
  hint: string | null;
  message: string;
}

/** An error answered to the client with PostgREST's JSON body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly hint: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, details: unknown = null, hint: string | null = null, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.hint = hint;
    this.headers = headers;
  }

  body(): ErrorBody {
    return { code: this.code, details: this.details, hint: this.hint, message: this.message };
  }
}

export type ParseTarget = 'select parameter' | 'filter' | 'order' | 'logic tree' | 'columns parameter' | 'on_conflict parameter' | 'limit parameter' | 'offset parameter';

/** PGRST100: a query-string parse error, shaped like PostgREST's parsec messages. */
export function parseError(target: ParseTarget, value: string, column: number, details: string): ApiError {
  return new ApiError(400, 'PGRST100', `"failed to parse ${target} (${value})" (line 1, column ${column})`, details);
}

export const errors = {
  unsupportedRpcMethod: (m: string) => new ApiError(405, 'PGRST101', `Cannot use the ${m} method on RPC`),
  invalidBody: (message: string) => new ApiError(400, 'PGRST102', message),
  rangeNotSatisfiable: (details: string | null = null) => new ApiError(416, 'PGRST103', 'Requested range not satisfiable', details),
  putFilters: () => new ApiError(405, 'PGRST105', "Filters must include all and only primary key columns with 'eq' operators"),
  invalidSchema: (schema: string, exposed: string[]) =>
    new ApiError(406, 'PGRST106', `Invalid schema: ${schema}`, null, `Only the following schemas are exposed: ${exposed.join(', ')}`),
  mediaType: (mimes: string) => new ApiError(406, 'PGRST107', `None of these media types are available: ${mimes}`),
  notEmbedded: (name: string) =>
    new ApiError(400, 'PGRST108', `'${name}' is not an embedded resource in this request`, null, `Verify that '${name}' is included in the 'select' query parameter.`),
  putLimit: () => new ApiError(400, 'PGRST114', 'limit/offset querystring parameters are not allowed for PUT'),
  putPkMismatch: () => new ApiError(400, 'PGRST115', 'Payload values do not match URL in primary key column(s)'),
  singular: (n: number) => new ApiError(406, 'PGRST116', 'Cannot coerce the result to a single JSON object', `The result contains ${n} rows`),
  unsupportedMethod: (m: string) => new ApiError(405, 'PGRST117', `Unsupported HTTP method: ${m}`),
  relatedOrder: (x: string) => new ApiError(400, 'PGRST118', `A related order on '${x}' is not possible`),
  badEmbedOperator: (x: string) => new ApiError(400, 'PGRST120', `Bad operator on the '${x}' embedded resource`, null, "Only is null or not is null filters are allowed on embedded resources"),
  raiseParse: () => new ApiError(500, 'PGRST121', `Could not parse JSON in the "RAISE SQLSTATE 'PGRST'" error`),
  strictPrefs: (bad: string[]) => new ApiError(400, 'PGRST122', 'Invalid preferences given with handling=strict', `Invalid preferences: ${bad.join(', ')}`),
  aggregates: () => new ApiError(400, 'PGRST123', 'Use of aggregate functions is not allowed'),
  maxAffected: (n: number) => new ApiError(400, 'PGRST124', 'Query result exceeds max-affected preference constraint', `The query affects ${n} rows`),
  invalidPath: () => new ApiError(404, 'PGRST125', 'Invalid path specified in request URL'),
  notImplemented: (details: string) => new ApiError(400, 'PGRST127', 'Feature not implemented', details),
  maxAffectedRpc: () => new ApiError(400, 'PGRST128', 'Function must return SETOF or TABLE when max-affected preference is used with handling=strict'),
  noRelationship: (a: string, b: string, schema: string) =>
    new ApiError(400, 'PGRST200', `Could not find a relationship between '${a}' and '${b}' in the schema cache`,
      `Searched for a foreign key relationship between '${a}' and '${b}' in the schema '${schema}', but no matches were found.`, null),
  ambiguousRelationship: (a: string, b: string, details: unknown[], hints: string[]) =>
    new ApiError(300, 'PGRST201', `Could not embed because more than one relationship was found for '${a}' and '${b}'`, details,
      `Try changing '${b}' to one of the following: ${hints.map((h) => `'${h}'`).join(', ')}. Find the desired relationship in the 'details' key.`),
  noFunction: (message: string, details: string, hint: string | null = null) => new ApiError(404, 'PGRST202', message, details, hint),
  ambiguousFunction: (message: string) => new ApiError(300, 'PGRST203', message, null, 'Try renaming the parameters or the function itself in the database so function overloading can be resolved'),
  noColumn: (col: string, table: string) => new ApiError(400, 'PGRST204', `Could not find the '${col}' column of '${table}' in the schema cache`),
  noTable: (schema: string, name: string, suggestion: string | null) =>
    new ApiError(404, 'PGRST205', `Could not find the table '${schema}.${name}' in the schema cache`, null, suggestion ? `Perhaps you meant the table '${schema}.${suggestion}'` : null),
  internal: (message: string) => new ApiError(500, 'PGRSTX00', message),
};

/** Shape of a node-postgres DatabaseError that we read. */
export interface PgErrorLike {
  code?: string;
  message: string;
  detail?: string;
  hint?: string;
}

export function isPgError(e: unknown): e is PgErrorLike & Error {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && ((e as unknown as { code: string }).code.length === 5) && 'severity' in e;
}

/** HTTP status for a SQLSTATE, per PostgREST §3.2. */
export function statusForSqlState(code: string, message: string, role: string, anonRole = 'anon'): number {
  const c2 = code.slice(0, 2);
  if (code.startsWith('PT') && /^PT\d{3}$/.test(code)) return Number(code.slice(2));
  if (c2 === '08' || (c2 === '53' && code !== '53400') || code === '57P01') return 503;
  if (c2 === '0L' || c2 === '0P' || c2 === '28') return 403;
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code === '42883') return message.startsWith('function xmlagg(') ? 406 : 404;
  if (code === '42P01') return 404;
  if (code === '42501') return role === anonRole ? 401 : 403;
  if (code === '21000') return message.endsWith('requires a WHERE clause') ? 400 : 500;
  if (code === '22023') return /^role ".*" does not exist$/.test(message) ? 401 : 400;
  if (code === 'P0001') return 400;
  if (['09', '25', '2D', '38', '39', '3B', '40', '54', '55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(c2)) return 500;
  if (code === '42P17' || code === '53400') return 500;
  return 400;
}

/** Converts a PostgreSQL error into the client-facing ApiError (including `RAISE SQLSTATE 'PGRST'`). */
export function fromPgError(e: PgErrorLike, role: string): ApiError {
  const code = e.code ?? 'XX000';
  if (code === 'PGRST') {
    try {
      const body = JSON.parse(e.message) as Partial<ErrorBody>;
      const detail = JSON.parse(e.detail ?? '') as { status?: number; headers?: Record<string, string> };
      if (typeof body !== 'object' || body === null || typeof detail !== 'object' || detail === null || typeof detail.status !== 'number') throw new Error('bad');
      return new ApiError(detail.status, String(body.code ?? ''), String(body.message ?? ''), body.details ?? null, body.hint ?? null, detail.headers ?? {});
    } catch {
      return errors.raiseParse();
    }
  }
  const status = statusForSqlState(code, e.message, role);
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return new ApiError(status, code, e.message, e.detail ?? null, e.hint ?? null, headers);
}
