/**
 * An independent reader of the PostgREST filter-value grammar (protocol doc §2.5, PostgREST v14
 * `QueryParams.hs`) and of PostgreSQL's array literal input (`array_in`), used as the judge of
 * what a server makes of a query string. Written from the grammar, sharing nothing with the core.
 */

export class GrammarError extends Error {
  override readonly name = 'GrammarError';
}

/** Query string → [key, value] pairs as PostgREST sees them (`+` is a space, `%XX` UTF-8). */
export function readQuery(query: string): Array<[string, string]> {
  return [...new URLSearchParams(query)];
}

export type OpExpr =
  | { negated: boolean; op: 'in'; list: string[] }
  | { negated: boolean; op: 'is'; value: 'null' | 'not_null' | 'true' | 'false' | 'unknown' }
  | { negated: boolean; op: 'fts' | 'plfts' | 'phfts' | 'wfts'; config?: string; value: string }
  | { negated: boolean; op: string; value: string };

const SINGLE_VALUE_OPS = new Set([
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch', 'isdistinct',
  'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj',
]);
const QUANTIFIABLE = new Set(['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch']);
const FTS_OPS = new Set(['fts', 'plfts', 'phfts', 'wfts']);

/** `[not.]op.value` as PostgREST's `pOpExpr` reads it. */
export function readOpExpr(text: string): OpExpr {
  let negated = false;
  let rest = text;
  if (rest.startsWith('not.')) {
    negated = true;
    rest = rest.slice(4);
  }
  if (rest.startsWith('in.')) return { negated, op: 'in', list: readInList(rest.slice(3)) };
  if (rest.startsWith('is.')) {
    const v = rest.slice(3).toLowerCase();
    if (v === 'null' || v === 'not_null' || v === 'true' || v === 'false' || v === 'unknown') return { negated, op: 'is', value: v };
    throw new GrammarError(`is. takes null, not_null, true, false or unknown, got ${JSON.stringify(rest.slice(3))}`);
  }
  const ftsName = /^[^.(]*/.exec(rest)![0];
  if (FTS_OPS.has(ftsName)) {
    let at = ftsName.length;
    let config: string | undefined;
    if (rest[at] === '(') {
      const close = rest.indexOf(')', at);
      if (close === -1) throw new GrammarError('unclosed text search config');
      config = rest.slice(at + 1, close).trim();
      if (!/^[\p{L}\p{N}_ $]+$/u.test(rest.slice(at + 1, close))) throw new GrammarError('bad text search config');
      at = close + 1;
    }
    if (rest[at] !== '.') throw new GrammarError('expected . after the text search operator');
    return { negated, op: ftsName as 'fts', ...(config !== undefined ? { config } : {}), value: rest.slice(at + 1) };
  }
  const dot = rest.indexOf('.');
  if (dot === -1) throw new GrammarError(`no operator delimiter in ${JSON.stringify(text)}`);
  const op = rest.slice(0, dot);
  const quantified = /^(\w+)\((any|all)\)$/.exec(op);
  if (!(SINGLE_VALUE_OPS.has(op) || (quantified && QUANTIFIABLE.has(quantified[1]!)))) {
    throw new GrammarError(`unknown operator ${JSON.stringify(op)}`);
  }
  return { negated, op, value: rest.slice(dot + 1) };
}

/** Haskell's `isSpace`, which Parsec's `spaces` uses. */
function isHsSpace(ch: string): boolean {
  return /^[ \t\n\v\f\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]$/.test(ch);
}

/** The `in` list: `(e1,e2)`; element `"…"` with `\x` → `x`, or a run without `,` `)`. */
export function readInList(text: string): string[] {
  let i = 0;
  if (text[i] !== '(') throw new GrammarError('in list must start with (');
  i++;
  while (i < text.length && isHsSpace(text[i]!)) i++;
  // Empty list: PostgREST answers `in.()` with no rows (protocol doc §2.5).
  if (/^\)\s*$/.test(text.slice(i))) return [];
  const out: string[] = [];
  for (;;) {
    let element: string | undefined;
    if (text[i] === '"') {
      // Quoted value, valid only when followed by `,` `)` or the end.
      let j = i + 1;
      let v = '';
      let closed = false;
      while (j < text.length) {
        const ch = text[j]!;
        if (ch === '\\') {
          if (j + 1 >= text.length) break;
          v += text[j + 1]!;
          j += 2;
        } else if (ch === '"') {
          closed = true;
          j++;
          break;
        } else {
          v += ch;
          j++;
        }
      }
      if (closed && (j >= text.length || text[j] === ',' || text[j] === ')')) {
        element = v;
        i = j;
      }
    }
    if (element === undefined) {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== ')') j++;
      element = text.slice(i, j);
      i = j;
    }
    out.push(element);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === ')') {
      i++;
      while (i < text.length && isHsSpace(text[i]!)) i++;
      if (i !== text.length) throw new GrammarError('text after the closing ) of an in list');
      return out;
    }
    throw new GrammarError('in list is not closed');
  }
}

function isPgSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';
}

/**
 * A one-dimensional PostgreSQL array literal as `array_in` reads it: `{a,"b,c",NULL}` →
 * `['a', 'b,c', null]`. Throws on what PostgreSQL rejects as malformed (or multi-dimensional).
 */
export function readPgArray(text: string): Array<string | null> {
  let i = 0;
  while (isPgSpace(text[i])) i++;
  if (text[i] !== '{') throw new GrammarError('array literal must start with {');
  i++;
  while (isPgSpace(text[i])) i++;
  const out: Array<string | null> = [];
  if (text[i] === '}') {
    i++;
  } else {
    for (;;) {
      while (isPgSpace(text[i])) i++;
      if (text[i] === '"') {
        i++;
        let v = '';
        for (;;) {
          if (i >= text.length) throw new GrammarError('unterminated quoted array element');
          const ch = text[i]!;
          if (ch === '\\') {
            if (i + 1 >= text.length) throw new GrammarError('dangling backslash');
            v += text[i + 1]!;
            i += 2;
          } else if (ch === '"') {
            i++;
            break;
          } else {
            v += ch;
            i++;
          }
        }
        while (isPgSpace(text[i])) i++;
        out.push(v);
      } else {
        let v = '';
        let keep = 0; // length of v that is protected from trailing-space trimming
        let escaped = false;
        while (i < text.length && text[i] !== ',' && text[i] !== '}') {
          const ch = text[i]!;
          if (ch === '\\') {
            if (i + 1 >= text.length) throw new GrammarError('dangling backslash');
            v += text[i + 1]!;
            keep = v.length;
            escaped = true;
            i += 2;
          } else if (ch === '"' || ch === '{') {
            throw new GrammarError(`unexpected ${ch} in an unquoted array element`);
          } else {
            v += ch;
            i++;
          }
        }
        let end = v.length;
        while (end > keep && isPgSpace(v[end - 1])) end--;
        v = v.slice(0, end);
        if (v === '' && !escaped) throw new GrammarError('empty unquoted array element');
        out.push(!escaped && /^null$/i.test(v) ? null : v);
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        break;
      }
      throw new GrammarError('array literal is not closed');
    }
  }
  while (isPgSpace(text[i])) i++;
  if (i !== text.length) throw new GrammarError('text after the closing } of an array literal');
  return out;
}
