import type { Action, ChainDescription, JsonObject, JsonValue, Step, Target } from '../chain';
import { arrayLiteral, filterValue, inList, operatorValue } from '../encode';
import { CodegenError } from './CodegenError';

export interface SupabaseJsCodegenOptions {
  /** Variable holding the client (default `supabase`). */
  client?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * supabase-js source for a chain description: a statement that runs the query, e.g.
 *
 * ```js
 * const { data, error } = await supabase
 *   .from('countries')
 *   .select('*')
 *   .eq('id', 1)
 * ```
 *
 * Where supabase-js would encode a value so that PostgREST misreads it (see
 * test/differential/database/README.md), the snippet passes the core's encoding as a raw
 * PostgREST string instead (`.contains('tags', '{a,"b,c"}')`, `.filter('n', 'in', '(…)')`), so
 * running it with supabase-js sends the same request as the core.
 */
export function toSupabaseJs(desc: ChainDescription, options: SupabaseJsCodegenOptions = {}): string {
  const client = options.client ?? 'supabase';
  if (!IDENTIFIER.test(client)) throw new CodegenError(`invalid client variable name ${JSON.stringify(client)}`, 'client');
  const calls: string[] = [];
  if (desc.schema !== undefined) calls.push(`.schema(${jsString(desc.schema)})`);
  calls.push(targetCall(desc.target));
  if (desc.target.kind === 'table') {
    if (!desc.action) throw new CodegenError('a table target needs an action', 'action');
    calls.push(actionCall(desc.action));
  }
  desc.steps.forEach((step, i) => calls.push(stepCall(step, `steps[${i}]`)));
  const fields = hasCount(desc) ? '{ data, error, count }' : '{ data, error }';
  return `const ${fields} = await ${client}\n${calls.map((c) => `  ${c}`).join('\n')}\n`;
}

function hasCount(desc: ChainDescription): boolean {
  if (desc.target.kind === 'rpc') return desc.target.count !== undefined;
  return desc.action !== undefined && 'count' in desc.action && desc.action.count !== undefined;
}

function targetCall(target: Target): string {
  if (target.kind === 'table') return `.from(${jsString(target.name)})`;
  const opts = jsOptions({ head: target.head || undefined, get: target.get || undefined, count: target.count }, 'target');
  const hasArgs = target.args !== undefined && Object.keys(target.args).length > 0;
  const args = hasArgs || opts ? jsValue(queryArgs(target), 'target.args') : '';
  return `.rpc(${[jsString(target.fn), args, opts].filter(Boolean).join(', ')})`;
}

/** supabase-js's text for a value it interpolates (`${v}`; arrays joined with `,`). */
function sjText(v: JsonValue): string {
  return String(v as unknown);
}

/** supabase-js's `in` list: `,()` strings wrapped in quotes, nothing escaped, duplicates dropped. */
function sjInList(values: JsonValue[]): string {
  return `(${[...new Set(values)].map((v) => (typeof v === 'string' && /[,()]/.test(v) ? `"${v}"` : sjText(v))).join(',')})`;
}

/** supabase-js's array text: `{a,b}` joined unquoted. */
function sjArray(values: JsonValue[]): string {
  return `{${values.join(',')}}`;
}

/** For rpc GET/HEAD, arguments supabase-js would send differently become the core's text. */
function queryArgs(target: Extract<Target, { kind: 'rpc' }>): JsonObject {
  const args = target.args ?? {};
  const inQuery = target.get || (target.head && !Object.values(args).some((v) => v !== null && typeof v === 'object' && !Array.isArray(v)));
  if (!inQuery) return args;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(args)) {
    const theirs = Array.isArray(v) ? sjArray(v) : sjText(v);
    out[k] = theirs === filterValue(v) ? v : filterValue(v);
  }
  return out;
}

/** A scalar-filter value, or the core's text where supabase-js would stringify it differently. */
function valueArg(v: JsonValue, path: string): string {
  return v !== null && typeof v === 'object' && sjText(v) !== filterValue(v) ? jsString(filterValue(v)) : jsValue(v, path);
}

