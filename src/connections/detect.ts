/**
 * Finds Supabase projects described by a workspace's files: `supabase/config.toml` (Supabase CLI
 * or @supabase/lite: API on 127.0.0.1:<api.port> with the CLI's default local keys) and `.env*`
 * files (SUPABASE_URL + keys, also with framework prefixes such as NEXT_PUBLIC_ or VITE_).
 * Pure: the caller reads the files (trusted workspaces only) and passes their text.
 */
import { l10n } from '../l10n';
import { tryDetectKey, type KeyRole } from './keys';

/** The Supabase CLI's default local API keys (signed with its default local JWT secret). */
export const CLI_DEFAULT_KEYS: Readonly<Record<KeyRole, string>> = {
  anon: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0',
  service_role:
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU',
};

/** The CLI's default opaque keys (newer CLI versions print these for a local stack). */
export const CLI_DEFAULT_OPAQUE_KEYS: Readonly<Record<KeyRole, string>> = {
  anon: 'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
  service_role: 'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
};

export const CLI_DEFAULT_API_PORT = 54321;

export interface WorkspaceFile {
  /** Name of the workspace folder the file is in. */
  folder: string;
  /** Path relative to that folder, with forward slashes. */
  relativePath: string;
  text: string;
}

export interface DetectedProject {
  /** A suggested connection name. */
  name: string;
  url: string;
  keys: Partial<Record<KeyRole, string>>;
  /** Keys to try when `keys` are rejected (config.toml: the CLI's opaque default keys). */
  fallbackKeys?: Partial<Record<KeyRole, string>>;
  /** Exposed schemas, when the file says (config.toml `[api] schemas`). */
  schemas?: string[];
  source: { kind: 'config.toml' | 'env'; folder: string; relativePath: string };
}

// ---------------------------------------------------------------- config.toml (a TOML subset)

type TomlValue = string | number | boolean | TomlValue[];

export class TomlSubsetError extends Error {
  override readonly name = 'TomlSubsetError';
}

/**
 * Reads the TOML subset Supabase config files use: `[table]` / `[a.b]` headers, `key = value` with
 * strings ("…" with escapes, '…' literal), integers, floats, booleans and arrays (may span lines).
 * Returns a flat map of dotted keys (`api.port`). Lines it cannot read are skipped.
 */
export function parseTomlSubset(text: string): Map<string, TomlValue> {
  const out = new Map<string, TomlValue>();
  let section = '';
  const src = text.replace(/\r\n?/g, '\n');
  let i = 0;
  const atEnd = () => i >= src.length;
  const skipSpaces = () => {
    while (!atEnd() && (src[i] === ' ' || src[i] === '\t')) i++;
  };
  const skipToEol = () => {
    while (!atEnd() && src[i] !== '\n') i++;
  };
  const skipBlank = () => {
    // whitespace, newlines and comments (inside arrays)
    for (;;) {
      while (!atEnd() && /\s/.test(src[i])) i++;
      if (src[i] === '#') skipToEol();
      else return;
    }
  };
  const readString = (): string => {
    const quote = src[i++];
    let s = '';
    while (!atEnd() && src[i] !== quote) {
      if (src[i] === '\n') throw new TomlSubsetError('newline in string');
      if (quote === '"' && src[i] === '\\') {
        const e = src[i + 1];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };
        if (e === 'u' || e === 'U') {
          const len = e === 'u' ? 4 : 8;
          s += String.fromCodePoint(parseInt(src.slice(i + 2, i + 2 + len), 16));
          i += 2 + len;
          continue;
        }
        s += map[e] ?? e;
        i += 2;
        continue;
      }
      s += src[i++];
    }
    if (atEnd()) throw new TomlSubsetError('unterminated string');
    i++;
    return s;
  };
  const readValue = (): TomlValue => {
    const c = src[i];
    if (c === '"' || c === "'") return readString();
    if (c === '[') {
      i++;
      const arr: TomlValue[] = [];
      for (;;) {
        skipBlank();
        if (src[i] === ']') {
          i++;
          return arr;
        }
        arr.push(readValue());
        skipBlank();
        if (src[i] === ',') i++;
        else if (src[i] !== ']') throw new TomlSubsetError('bad array');
      }
    }
    const m = /^[^\s,\]#]+/.exec(src.slice(i, i + 200));
    if (!m) throw new TomlSubsetError('missing value');
    i += m[0].length;
    const word = m[0];
    if (word === 'true') return true;
    if (word === 'false') return false;
    const n = Number(word.replace(/_/g, ''));
    if (!Number.isNaN(n)) return n;
    throw new TomlSubsetError(`unsupported value ${word}`);
  };
  while (!atEnd()) {
    skipBlank();
    if (atEnd()) break;
    const lineStart = i;
    try {
      if (src[i] === '[') {
        const end = src.indexOf(']', i);
        const eol = src.indexOf('\n', i);
        if (end < 0 || (eol >= 0 && end > eol)) throw new TomlSubsetError('bad header');
        section = src
          .slice(i + 1, end)
          .replace(/^\[/, '')
          .trim()
          .split('.')
          .map((p) => p.trim().replace(/^"(.*)"$/, '$1'))
          .join('.');
        i = end + 1;
        if (src[i] === ']') i++;
        skipToEol();
        continue;
      }
      const eq = src.indexOf('=', i);
      const eol = src.indexOf('\n', i);
      if (eq < 0 || (eol >= 0 && eq > eol)) throw new TomlSubsetError('no =');
      const key = src
        .slice(i, eq)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      i = eq + 1;
      skipSpaces();
      const value = readValue();
      out.set(section ? `${section}.${key}` : key, value);
      skipSpaces();
      skipToEol();
    } catch {
      i = lineStart;
      skipToEol();
    }
  }
  return out;
}

