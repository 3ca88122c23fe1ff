/**
 * The chain editor's state and its pure reducer, with the two mappings
 * `toChain(state) → ChainDescription | errors` and `fromChain(description) → state`.
 *
 * Values are kept as the text the user typed plus how to read it (`as`), so the mapping does not
 * depend on column metadata and round-trips exactly. Steps the form has no editor for (rollback,
 * maxAffected, stripNulls, setHeader, geojson) are carried through unchanged in `extraSteps`.
 */
import type {
  ChainDescription,
  CountOption,
  ExplainOptions,
  Filter,
  JsonObject,
  JsonValue,
  Step,
  Transform,
} from '../../src/core/database/chain';
import { isRangeLiteral } from './valueEditors';
import { parseWriteJson } from '../../src/protocol/losslessJson';
import { l10n } from '../shared/l10n';

export type ValueAs = 'text' | 'number' | 'boolean' | 'null' | 'json';

/** Every operator a condition row offers (supabase-js filter method names). */
export const CONDITION_OPS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'is',
  'isDistinct',
  'in',
  'regexMatch',
  'regexIMatch',
  'likeAllOf',
  'likeAnyOf',
  'ilikeAllOf',
  'ilikeAnyOf',
  'contains',
  'containedBy',
  'overlaps',
  'rangeGt',
  'rangeGte',
  'rangeLt',
  'rangeLte',
  'rangeAdjacent',
  'textSearch',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** The PostgREST operator of each condition (for `not`, `or` and raw filters). */
export const WIRE_OP: Record<ConditionOp, string> = {
  eq: 'eq',
  neq: 'neq',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  like: 'like',
  ilike: 'ilike',
  is: 'is',
  isDistinct: 'isdistinct',
  in: 'in',
  regexMatch: 'match',
  regexIMatch: 'imatch',
  likeAllOf: 'like(all)',
  likeAnyOf: 'like(any)',
  ilikeAllOf: 'ilike(all)',
  ilikeAnyOf: 'ilike(any)',
  contains: 'cs',
  containedBy: 'cd',
  overlaps: 'ov',
  rangeGt: 'sr',
  rangeGte: 'nxl',
  rangeLt: 'sl',
  rangeLte: 'nxr',
  rangeAdjacent: 'adj',
  textSearch: 'fts',
};

export type FtsType = '' | 'plain' | 'phrase' | 'websearch';

export interface Condition {
  id: string;
  column: string;
  op: ConditionOp;
  /** Wraps the condition in `not(...)`. */
  negate: boolean;
  /** The value as typed. Lists (in, likeAnyOf…) are comma separated or a JSON array. */
  input: string;
  as: ValueAs;
  /** textSearch only. */
  ftsConfig: string;
  ftsType: FtsType;
}

export type FilterRow =
  | ({ type: 'cond' } & Condition)
  | { type: 'or'; id: string; referencedTable: string; /** PostgREST syntax, e.g. `a.eq.1,b.gt.2`. */ expr: string }
  /** `filter(column, operator, value)`, or `not(column, operator, value)` when `not` is set. */
  | { type: 'raw'; id: string; column: string; operator: string; value: string; not?: boolean }
  | { type: 'match'; id: string; /** JSON object text. */ query: string };

export interface OrderRow {
  id: string;
  column: string;
  ascending: boolean;
  nulls: 'default' | 'first' | 'last';
  referencedTable: string;
}

export interface PagingRow {
  id: string;
  kind: 'limit' | 'range';
  referencedTable: string;
  count: string;
  from: string;
  to: string;
}

export type Mode = 'select' | 'insert' | 'upsert' | 'update' | 'delete' | 'rpc';
export type ResultShape = 'rows' | 'single' | 'maybeSingle' | 'csv';

export interface BuilderState {
  schema: string;
  /** Table/view name, or function name for rpc. */
  name: string;
  isRpc: boolean;
  mode: Mode;
  /** Columns string for select (and for returning after a write / on rpc results). */
  select: string;
  count: '' | CountOption;
  head: boolean;
  filters: FilterRow[];
  orders: OrderRow[];
  paging: PagingRow[];
  shape: ResultShape;
  explain: (ExplainOptions & { format: 'text' | 'json' }) | null;
  /** JSON text of insert/upsert rows or update values. */
  values: string;
  onConflict: string;
  ignoreDuplicates: boolean;
  /** `defaultToNull` (default true in supabase-js); false → missing columns take their defaults. */
  defaultToNull: boolean;
  /** Ask the write to return rows (`.select(columns)`). */
  returning: boolean;
  /** rpc arguments as JSON object text. */
  args: string;
  rpcGet: boolean;
  extraSteps: Step[];
  /** Next id counter for rows. */
  seq: number;
}

