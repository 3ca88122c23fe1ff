import { errors, parseError } from '../errors';
import { isToOne, resolveRelationship, type Relationship } from '../plan/relationships';
import type { Column, Relation, SchemaCache } from '../schemaCache';
import type { Condition, Field, Filter, LevelParams, OrderTerm, SelectItem } from '../parse/types';
import { castType, ident, literal, Params, pgArrayLiteral } from './builder';

export interface ReadContext {
  cache: SchemaCache;
  params: Params;
  levels: Map<string, LevelParams>;
  usedLevels: Set<string>;
  /** Caps every level (reads only). */
  maxRows?: number;
  /** db-aggregates-enabled: allow `count()` and `col.sum()` etc. (GROUP BY the plain columns). */
  aggregatesEnabled?: boolean;
  aliasCount: number;
}

export interface Source {
  rel: Relation;
  /** FROM item, e.g. `"public"."countries"` or `pgrst_source` or a function call. */
  fromSql: string;
  alias: string;
}

export interface BuiltSelect {
  /** `SELECT … FROM … WHERE … ORDER BY … LIMIT …`. */
  sql: string;
  /** The same query without ORDER/LIMIT/OFFSET (for counts and plans). */
  sqlNoLimit: string;
  /** Output keys of the rows, in order. */
  keys: string[];
}

interface EmbedInfo {
  key: string;
  name: string;
  lateral: string;
  rel: Relationship;
  spread: boolean;
  keys: string[];
}

const JSON_UDTS = new Set(['json', 'jsonb']);

function fieldExpr(alias: string, rel: Relation, f: Field): string {
  const col = rel.columnMap.get(f.name);
  const computed = col ? undefined : rel.computed.get(f.name);
  let e = computed ? `${ident(computed.schema)}.${ident(computed.name)}(${ident(alias)})` : `${ident(alias)}.${ident(f.name)}`;
  if (f.jsonPath.length === 0) return e;
  if (col && !JSON_UDTS.has(col.udt)) e = `to_jsonb(${e})`;
  for (const s of f.jsonPath) e += `${s.arrow}${s.isIndex ? s.key : literal(s.key)}`;
  return e;
}

function outputKey(f: Field, alias?: string): string {
  if (alias) return alias;
  if (f.jsonPath.length) return f.jsonPath[f.jsonPath.length - 1].key;
  return f.name;
}

function applyCast(expr: string, cast: string | undefined, text: string): string {
  if (!cast) return expr;
  const t = castType(cast);
  if (!t) throw parseError('select parameter', text, 1, `unexpected cast type "${cast}"`);
  return `(${expr})::${t}`;
}

function limitClause(ctx: ReadContext, limit: number | undefined, offset: number | undefined): string {
  let l = limit;
  if (ctx.maxRows !== undefined) l = l === undefined ? ctx.maxRows : Math.min(l, ctx.maxRows);
  let s = '';
  if (l !== undefined) s += ` LIMIT ${Math.max(0, Math.floor(l))}`;
  if (offset !== undefined && offset > 0) s += ` OFFSET ${Math.floor(offset)}`;
  return s;
}