function projectFromConfigToml(file: WorkspaceFile): DetectedProject | undefined {
  const toml = parseTomlSubset(file.text);
  if (toml.get('api.enabled') === false) return undefined;
  const portValue = toml.get('api.port');
  const port =
    typeof portValue === 'number' && Number.isInteger(portValue) && portValue > 0 && portValue < 65536
      ? portValue
      : CLI_DEFAULT_API_PORT;
  const schemasValue = toml.get('api.schemas');
  const schemas = Array.isArray(schemasValue)
    ? schemasValue.filter((s): s is string => typeof s === 'string' && s.length > 0)
    : undefined;
  const projectId = toml.get('project_id');
  const label = typeof projectId === 'string' && projectId ? projectId : file.folder;
  return {
    name: l10n.t('{0} (local)', label),
    url: `http://127.0.0.1:${port}`,
    keys: { ...CLI_DEFAULT_KEYS },
    fallbackKeys: { ...CLI_DEFAULT_OPAQUE_KEYS },
    ...(schemas && schemas.length > 0 ? { schemas } : {}),
    source: { kind: 'config.toml', folder: file.folder, relativePath: file.relativePath },
  };
}

// ---------------------------------------------------------------- .env files

/**
 * Parses a dotenv file: `KEY=value`, `export KEY=value`, quoted values ("…" with \n escapes,
 * '…' literal, `…`), `# comments`, and `${VAR}` / `$VAR` references to keys defined earlier.
 */
export function parseDotEnv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const src = text.replace(/\r\n?/g, '\n');
  const re = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:][ \t]*/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    const key = m[1];
    let i = re.lastIndex;
    let value: string;
    const q = src[i];
    if (q === '"' || q === "'" || q === '`') {
      const end = src.indexOf(q, i + 1);
      if (end < 0) {
        const eol = src.indexOf('\n', i);
        value = src.slice(i + 1, eol < 0 ? undefined : eol);
        i = eol < 0 ? src.length : eol;
      } else {
        value = src.slice(i + 1, end);
        i = end + 1;
      }
      if (q === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\t/g, '\t').replace(/\\(["\\])/g, '$1');
      if (q !== "'") value = expand(value, out);
    } else {
      const eol = src.indexOf('\n', i);
      value = src.slice(i, eol < 0 ? undefined : eol);
      i = eol < 0 ? src.length : eol;
      value = value.replace(/[ \t]+#.*$/, '').trim();
      value = expand(value, out);
    }
    out.set(key, value);
    re.lastIndex = i;
  }
  return out;
}

function expand(value: string, env: Map<string, string>): string {
  return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, a: string | undefined, b: string | undefined) =>
    env.get((a ?? b) as string) ?? '',
  );
}

/** Prefixes frameworks put before public variables. */
export const ENV_PREFIXES = ['', 'NEXT_PUBLIC_', 'VITE_', 'PUBLIC_', 'EXPO_PUBLIC_', 'REACT_APP_', 'NUXT_PUBLIC_', 'NX_PUBLIC_'];
const URL_NAMES = ['SUPABASE_URL', 'SUPABASE_API_URL'];
const KEY_NAMES = [
  'SUPABASE_ANON_KEY',
  'SUPABASE_PUBLISHABLE_KEY',
  'SUPABASE_PUBLISHABLE_DEFAULT_KEY',
  'SUPABASE_KEY',
  'SUPABASE_SERVICE_ROLE_KEY',
  'SUPABASE_SERVICE_KEY',
  'SUPABASE_SECRET_KEY',
];