export function initialState(target: { schema: string; name: string; isRpc: boolean }): BuilderState {
  return {
    schema: target.schema,
    name: target.name,
    isRpc: target.isRpc,
    mode: target.isRpc ? 'rpc' : 'select',
    select: '*',
    count: target.isRpc ? '' : 'exact',
    head: false,
    filters: [],
    orders: [],
    paging: [],
    shape: 'rows',
    explain: null,
    values: '',
    onConflict: '',
    ignoreDuplicates: false,
    defaultToNull: true,
    returning: true,
    args: '{}',
    rpcGet: false,
    extraSteps: [],
    seq: 1,
  };
}

// ——— actions ———

export type Action =
  | { type: 'setMode'; mode: Mode }
  | { type: 'set'; patch: Partial<Pick<BuilderState, 'select' | 'count' | 'head' | 'shape' | 'values' | 'onConflict' | 'ignoreDuplicates' | 'defaultToNull' | 'returning' | 'args' | 'rpcGet'>> }
  | { type: 'addCondition'; column?: string; as?: ValueAs }
  | { type: 'addOr' }
  | { type: 'addRaw' }
  | { type: 'addMatch' }
  | { type: 'updateFilter'; id: string; patch: Partial<Omit<Condition, 'id'>> & Partial<{ referencedTable: string; expr: string; operator: string; value: string; query: string }> }
  | { type: 'removeFilter'; id: string }
  | { type: 'moveFilter'; id: string; delta: -1 | 1 }
  | { type: 'addOrder'; column?: string }
  | { type: 'updateOrder'; id: string; patch: Partial<Omit<OrderRow, 'id'>> }
  | { type: 'removeOrder'; id: string }
  | { type: 'addPaging'; kind: 'limit' | 'range' }
  | { type: 'updatePaging'; id: string; patch: Partial<Omit<PagingRow, 'id'>> }
  | { type: 'removePaging'; id: string }
  | { type: 'setExplain'; explain: BuilderState['explain'] }
  /** Changes some explain options, keeping the others (no-op when explain is off). */
  | { type: 'patchExplain'; patch: Partial<NonNullable<BuilderState['explain']>> }
  | { type: 'replace'; state: BuilderState };

function nextId(state: BuilderState, prefix: string): [string, number] {
  return [`${prefix}${state.seq}`, state.seq + 1];
}

/** A sensible default operator for a column's type. */
export function defaultAs(columnType: string | undefined): ValueAs {
  const t = (columnType ?? '').toLowerCase();
  if (/^(smallint|integer|bigint|int[248]?|real|double precision|numeric|decimal|float[48])$/.test(t)) return 'number';
  if (t === 'boolean' || t === 'bool') return 'boolean';
  if (t === 'json' || t === 'jsonb') return 'json';
  return 'text';
}

