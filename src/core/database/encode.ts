/**
 * The one value encoder: every value that reaches a PostgREST URL goes through here.
 *
 * It reproduces postgrest-js 2.119.0 byte for byte, except where postgrest-js produces text that
 * PostgREST reads as a different value. Those deviations (each covered by a test in
 * test/unit/core/database/encode.test.ts) are:
 *  - array literals (`contains`/`containedBy`/`overlaps` arrays, `like*AllOf/AnyOf` patterns,
 *    array-valued rpc GET args, array values of scalar filters): elements are quoted per
 *    PostgreSQL's array syntax when needed (`{a,"b,c"}`), `null` becomes `NULL`, nested arrays
 *    nest. postgrest-js joins with `,`, splitting such elements.
 *  - `in`/`notIn` lists: a quoted element escapes `"` and `\`; also quoted are a lone empty
 *    string (`()` is the empty list), a text PostgREST would read as a quoted value (`"x"`), and
 *    a first element with leading blanks; postgrest-js wraps in quotes without escaping and
 *    quotes only `, ( )`.
 *  - objects in filter values / rpc GET args are sent as JSON, not `[object Object]`.
 *  (Dates are turned into ISO text by the builders, before they reach a description.)
 */

import type { JsonValue } from './chain';

const FORM_FIX: Record<string, string> = { '!': '%21', "'": '%27', '(': '%28', ')': '%29', '~': '%7E', '%20': '+' };
const FORM_FIX_RE = /[!'()~]|%20/g;
const FORM_SAFE_RE = /^[A-Za-z0-9*\-._]*$/;

/**
 * application/x-www-form-urlencoded serialization of one key or value, exactly as WHATWG
 * `URLSearchParams` does it (space → `+`, `A-Za-z0-9*-._` kept, the rest UTF-8 percent-encoded,
 * lone surrogates → U+FFFD).
 */
export function formEncode(text: string): string {
  if (FORM_SAFE_RE.test(text)) return text;
  const wf = text as string & { isWellFormed?: () => boolean; toWellFormed?: () => string };
  const s = wf.isWellFormed && !wf.isWellFormed() ? wf.toWellFormed!() : text;
  return encodeURIComponent(s).replace(FORM_FIX_RE, (m) => FORM_FIX[m]!);
}

/** Serializes `[key, value]` pairs as URLSearchParams would. */
export function formEncodePairs(pairs: readonly (readonly [string, string])[]): string {
  let out = '';
  for (let i = 0; i < pairs.length; i++) {
    const p = pairs[i]!;
    if (i > 0) out += '&';
    out += formEncode(p[0]) + '=' + formEncode(p[1]);
  }
  return out;
}

/** `select(columns)` cleaning: whitespace outside double quotes is removed. */
export function cleanColumns(columns: string | undefined): string {
  const src = columns ?? '*';
  if (!/\s/.test(src)) return src;
  let quoted = false;
  let out = '';
  for (const c of src) {
    if (!quoted && /\s/.test(c)) continue;
    if (c === '"') quoted = !quoted;
    out += c;
  }
  return out;
}

/** The text of a scalar as postgrest-js interpolates it (`${v}`). */
function scalarText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  return String(v);
}

/**
 * A filter value (`eq.<v>`, `is.<v>`, rpc GET arg…). Scalars as postgrest-js; arrays as a
 * PostgreSQL array literal; objects as JSON (deviations, see the file comment).
 */
export function filterValue(v: JsonValue): string {
  if (Array.isArray(v)) return arrayLiteral(v);
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return scalarText(v);
}