/** SQL for one filter (not the embedded-resource anti/semi joins). */
export function filterSql(params: Params, alias: string, rel: Relation, f: Filter): string {
  const col: Column | undefined = rel.columnMap.get(f.field.name);
  const lhs = fieldExpr(alias, rel, f.field);
  const e = f.expr;
  let sql: string;
  switch (e.kind) {
    case 'simple': {
      const ops: Record<string, string> = {
        eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'LIKE', ilike: 'ILIKE', match: '~', imatch: '~*',
        isdistinct: 'IS DISTINCT FROM', cs: '@>', cd: '<@', ov: '&&', sl: '<<', sr: '>>', nxr: '&<', nxl: '&>', adj: '-|-',
      };
      const textish = e.op === 'like' || e.op === 'ilike' || e.op === 'match' || e.op === 'imatch';
      const left = textish && f.field.jsonPath.length && f.field.jsonPath[f.field.jsonPath.length - 1].arrow === '->' ? `(${lhs})::text` : lhs;
      sql = `${left} ${ops[e.op]} ${params.add(e.value)}`;
      break;
    }
    case 'quant': {
      const ops: Record<string, string> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'LIKE', ilike: 'ILIKE', match: '~', imatch: '~*' };
      sql = `${lhs} ${ops[e.op]} ${e.quantifier.toUpperCase()}(${params.add(e.value)})`;
      break;
    }
    case 'in':
      sql = e.values.length === 0 ? 'false' : `${lhs} = ANY(${params.add(pgArrayLiteral(e.values))})`;
      break;
    case 'is': {
      const m: Record<string, string> = { null: 'IS NULL', not_null: 'IS NOT NULL', true: 'IS TRUE', false: 'IS FALSE', unknown: 'IS UNKNOWN' };
      sql = `${lhs} ${m[e.value]}`;
      break;
    }
    case 'fts': {
      const fn = { fts: 'to_tsquery', plfts: 'plainto_tsquery', phfts: 'phraseto_tsquery', wfts: 'websearch_to_tsquery' }[e.op];
      const cfg = e.config !== undefined ? `${params.add(e.config)}::regconfig, ` : '';
      const isVector = col?.udt === 'tsvector' && f.field.jsonPath.length === 0;
      const vec = isVector ? lhs : `to_tsvector(${cfg}${lhs})`;
      sql = `${vec} @@ ${fn}(${cfg}${params.add(e.value)})`;
      break;
    }
  }
  return f.negated ? `NOT (${sql})` : sql;
}

