import type { Action, ChainDescription, JsonValue, Step, Target } from '../chain';
import { CodegenError } from './CodegenError';

export interface SupabasePyCodegenOptions {
  /** Variable holding the client (default `supabase`). */
  client?: string;
  /** Longest line kept on one line, as in the reference's examples (default 80). */
  lineWidth?: number;
}

const PY_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * supabase-py source in the reference's style:
 *
 * ```python
 * response = supabase.table("planets").select("*").eq("id", 1).execute()
 * ```
 *
 * or, when that is longer than the line width, one call per line inside parentheses.
 * Filter values are written so that postgrest-py sends what the JS chain means: postgrest-py
 * formats them with Python's `str()` (`None`, `True`), so `null`/booleans become the strings
 * `"null"`/`"true"`. Writes keep postgrest-py's default `returning="representation"` (the
 * reference's syntax), so they also return the written rows. Modifiers supabase-py lacks (geojson, rollback, stripNulls, setHeader)
 * become `#` comment lines saying so.
 */
export function toSupabasePy(desc: ChainDescription, options: SupabasePyCodegenOptions = {}): string {
  const client = options.client ?? 'supabase';
  if (!PY_IDENTIFIER.test(client)) throw new CodegenError(`invalid client variable name ${JSON.stringify(client)}`, 'client');
  const width = options.lineWidth ?? 80;
  const head: string[] = [client];
  if (desc.schema !== undefined) head.push(`.schema(${pyString(desc.schema)})`);
  head.push(targetCall(desc.target));
  const calls: Array<{ code: string } | { comment: string }> = [];
  if (desc.target.kind === 'table') {
    if (!desc.action) throw new CodegenError('a table target needs an action', 'action');
    calls.push(...actionCalls(desc.action));
  }
  // postgrest-py's single()/maybe_single()/csv()/explain() return builders that only execute(),
  // and text_search() one without filters: put those last (they only set headers).
  const indexed = desc.steps.map((step, i) => ({ step, path: `steps[${i}]` }));
  const rank = (s: Step) => (TERMINAL_KINDS.has(s.kind) ? 2 : s.kind === 'filter' && s.op === 'textSearch' ? 1 : 0);
  const ordered = [...indexed].sort((a, b) => rank(a.step) - rank(b.step));
  const textSearches = ordered.filter((e) => rank(e.step) === 1).length;
  let seenTextSearch = 0;
  for (const { step, path } of ordered) {
    // Only the last text search may use text_search(); earlier ones go through filter().
    const asFilter = rank(step) === 1 && ++seenTextSearch < textSearches;
    calls.push(stepCall(step, path, asFilter));
  }
  calls.push({ code: '.execute()' });

  const hasComment = calls.some((c) => 'comment' in c);
  const oneLine = `response = ${head.join('')}${calls.map((c) => ('code' in c ? c.code : '')).join('')}`;
  if (!hasComment && oneLine.length <= width) return `${oneLine}\n`;
  const lines = [`    ${head.join('')}`, ...calls.map((c) => ('code' in c ? `    ${c.code}` : `    # ${c.comment}`))];
  return `response = (\n${lines.join('\n')}\n)\n`;
}

function targetCall(target: Target): string {
  if (target.kind === 'table') return `.table(${pyString(target.name)})`;
  const kw = pyKwargs({ count: target.count, head: target.head || undefined, get: target.get || undefined }, 'target');
  const hasArgs = target.args !== undefined && Object.keys(target.args).length > 0;
  const params = hasArgs ? pyValue(target.args, 'target.args') : kw ? '{}' : '';
  return `.rpc(${join(pyString(target.fn), params, kw)})`;
}