// PostgreSQL's array_in trims only ASCII blanks (scanner_isspace), so only those need quotes.
const ARRAY_NEEDS_QUOTES = /[{}",\\]|^[ \t\n\r\v\f]|[ \t\n\r\v\f]$/;

/** One element of a PostgreSQL array literal, quoted only when PostgreSQL would misread it. */
export function arrayElement(v: JsonValue): string {
  if (v === null) return 'NULL';
  if (Array.isArray(v)) return arrayLiteral(v);
  const s = typeof v === 'object' ? JSON.stringify(v) : scalarText(v);
  if (s === '' || ARRAY_NEEDS_QUOTES.test(s) || s.toUpperCase() === 'NULL') {
    return '"' + s.replace(/["\\]/g, (m) => '\\' + m) + '"';
  }
  return s;
}

/** `{a,b}`: a PostgreSQL array literal. For plain elements it equals postgrest-js's `{${arr.join(',')}}`. */
export function arrayLiteral(values: readonly JsonValue[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += arrayElement(values[i]!);
  }
  return out + '}';
}

const IN_RESERVED = /[,()]/;

/** Blanks PostgREST skips after the `(` of an `in` list (Haskell's `isSpace`). */
const IN_LEADING_BLANK = /^[ \t\n\v\f\r\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;

/**
 * Unquoted, would PostgREST read `s` (followed by the rest of the list, `tail`) as a quoted value?
 * It tries a quoted value first when an element starts with `"`, and keeps it when the closing
 * quote is followed by `,` or `)` — even one found in a later element.
 */
function readsAsQuoted(s: string, tail: string): boolean {
  if (!s.startsWith('"')) return false;
  const text = s + tail;
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1 >= text.length || text[i + 1] === ',' || text[i + 1] === ')';
  }
  return false;
}

/**
 * One element of an `in.(…)` list, quoted per PostgREST's list grammar when needed: for `, ( )`
 * (as postgrest-js), a text PostgREST would take for a quoted value, and blanks leading the
 * first element (PostgREST skips them).
 */
export function inElement(v: JsonValue, first = false, tail = ')'): string {
  const s = filterValue(v);
  if (typeof v === 'string' || typeof v === 'object') {
    if (IN_RESERVED.test(s) || readsAsQuoted(s, tail) || (first && IN_LEADING_BLANK.test(s))) {
      return '"' + s.replace(/["\\]/g, (m) => '\\' + m) + '"';
    }
  }
  return s;
}

/** `(a,b)`: an `in` list; duplicate values are dropped as postgrest-js does (SameValueZero). */
export function inList(values: readonly JsonValue[]): string {
  const unique = [...new Set<JsonValue>(values)];
  if (unique.length === 0) return '()';
  // Right to left: whether an element needs quotes can depend on the text after it.
  let tail = ')';
  for (let i = unique.length - 1; i >= 0; i--) tail = `,${inElement(unique[i]!, i === 0, tail)}${tail}`;
  // `()` is the empty list: a lone empty string must be quoted.
  if (tail === ',)') return '("")';
  return `(${tail.slice(1)}`;
}

/**
 * The value of `not(column, op, value)` / `filter(column, op, value)`: strings verbatim (PostgREST
 * syntax), arrays as an `in` list for `in` and as an array literal otherwise.
 */
export function operatorValue(operator: string, v: JsonValue): string {
  if (Array.isArray(v)) return operator === 'in' ? inList(v) : arrayLiteral(v);
  return filterValue(v);
}

/** `columns="a","b"` for bulk inserts: union of keys in first-seen order. */
export function columnsParam(rows: readonly Record<string, unknown>[]): string | undefined {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) seen.add(k);
  if (seen.size === 0) return undefined;
  let out = '';
  for (const k of seen) out += (out ? ',' : '') + '"' + k + '"';
  return out;
}

/** Converts what a caller passes to a builder into the JSON value the wire will carry. */
export function toJsonValue(v: unknown): JsonValue {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (typeof v === 'object') {
    const tj = (v as { toJSON?: () => unknown }).toJSON;
    if (typeof tj === 'function') return toJsonValue(tj.call(v));
    const out: Record<string, JsonValue> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined) continue;
      // `out.__proto__ = …` would set the prototype and drop the key: define it as own data.
      if (k === '__proto__') Object.defineProperty(out, k, { value: toJsonValue(x), enumerable: true, writable: true, configurable: true });
      else out[k] = toJsonValue(x);
    }
    return out;
  }
  return String(v);
}

/** Body values as `JSON.stringify` would send them (undefined keys dropped, bigint → string). */
export function toBodyValue(v: unknown): JsonValue {
  const text = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}
