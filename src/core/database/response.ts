/**
 * HTTP answer → `{ success, data, error, count, status, statusText }`, following postgrest-js
 * 2.119.0 (see protocol §1.8), with typed errors instead of plain objects.
 */

import { HttpError, PostgrestError, ResponseParseError, type DatabaseError } from '../lib/errors';
import { safeJsonParse, safeJsonParseLossless } from '../lib/json';

export interface PostgrestResponse<T = unknown> {
  /** `error === null` */
  success: boolean;
  data: T | null;
  error: DatabaseError | null;
  count: number | null;
  status: number;
  statusText: string;
}

/** What `interpretResponse` needs to know about the request. */
export interface RequestFacts {
  method: string;
  /** Request `Accept` header. */
  accept?: string;
  /** Request `Prefer` header. */
  prefer?: string;
  maybeSingle?: boolean;
  /** Parse numbers beyond 2^53 (and long decimals) as `LosslessNumber`. */
  lossless?: boolean;
}

export interface RawAnswer {
  status: number;
  statusText: string;
  /** `Content-Range` response header. */
  contentRange?: string | null;
  /** Body text; ignored for HEAD. */
  body: string;
}

const COUNT_RE = /count=(exact|planned|estimated)/;

/** PostgREST's error JSON: `{ code, message, details, hint }` with a non-empty string `code`. */
function isPostgrestErrorBody(o: Record<string, unknown>): boolean {
  return typeof o.code === 'string' && o.code !== '' && typeof o.message === 'string';
}

/**
 * A non-2xx answer → PostgrestError when the body is PostgREST's error JSON, HttpError otherwise
 * (proxy pages, gateway JSON such as `{"message":"Invalid API key"}`, empty bodies).
 */
function errorFromBody(value: unknown, parsedOk: boolean, status: number, statusText: string, raw: string): PostgrestError {
  if (parsedOk && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const fields = { details: o.details ?? null, hint: o.hint ?? null, status };
    if (isPostgrestErrorBody(o)) return new PostgrestError({ ...fields, message: o.message as string, code: o.code as string });
    const msg = o.message ?? o.msg ?? o.error_description ?? o.error;
    return new HttpError({
      ...fields,
      message: typeof msg === 'string' ? msg : msg === undefined || msg === null ? raw : JSON.stringify(msg),
      code: typeof o.code === 'string' ? o.code : o.code === undefined || o.code === null ? '' : String(o.code),
      statusText,
      body: raw,
    });
  }
  return new HttpError({ message: parsedOk && typeof value === 'string' ? value : raw, details: null, hint: null, code: '', status, statusText, body: raw });
}

export function interpretResponse<T = unknown>(req: RequestFacts, res: RawAnswer): PostgrestResponse<T> {
  let error: DatabaseError | null = null;
  let data: unknown = null;
  let count: number | null = null;
  let status = res.status;
  let statusText = res.statusText;

  if (status >= 200 && status <= 299) {
    if (req.method !== 'HEAD') {
      const body = res.body;
      const accept = req.accept;
      if (body === '') {
        // data stays null
      } else if (accept === 'text/csv' || (accept !== undefined && accept.includes('application/vnd.pgrst.plan+text'))) {
        data = body;
      } else {
        const parsed = req.lossless ? safeJsonParseLossless(body) : safeJsonParse(body);
        if (parsed.ok) data = parsed.value;
        else error = new ResponseParseError(body, status, parsed.error);
      }
    }
    if (req.prefer !== undefined && COUNT_RE.test(req.prefer) && res.contentRange) {
      const slash = res.contentRange.indexOf('/');
      if (slash >= 0) count = parseInt(res.contentRange.slice(slash + 1), 10);
    }
    if (req.maybeSingle && Array.isArray(data)) {
      if (data.length > 1) {
        error = new PostgrestError({
          code: 'PGRST116',
          details: `Results contain ${data.length} rows, application/vnd.pgrst.object+json requires 1 row`,
          hint: null,
          message: 'JSON object requested, multiple (or no) rows returned',
          status: 406,
        });
        data = null;
        count = null;
        status = 406;
        statusText = 'Not Acceptable';
      } else if (data.length === 1) {
        data = data[0];
      } else {
        data = null;
      }
    }
  } else {
    const body = res.body;
    const parsed = safeJsonParse(body);
    if (parsed.ok) {
      if (Array.isArray(parsed.value) && status === 404) {
        data = [];
        status = 200;
        statusText = 'OK';
      } else {
        error = errorFromBody(parsed.value, true, status, statusText, body);
      }
    } else if (status === 404 && body === '') {
      status = 204;
      statusText = 'No Content';
    } else {
      error = errorFromBody(undefined, false, status, statusText, body);
    }
  }
  return { success: error === null, data: data as T | null, error, count, status, statusText };
}