function actionCalls(action: Action): Array<{ code: string }> {
  switch (action.kind) {
    case 'select':
      return [
        {
          code: `.select(${join(
            pyString(action.columns ?? '*'),
            pyKwargs({ count: action.count, head: action.head || undefined }, 'action'),
          )})`,
        },
      ];
    case 'insert':
      return [
        {
          code: `.insert(${join(
            pyValue(action.values, 'action.values'),
            pyKwargs(
              { count: action.count, default_to_null: action.defaultToNull === false ? false : undefined },
              'action',
            ),
          )})`,
        },
      ];
    case 'upsert':
      return [
        {
          code: `.upsert(${join(
            pyValue(action.values, 'action.values'),
            pyKwargs(
              {
                count: action.count,
                ignore_duplicates: action.ignoreDuplicates || undefined,
                on_conflict: action.onConflict,
                default_to_null: action.defaultToNull === false ? false : undefined,
              },
              'action',
            ),
          )})`,
        },
      ];
    case 'update':
      return [
        {
          code: `.update(${join(pyValue(action.values, 'action.values'), pyKwargs({ count: action.count }, 'action'))})`,
        },
      ];
    case 'delete':
      return [{ code: `.delete(${pyKwargs({ count: action.count }, 'action')})` }];
  }
}

const SIMPLE_OPS: Record<string, string> = {
  eq: 'eq',
  neq: 'neq',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
  like: 'like',
  ilike: 'ilike',
};
const RAW_OPS: Record<string, string> = { isDistinct: 'isdistinct', regexMatch: 'match', regexIMatch: 'imatch' };
const RANGE_OPS: Record<string, [method: string, op: string]> = {
  rangeGt: ['range_gt', 'sr'],
  rangeGte: ['range_gte', 'nxl'],
  rangeLt: ['range_lt', 'sl'],
  rangeLte: ['range_lte', 'nxr'],
  rangeAdjacent: ['range_adjacent', 'adj'],
};
const LIKE_ARRAY_OPS: Record<string, string> = {
  likeAllOf: 'like_all_of',
  likeAnyOf: 'like_any_of',
  ilikeAllOf: 'ilike_all_of',
  ilikeAnyOf: 'ilike_any_of',
};

const TERMINAL_KINDS = new Set<Step['kind']>(['single', 'maybeSingle', 'csv', 'explain']);

function stepCall(step: Step, path: string, textSearchAsFilter = false): { code: string } | { comment: string } {
  const code = (c: string) => ({ code: c });
  switch (step.kind) {
    case 'filter':
      return code(filterCall(step, path, textSearchAsFilter));
    case 'select':
      return code(`.select(${pyString(step.columns ?? '*')})`);
    case 'order':
      return code(
        `.order(${join(
          pyString(step.column),
          pyKwargs(
            { desc: step.ascending === false || undefined, nullsfirst: step.nullsFirst, foreign_table: step.referencedTable },
            path,
          ),
        )})`,
      );
    case 'limit':
      return code(`.limit(${join(pyNumber(step.count, `${path}.count`), pyKwargs({ foreign_table: step.referencedTable }, path))})`);
    case 'range':
      return code(
        `.range(${join(
          pyNumber(step.from, `${path}.from`),
          pyNumber(step.to, `${path}.to`),
          pyKwargs({ foreign_table: step.referencedTable }, path),
        )})`,
      );
    case 'single':
      return code('.single()');
    case 'maybeSingle':
      return code('.maybe_single()');
    case 'csv':
      return code('.csv()');
    case 'explain': {
      const { kind: _k, ...opts } = step;
      return code(`.explain(${pyKwargs(opts, path)})`);
    }
    case 'maxAffected':
      return code(`.max_affected(${pyNumber(step.value, `${path}.value`)})`);
    case 'geojson':
      return { comment: 'supabase-py has no geojson(): the request above returns JSON' };
    case 'rollback':
      return { comment: 'supabase-py has no rollback(): this runs for real' };
    case 'stripNulls':
      return { comment: 'supabase-py has no strip_nulls(): nulls stay in the result' };
    case 'setHeader':
      return { comment: `supabase-py has no set_header(): header ${oneLineComment(step.name)} is not sent` };
    default:
      throw new CodegenError(`unknown step kind ${JSON.stringify((step as { kind: unknown }).kind)}`, path);
  }
}

