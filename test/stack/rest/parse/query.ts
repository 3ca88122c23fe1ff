import { parseError } from '../errors';
import { Cursor, parseFieldName } from './cursor';
import { isOpExpr, parseFilterValue, parseLogicTree } from './filter';
import { parseOrder } from './order';
import { parseColumns, parseJsonPath, parseSelect } from './select';
import type { LevelParams, QueryParams } from './types';

function level(q: QueryParams, path: string): LevelParams {
  let l = q.levels.get(path);
  if (!l) {
    l = { conditions: [] };
    q.levels.set(path, l);
  }
  return l;
}

function parseNonNegInt(key: string, v: string, target: 'limit parameter' | 'offset parameter'): number {
  if (!/^-?\d+$/.test(v.trim())) throw parseError(target, v, 1, 'unexpected end of input expecting digit');
  return Number(v.trim());
}

/**
 * Splits the query string into select / per-level filters, order, limit, offset / columns / on_conflict.
 * With `isRpcRead`, params whose value is not an operator expression are function arguments.
 */
export function parseQuery(params: URLSearchParams, opts: { isRpcRead?: boolean } = {}): QueryParams {
  const q: QueryParams = { select: [{ kind: 'star' }], levels: new Map(), rpcArgs: [] };
  level(q, '');
  let selectSeen = false;
  for (const [key, value] of params) {
    if (key === 'select') {
      if (!selectSeen) q.select = parseSelect(value);
      selectSeen = true;
      continue;
    }
    if (key === 'columns') {
      q.columns = parseColumns(value, 'columns parameter');
      continue;
    }
    if (key === 'on_conflict') {
      q.onConflict = parseColumns(value, 'on_conflict parameter');
      continue;
    }
    const segs = key.split('.');
    const last = segs[segs.length - 1];
    const beforeLast = segs[segs.length - 2];
    if (last === 'order' || last === 'limit' || last === 'offset') {
      const path = segs.slice(0, -1).join('.');
      const l = level(q, path);
      if (last === 'order') l.order = parseOrder(value);
      else if (last === 'limit') l.limit = parseNonNegInt(key, value, 'limit parameter');
      else l.offset = parseNonNegInt(key, value, 'offset parameter');
      continue;
    }
    if (last === 'or' || last === 'and') {
      const negated = beforeLast === 'not';
      const path = segs.slice(0, negated ? -2 : -1).join('.');
      level(q, path).conditions.push(parseLogicTree(last, negated, value));
      continue;
    }
    if (opts.isRpcRead && !isOpExpr(value)) {
      q.rpcArgs.push([key, value]);
      continue;
    }
    if (value === '' && !opts.isRpcRead) continue;
    // [embed.]*field[jsonpath]
    const c = new Cursor(key, 'filter');
    const names = [parseFieldName(c)];
    while (c.eat('.')) names.push(parseFieldName(c));
    const jsonPath = parseJsonPath(c);
    if (!c.done) throw c.fail('"." or json path');
    const field = { name: names[names.length - 1], jsonPath };
    const path = names.slice(0, -1).join('.');
    level(q, path).conditions.push(parseFilterValue(field, value));
  }
  return q;
}