/** Builds the SELECT for one level of the select tree (recursing into embeds). */
export function buildSelect(ctx: ReadContext, src: Source, items: SelectItem[], path: string, extraWhere: string[], rootRange?: { limit?: number; offset?: number }): BuiltSelect {
  const { rel, alias } = src;
  const level = ctx.levels.get(path) ?? { conditions: [] };
  ctx.usedLevels.add(path);
  const list: string[] = [];
  const keys: string[] = [];
  const joins: string[] = [];
  const embeds: EmbedInfo[] = [];
  const groupBy: string[] = [];
  let aggregated = false;
  const selectText = '';
  for (const item of items) {
    switch (item.kind) {
      case 'star':
        for (const c of rel.columns) {
          list.push(`${ident(alias)}.${ident(c.name)}`);
          keys.push(c.name);
        }
        break;
      case 'count': {
        if (!ctx.aggregatesEnabled) throw errors.aggregates();
        const key = item.alias ?? 'count';
        list.push(`${applyCast('count(*)', item.cast, selectText)} AS ${ident(key)}`);
        keys.push(key);
        aggregated = true;
        break;
      }
      case 'column': {
        if (item.aggregate) {
          if (!ctx.aggregatesEnabled) throw errors.aggregates();
          const key = item.alias ?? item.aggregate.fn;
          const inner = applyCast(fieldExpr(alias, rel, item.field), item.cast, selectText);
          list.push(`${applyCast(`${item.aggregate.fn}(${inner})`, item.aggregate.cast, selectText)} AS ${ident(key)}`);
          keys.push(key);
          aggregated = true;
          break;
        }
        if (path !== '' && item.field.name === 'count' && item.field.jsonPath.length === 0 && !rel.columnMap.has('count')) {
          // `rel(count)`: the number of embedded rows, as PostgREST answers `[{"count": n}]`.
          const key = item.alias ?? 'count';
          list.push(`count(*) AS ${ident(key)}`);
          keys.push(key);
          break;
        }
        const key = outputKey(item.field, item.alias);
        const expr = applyCast(fieldExpr(alias, rel, item.field), item.cast, selectText);
        list.push(`${expr} AS ${ident(key)}`);
        groupBy.push(expr);
        keys.push(key);
        break;
      }
      case 'embed': {
        const r = resolveRelationship(ctx.cache, rel, item.name, item.hint);
        const key = item.alias ?? item.name;
        const childPath = path ? `${path}.${key}` : key;
        const altPath = path ? `${path}.${item.name}` : item.name;
        const usePath = ctx.levels.has(childPath) ? childPath : altPath;
        const childAlias = `${r.target.name}_${++ctx.aliasCount}`;
        const cond: string[] = [];
        if (r.junction) {
          const j = r.junction;
          const jAlias = `${j.rel.name}_${++ctx.aliasCount}`;
          const on = [
            ...j.parentPairs.map(([p, jc]) => `${ident(jAlias)}.${ident(jc)} = ${ident(alias)}.${ident(p)}`),
            ...j.targetPairs.map(([jc, t]) => `${ident(jAlias)}.${ident(jc)} = ${ident(childAlias)}.${ident(t)}`),
          ];
          cond.push(`EXISTS (SELECT 1 FROM ${ident(j.rel.schema)}.${ident(j.rel.name)} AS ${ident(jAlias)} WHERE ${on.join(' AND ')})`);
        } else {
          for (const [p, t] of r.pairs) cond.push(`${ident(childAlias)}.${ident(t)} = ${ident(alias)}.${ident(p)}`);
        }
        const child = buildSelect(ctx, { rel: r.target, fromSql: `${ident(r.target.schema)}.${ident(r.target.name)}`, alias: childAlias }, item.select, usePath, cond);
        const lat = `pgrst_${childAlias}`;
        const toOne = isToOne(r);
        let lateral: string;
        if (item.spread) {
          if (toOne) {
            lateral = `LEFT JOIN LATERAL (SELECT _x.*, true AS pgrst_found FROM (${child.sql}) _x) AS ${ident(lat)} ON TRUE`;
            for (const k of child.keys) {
              list.push(`${ident(lat)}.${ident(k)} AS ${ident(k)}`);
              keys.push(k);
            }
          } else {
            const aggs = child.keys.map((k) => `json_agg(_x.${ident(k)}) AS ${ident(k)}`);
            lateral = `LEFT JOIN LATERAL (SELECT ${[...aggs, 'bool_or(true) AS pgrst_found'].join(', ')} FROM (${child.sql}) _x) AS ${ident(lat)} ON TRUE`;
            for (const k of child.keys) {
              list.push(`coalesce(${ident(lat)}.${ident(k)}, '[]'::json) AS ${ident(k)}`);
              keys.push(k);
            }
          }
        } else if (toOne) {
          lateral = `LEFT JOIN LATERAL (SELECT row_to_json(_x) AS j, true AS pgrst_found FROM (${child.sql}) _x) AS ${ident(lat)} ON TRUE`;
          if (child.keys.length || item.select.length) {
            list.push(`${ident(lat)}.j AS ${ident(key)}`);
            keys.push(key);
          }
        } else {
          lateral = `LEFT JOIN LATERAL (SELECT json_agg(_x) AS j, bool_or(true) AS pgrst_found FROM (${child.sql}) _x) AS ${ident(lat)} ON TRUE`;
          if (item.select.length) {
            list.push(`coalesce(${ident(lat)}.j, '[]'::json) AS ${ident(key)}`);
            keys.push(key);
          }
        }
        joins.push(lateral);
        const info: EmbedInfo = { key, name: item.name, lateral: lat, rel: r, spread: item.spread, keys: child.keys };
        embeds.push(info);
        if (item.joinType === 'inner') extraWhere.push(`${ident(lat)}.pgrst_found IS NOT NULL`);
        break;
      }
    }
  }
  const where = [...extraWhere];
  for (const c of level.conditions) where.push(conditionSql(ctx, c, src, embeds, path));
  const order = (level.order ?? []).map((t) => orderSql(t, src, embeds));
  if (aggregated && embeds.length) throw errors.notImplemented('Aggregates together with embedded resources are not supported by this server');
  if (aggregated && items.some((i) => i.kind === 'star')) throw errors.notImplemented('Aggregates together with * are not supported by this server');
  const group = aggregated && groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : '';
  const body = `SELECT ${list.length ? list.join(', ') : 'NULL AS pgrst_none'} FROM ${src.fromSql} AS ${ident(alias)}${joins.length ? ' ' + joins.join(' ') : ''}${where.length ? ' WHERE ' + where.join(' AND ') : ''}${group}`;
  const limit = rootRange ? rootRange.limit : level.limit;
  const offset = rootRange ? rootRange.offset : level.offset;
  const sql = `${body}${order.length ? ' ORDER BY ' + order.join(', ') : ''}${limitClause(ctx, limit, offset)}`;
  // An empty select list (`rel()` or `select=`) must still yield rows with no keys.
  if (!list.length) {
    return { sql: sql.replace('SELECT NULL AS pgrst_none', 'SELECT'), sqlNoLimit: body.replace('SELECT NULL AS pgrst_none', 'SELECT'), keys };
  }
  return { sql, sqlNoLimit: body, keys };
}