function filterCall(f: Extract<Step, { kind: 'filter' }>, path: string, textSearchAsFilter: boolean): string {
  const col = () => pyString('column' in f ? f.column : '');
  if ('values' in f) {
    const op = f.op as string;
    if (op !== 'in' && op !== 'notIn') throw new CodegenError(`unknown list operator ${JSON.stringify(op)}`, path);
    const texts = [...new Set(f.values)].map(filterText);
    const not = op === 'notIn' ? '.not_' : '';
    // postgrest-py quotes elements holding , : ( ) but never escapes " or \ — fall back to the raw list.
    if (texts.every((t) => t !== '' && !/["\\]/.test(t) && !/^\s|\s$/.test(t))) {
      return `${not}.in_(${col()}, [${texts.map(pyString).join(', ')}])`;
    }
    return `${not}.filter(${col()}, "in", ${pyString(`(${texts.map(quoteListElement).join(',')})`)})`;
  }
  switch (f.op) {
    case 'likeAllOf':
    case 'likeAnyOf':
    case 'ilikeAllOf':
    case 'ilikeAnyOf':
      // postgrest-py wraps the given text in { }: pass the array literal's inside.
      return `.${LIKE_ARRAY_OPS[f.op]}(${col()}, ${pyString(pgArrayInner(f.patterns))})`;
    case 'contains':
    case 'containedBy':
    case 'overlaps': {
      const method = f.op === 'contains' ? 'contains' : f.op === 'containedBy' ? 'contained_by' : 'overlaps';
      return `.${method}(${col()}, ${containerArg(f.value, `${path}.value`)})`;
    }
    case 'rangeGt':
    case 'rangeGte':
    case 'rangeLt':
    case 'rangeLte':
    case 'rangeAdjacent': {
      const [method, op] = RANGE_OPS[f.op]!;
      // postgrest-py's range_* always writes an exclusive `(a,b)`; other ranges go through filter().
      const m = /^\(([^,()[\]"\\]*),([^,()[\]"\\]*)\)$/.exec(f.range);
      if (m) return `.${method}(${col()}, [${pyString(m[1]!)}, ${pyString(m[2]!)}])`;
      return `.filter(${col()}, ${pyString(op)}, ${pyString(f.range)})`;
    }
    case 'textSearch': {
      if (textSearchAsFilter) {
        const prefix = f.type === 'plain' ? 'pl' : f.type === 'phrase' ? 'ph' : f.type === 'websearch' ? 'w' : '';
        const op = `${prefix}fts${f.config ? `(${f.config})` : ''}`;
        return `.filter(${col()}, ${pyString(op)}, ${pyString(f.query)})`;
      }
      const type = f.type === 'websearch' ? 'web_search' : f.type;
      const opts: Record<string, JsonValue> = {};
      if (f.config !== undefined) opts.config = f.config;
      if (type !== undefined) opts.type = type;
      const options = Object.keys(opts).length ? `options=${pyValue(opts, path)}` : '';
      return `.text_search(${join(col(), pyString(f.query), options)})`;
    }
    case 'match': {
      const query: Record<string, JsonValue> = {};
      for (const [k, v] of Object.entries(f.query)) query[k] = filterArg(v, `${path}.query.${k}`);
      return `.match(${pyValue(query, `${path}.query`)})`;
    }
    case 'not': {
      const value = filterArg(f.value, `${path}.value`);
      if (f.operator in SIMPLE_OPS) return `.not_.${f.operator}(${col()}, ${pyValue(value, path)})`;
      if (f.operator === 'is') return `.not_.is_(${col()}, ${pyValue(value, path)})`;
      return `.not_.filter(${col()}, ${pyString(f.operator)}, ${pyValue(value, path)})`;
    }
    case 'or':
      return `.or_(${join(pyString(f.filters), pyKwargs({ reference_table: f.referencedTable }, path))})`;
    case 'filter':
      return `.filter(${col()}, ${pyString(f.operator)}, ${pyValue(filterArg(f.value, `${path}.value`), path)})`;
    case 'is':
      if (!('value' in f)) throw new CodegenError('is() needs a value', path);
      return `.is_(${col()}, ${pyValue(filterArg(f.value, `${path}.value`), path)})`;
    default: {
      if (!('value' in f)) throw new CodegenError(`unknown filter operator ${JSON.stringify((f as { op: unknown }).op)}`, path);
      const simple = SIMPLE_OPS[f.op];
      const value = pyValue(filterArg(f.value, `${path}.value`), path);
      if (simple) return `.${simple}(${col()}, ${value})`;
      const raw = RAW_OPS[f.op];
      if (raw) return `.filter(${col()}, ${pyString(raw)}, ${value})`;
      throw new CodegenError(`unknown filter operator ${JSON.stringify((f as { op: unknown }).op)}`, path);
    }
  }
}

/** The text supabase-js puts on the wire for a scalar filter value (`String(v)`). */
function filterText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return Array.isArray(v) ? v.map(filterText).join(',') : JSON.stringify(v);
  return String(v);
}

/**
 * A Python argument whose `str()` is the JS wire text: numbers stay numbers when Python prints
 * them identically, everything else becomes that text as a string.
 */
function filterArg(v: JsonValue, path: string): JsonValue {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CodegenError(`expected a finite number, got ${v}`, path);
    if (Number.isSafeInteger(v) && !Object.is(v, -0)) return v;
  }
  return filterText(v);
}

