/**
 * Reads the answer to the validation request (`getOpenApiSpec()`, i.e. `GET /rest/v1/`) made when
 * a project is added, and says in plain words what is wrong: unreachable host, wrong key, not a
 * Supabase URL, or a server failure. Pure (no vscode).
 */
import { errorFields, isNetworkError, networkCode } from '../commands/errors';
import { l10n } from '../l10n';
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
    const why = networkCode(error) ?? fields?.details;
    return {
      ok: false,
      reason: 'unreachable',
      message: why
        ? l10n.t('Cannot reach {0} ({1}). Check the URL, your network and proxy settings.', url, why)
        : l10n.t('Cannot reach {0}. Check the URL, your network and proxy settings.', url),
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
    const rejected = l10n.t(
      "The project at {0} rejected this key. Copy the anon/publishable or service_role/secret key from the project's API settings.",
      url,
    );
    const server = !message
      ? ''
      : fields?.hint
        ? l10n.t('The server said: {0} ({1})', message, fields.hint)
        : l10n.t('The server said: {0}', message);
    return { ok: false, reason: 'wrongKey', message: server ? `${rejected} ${server}` : rejected };
  }
  if (status === 403) {
    if (role === 'anon') return { ok: true, canListSchema: false };
    return {
      ok: false,
      reason: 'wrongKey',
      message: message
        ? l10n.t('The project at {0} refused this admin key (HTTP 403): {1}.', url, message)
        : l10n.t('The project at {0} refused this admin key (HTTP 403).', url),
    };
  }
  if (status === 404 || looksLikeHtml(data) || looksLikeHtml(message) || (status !== undefined && status >= 200 && status < 300)) {
    return {
      ok: false,
      reason: 'notSupabase',
      message:
        status === 404
          ? l10n.t(
              '{0} does not look like a Supabase project URL: {1} was not found (HTTP 404). Use the project URL (https://<ref>.supabase.co), not a dashboard or app URL.',
              url,
              `${url}/rest/v1/`,
            )
          : l10n.t(
              '{0} does not look like a Supabase project URL: {1} did not answer like the Supabase REST API. Use the project URL (https://<ref>.supabase.co), not a dashboard or app URL.',
              url,
              `${url}/rest/v1/`,
            ),
    };
  }
  return {
    ok: false,
    reason: 'serverError',
    message: status
      ? message
        ? l10n.t('The project at {0} answered with an error (HTTP {1}): {2}.', url, status, message)
        : l10n.t('The project at {0} answered with an error (HTTP {1}).', url, status)
      : message
        ? l10n.t('The project at {0} answered with an error: {1}.', url, message)
        : l10n.t('The project at {0} answered with an error.', url),
  };
}