export function reduce(state: BuilderState, action: Action): BuilderState {
  switch (action.type) {
    case 'replace':
      return action.state;
    case 'setMode': {
      if (state.isRpc !== (action.mode === 'rpc')) return state;
      const next: BuilderState = { ...state, mode: action.mode };
      if (action.mode === 'insert' || action.mode === 'upsert') {
        if (!state.values.trim().startsWith('[') && !state.values.trim().startsWith('{')) next.values = '[\n  {}\n]';
      } else if (action.mode === 'update' && !state.values.trim().startsWith('{')) next.values = '{}';
      if (action.mode !== 'select') next.head = false;
      return next;
    }
    case 'set':
      return { ...state, ...action.patch };
    case 'addCondition': {
      const [id, seq] = nextId(state, 'f');
      const cond: FilterRow = {
        type: 'cond',
        id,
        column: action.column ?? '',
        op: 'eq',
        negate: false,
        input: '',
        as: action.as ?? 'text',
        ftsConfig: '',
        ftsType: '',
      };
      return { ...state, seq, filters: [...state.filters, cond] };
    }
    case 'addOr': {
      const [id, seq] = nextId(state, 'f');
      return { ...state, seq, filters: [...state.filters, { type: 'or', id, referencedTable: '', expr: '' }] };
    }
    case 'addRaw': {
      const [id, seq] = nextId(state, 'f');
      return { ...state, seq, filters: [...state.filters, { type: 'raw', id, column: '', operator: 'eq', value: '' }] };
    }
    case 'addMatch': {
      const [id, seq] = nextId(state, 'f');
      return { ...state, seq, filters: [...state.filters, { type: 'match', id, query: '{}' }] };
    }
    case 'updateFilter':
      return {
        ...state,
        filters: state.filters.map((f) => {
          if (f.id !== action.id) return f;
          const patch: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(action.patch)) if (k in f && v !== undefined) patch[k] = v;
          const next = { ...f, ...patch } as FilterRow;
          // A new operator implies a value kind: `is` takes null/true/false; lists and ranges are text.
          if (next.type === 'cond' && action.patch.op && action.patch.op !== (f as Condition).op) {
            if (next.op === 'is') {
              next.as = 'null';
              next.input = '';
            }
            else if (next.as === 'null') next.as = 'text';
          }
          // `is` takes NULL, TRUE, FALSE or UNKNOWN only. A late patch (e.g. the column input's
          // `change` firing after the operator was picked) must not leave it on another value kind.
          if (next.type === 'cond' && next.op === 'is' && next.as !== 'null' && next.as !== 'boolean' && !(next.as === 'text' && next.input === 'unknown')) {
            next.as = 'null';
            next.input = '';
          }
          return next;
        }),
      };
    case 'removeFilter':
      return { ...state, filters: state.filters.filter((f) => f.id !== action.id) };
    case 'moveFilter': {
      const i = state.filters.findIndex((f) => f.id === action.id);
      const j = i + action.delta;
      if (i < 0 || j < 0 || j >= state.filters.length) return state;
      const filters = state.filters.slice();
      [filters[i], filters[j]] = [filters[j]!, filters[i]!];
      return { ...state, filters };
    }
    case 'addOrder': {
      const [id, seq] = nextId(state, 'o');
      return { ...state, seq, orders: [...state.orders, { id, column: action.column ?? '', ascending: true, nulls: 'default', referencedTable: '' }] };
    }
    case 'updateOrder':
      return { ...state, orders: state.orders.map((o) => (o.id === action.id ? { ...o, ...action.patch } : o)) };
    case 'removeOrder':
      return { ...state, orders: state.orders.filter((o) => o.id !== action.id) };
    case 'addPaging': {
      const [id, seq] = nextId(state, 'p');
      return {
        ...state,
        seq,
        paging: [...state.paging, { id, kind: action.kind, referencedTable: '', count: action.kind === 'limit' ? '100' : '', from: '0', to: '99' }],
      };
    }
    case 'updatePaging':
      return { ...state, paging: state.paging.map((p) => (p.id === action.id ? { ...p, ...action.patch } : p)) };
    case 'removePaging':
      return { ...state, paging: state.paging.filter((p) => p.id !== action.id) };
    case 'setExplain':
      return { ...state, explain: action.explain };
    case 'patchExplain':
      return state.explain ? { ...state, explain: { ...state.explain, ...action.patch } } : state;
  }
}

// ——— state → chain ———

export interface ChainIssue {
  /** Row id or field name the issue belongs to. */
  where: string;
  message: string;
}

export type ToChainResult = { ok: true; chain: ChainDescription } | { ok: false; issues: ChainIssue[] };

const NUMBER_RE = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Reads a scalar as typed. Big numbers keep their exact text (sent as a string). */
export function readValue(input: string, as: ValueAs): { ok: true; value: JsonValue } | { ok: false; message: string } {
  switch (as) {
    case 'text':
      return { ok: true, value: input };
    case 'null':
      return { ok: true, value: null };
    case 'boolean': {
      const t = input.trim().toLowerCase();
      if (t === 'true') return { ok: true, value: true };
      if (t === 'false') return { ok: true, value: false };
      return { ok: false, message: l10n.t('expected true or false') };
    }
    case 'number': {
      const t = input.trim();
      if (!NUMBER_RE.test(t)) return { ok: false, message: l10n.t('"{0}" is not a number', t) };
      const n = Number(t);
      return { ok: true, value: String(n) === t && !(Number.isInteger(n) && !Number.isSafeInteger(n)) ? n : t };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(input) as JsonValue };
      } catch (err) {
        return { ok: false, message: l10n.t('invalid JSON: {0}', (err as Error).message) };
      }
  }
}