function containerArg(value: string | JsonValue[] | Record<string, JsonValue>, path: string): string {
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) {
    const texts = value.map((v) => (v === null ? null : filterText(v)));
    // postgrest-py joins list elements with "," unquoted: only safe for plain strings.
    if (texts.every((t) => t !== null && !needsArrayQuoting(t))) return `[${(texts as string[]).map(pyString).join(', ')}]`;
    return pyString(`{${pgArrayInner(value)}}`);
  }
  return pyValue(value, path);
}

function needsArrayQuoting(t: string): boolean {
  return t === '' || /[,{}"\\]/.test(t) || /^\s|\s$/.test(t) || /^null$/i.test(t);
}

function pgArrayInner(values: JsonValue[]): string {
  return values
    .map((v) => {
      if (v === null) return 'NULL';
      const t = filterText(v);
      return needsArrayQuoting(t) ? `"${t.replace(/[\\"]/g, '\\$&')}"` : t;
    })
    .join(',');
}

function quoteListElement(t: string): string {
  return t === '' || /[,()"\\]/.test(t) || /^\s|\s$/.test(t) ? `"${t.replace(/[\\"]/g, '\\$&')}"` : t;
}

function oneLineComment(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029\u0085]/g, ' ');
}

function join(...parts: string[]): string {
  return parts.filter(Boolean).join(', ');
}

function pyKwargs(opts: Record<string, JsonValue | undefined>, path: string): string {
  return Object.entries(opts)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${pyValue(v as JsonValue, `${path}.${k}`)}`)
    .join(', ');
}

function pyNumber(n: unknown, path: string): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new CodegenError(`expected a finite number, got ${String(n)}`, path);
  if (Object.is(n, -0)) return '-0.0';
  return String(n);
}

/** A Python expression for a JSON value: dict/list literals, True/False/None. */
export function pyValue(value: unknown, path = 'value'): string {
  if (value === null) return 'None';
  switch (typeof value) {
    case 'string':
      return pyString(value);
    case 'number':
      return pyNumber(value, path);
    case 'boolean':
      return value ? 'True' : 'False';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => pyValue(v, `${path}[${i}]`)).join(', ')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new CodegenError('expected a plain JSON object', path);
      return `{${Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${pyString(k)}: ${pyValue(v, `${path}.${k}`)}`)
        .join(', ')}}`;
    }
    default:
      throw new CodegenError(`${typeof value} is not a JSON value`, path);
  }
}

/**
 * A Python string literal: double quotes, or single quotes when that needs fewer escapes (as
 * black formats). Control characters, line separators and lone surrogates are escaped.
 */
export function pyString(s: string): string {
  const q = s.includes('"') && !s.includes("'") ? "'" : '"';
  let out = q;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) out += `\\x${hex(c, 2)}`;
    else if (c === 0x2028 || c === 0x2029 || c === 0xfeff) out += `\\u${hex(c, 4)}`;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + s[i + 1]!;
        i++;
      } else out += `\\u${hex(c, 4)}`;
    } else if (c >= 0xdc00 && c <= 0xdfff) out += `\\u${hex(c, 4)}`;
    else out += ch;
  }
  return out + q;
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