function embedFor(embeds: EmbedInfo[], name: string): EmbedInfo | undefined {
  return embeds.find((e) => e.key === name) ?? embeds.find((e) => e.name === name);
}

function conditionSql(ctx: ReadContext, c: Condition, src: Source, embeds: EmbedInfo[], path: string): string {
  if (c.kind === 'logic') {
    const parts = c.children.map((ch) => conditionSql(ctx, ch, src, embeds, path));
    const s = `(${parts.join(c.op === 'and' ? ' AND ' : ' OR ')})`;
    return c.negated ? `NOT ${s}` : s;
  }
  if (!src.rel.columnMap.has(c.field.name) && !src.rel.computed.has(c.field.name) && c.field.jsonPath.length === 0) {
    const emb = embedFor(embeds, c.field.name);
    if (emb) {
      if (c.expr.kind !== 'is' || (c.expr.value !== 'null' && c.expr.value !== 'not_null')) throw errors.badEmbedOperator(c.field.name);
      const isNull = (c.expr.value === 'null') !== c.negated;
      return `${ident(emb.lateral)}.pgrst_found IS ${isNull ? '' : 'NOT '}NULL`;
    }
  }
  return filterSql(ctx.params, src.alias, src.rel, c);
}

function orderSql(t: OrderTerm, src: Source, embeds: EmbedInfo[]): string {
  let expr: string;
  if (t.relation !== undefined) {
    const emb = embedFor(embeds, t.relation);
    if (!emb) throw errors.notEmbedded(t.relation);
    if (!isToOne(emb.rel)) throw errors.relatedOrder(t.relation);
    if (emb.spread) expr = `${ident(emb.lateral)}.${ident(t.field.name)}`;
    else {
      expr = `(${ident(emb.lateral)}.j::jsonb -> ${literal(t.field.name)})`;
      for (const s of t.field.jsonPath) expr += `${s.arrow}${s.isIndex ? s.key : literal(s.key)}`;
    }
  } else {
    expr = fieldExpr(src.alias, src.rel, t.field);
  }
  let s = expr;
  if (t.direction) s += t.direction === 'desc' ? ' DESC' : ' ASC';
  if (t.nulls) s += t.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST';
  return s;
}

/** PGRST108 for filter/order/limit params targeting an embed path that the select does not contain. */
export function checkUnusedLevels(ctx: ReadContext): void {
  for (const [path, l] of ctx.levels) {
    if (path === '' || ctx.usedLevels.has(path)) continue;
    if (l.conditions.length === 0 && l.order === undefined && l.limit === undefined && l.offset === undefined) continue;
    const segs = path.split('.');
    let prefix = '';
    for (const s of segs) {
      prefix = prefix ? `${prefix}.${s}` : s;
      if (!ctx.usedLevels.has(prefix)) throw errors.notEmbedded(s);
    }
  }
}

/** WHERE conditions of the root level for UPDATE/DELETE (no embeds there). */
export function rootConditions(ctx: ReadContext, src: Source): string[] {
  ctx.usedLevels.add('');
  const level = ctx.levels.get('') ?? { conditions: [] };
  return level.conditions.map((c) => conditionSql(ctx, c, src, [], ''));
}
