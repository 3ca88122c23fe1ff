import type { MediaKind, MediaType } from './types';

interface RawMedia {
  type: string;
  params: Map<string, string>;
  raw: string;
  q: number;
}

/** Splits a header on `,` outside double quotes. */
function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (const ch of s) {
    if (ch === '"') q = !q;
    if (ch === sep && !q) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function parseOne(text: string): RawMedia {
  const parts = splitOutsideQuotes(text, ';').map((s) => s.trim());
  const type = (parts[0] ?? '').toLowerCase();
  const params = new Map<string, string>();
  for (const p of parts.slice(1)) {
    if (!p) continue;
    const eq = p.indexOf('=');
    const k = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase();
    let v = eq < 0 ? '' : p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    params.set(k, v);
  }
  const q = params.has('q') ? Number(params.get('q')) : 1;
  return { type, params, raw: parts.filter((p) => p !== '').join('; '), q: Number.isFinite(q) ? q : 1 };
}

function simpleKind(type: string, params: Map<string, string>): { kind: MediaKind; stripNulls?: boolean } | null {
  const stripped = params.get('nulls') === 'stripped';
  switch (type) {
    case '*/*':
    case 'application/*':
    case 'application/json':
      return { kind: 'json' };
    case 'application/vnd.pgrst.object+json':
    case 'application/vnd.pgrst.object':
      return { kind: 'object', stripNulls: stripped };
    case 'application/vnd.pgrst.array+json':
      return { kind: stripped ? 'array-stripped' : 'json', stripNulls: stripped };
    case 'text/csv':
      return { kind: 'csv' };
    case 'application/geo+json':
      return { kind: 'geojson' };
    case 'application/openapi+json':
      return { kind: 'openapi' };
    case 'text/plain':
      return { kind: 'text' };
    case 'text/xml':
      return { kind: 'xml' };
    case 'application/octet-stream':
      return { kind: 'octet' };
    default:
      return null;
  }
}

function toMedia(m: RawMedia): MediaType | null {
  if (m.type === 'application/vnd.pgrst.plan' || m.type === 'application/vnd.pgrst.plan+text' || m.type === 'application/vnd.pgrst.plan+json') {
    const forText = m.params.get('for') ?? 'application/json';
    const forMedia = parseOne(forText);
    const forKind = simpleKind(forMedia.type, forMedia.params);
    if (!forKind) return null;
    const options = (m.params.get('options') ?? '').split('|').map((s) => s.trim()).filter((s) => s !== '');
    return {
      kind: 'plan',
      raw: `${m.type}; for="${forText}"${options.length ? `; options=${options.join('|')}` : ''}`,
      plan: { format: m.type.endsWith('+json') ? 'json' : 'text', for: { ...forKind, raw: forMedia.raw }, options },
    };
  }
  const k = simpleKind(m.type, m.params);
  return k ? { ...k, raw: m.raw } : null;
}

/** Parses an Accept header in preference order; an absent header means JSON. */
export function parseAccept(header: string | undefined): { candidates: MediaType[]; raw: string[] } {
  if (header === undefined || header.trim() === '') return { candidates: [{ kind: 'json', raw: 'application/json' }], raw: [] };
  const list = splitOutsideQuotes(header, ',').map((s) => s.trim()).filter((s) => s !== '').map(parseOne);
  const sorted = list.map((m, i) => ({ m, i })).filter(({ m }) => m.q > 0).sort((a, b) => b.m.q - a.m.q || a.i - b.i).map(({ m }) => m);
  const candidates: MediaType[] = [];
  for (const m of sorted) {
    const media = toMedia(m);
    if (media) candidates.push(media);
  }
  return { candidates, raw: sorted.map((m) => toMedia(m)?.raw ?? m.raw) };
}

/** The `Range: a-b` / `a-` request header (items). */
export function parseRangeHeader(header: string | undefined): { offset: number; limit?: number } | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^\s*(?:items=)?(\d+)-(\d*)\s*$/.exec(header);
  if (!m) return undefined;
  const a = Number(m[1]);
  if (m[2] === '') return { offset: a };
  const b = Number(m[2]);
  if (a > b) return 'invalid';
  return { offset: a, limit: b - a + 1 };
}
