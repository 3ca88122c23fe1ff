/**
 * Pure helpers of the filter value editors: which editor suits a column type and an operator,
 * PostgreSQL range literals (`[1,10)`, `(,"2024-01-01 10:00"]`) to and from their parts, and
 * array item lists to and from the JSON array the chain carries.
 */
import type { JsonValue } from '../../src/core/database/chain';
import { defaultAs, readList, splitTopLevel, type ConditionOp, type ValueAs } from './builderState';

export type EditorKind = 'scalar' | 'number' | 'range' | 'array' | 'list';

export const RANGE_OPS: readonly ConditionOp[] = ['rangeGt', 'rangeGte', 'rangeLt', 'rangeLte', 'rangeAdjacent'];
const CONTAINMENT_OPS: readonly ConditionOp[] = ['contains', 'containedBy', 'overlaps'];
const SCALAR_OPS: readonly ConditionOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'isDistinct'];

/** A single range type (`int4range`, `tstzrange`…), not a multirange. */
export function isRangeType(type: string | undefined): boolean {
  const t = (type ?? '').toLowerCase();
  return /range$/.test(t) && !/multirange$/.test(t);
}

/** An array type as PostgREST reports it (`text[]`, `integer[]`; `ARRAY` when the element is unknown). */
export function isArrayType(type: string | undefined): boolean {
  const t = (type ?? '').trim();
  return t.endsWith('[]') || t.toUpperCase() === 'ARRAY';
}

/** How the items of an array column are read (numbers for `integer[]`…, else text). */
export function arrayItemAs(type: string | undefined): ValueAs {
  const t = (type ?? '').trim();
  if (!t.endsWith('[]')) return 'text';
  const as = defaultAs(t.slice(0, -2));
  return as === 'number' || as === 'boolean' ? as : 'text';
}

/** The editor for a condition: range parts, array items, a numeric field, or the plain field. */
export function editorKind(op: ConditionOp, as: ValueAs, columnType: string | undefined): EditorKind {
  if (RANGE_OPS.includes(op)) return 'range';
  if (CONTAINMENT_OPS.includes(op)) {
    if (isRangeType(columnType)) return 'range';
    if (isArrayType(columnType)) return 'array';
    return 'scalar';
  }
  if (op === 'in') return 'list';
  if (SCALAR_OPS.includes(op) && as === 'number') return 'number';
  return 'scalar';
}

// ——— ranges ———

export interface RangeParts {
  /** `[` (true) or `(`. */
  lowerInc: boolean;
  /** The bound as text; '' is unbounded. */
  lower: string;
  upper: string;
  /** `]` (true) or `)`. */
  upperInc: boolean;
}

export const DEFAULT_RANGE: RangeParts = { lowerInc: true, lower: '', upper: '', upperInc: false };

function quoteBound(v: string): string {
  if (v === '') return '';
  return /[\s",()[\]\\]/.test(v) ? `"${v.replace(/(["\\])/g, '\\$1')}"` : v;
}

/** Writes the PostgreSQL range literal, bounds quoted when they need it. */
export function formatRangeLiteral(p: RangeParts): string {
  return `${p.lowerInc ? '[' : '('}${quoteBound(p.lower)},${quoteBound(p.upper)}${p.upperInc ? ']' : ')'}`;
}

function unquoteBound(raw: string): string | undefined {
  const t = raw;
  if (!t.startsWith('"')) return /["\\]/.test(t) ? undefined : t.trim();
  if (t.length < 2 || !t.endsWith('"')) return undefined;
  let out = '';
  const inner = t.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c === '\\') {
      if (i + 1 >= inner.length) return undefined;
      out += inner[++i];
    } else if (c === '"') {
      // `""` inside quotes is one quote.
      if (inner[i + 1] !== '"') return undefined;
      out += '"';
      i++;
    } else out += c;
  }
  return out;
}

/** Reads a range literal into its parts; undefined for `empty` or text that is not one. */
export function parseRangeLiteral(text: string): RangeParts | undefined {
  const t = text.trim();
  if (t.length < 3) return undefined;
  const open = t[0];
  const close = t[t.length - 1];
  if ((open !== '[' && open !== '(') || (close !== ']' && close !== ')')) return undefined;
  const inner = t.slice(1, -1);
  const parts = splitTopLevel(inner, ',');
  if (parts.length !== 2) return undefined;
  const lower = unquoteBound(parts[0]!);
  const upper = unquoteBound(parts[1]!);
  if (lower === undefined || upper === undefined) return undefined;
  return { lowerInc: open === '[', lower, upper, upperInc: close === ']' };
}

/** Whether text is a range literal PostgreSQL would read (`empty` included). */
export function isRangeLiteral(text: string): boolean {
  return text.trim().toLowerCase() === 'empty' || parseRangeLiteral(text) !== undefined;
}

// ——— array items ———

/** The items shown in an array editor for a stored input (a JSON array, or a `{a,b}` literal). */
export function arrayItemsText(input: string, as: ValueAs): string {
  const t = input.trim();
  if (as === 'json' && t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v)) {
        const items = v as JsonValue[];
        const scalars = items.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean');
        // Mixed kinds (a string "1" among numbers) or nested values stay a JSON array.
        const sameKind = items.every((x) => typeof x === typeof items[0]);
        if (!scalars || !sameKind) return t;
        return items.map((x) => (typeof x === 'string' ? quoteItem(x) : String(x))).join(', ');
      }
    } catch {
      // shown as typed
    }
    return input;
  }
  if (as === 'text' && t.startsWith('{') && t.endsWith('}')) {
    const inner = t.slice(1, -1);
    return inner === '' ? '' : splitTopLevel(inner, ',').map((x) => x.trim()).join(', ');
  }
  return input;
}

function quoteItem(s: string): string {
  return s === '' || s !== s.trim() || /[",\\]/.test(s) || s.startsWith('[') ? `"${s.replace(/(["\\])/g, '\\$1')}"` : s;
}

/** The stored input of an array editor: items (comma separated, quotes allowed) as a JSON array. */
export function arrayItemsInput(items: string, itemAs: ValueAs): { ok: true; input: string } | { ok: false; message: string } {
  const r = readList(items, itemAs);
  if (!r.ok) return r;
  return { ok: true, input: JSON.stringify(r.values) };
}
