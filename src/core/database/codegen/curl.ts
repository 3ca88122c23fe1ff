import type { ChainDescription } from '../chain';
import { compile } from '../compile';
import { CodegenError } from './CodegenError';

/** The parts of a compiled request that a curl command needs. */
export interface CurlRequest {
  method: string;
  /** Absolute URL, already encoded as it goes on the wire. */
  url: string;
  headers: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  body?: string | Uint8Array | null;
}

export interface CurlSecret {
  /** The secret text as it appears in the request (an API key, a user's access token). */
  value: string;
  /** Environment variable shown in its place, e.g. `SUPABASE_KEY`. */
  envVar: string;
}

export interface CurlOptions {
  /** Secrets replaced by `$ENV_VAR` references wherever they occur (URL, headers, body). */
  secrets?: CurlSecret[];
  /** Header names left out of the command (case-insensitive). Default: `x-client-info`. */
  omitHeaders?: string[];
}

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * A POSIX shell command running `req` with curl. Literal text is single-quoted (`'` as `'\''`);
 * each secret becomes `"$VAR"`, so the command never contains the secret itself.
 */
export function toCurl(req: CurlRequest, options: CurlOptions = {}): string {
  const secrets = (options.secrets ?? []).filter((s) => s.value !== '');
  for (const s of secrets) {
    if (!ENV_VAR.test(s.envVar)) throw new CodegenError(`invalid environment variable name ${JSON.stringify(s.envVar)}`, 'secrets');
  }
  // Longest first, so a secret that contains another is replaced whole.
  secrets.sort((a, b) => b.value.length - a.value.length);
  const omit = new Set((options.omitHeaders ?? ['x-client-info']).map((h) => h.toLowerCase()));
  const method = req.method.toUpperCase();
  if (!TOKEN.test(method)) throw new CodegenError(`invalid HTTP method ${JSON.stringify(req.method)}`, 'method');

  const url = req.url;
  let first = 'curl';
  if (/[[\]{}]/.test(url)) first += ' --globoff';
  if (method === 'HEAD') first += ' --head';
  else if (method !== 'GET' || (req.body !== undefined && req.body !== null)) first += ` -X ${method}`;
  first += ` ${shellWord(url, secrets)}`;
  const segments = [first];

  const entries: ReadonlyArray<readonly [string, string]> = Array.isArray(req.headers)
    ? (req.headers as ReadonlyArray<readonly [string, string]>)
    : Object.entries(req.headers as Record<string, string>);
  for (const [name, value] of entries) {
    if (omit.has(name.toLowerCase())) continue;
    if (!TOKEN.test(name)) throw new CodegenError(`invalid header name ${JSON.stringify(name)}`, 'headers');
    if (/[\r\n\0]/.test(value)) throw new CodegenError(`header ${name} holds a line break or NUL`, 'headers');
    segments.push(`-H ${shellWord(`${name}: ${value}`, secrets)}`);
  }

  if (req.body !== undefined && req.body !== null) {
    const text = typeof req.body === 'string' ? req.body : new TextDecoder('utf-8', { fatal: true }).decode(req.body);
    if (text.includes('\0')) throw new CodegenError('a request body with NUL bytes cannot be passed on a command line', 'body');
    segments.push(`--data-raw ${shellWord(text, secrets)}`);
  }
  return `${segments.join(' \\\n  ')}\n`;
}

/** One shell word for `text`: single-quoted literal runs joined with `"$VAR"` for secrets. */
export function shellWord(text: string, secrets: CurlSecret[] = []): string {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    let at = -1;
    let hit: CurlSecret | undefined;
    for (const s of secrets) {
      const i = rest.indexOf(s.value);
      if (i !== -1 && (at === -1 || i < at)) {
        at = i;
        hit = s;
      }
    }
    if (!hit) {
      pieces.push(singleQuote(rest));
      break;
    }
    if (at > 0) pieces.push(singleQuote(rest.slice(0, at)));
    pieces.push(`"$${hit.envVar}"`);
    rest = rest.slice(at + hit.value.length);
  }
  if (pieces.length === 0) return "''";
  return pieces.join('');
}

function singleQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface CurlForDescriptionOptions {
  /** Project URL as given to `createClient` (e.g. `https://xyz.supabase.co`). */
  url: string;
  /** The API key; shown as `$SUPABASE_KEY`. */
  key: string;
  /** A signed-in user's access token, sent as the bearer; shown as `$SUPABASE_ACCESS_TOKEN`. */
  accessToken?: string;
  /** The client's default schema (`db.schema`), used when the description has none. */
  schema?: string;
  /** Extra headers (the client's `global.headers`). */
  headers?: Record<string, string>;
}

/** The curl command for the request the core sends for `desc` (built by `compile()`). */
export function toCurlForDescription(desc: ChainDescription, o: CurlForDescriptionOptions): string {
  let restUrl: string;
  try {
    restUrl = new URL('rest/v1', o.url.endsWith('/') ? o.url : `${o.url}/`).href;
  } catch {
    throw new CodegenError(`invalid project URL ${JSON.stringify(o.url)}`, 'url');
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.headers ?? {})) headers[k.toLowerCase()] = v;
  headers.apikey ??= o.key;
  headers.authorization ??= `Bearer ${o.accessToken ?? o.key}`;
  const req = compile(desc, { restUrl, headers, defaultSchema: o.schema });
  const secrets: CurlSecret[] = [{ value: o.key, envVar: 'SUPABASE_KEY' }];
  if (o.accessToken) secrets.push({ value: o.accessToken, envVar: 'SUPABASE_ACCESS_TOKEN' });
  return toCurl(req, { secrets });
}
