import { errors } from '../errors';
import { relKey, type PgFunction, type SchemaCache } from '../schemaCache';
import { ident, Params, qualified } from './builder';

const RAW_BODY_TYPES = new Set(['json', 'jsonb', 'text', 'xml', 'bytea']);

function isSingleUnnamed(fn: PgFunction, types: Set<string>): boolean {
  return fn.inArgs.length === 1 && fn.inArgs[0].name === '' && types.has(fn.inArgs[0].udt);
}

/**
 * Picks the overload of `schema.name` matching the argument keys (null keys = a raw body):
 * every required argument present and no unknown keys; a single unnamed json/jsonb argument takes any POST object.
 */
export function resolveFunction(cache: SchemaCache, schema: string, name: string, keys: string[] | null, isPost: boolean, rawBody?: string): PgFunction {
  const all = cache.functions.get(relKey(schema, name)) ?? [];
  let matches: PgFunction[];
  if (keys === null) {
    matches = all.filter((f) => isSingleUnnamed(f, RAW_BODY_TYPES));
    void rawBody;
  } else {
    matches = all.filter((f) => {
      if (f.inArgs.some((a) => a.name === '')) return false;
      const names = f.inArgs.map((a) => a.name);
      return keys.every((k) => names.includes(k)) && f.inArgs.every((a) => a.hasDefault || keys.includes(a.name));
    });
    if (matches.length === 0 && isPost) matches = all.filter((f) => isSingleUnnamed(f, new Set(['json', 'jsonb'])));
  }
  if (matches.length === 1) return matches[0];
  const sorted = keys ? [...keys].sort() : [];
  const argText = sorted.join(', ');
  const sig = `${schema}.${name}(${argText})`;
  if (matches.length > 1) {
    throw errors.ambiguousFunction(`Could not choose the best candidate function between: ${matches.map((f) => `${f.schema}.${f.name}(${f.inArgs.map((a) => `${a.name ? a.name + ' => ' : ''}${a.type}`).join(', ')})`).join(', ')}`);
  }
  const params = sorted.length === 0 ? 'without parameters' : `with parameter${sorted.length > 1 ? 's' : ''} ${argText}`;
  const jsonClause = isPost ? ' or with a single unnamed json/jsonb parameter' : '';
  const details = `Searched for the function ${schema}.${name} ${params}${jsonClause}, but no matches were found in the schema cache.`;
  throw errors.noFunction(`Could not find the function ${sig} in the schema cache`, details);
}

export interface RpcCall {
  /** `fn(args)` as an expression (for void / scalar calls). */
  callSql: string;
  /** FROM item producing the result rows; `colAlias` names the single column of scalar functions. */
  fromSql(colAlias: string | null): string;
}

export function buildRpcSource(fn: PgFunction, args: { kind: 'object'; text: string; keys: string[] } | { kind: 'raw'; text: string }, params: Params): RpcCall {
  const name = qualified(fn.schema, fn.name);
  let call: string;
  let fromPrefix = '';
  if (args.kind === 'raw' || (fn.inArgs.length === 1 && fn.inArgs[0].name === '')) {
    call = fn.inArgs.length ? `${name}(${params.add(args.text)}::${fn.inArgs[0].type})` : `${name}()`;
  } else {
    const used = fn.inArgs.filter((a) => args.keys.includes(a.name));
    if (used.length === 0) call = `${name}()`;
    else {
      const p = params.add(args.text);
      const defs = used.map((a) => `${ident(a.name)} ${a.type}`).join(', ');
      fromPrefix = `json_to_record(${p}::json) AS pgrst_args(${defs}), LATERAL `;
      call = `${name}(${used.map((a) => `${a.mode === 'variadic' ? 'VARIADIC ' : ''}${ident(a.name)} := pgrst_args.${ident(a.name)}`).join(', ')})`;
    }
  }
  return {
    callSql: fromPrefix ? `(SELECT ${call} FROM ${fromPrefix.replace(/, LATERAL $/, '')})` : call,
    fromSql: (colAlias) => {
      const inner = `${call} AS _c${colAlias ? `(${colAlias})` : ''}`;
      return `(SELECT _c.* FROM ${fromPrefix}${inner})`;
    },
  };
}
