/**
 * Reads the answer to the validation request (`getOpenApiSpec()`, i.e. `GET /rest/v1/`) made when
 * a project is added, and says in plain words what is wrong: unreachable host, wrong key, not a
 * Supabase URL, or a server failure. Pure (no vscode).
 */
import { errorFields, isNetworkError, networkCode } from '../commands/errors';
import type { KeyRole } from './keys';

export type ValidationOutcome =
  | {
      ok: true;
      /** False when the key is accepted but the OpenAPI root is admin-only (anon/publishable keys). */
      canListSchema: boolean;
      /** The OpenAPI document, when the key could read it. */
      openApi?: unknown;
    }
  | { ok: false; reason: 'unreachable' | 'wrongKey' | 'notSupabase' | 'serverError'; message: string };

const JWT_ERRORS = /invalid api key|no api key|jwt|jws|token|signature|unauthorized|apikey/i;

export function looksLikeOpenApi(doc: unknown): boolean {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return (typeof d.swagger === 'string' || typeof d.openapi === 'string') && typeof d.paths === 'object';
}

function looksLikeHtml(v: unknown): boolean {
  return typeof v === 'string' && /^\s*<(!doctype|html|head|body|\?xml)/i.test(v);
}

/**
 * @param url the project URL that was tried
 * @param role the role of the key that was sent
 */
export function classifyValidation(
  url: string,
  role: KeyRole,
  result: { data: unknown; error: unknown; status?: number },
): ValidationOutcome {
  const { data, error } = result;
  const fields = error ? errorFields(error, result.status) : undefined;
  const status = result.status ?? fields?.status;
  if (error && isNetworkError(error, status) && !(status && status > 0)) {
    const code = networkCode(error);
    const why = code ? ` (${code})` : fields?.details ? ` (${fields.details})` : '';
    return {
      ok: false,
      reason: 'unreachable',
      message: `Cannot reach ${url}${why}. Check the URL, your network and proxy settings.`,
    };
  }
  if (!error && status !== undefined && status >= 200 && status < 300 && looksLikeOpenApi(data)) {
    return { ok: true, canListSchema: true, openApi: data };
  }
  if (!error && status === undefined && looksLikeOpenApi(data)) {
    return { ok: true, canListSchema: true, openApi: data };
  }
  const message = fields?.message ?? '';
  if (status === 401 || (status === undefined && JWT_ERRORS.test(message)) || /^PGRST30\d$/.test(fields?.code ?? '')) {
    const server = message ? ` The server said: ${message}${fields?.hint ? ` (${fields.hint})` : ''}` : '';
    return {
      ok: false,
      reason: 'wrongKey',
      message: `The project at ${url} rejected this key. Copy the anon/publishable or service_role/secret key from the project's API settings.${server}`,
    };
  }
  if (status === 403) {
    if (role === 'anon') return { ok: true, canListSchema: false };
    return {
      ok: false,
      reason: 'wrongKey',
      message: `The project at ${url} refused this admin key (HTTP 403)${message ? `: ${message}` : ''}.`,
    };
  }
  if (status === 404 || looksLikeHtml(data) || looksLikeHtml(message) || (status !== undefined && status >= 200 && status < 300)) {
    return {
      ok: false,
      reason: 'notSupabase',
      message: `${url} does not look like a Supabase project URL: ${url}/rest/v1/ ${
        status === 404 ? 'was not found (HTTP 404)' : 'did not answer like the Supabase REST API'
      }. Use the project URL (https://<ref>.supabase.co), not a dashboard or app URL.`,
    };
  }
  return {
    ok: false,
    reason: 'serverError',
    message: `The project at ${url} answered with an error${status ? ` (HTTP ${status})` : ''}${message ? `: ${message}` : ''}.`,
  };
}