function isEnvFileName(relativePath: string): boolean {
  const base = relativePath.split('/').pop() ?? '';
  if (!/^\.env(\..+)?$/.test(base)) return false;
  return !/\.(example|sample|template|dist|defaults)$/i.test(base);
}

/** Order in which dotenv-style tools layer the files: later ones win. */
function envRank(relativePath: string): number {
  const base = relativePath.split('/').pop() ?? '';
  if (base === '.env') return 0;
  if (base === '.env.local') return 2;
  if (base.endsWith('.local')) return 3;
  return 1;
}

export function normalizeProjectUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  // A project URL has no path; people sometimes paste the REST URL.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/rest\/v1$/, '');
  return `${url.protocol}//${url.host}${path}`;
}

function projectFromEnv(file: WorkspaceFile, env: Map<string, string>): DetectedProject | undefined {
  let url: string | undefined;
  for (const name of URL_NAMES) {
    for (const prefix of ENV_PREFIXES) {
      const v = env.get(prefix + name);
      const n = v ? normalizeProjectUrl(v) : undefined;
      if (n) {
        url = n;
        break;
      }
    }
    if (url) break;
  }
  if (!url) return undefined;
  const keys: Partial<Record<KeyRole, string>> = {};
  for (const name of KEY_NAMES) {
    for (const prefix of ENV_PREFIXES) {
      const v = env.get(prefix + name)?.trim();
      const info = tryDetectKey(v);
      if (v && info && keys[info.role] === undefined) keys[info.role] = v;
    }
  }
  if (!keys.anon && !keys.service_role) return undefined;
  const host = new URL(url).hostname;
  const hosted = /^([a-z0-9]{20})\.supabase\.(co|in)$/.exec(host);
  const label = hosted ? hosted[1] : file.folder;
  return {
    name: `${label} (${file.relativePath.split('/').pop()})`,
    url,
    keys,
    source: { kind: 'env', folder: file.folder, relativePath: file.relativePath },
  };
}

/**
 * Projects described by the given files. `.env*` files of one folder and directory are layered
 * (`.env` < `.env.<mode>` < `.env.local` < `.env.<mode>.local`) per file, and projects with the
 * same URL are merged (keys from any file fill the gaps). `.env.example` and the like are ignored.
 */
export function detectProjects(files: readonly WorkspaceFile[]): DetectedProject[] {
  const found: DetectedProject[] = [];
  for (const f of files) {
    const base = f.relativePath.split('/').pop() ?? '';
    if (base === 'config.toml' && /(^|\/)supabase\/config\.toml$/.test(f.relativePath)) {
      const p = projectFromConfigToml(f);
      if (p) found.push(p);
    }
  }
  const envFiles = files
    .filter((f) => isEnvFileName(f.relativePath))
    .sort((a, b) => envRank(a.relativePath) - envRank(b.relativePath) || a.relativePath.localeCompare(b.relativePath));
  for (const f of envFiles) {
    const p = projectFromEnv(f, parseDotEnv(f.text));
    if (p) found.push(p);
  }
  const byUrl = new Map<string, DetectedProject>();
  for (const p of found) {
    const key = `${p.source.folder}\u0000${p.url}`;
    const prev = byUrl.get(key);
    if (!prev) {
      byUrl.set(key, { ...p, keys: { ...p.keys } });
      continue;
    }
    // config.toml gives only defaults; a .env with real keys for the same URL wins.
    if (prev.source.kind === 'config.toml' && p.source.kind === 'env') {
      const { fallbackKeys: _unused, ...fromEnv } = p;
      byUrl.set(key, { ...fromEnv, keys: { ...p.keys }, ...(prev.schemas ? { schemas: prev.schemas } : {}) });
      continue;
    }
    for (const role of ['anon', 'service_role'] as const) {
      if (p.keys[role]) prev.keys[role] = p.keys[role];
    }
  }
  return [...byUrl.values()];
}

/** The glob the host searches for (relative to each workspace folder). */
export const DETECT_GLOB = '{supabase/config.toml,**/supabase/config.toml,.env,.env.*}';
