import type { Preferences } from './types';

/** Parses every `Prefer` header (comma-split, trimmed); the first token of each kind wins. */
export function parsePrefer(headers: string[]): Preferences {
  const p: Preferences = { invalid: [] };
  const tokens = headers.flatMap((h) => h.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  for (const t of tokens) {
    const eq = t.indexOf('=');
    const k = eq < 0 ? t : t.slice(0, eq).trim();
    const v = eq < 0 ? '' : t.slice(eq + 1).trim();
    switch (k) {
      case 'return':
        if (v === 'minimal' || v === 'headers-only' || v === 'representation') p.return ??= v;
        else p.invalid.push(t);
        break;
      case 'count':
        if (v === 'exact' || v === 'planned' || v === 'estimated') p.count ??= v;
        else p.invalid.push(t);
        break;
      case 'resolution':
        if (v === 'merge-duplicates' || v === 'ignore-duplicates') p.resolution ??= v;
        else p.invalid.push(t);
        break;
      case 'missing':
        if (v === 'default' || v === 'null') p.missing ??= v;
        else p.invalid.push(t);
        break;
      case 'tx':
        if (v === 'commit' || v === 'rollback') p.tx ??= v;
        else p.invalid.push(t);
        break;
      case 'handling':
        if (v === 'strict' || v === 'lenient') p.handling ??= v;
        else p.invalid.push(t);
        break;
      case 'timezone':
        if (v) p.timezone ??= v;
        else p.invalid.push(t);
        break;
      case 'max-affected':
        if (/^\d+$/.test(v)) p.maxAffected ??= Number(v);
        else p.invalid.push(t);
        break;
      default:
        p.invalid.push(t);
    }
  }
  return p;
}