function actionCall(action: Action): string {
  switch (action.kind) {
    case 'select': {
      const opts = jsOptions({ count: action.count, head: action.head || undefined }, 'action');
      if (action.columns === undefined && !opts) return '.select()';
      return `.select(${[jsString(action.columns ?? '*'), opts].filter(Boolean).join(', ')})`;
    }
    case 'insert':
      return `.insert(${args(jsValue(action.values, 'action.values'), jsOptions({ count: action.count, defaultToNull: action.defaultToNull }, 'action'))})`;
    case 'upsert':
      return `.upsert(${args(
        jsValue(action.values, 'action.values'),
        jsOptions(
          {
            onConflict: action.onConflict,
            ignoreDuplicates: action.ignoreDuplicates,
            count: action.count,
            defaultToNull: action.defaultToNull,
          },
          'action',
        ),
      )})`;
    case 'update':
      return `.update(${args(jsValue(action.values, 'action.values'), jsOptions({ count: action.count }, 'action'))})`;
    case 'delete':
      return `.delete(${jsOptions({ count: action.count }, 'action')})`;
  }
}

function stepCall(step: Step, path: string): string {
  switch (step.kind) {
    case 'filter':
      return filterCall(step, path);
    case 'select':
      return step.columns === undefined ? '.select()' : `.select(${jsString(step.columns)})`;
    case 'order':
      return `.order(${args(
        jsString(step.column),
        jsOptions({ ascending: step.ascending, nullsFirst: step.nullsFirst, referencedTable: step.referencedTable }, path),
      )})`;
    case 'limit':
      return `.limit(${args(jsNumber(step.count, `${path}.count`), jsOptions({ referencedTable: step.referencedTable }, path))})`;
    case 'range':
      return `.range(${args(
        jsNumber(step.from, `${path}.from`),
        jsNumber(step.to, `${path}.to`),
        jsOptions({ referencedTable: step.referencedTable }, path),
      )})`;
    case 'single':
      return '.single()';
    case 'maybeSingle':
      return '.maybeSingle()';
    case 'csv':
      return '.csv()';
    case 'geojson':
      return '.geojson()';
    case 'explain': {
      const { kind: _kind, ...opts } = step;
      return `.explain(${jsOptions(opts, path)})`;
    }
    case 'rollback':
      return '.rollback()';
    case 'maxAffected':
      return `.maxAffected(${jsNumber(step.value, `${path}.value`)})`;
    case 'stripNulls':
      return '.stripNulls()';
    case 'setHeader':
      return `.setHeader(${jsString(step.name)}, ${jsString(step.value)})`;
    default:
      throw new CodegenError(`unknown step kind ${JSON.stringify((step as { kind: unknown }).kind)}`, path);
  }
}

function filterCall(f: Extract<Step, { kind: 'filter' }>, path: string): string {
  // `notIn` is accepted too, should a description carry it as its own op.
  if ('values' in f) {
    const op = listOp(f.op, path);
    if (sjInList(f.values) === inList(f.values)) return `.${op}(${jsString(f.column)}, ${jsValue(f.values, `${path}.values`)})`;
    const raw = jsString(inList(f.values));
    return op === 'in' ? `.filter(${jsString(f.column)}, 'in', ${raw})` : `.not(${jsString(f.column)}, 'in', ${raw})`;
  }
  switch (f.op) {
    case 'likeAllOf':
    case 'likeAnyOf':
    case 'ilikeAllOf':
    case 'ilikeAnyOf': {
      if (sjArray(f.patterns) === arrayLiteral(f.patterns)) return `.${f.op}(${jsString(f.column)}, ${jsValue(f.patterns, `${path}.patterns`)})`;
      const op = `${f.op.startsWith('i') ? 'ilike' : 'like'}(${f.op.endsWith('AllOf') ? 'all' : 'any'})`;
      return `.filter(${jsString(f.column)}, '${op}', ${jsString(arrayLiteral(f.patterns))})`;
    }
    case 'contains':
    case 'containedBy':
    case 'overlaps': {
      const v = f.value;
      const raw = Array.isArray(v) && sjArray(v) !== arrayLiteral(v);
      return `.${f.op}(${jsString(f.column)}, ${raw ? jsString(arrayLiteral(v as JsonValue[])) : jsValue(v, `${path}.value`)})`;
    }
    case 'rangeGt':
    case 'rangeGte':
    case 'rangeLt':
    case 'rangeLte':
    case 'rangeAdjacent':
      return `.${f.op}(${jsString(f.column)}, ${jsString(f.range)})`;
    case 'textSearch':
      return `.textSearch(${args(jsString(f.column), jsString(f.query), jsOptions({ config: f.config, type: f.type }, path))})`;
    case 'match': {
      const entries = Object.entries(f.query);
      if (entries.length === 0) return '.match({})';
      return `.match({ ${entries.map(([k, v]) => `${jsKey(k)}: ${valueArg(v, `${path}.query.${k}`)}`).join(', ')} })`;
    }
    case 'not':
      return `.not(${jsString(f.column)}, ${jsString(f.operator)}, ${operatorArg(f.operator, f.value, `${path}.value`)})`;
    case 'or':
      return `.or(${args(jsString(f.filters), jsOptions({ referencedTable: f.referencedTable }, path))})`;
    case 'filter':
      return `.filter(${jsString(f.column)}, ${jsString(f.operator)}, ${operatorArg(f.operator, f.value, `${path}.value`)})`;
    default:
      if (!('value' in f)) throw new CodegenError(`unknown filter operator ${JSON.stringify((f as { op: unknown }).op)}`, path);
      return `.${valueOp(f.op, path)}(${jsString(f.column)}, ${valueArg(f.value, `${path}.value`)})`;
  }
}