/** The rows of an insert/upsert or the values of an update: big numbers keep their exact text. */
export function readWriteValues(input: string, columns?: readonly { name: string; type: string }[]): { ok: true; value: JsonValue } | { ok: false; message: string } {
  const json = new Set((columns ?? []).filter((c) => /^jsonb?$/i.test(c.type.trim())).map((c) => c.name));
  try {
    return { ok: true, value: parseWriteJson(input, (column) => json.has(column)) as JsonValue };
  } catch (err) {
    return { ok: false, message: l10n.t('invalid JSON: {0}', (err as Error).message) };
  }
}

/** Splits a list input: a JSON array, or comma separated values (quotes allowed: "a,b"). */
export function readList(input: string, as: ValueAs): { ok: true; values: JsonValue[] } | { ok: false; message: string } {
  const t = input.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v)) return { ok: true, values: v as JsonValue[] };
    } catch {
      // fall through to the comma form
    }
  }
  if (t === '') return { ok: true, values: [] };
  const parts = splitTopLevel(t, ',').map((p) => unquote(p.trim()));
  const values: JsonValue[] = [];
  for (const p of parts) {
    const r = readValue(p, as === 'json' || as === 'null' ? 'text' : as);
    if (!r.ok) return r;
    values.push(r.value);
  }
  return { ok: true, values };
}