/** not()/filter() value, or the core's text where supabase-js would stringify it differently. */
function operatorArg(operator: string, v: JsonValue, path: string): string {
  return v !== null && typeof v === 'object' && sjText(v) !== operatorValue(operator, v) ? jsString(operatorValue(operator, v)) : jsValue(v, path);
}

function listOp(op: string, path: string): string {
  if (op !== 'in' && op !== 'notIn') throw new CodegenError(`unknown list operator ${JSON.stringify(op)}`, path);
  return op;
}

const VALUE_OPS = new Set(['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is', 'isDistinct', 'regexMatch', 'regexIMatch']);

function valueOp(op: string, path: string): string {
  if (!VALUE_OPS.has(op)) throw new CodegenError(`unknown filter operator ${JSON.stringify(op)}`, path);
  return op;
}

function args(...parts: string[]): string {
  return parts.filter(Boolean).join(', ');
}

/** `{ a: 1, b: 'x' }` from the defined entries, or `''` when none is defined. */
function jsOptions(opts: Record<string, JsonValue | undefined>, path: string): string {
  const entries = Object.entries(opts).filter(([, v]) => v !== undefined) as Array<[string, JsonValue]>;
  if (entries.length === 0) return '';
  return `{ ${entries.map(([k, v]) => `${jsKey(k)}: ${jsValue(v, `${path}.${k}`)}`).join(', ')} }`;
}

function jsNumber(n: unknown, path: string): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new CodegenError(`expected a finite number, got ${String(n)}`, path);
  return Object.is(n, -0) ? '-0' : String(n);
}

/** A JavaScript expression that evaluates to `value` (JSON values only). */
export function jsValue(value: unknown, path = 'value'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return jsString(value);
    case 'number':
      return jsNumber(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v, i) => jsValue(v, `${path}[${i}]`)).join(', ')}]`;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        throw new CodegenError('expected a plain JSON object', path);
      }
      const entries = Object.entries(value as Record<string, unknown>);
      if (entries.length === 0) return '{}';
      return `{ ${entries.map(([k, v]) => `${jsKey(k)}: ${jsValue(v, `${path}.${k}`)}`).join(', ')} }`;
    }
    default:
      throw new CodegenError(`${typeof value} is not a JSON value`, path);
  }
}

function jsKey(key: string): string {
  // `__proto__: x` (even quoted) would set the prototype of an object literal; a computed key does not.
  if (key === '__proto__') return `[${jsString(key)}]`;
  return IDENTIFIER.test(key) ? key : jsString(key);
}

/** A single-quoted JavaScript string literal; the source stays ASCII-safe where it matters. */
export function jsString(s: string): string {
  let out = "'";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
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
  return out + "'";
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}