/** Writes a list back to its input form (the inverse of `readList`). */
export function writeList(values: readonly JsonValue[]): { input: string; as: ValueAs } {
  const allNumbers = values.length > 0 && values.every((v) => typeof v === 'number');
  const allBools = values.length > 0 && values.every((v) => typeof v === 'boolean');
  const allStrings = values.every((v) => typeof v === 'string');
  if (allNumbers || allBools) return { input: values.map(String).join(', '), as: allNumbers ? 'number' : 'boolean' };
  if (allStrings) {
    const strings = values as string[];
    const simple = strings.every((s) => s !== '' && s === s.trim() && !/[",()\\]/.test(s));
    if (simple) return { input: strings.join(', '), as: 'text' };
  }
  return { input: JSON.stringify(values), as: 'json' };
}

/** Splits on `sep` outside double quotes and parentheses. */
export function splitTopLevel(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      cur += c;
      if (c === '\\' && i + 1 < text.length) cur += text[++i];
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    if (c === sep && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, '$1');
  return s;
}

function quoteListItem(v: JsonValue): string {
  const s = v === null ? 'null' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",()\s\\]/.test(s) || s === '' ? `"${s.replace(/(["\\])/g, '\\$1')}"` : s;
}

function conditionToFilter(c: Condition): { ok: true; filter: Filter } | { ok: false; message: string } {
  if (!c.column.trim()) return { ok: false, message: l10n.t('choose a column') };
  const column = c.column.trim();
  if (c.negate) {
    // not(column, operator, value): the value is sent verbatim in PostgREST syntax.
    let operator = WIRE_OP[c.op];
    let value: JsonValue;
    if (c.op === 'in') {
      const r = readList(c.input, c.as);
      return r.ok ? { ok: true, filter: { kind: 'filter', op: 'notIn', column, values: r.values } } : r;
    } else if (c.op === 'likeAllOf' || c.op === 'likeAnyOf' || c.op === 'ilikeAllOf' || c.op === 'ilikeAnyOf') {
      const r = readList(c.input, 'text');
      if (!r.ok) return r;
      value = `{${r.values.map(quoteListItem).join(',')}}`;
    } else if (c.op === 'textSearch') {
      const prefix = c.ftsType === 'plain' ? 'pl' : c.ftsType === 'phrase' ? 'ph' : c.ftsType === 'websearch' ? 'w' : '';
      operator = `${prefix}fts${c.ftsConfig ? `(${c.ftsConfig})` : ''}`;
      value = c.input;
    } else {
      const r = readValue(c.input, c.op === 'is' ? c.as : c.as === 'json' ? 'text' : c.as);
      if (!r.ok) return r;
      value = r.value;
    }
    return { ok: true, filter: { kind: 'filter', op: 'not', column, operator, value } };
  }
  switch (c.op) {
    case 'in': {
      const r = readList(c.input, c.as);
      return r.ok ? { ok: true, filter: { kind: 'filter', op: 'in', column, values: r.values } } : r;
    }
    case 'likeAllOf':
    case 'likeAnyOf':
    case 'ilikeAllOf':
    case 'ilikeAnyOf': {
      const r = readList(c.input, 'text');
      return r.ok ? { ok: true, filter: { kind: 'filter', op: c.op, column, patterns: r.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) } } : r;
    }
    case 'contains':
    case 'containedBy':
    case 'overlaps': {
      if (c.as === 'json') {
        const r = readValue(c.input, 'json');
        if (!r.ok) return r;
        if (r.value === null || typeof r.value !== 'object') return { ok: false, message: l10n.t('expected a JSON array or object') };
        return { ok: true, filter: { kind: 'filter', op: c.op, column, value: r.value as JsonValue[] | JsonObject } };
      }
      return { ok: true, filter: { kind: 'filter', op: c.op, column, value: c.input } };
    }
    case 'rangeGt':
    case 'rangeGte':
    case 'rangeLt':
    case 'rangeLte':
    case 'rangeAdjacent':
      if (!c.input.trim()) return { ok: false, message: l10n.t('enter a range, e.g. [1,10)') };
      if (!isRangeLiteral(c.input)) return { ok: false, message: l10n.t('"{0}" is not a range: write it as [lower,upper) with [ ] inclusive, ( ) exclusive, e.g. [1,10)', c.input.trim()) };
      return { ok: true, filter: { kind: 'filter', op: c.op, column, range: c.input } };
    case 'textSearch': {
      const f: Filter = { kind: 'filter', op: 'textSearch', column, query: c.input };
      if (c.ftsConfig) f.config = c.ftsConfig;
      if (c.ftsType) f.type = c.ftsType;
      return { ok: true, filter: f };
    }
    case 'is': {
      const r = readValue(c.input, c.as === 'null' || c.as === 'boolean' ? c.as : 'text');
      if (!r.ok) return r;
      return { ok: true, filter: { kind: 'filter', op: 'is', column, value: r.value } };
    }
    default: {
      const r = readValue(c.input, c.as);
      return r.ok ? { ok: true, filter: { kind: 'filter', op: c.op, column, value: r.value } } : r;
    }
  }
}

/** What is wrong with a condition's value as typed (the column aside), for the inline issue. */
export function conditionIssue(c: Condition): string | undefined {
  const r = conditionToFilter({ ...c, column: c.column.trim() || '_' });
  return r.ok ? undefined : r.message;
}

function parseCount(text: string, where: string, issues: ChainIssue[]): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
    issues.push({ where, message: l10n.t('"{0}" is not a non-negative integer', t) });
    return undefined;
  }
  return Number(t);
}

/** `columns` (when known) keeps big numbers in json/jsonb columns as JSON numbers. */
export function toChain(state: BuilderState, columns?: readonly { name: string; type: string }[]): ToChainResult {
  const issues: ChainIssue[] = [];
  const steps: Step[] = [];
  for (const f of state.filters) {
    if (f.type === 'cond') {
      const r = conditionToFilter(f);
      if (r.ok) steps.push(r.filter);
      else issues.push({ where: f.id, message: r.message });
    } else if (f.type === 'or') {
      if (!f.expr.trim()) issues.push({ where: f.id, message: l10n.t('enter the OR conditions') });
      else steps.push(f.referencedTable.trim() ? { kind: 'filter', op: 'or', filters: f.expr, referencedTable: f.referencedTable.trim() } : { kind: 'filter', op: 'or', filters: f.expr });
    } else if (f.type === 'raw') {
      if (!f.column.trim() || !f.operator.trim()) issues.push({ where: f.id, message: l10n.t('enter a column and an operator') });
      else steps.push({ kind: 'filter', op: f.not ? 'not' : 'filter', column: f.column.trim(), operator: f.operator.trim(), value: f.value });
    } else {
      const r = readValue(f.query, 'json');
      if (!r.ok) issues.push({ where: f.id, message: r.message });
      else if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) issues.push({ where: f.id, message: l10n.t('expected a JSON object') });
      else steps.push({ kind: 'filter', op: 'match', query: r.value });
    }
  }

  const isWrite = state.mode === 'insert' || state.mode === 'upsert' || state.mode === 'update' || state.mode === 'delete';
  if ((isWrite && state.returning) || (state.mode === 'rpc' && state.select.trim() && state.select.trim() !== '*')) {
    steps.push(state.select.trim() ? { kind: 'select', columns: state.select.trim() } : { kind: 'select' });
  }
  for (const o of state.orders) {
    if (!o.column.trim()) {
      issues.push({ where: o.id, message: l10n.t('choose a column to order by') });
      continue;
    }
    const t: Transform = { kind: 'order', column: o.column.trim(), ascending: o.ascending };
    if (o.nulls !== 'default') t.nullsFirst = o.nulls === 'first';
    if (o.referencedTable.trim()) t.referencedTable = o.referencedTable.trim();
    steps.push(t);
  }
  for (const p of state.paging) {
    const ref = p.referencedTable.trim();
    if (p.kind === 'limit') {
      const count = parseCount(p.count, p.id, issues);
      if (count !== undefined) steps.push(ref ? { kind: 'limit', count, referencedTable: ref } : { kind: 'limit', count });
    } else {
      const from = parseCount(p.from, p.id, issues);
      const to = parseCount(p.to, p.id, issues);
      if (from !== undefined && to !== undefined) {
        if (to < from) issues.push({ where: p.id, message: l10n.t('the range ends before it starts') });
        else steps.push(ref ? { kind: 'range', from, to, referencedTable: ref } : { kind: 'range', from, to });
      }
    }
  }
  if (state.shape === 'single') steps.push({ kind: 'single' });
  else if (state.shape === 'maybeSingle') steps.push({ kind: 'maybeSingle' });
  else if (state.shape === 'csv') steps.push({ kind: 'csv' });
  if (state.explain) {
    const e: Transform = { kind: 'explain' };
    for (const k of ['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const) if (state.explain[k]) e[k] = true;
    if (state.explain.format === 'json') e.format = 'json';
    steps.push(e);
  }
  steps.push(...state.extraSteps);

  const chain: ChainDescription = {
    v: 1,
    target: state.isRpc ? { kind: 'rpc', fn: state.name } : { kind: 'table', name: state.name },
    steps,
  };
  if (state.schema !== 'public') chain.schema = state.schema;
  const count = state.count || undefined;

  if (state.isRpc) {
    const r = readValue(state.args.trim() || '{}', 'json');
    if (!r.ok) issues.push({ where: 'args', message: r.message });
    else if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) issues.push({ where: 'args', message: l10n.t('arguments must be a JSON object') });
    else if (chain.target.kind === 'rpc') {
      if (Object.keys(r.value).length) chain.target.args = r.value;
      if (state.rpcGet) chain.target.get = true;
      if (state.head) chain.target.head = true;
      if (count) chain.target.count = count;
    }
  } else {
    switch (state.mode) {
      case 'select': {
        const a: ChainDescription['action'] = { kind: 'select' };
        if (state.select.trim() && state.select.trim() !== '*') a.columns = state.select.trim();
        if (state.head) a.head = true;
        if (count) a.count = count;
        chain.action = a;
        break;
      }
      case 'insert':
      case 'upsert': {
        const r = readWriteValues(state.values, columns);
        if (!r.ok) issues.push({ where: 'values', message: r.message });
        else if (!isRowsValue(r.value)) issues.push({ where: 'values', message: l10n.t('expected a JSON object or an array of objects') });
        else if (state.mode === 'insert') {
          chain.action = { kind: 'insert', values: r.value };
          if (count) chain.action.count = count;
          if (!state.defaultToNull) chain.action.defaultToNull = false;
        } else {
          chain.action = { kind: 'upsert', values: r.value };
          if (state.onConflict.trim()) chain.action.onConflict = state.onConflict.trim();
          if (state.ignoreDuplicates) chain.action.ignoreDuplicates = true;
          if (count) chain.action.count = count;
          if (!state.defaultToNull) chain.action.defaultToNull = false;
        }
        break;
      }
      case 'update': {
        const r = readWriteValues(state.values, columns);
        if (!r.ok) issues.push({ where: 'values', message: r.message });
        else if (r.value === null || typeof r.value !== 'object' || Array.isArray(r.value)) issues.push({ where: 'values', message: l10n.t('expected a JSON object of column → new value') });
        else {
          chain.action = { kind: 'update', values: r.value };
          if (count) chain.action.count = count;
        }
        if (!steps.some((s) => s.kind === 'filter')) issues.push({ where: 'filters', message: l10n.t('an update needs at least one filter') });
        break;
      }
      case 'delete':
        chain.action = count ? { kind: 'delete', count } : { kind: 'delete' };
        if (!steps.some((s) => s.kind === 'filter')) issues.push({ where: 'filters', message: l10n.t('a delete needs at least one filter') });
        break;
      case 'rpc':
        issues.push({ where: 'mode', message: l10n.t('rpc mode needs a function target') });
    }
  }
  return issues.length ? { ok: false, issues } : { ok: true, chain };
}

function isRowsValue(v: JsonValue): v is JsonObject | JsonObject[] {
  const isObj = (x: JsonValue) => x !== null && typeof x === 'object' && !Array.isArray(x);
  return isObj(v) || (Array.isArray(v) && v.every(isObj));
}

// ——— chain → state ———

const OP_BY_WIRE = new Map<string, ConditionOp>(Object.entries(WIRE_OP).map(([k, v]) => [v, k as ConditionOp]));

function valueToInput(value: JsonValue): { input: string; as: ValueAs } {
  if (value === null) return { input: '', as: 'null' };
  if (typeof value === 'boolean') return { input: String(value), as: 'boolean' };
  if (typeof value === 'number') return { input: String(value), as: 'number' };
  if (typeof value === 'string') return { input: value, as: 'text' };
  return { input: JSON.stringify(value), as: 'json' };
}

function filterToRow(f: Filter, id: string): FilterRow {
  const base = { type: 'cond' as const, id, negate: false, ftsConfig: '', ftsType: '' as FtsType };
  switch (f.op) {
    case 'or':
      return { type: 'or', id, referencedTable: f.referencedTable ?? '', expr: f.filters };
    case 'filter':
      return { type: 'raw', id, column: f.column, operator: f.operator, value: typeof f.value === 'string' ? f.value : JSON.stringify(f.value) };
    case 'match':
      return { type: 'match', id, query: JSON.stringify(f.query) };
    case 'in':
      return { ...base, column: f.column, op: 'in', ...writeList(f.values) };
    case 'notIn':
      return { ...base, negate: true, column: f.column, op: 'in', ...writeList(f.values) };
    case 'likeAllOf':
    case 'likeAnyOf':
    case 'ilikeAllOf':
    case 'ilikeAnyOf': {
      const w = writeList(f.patterns);
      return { ...base, column: f.column, op: f.op, input: w.input, as: 'text' };
    }
    case 'contains':
    case 'containedBy':
    case 'overlaps':
      return typeof f.value === 'string'
        ? { ...base, column: f.column, op: f.op, input: f.value, as: 'text' }
        : { ...base, column: f.column, op: f.op, input: JSON.stringify(f.value), as: 'json' };
    case 'rangeGt':
    case 'rangeGte':
    case 'rangeLt':
    case 'rangeLte':
    case 'rangeAdjacent':
      return { ...base, column: f.column, op: f.op, input: f.range, as: 'text' };
    case 'textSearch':
      return { ...base, column: f.column, op: 'textSearch', input: f.query, as: 'text', ftsConfig: f.config ?? '', ftsType: f.type ?? '' };
    case 'not':
      return notToRow(f, id);
    default:
      return { ...base, column: f.column, op: f.op, ...valueToInput(f.value) };
  }
}

/** Reads `not(column, operator, value)` back into a negated condition, or a raw filter when unknown. */
function notToRow(f: Extract<Filter, { op: 'not' }>, id: string): FilterRow {
  const raw: FilterRow = { type: 'raw', id, column: f.column, operator: f.operator, value: typeof f.value === 'string' ? f.value : JSON.stringify(f.value), not: true };
  const base = { type: 'cond' as const, id, column: f.column, negate: true, ftsConfig: '', ftsType: '' as FtsType };
  const fts = /^(pl|ph|w)?fts(?:\((.*)\))?$/.exec(f.operator);
  if (fts) {
    if (typeof f.value !== 'string') return raw;
    const ftsType: FtsType = fts[1] === 'pl' ? 'plain' : fts[1] === 'ph' ? 'phrase' : fts[1] === 'w' ? 'websearch' : '';
    return { ...base, op: 'textSearch', input: f.value, as: 'text', ftsConfig: fts[2] ?? '', ftsType };
  }
  const op = OP_BY_WIRE.get(f.operator);
  if (!op) return raw;
  if (op === 'in' || op === 'likeAllOf' || op === 'likeAnyOf' || op === 'ilikeAllOf' || op === 'ilikeAnyOf') {
    if (typeof f.value !== 'string') return raw;
    const open = op === 'in' ? '(' : '{';
    const close = op === 'in' ? ')' : '}';
    if (!f.value.startsWith(open) || !f.value.endsWith(close)) return raw;
    const inner = f.value.slice(1, -1);
    const items = inner === '' ? [] : splitTopLevel(inner, ',').map(unquote);
    const row: FilterRow = { ...base, op, input: '', as: 'text' };
    const w = writeList(items);
    // `not(col, 'in', '(…)')` stays verbatim (a negated `in` row builds `notIn`).
    if (op === 'in') return raw;
    const candidate: FilterRow = { ...row, input: w.input, as: 'text' };
    const check = conditionToFilter(candidate);
    return check.ok && JSON.stringify(check.filter) === JSON.stringify(f) ? candidate : raw;
  }
  const v = valueToInput(f.value);
  const row: FilterRow = { ...base, op, ...v, as: v.as === 'json' ? 'text' : v.as };
  const check = conditionToFilter(row);
  return check.ok && JSON.stringify(check.filter) === JSON.stringify(f) ? row : raw;
}

export function fromChain(chain: ChainDescription): BuilderState {
  const isRpc = chain.target.kind === 'rpc';
  const s = initialState({ schema: chain.schema ?? 'public', name: isRpc ? (chain.target as { fn: string }).fn : (chain.target as { name: string }).name, isRpc });
  let seq = 1;
  const id = (p: string) => `${p}${seq++}`;
  s.count = '';
  if (chain.target.kind === 'rpc') {
    s.args = JSON.stringify(chain.target.args ?? {}, null, 2);
    s.rpcGet = chain.target.get === true;
    s.head = chain.target.head === true;
    s.count = chain.target.count ?? '';
  }
  const a = chain.action;
  if (a) {
    s.mode = a.kind;
    if (a.count) s.count = a.count;
    if (a.kind === 'select') {
      s.select = a.columns ?? '*';
      s.head = a.head === true;
    } else {
      s.returning = false;
      if (a.kind === 'insert' || a.kind === 'upsert') {
        s.values = JSON.stringify(a.values, null, 2);
        s.defaultToNull = a.defaultToNull !== false;
        if (a.kind === 'upsert') {
          s.onConflict = a.onConflict ?? '';
          s.ignoreDuplicates = a.ignoreDuplicates === true;
        }
      } else if (a.kind === 'update') s.values = JSON.stringify(a.values, null, 2);
    }
  }
  for (const step of chain.steps) {
    if (step.kind === 'filter') {
      s.filters.push(filterToRow(step, id('f')));
      continue;
    }
    switch (step.kind) {
      case 'select':
        s.select = step.columns ?? '';
        if (s.mode !== 'select' && s.mode !== 'rpc') s.returning = true;
        break;
      case 'order':
        s.orders.push({
          id: id('o'),
          column: step.column,
          ascending: step.ascending !== false,
          nulls: step.nullsFirst === undefined ? 'default' : step.nullsFirst ? 'first' : 'last',
          referencedTable: step.referencedTable ?? '',
        });
        break;
      case 'limit':
        s.paging.push({ id: id('p'), kind: 'limit', referencedTable: step.referencedTable ?? '', count: String(step.count), from: '0', to: '99' });
        break;
      case 'range':
        s.paging.push({ id: id('p'), kind: 'range', referencedTable: step.referencedTable ?? '', count: '100', from: String(step.from), to: String(step.to) });
        break;
      case 'single':
      case 'maybeSingle':
      case 'csv':
        s.shape = step.kind;
        break;
      case 'explain': {
        const { kind: _k, ...opts } = step;
        s.explain = { ...opts, format: step.format ?? 'text' };
        break;
      }
      default:
        s.extraSteps.push(step);
    }
  }
  s.seq = seq;
  return s;
}

/** The top-level limit/offset the user asked for (the grid pages within it). */
export function requestedWindow(chain: ChainDescription): { offset: number; limit: number | null } {
  let offset = 0;
  let limit: number | null = null;
  for (const s of chain.steps) {
    if (s.kind === 'limit' && !s.referencedTable) limit = s.count;
    if (s.kind === 'range' && !s.referencedTable) {
      offset = s.from;
      limit = s.to - s.from + 1;
    }
  }
  return { offset, limit };
}

/** Whether results come as pages of rows the grid can fetch by range. */
export function isPageable(chain: ChainDescription): boolean {
  if (chain.target.kind === 'rpc') {
    if (chain.target.head) return false;
  } else if (chain.action?.kind !== 'select' || chain.action.head) return false;
  return !chain.steps.some((s) => s.kind === 'single' || s.kind === 'maybeSingle' || s.kind === 'csv' || s.kind === 'explain' || s.kind === 'geojson');
}
