import type { Service, ServiceRequest, StackDeps } from '../shared/context';
import { BodyTooLarge, readBody, sendJson } from '../shared/http';
import { withRequestTx, type PoolClient } from '../shared/db';
import { ApiError, errors, fromPgError, isPgError } from './errors';
import { parseAccept, parseRangeHeader } from './parse/accept';
import { parsePrefer } from './parse/prefer';
import { parseQuery } from './parse/query';
import type { MediaType, Preferences, QueryParams } from './parse/types';
import { relKey, SchemaCacheHolder, type PgFunction, type Relation, type SchemaCache } from './schemaCache';
import { ident, Params, qualified } from './sql/builder';
import { buildSelect, checkUnusedLevels, type ReadContext, type Source } from './sql/read';
import { buildWrite, type WriteKind } from './sql/write';
import { buildRpcSource, resolveFunction } from './sql/rpc';
import { bodyAggregate, contentRange, contentTypeFor, send, sendError, type Reply } from './respond';
import { buildOpenApiDocument } from './openapi';

export interface RestOptions {
  /** db-max-rows: caps every read level (default 1000). */
  maxRows?: number;
  /** db-plan-enabled: answer `application/vnd.pgrst.plan` (default true). */
  planEnabled?: boolean;
  /** db-aggregates-enabled (default false, as on hosted Supabase → PGRST123). */
  aggregatesEnabled?: boolean;
}

export type RestService = Service & {
  /** Stops listening for schema reloads. */
  close(): void;
  /** The schema cache (tables, views, columns, keys, FKs, functions), for the OpenAPI root. */
  schemaCache: SchemaCacheHolder;
};

/** Thrown inside the transaction to roll back while still answering `reply`. */
class RollbackWith extends Error {
  constructor(readonly reply: Reply) {
    super('rollback');
  }
}

interface Ctx {
  deps: StackDeps;
  opts: Required<RestOptions>;
  r: ServiceRequest;
  role: string;
  claims: Record<string, unknown>;
  schema: string;
  profileHeader: boolean;
  prefs: Preferences;
  cache: SchemaCache;
  method: string;
}

function header(r: ServiceRequest, name: string): string | undefined {
  const v = r.req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function requestHeaders(r: ServiceRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.req.headers)) {
    if (k === 'cookie' || v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function commonHeaders(ctx: Ctx): Record<string, string> {
  const h: Record<string, string> = {};
  if (ctx.profileHeader || ctx.deps.schemas.length > 1) h['Content-Profile'] = ctx.schema;
  return h;
}

function preferenceApplied(ctx: Ctx, applied: { resolution?: boolean; missing?: boolean; return?: boolean; count?: boolean; tx?: boolean }): Record<string, string> {
  const p = ctx.prefs;
  const t: string[] = [];
  if (applied.resolution && p.resolution) t.push(`resolution=${p.resolution}`);
  if (applied.missing && p.missing) t.push(`missing=${p.missing}`);
  if (applied.return && p.return) t.push(`return=${p.return}`);
  if (applied.count && p.count) t.push(`count=${p.count}`);
  if (applied.tx && p.tx) t.push(`tx=${p.tx}`);
  if (p.handling) t.push(`handling=${p.handling}`);
  if (p.timezone) t.push(`timezone=${p.timezone}`);
  if (p.maxAffected !== undefined && p.handling === 'strict') t.push(`max-affected=${p.maxAffected}`);
  return t.length ? { 'Preference-Applied': t.join(', ') } : {};
}

function pickMedia(ctx: Ctx, allowed: MediaType['kind'][]): MediaType {
  const { candidates, raw } = parseAccept(header(ctx.r, 'accept'));
  for (const m of candidates) {
    if (m.kind === 'plan') {
      if (ctx.opts.planEnabled && m.plan && allowed.includes(m.plan.for.kind)) return m;
      continue;
    }
    if (allowed.includes(m.kind)) return m;
  }
  throw errors.mediaType(raw.join(', '));
}

async function inTx<T>(ctx: Ctx, readOnly: boolean, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const searchPath = [...new Set([ctx.schema, 'public', 'extensions'])];
  try {
    return await withRequestTx(
      ctx.deps.pool,
      { role: ctx.role, claims: ctx.claims, method: ctx.method, path: ctx.r.path, headers: requestHeaders(ctx.r), readOnly, searchPath },
      async (c) => {
        if (ctx.prefs.timezone) await c.query(`select set_config('timezone', $1, true)`, [ctx.prefs.timezone]);
        return fn(c);
      },
    );
  } catch (e) {
    if (isPgError(e)) throw fromPgError(e, ctx.role);
    throw e;
  }
}

function planOptions(m: MediaType): string {
  const p = m.plan!;
  const opts = ['FORMAT ' + (p.format === 'json' ? 'JSON' : 'TEXT')];
  for (const o of p.options) {
    const k = o.toLowerCase();
    if (['analyze', 'verbose', 'settings', 'buffers', 'wal'].includes(k)) opts.push(k.toUpperCase());
  }
  return opts.join(', ');
}

async function explainReply(ctx: Ctx, c: PoolClient, media: MediaType, sql: string, values: unknown[]): Promise<Reply> {
  const p = media.plan!;
  const r = await c.query(`EXPLAIN (${planOptions(media)}) ${sql}`, values);
  const body = p.format === 'json' ? JSON.stringify(r.rows[0]['QUERY PLAN']) : r.rows.map((row) => String(row['QUERY PLAN'])).join('\n');
  const forType = p.for.raw.split(';')[0];
  const opts = p.options.length ? ` options=${p.options.join('|')};` : '';
  return {
    status: 200,
    headers: { ...commonHeaders(ctx), 'Content-Type': `application/vnd.pgrst.plan+${p.format}; for="${forType}";${opts} charset=utf-8` },
    body,
  };
}

async function plannedRows(c: PoolClient, sql: string, values: unknown[]): Promise<number> {
  const r = await c.query(`EXPLAIN (FORMAT JSON) ${sql}`, values);
  const plan = r.rows[0]['QUERY PLAN'] as { Plan: { 'Plan Rows': number } }[];
  return plan[0].Plan['Plan Rows'];
}

/** Limit/offset for the root after combining query params and the Range header. */
function rootRange(ctx: Ctx, q: QueryParams): { limit?: number; offset: number } {
  const lvl = q.levels.get('')!;
  let offset = lvl.offset ?? 0;
  let limit = lvl.limit;
  if (limit !== undefined && limit < 0) throw errors.rangeNotSatisfiable();
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    const rh = parseRangeHeader(header(ctx.r, 'range'));
    if (rh === 'invalid') throw errors.rangeNotSatisfiable();
    if (rh) {
      const qUpper = limit === undefined ? Infinity : offset + limit - 1;
      const hUpper = rh.limit === undefined ? Infinity : rh.offset + rh.limit - 1;
      const lower = Math.max(offset, rh.offset);
      const upper = Math.min(qUpper, hUpper);
      offset = lower;
      limit = upper === Infinity ? undefined : Math.max(0, upper - lower + 1);
    }
  }
  return { limit, offset };
}

interface ReadOutcome {
  total: number | null;
  n: number;
  body: string;
}

/** Runs `WITH [prefix,] pgrst_rows AS (rows) SELECT total, n, body`. */
async function runAggregate(c: PoolClient, prefix: string, rowsSql: string, countSql: string | null, bodyExpr: string, values: unknown[]): Promise<ReadOutcome> {
  const sql = `WITH ${prefix ? prefix + ', ' : ''}pgrst_rows AS (${rowsSql}) SELECT (${countSql ?? 'NULL'})::int::text AS total, count(*)::int8::text AS n, ${bodyExpr} AS body FROM pgrst_rows _pgrst_t`;
  const r = await c.query<{ total: string | null; n: string; body: string }>(sql, values);
  const row = r.rows[0];
  return { total: row.total === null ? null : Number(row.total), n: Number(row.n), body: row.body };
}

function readStatus(offset: number, n: number, total: number | null): number {
  if (total === null) return 200;
  if (offset > total && !(offset === 0)) return 416;
  if (n < total && !(n === 0 && total === 0)) return 206;
  return 200;
}

async function countTotal(ctx: Ctx, c: PoolClient, sqlNoLimit: string, values: unknown[]): Promise<number | null> {
  const kind = ctx.prefs.count;
  if (!kind) return null;
  const exact = async () => Number((await c.query<{ n: string }>(`SELECT count(*)::int8::text AS n FROM (${sqlNoLimit}) _c`, values)).rows[0].n);
  if (kind === 'exact') return exact();
  const planned = await plannedRows(c, sqlNoLimit, values);
  if (kind === 'planned') return planned;
  return planned > ctx.opts.maxRows ? planned : exact();
}

function finishRead(ctx: Ctx, media: MediaType, offset: number, out: ReadOutcome, singleScalar = false): Reply {
  const { n, total } = out;
  if (media.kind === 'object' && n !== 1) throw errors.singular(n);
  const status = readStatus(offset, n, total);
  if (status === 416) {
    throw new ApiError(416, 'PGRST103', 'Requested range not satisfiable', `An offset of ${offset} was requested, but there are only ${total} rows.`, null, { 'Content-Range': `*/${total}` });
  }
  return {
    status,
    headers: {
      ...commonHeaders(ctx),
      'Content-Type': contentTypeFor(media),
      'Content-Range': singleScalar ? `0-0/${total ?? '*'}` : contentRange(offset, n, total),
      ...preferenceApplied(ctx, { count: true }),
    },
    body: out.body,
  };
}

function readCtx(ctx: Ctx, q: QueryParams, params: Params, cap: boolean): ReadContext {
  return { cache: ctx.cache, params, levels: q.levels, usedLevels: new Set(), maxRows: cap ? ctx.opts.maxRows : undefined, aggregatesEnabled: ctx.opts.aggregatesEnabled, aliasCount: 0 };
}

function findRelation(ctx: Ctx, name: string): Relation {
  const rel = ctx.cache.relations.get(relKey(ctx.schema, name));
  if (rel) return rel;
  const lower = name.toLowerCase();
  const suggestion = [...ctx.cache.relations.values()].find((r) => r.schema === ctx.schema && (r.name.toLowerCase() === lower || r.name.toLowerCase() === lower + 's' || r.name.toLowerCase() + 's' === lower));
  throw errors.noTable(ctx.schema, name, suggestion?.name ?? null);
}

async function handleRead(ctx: Ctx, rel: Relation, q: QueryParams): Promise<Reply> {
  const media = pickMedia(ctx, ['json', 'object', 'csv', 'array-stripped', 'geojson']);
  const { limit, offset } = rootRange(ctx, q);
  const params = new Params();
  const rc = readCtx(ctx, q, params, true);
  const src: Source = { rel, fromSql: qualified(rel.schema, rel.name), alias: rel.name };
  const built = buildSelect(rc, src, q.select, '', [], { limit, offset });
  checkUnusedLevels(rc);
  const bodyExpr = bodyAggregate(media.kind === 'plan' ? media.plan!.for : media);
  return inTx(ctx, true, async (c) => {
    if (media.kind === 'plan') return explainReply(ctx, c, media, `WITH pgrst_rows AS (${built.sql}) SELECT ${bodyExpr} FROM pgrst_rows _pgrst_t`, params.values);
    const total = await countTotal(ctx, c, built.sqlNoLimit, params.values);
    const out = await runAggregate(c, '', built.sql, null, bodyExpr, params.values);
    return finishRead(ctx, media, offset, { ...out, total });
  });
}

/** Parses the request body into raw JSON text plus the keys per row. */
async function readPayload(ctx: Ctx): Promise<{ text: string; rows: Record<string, unknown>[]; isArray: boolean }> {
  const buf = await readBody(ctx.r.req);
  const ct = (header(ctx.r, 'content-type') ?? 'application/json').split(';')[0].trim().toLowerCase();
  const raw = buf.toString('utf8');
  if (ct === 'text/csv') {
    const rows = parseCsv(raw);
    return { text: JSON.stringify(rows), rows, isArray: true };
  }
  if (ct === 'application/x-www-form-urlencoded') {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw)) obj[k] = v;
    return { text: JSON.stringify([obj]), rows: [obj], isArray: false };
  }
  if (ct !== 'application/json' && ct !== '' && !ct.endsWith('+json')) throw errors.invalidBody(`Content-Type not acceptable: ${ct}`);
  if (raw.trim() === '') return { text: '[]', rows: [], isArray: true };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw errors.invalidBody('Empty or invalid json');
  }
  if (Array.isArray(v)) {
    if (!v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) throw errors.invalidBody('All object keys must match');
    return { text: raw, rows: v as Record<string, unknown>[], isArray: true };
  }
  if (typeof v === 'object' && v !== null) return { text: `[${raw}]`, rows: [v as Record<string, unknown>], isArray: false };
  return { text: '[]', rows: [], isArray: true };
}

/** Minimal CSV reader for `text/csv` bodies: header row, quoted fields, `NULL` → null. */
function parseCsv(text: string): Record<string, unknown>[] {
  const records: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const pushField = () => {
    row.push(!wasQuoted && field === 'NULL' ? '\u0000NULL' : field);
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') pushField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      pushField();
      records.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) {
    pushField();
    records.push(row);
  }
  const [head, ...rest] = records;
  if (!head) return [];
  return rest.filter((r) => r.length > 1 || r[0] !== '').map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] === '\u0000NULL' ? null : r[i] ?? null])));
}

async function handleWrite(ctx: Ctx, rel: Relation, q: QueryParams, kind: WriteKind): Promise<Reply> {
  const prefs = ctx.prefs;
  const ret = prefs.return ?? 'minimal';
  const media = ret === 'representation' ? pickMedia(ctx, ['json', 'object', 'csv', 'array-stripped']) : pickMedia(ctx, ['json', 'object', 'csv', 'array-stripped']);
  const payload = kind === 'delete' ? null : await readPayload(ctx);
  // PostgREST builds the read plan (select tree plus the filters, orders and ranges of embedded
  // paths) for every mutation, whatever the return preference: a filter on a path that the select
  // does not embed is PGRST108 even when nothing is returned, and never widens the mutation.
  const check = readCtx(ctx, q, new Params(), false);
  buildSelect(check, { rel, fromSql: 'pgrst_source', alias: rel.name }, q.select, '', [], {});
  checkUnusedLevels(check);
  const params = new Params();
  const rc = readCtx(ctx, q, params, false);
  const plan = buildWrite({ kind, rel, q, prefs, payload, params, rc });
  const strict = prefs.handling === 'strict' && prefs.maxAffected !== undefined && (kind === 'update' || kind === 'delete');
  const applied = { resolution: plan.resolutionApplied, missing: kind === 'insert' || kind === 'update', return: true, count: true, tx: true };
  const run = async (c: PoolClient): Promise<Reply> => {
    let n = 0;
    let body: string | undefined;
    let location: string | undefined;
    let inserted: boolean | undefined;
    if (media.kind === 'plan') {
      // EXPLAIN (possibly ANALYZE, which executes) of the real statement; never keep its effects.
      const src: Source = { rel, fromSql: 'pgrst_source', alias: rel.name };
      const built = buildSelect(rc, src, q.select, '', [], {});
      const sql = plan.statements.length ? `WITH ${plan.cte}, pgrst_rows AS (${built.sql}) SELECT ${bodyAggregate(media.plan!.for)} FROM pgrst_rows _pgrst_t` : 'SELECT 1';
      throw new RollbackWith(await explainReply(ctx, c, media, sql, params.values));
    }
    if (plan.statements.length === 0) {
      n = 0;
      body = ret === 'representation' ? (media.kind === 'object' ? 'null' : media.kind === 'csv' ? '\n' : '[]') : undefined;
    } else if (ret === 'representation' || ret === 'headers-only') {
      const src: Source = { rel, fromSql: 'pgrst_source', alias: rel.name };
      const items: QueryParams['select'] = ret === 'representation' ? q.select : rel.pk.map((k) => ({ kind: 'column' as const, field: { name: k, jsonPath: [] }, cast: 'text' }));
      const built = buildSelect(rc, src, items, '', [], {});
      const extra = plan.tracksInserted ? '(SELECT coalesce(bool_or(pgrst_inserted), false) FROM pgrst_source)' : null;
      const out = await runAggregate(c, plan.cte, built.sql, extra, ret === 'representation' ? bodyAggregate(media) : bodyAggregate({ kind: 'json', raw: '' }), params.values);
      n = out.n;
      inserted = out.total === null ? undefined : out.total === 1;
      if (ret === 'representation') body = out.body;
      else if (kind === 'insert' && n === 1 && rel.pk.length) {
        const row = (JSON.parse(out.body) as Record<string, string>[])[0];
        location = `/${rel.name}?` + rel.pk.map((k) => `${k}=eq.${row[k]}`).join('&');
      }
    } else if (plan.tracksInserted) {
      // upsert with return=minimal: still learn whether a row was inserted (201) or all were updated (200)
      const r = await c.query<{ n: string; ins: boolean }>(`WITH ${plan.cte} SELECT count(*)::int8::text AS n, coalesce(bool_or(pgrst_inserted), false) AS ins FROM pgrst_source`, params.values);
      n = Number(r.rows[0].n);
      inserted = r.rows[0].ins;
    } else {
      for (const s of plan.statements) n += (await c.query(s, params.values)).rowCount ?? 0;
    }
    if (strict && n > prefs.maxAffected!) throw errors.maxAffected(n);
    if (media.kind === 'object' && ret === 'representation' && n !== 1) throw errors.singular(n);
    const total = prefs.count ? n : null;
    let range: string;
    if (kind === 'update') range = n > 0 ? `0-${n - 1}/${total ?? '*'}` : `*/${total ?? '*'}`;
    else range = `*/${total ?? '*'}`;
    let status: number;
    // PostgREST: 200 for merge-duplicates when no row was inserted (all updated, or an empty payload), whatever the return preference.
    if (kind === 'insert') status = prefs.resolution === 'merge-duplicates' && !(inserted ?? n > 0) ? 200 : 201;
    else if (kind === 'put') status = ret === 'representation' ? (inserted === false ? 200 : 201) : 204;
    else status = ret === 'representation' ? 200 : 204;
    const headers: Record<string, string> = { ...commonHeaders(ctx), 'Content-Range': range, ...preferenceApplied(ctx, applied) };
    if (location && ret === 'headers-only') headers['Location'] = location;
    if (body !== undefined) headers['Content-Type'] = contentTypeFor(media);
    const reply: Reply = { status, headers, body };
    if (prefs.tx === 'rollback') throw new RollbackWith(reply);
    return reply;
  };
  try {
    return await inTx(ctx, false, run);
  } catch (e) {
    if (e instanceof RollbackWith) return e.reply;
    throw e;
  }
}

async function handleRpc(ctx: Ctx, name: string, q: QueryParams): Promise<Reply> {
  const isRead = ctx.method === 'GET' || ctx.method === 'HEAD';
  let args: { kind: 'object'; text: string; keys: string[] } | { kind: 'raw'; text: string };
  if (isRead) {
    const obj: Record<string, string | string[]> = {};
    for (const [k, v] of q.rpcArgs) {
      const prev = obj[k];
      obj[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    args = { kind: 'object', text: JSON.stringify(obj), keys: Object.keys(obj) };
  } else {
    const raw = (await readBody(ctx.r.req)).toString('utf8');
    const ct = (header(ctx.r, 'content-type') ?? 'application/json').split(';')[0].trim().toLowerCase();
    if (ct === 'application/json' || ct === '' || ct.endsWith('+json')) {
      if (raw.trim() === '') args = { kind: 'object', text: '{}', keys: [] };
      else {
        let v: unknown;
        try {
          v = JSON.parse(raw);
        } catch {
          throw errors.invalidBody('Empty or invalid json');
        }
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) args = { kind: 'object', text: raw, keys: q.columns ?? Object.keys(v) };
        else args = { kind: 'raw', text: raw };
      }
    } else args = { kind: 'raw', text: raw };
  }
  const fn = resolveFunction(ctx.cache, ctx.schema, name, args.kind === 'object' ? args.keys : null, !isRead, args.kind === 'raw' ? args.text : undefined);
  const readOnly = isRead || fn.volatility !== 'v';
  const strict = ctx.prefs.handling === 'strict' && ctx.prefs.maxAffected !== undefined;
  if (strict && !fn.returnsSet) throw errors.maxAffectedRpc();
  const params = new Params();
  const call = buildRpcSource(fn, args, params);
  const media = pickMedia(ctx, ['json', 'object', 'csv', 'array-stripped']);
  const headOnlyMinimal = ctx.method === 'POST' && ctx.prefs.return === 'minimal';
  return inTx(ctx, readOnly, async (c) => {
    if (fn.returnKind === 'void') {
      await c.query(`SELECT ${call.callSql}`, params.values);
      const voidReply: Reply = { status: 204, headers: { ...commonHeaders(ctx), ...preferenceApplied(ctx, { count: true }) } };
      await applyResponseGucs(c, voidReply);
      return voidReply;
    }
    let reply: Reply;
    let n: number;
    if (fn.returnKind === 'scalar') {
      const rowsSql = `SELECT _f.${ident(fn.name)} FROM ${call.fromSql(ident(fn.name))} AS _f`;
      const base: Source = { rel: scalarRelation(fn), fromSql: `(${rowsSql})`, alias: fn.name };
      const rc = readCtx(ctx, q, params, true);
      const built = fn.returnsSet ? buildSelect(rc, base, [{ kind: 'star' }], '', [], rootRange(ctx, q)) : { sql: rowsSql, sqlNoLimit: rowsSql, keys: [] };
      if (fn.returnsSet) checkUnusedLevels(rc);
      const bodyExpr = bodyAggregate(media, { scalarColumn: ident(fn.name), setOfScalar: fn.returnsSet });
      if (media.kind === 'plan') throw new RollbackWith(await explainReply(ctx, c, media, `WITH pgrst_rows AS (${built.sql}) SELECT ${bodyExpr} FROM pgrst_rows _pgrst_t`, params.values));
      const total = await countTotal(ctx, c, built.sqlNoLimit, params.values);
      const out = await runAggregate(c, '', built.sql, null, bodyExpr, params.values);
      n = out.n;
      reply = fn.returnsSet ? finishRead(ctx, media.kind === 'object' ? media : { kind: 'json', raw: '' }, rootRange(ctx, q).offset, { ...out, total }) : finishRead(ctx, { kind: 'json', raw: '' }, 0, { ...out, n: 1, total }, true);
      if (fn.returnsSet && media.kind === 'object') reply.body = out.body;
    } else {
      const rel = (fn.returnRelation && ctx.cache.relations.get(relKey(fn.returnRelation.schema, fn.returnRelation.name))) || compositeRelation(fn);
      const base: Source = { rel, fromSql: `(SELECT _f.* FROM ${call.fromSql(null)} AS _f)`, alias: fn.name };
      const rc = readCtx(ctx, q, params, true);
      const range = rootRange(ctx, q);
      const built = buildSelect(rc, base, q.select, '', [], range);
      checkUnusedLevels(rc);
      const single = !fn.returnsSet;
      const m = single && media.kind === 'json' ? { kind: 'object' as const, raw: media.raw } : media;
      const bodyExpr = bodyAggregate(m.kind === 'plan' ? m.plan!.for : m);
      if (m.kind === 'plan') throw new RollbackWith(await explainReply(ctx, c, m, `WITH pgrst_rows AS (${built.sql}) SELECT ${bodyExpr} FROM pgrst_rows _pgrst_t`, params.values));
      const total = await countTotal(ctx, c, built.sqlNoLimit, params.values);
      const out = await runAggregate(c, '', built.sql, null, bodyExpr, params.values);
      n = out.n;
      if (single) {
        reply = finishRead(ctx, { kind: 'json', raw: '' }, 0, { ...out, n: 1, total }, true);
        reply.headers['Content-Type'] = contentTypeFor(media.kind === 'object' ? media : { kind: 'json', raw: '' });
        if (out.n === 0) reply.body = 'null';
      } else reply = finishRead(ctx, m, range.offset, { ...out, total });
    }
    if (strict && n > ctx.prefs.maxAffected!) throw errors.maxAffected(n);
    await applyResponseGucs(c, reply);
    if (headOnlyMinimal) {
      delete reply.body;
      delete reply.headers['Content-Type'];
    }
    if (ctx.prefs.tx === 'rollback' && !readOnly) throw new RollbackWith(reply);
    return reply;
  }).catch((e: unknown) => {
    if (e instanceof RollbackWith) return e.reply;
    throw e;
  });
}

/** Applies `response.headers` (JSON array of one-key objects) and `response.status` set by SQL (PGRST111/112). */
async function applyResponseGucs(c: PoolClient, reply: Reply): Promise<void> {
  const r = await c.query<{ h: string | null; s: string | null }>(`select nullif(current_setting('response.headers', true), '') as h, nullif(current_setting('response.status', true), '') as s`);
  const { h, s } = r.rows[0];
  if (h !== null) {
    let list: unknown;
    try {
      list = JSON.parse(h);
    } catch {
      list = null;
    }
    if (!Array.isArray(list) || !list.every((o) => typeof o === 'object' && o !== null && Object.keys(o).length === 1 && typeof Object.values(o)[0] === 'string')) {
      throw new ApiError(500, 'PGRST111', 'response.headers guc must be a JSON array composed of objects with a single key and a string value');
    }
    for (const o of list as Record<string, string>[]) for (const [k, v] of Object.entries(o)) reply.headers[k] = v;
  }
  if (s !== null) {
    const n = Number(s);
    if (!/^\d{3}$/.test(s) || n < 100 || n > 599) throw new ApiError(500, 'PGRST112', 'response.status guc must be a valid status code');
    reply.status = n;
  }
}

function scalarRelation(fn: PgFunction): Relation {
  const col = { name: fn.name, type: fn.returnType, udt: fn.returnUdt, nullable: true, default: null, generated: false, position: 1, comment: null, maxLength: null, enumValues: null };
  return { schema: fn.schema, name: fn.name, kind: 'view', comment: null, columns: [col], columnMap: new Map([[fn.name, col]]), pk: [], uniques: [], insertable: false, updatable: false, deletable: false, computed: new Map() };
}

function compositeRelation(fn: PgFunction): Relation {
  const columns = fn.returnColumns.map((c, i) => ({ name: c.name, type: c.type, udt: c.udt, nullable: true, default: null, generated: false, position: i + 1, comment: null, maxLength: null, enumValues: null }));
  return { schema: fn.schema, name: fn.name, kind: 'view', comment: null, columns, columnMap: new Map(columns.map((c) => [c.name, c])), pk: [], uniques: [], insertable: false, updatable: false, deletable: false, computed: new Map() };
}

/** PostgREST-compatible `/rest/v1` service. */
export function createRestService(deps: StackDeps, options: RestOptions = {}): RestService {
  const opts: Required<RestOptions> = { maxRows: options.maxRows ?? 1000, planEnabled: options.planEnabled ?? true, aggregatesEnabled: options.aggregatesEnabled ?? false };
  const cache = new SchemaCacheHolder(deps.pool, deps.schemas, deps.log);
  const service = async (r: ServiceRequest): Promise<void> => {
    const { req, res, path, auth } = r;
    const method = (req.method ?? 'GET').toUpperCase();
    if (!auth.ok) {
      const code = auth.kind === 'decode' ? 'PGRST301' : 'PGRST303';
      sendJson(res, 401, { code, details: null, hint: null, message: auth.message }, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${auth.message}"`,
        'Proxy-Status': `PostgREST; error=${code}`,
      });
      return;
    }
    const head = method === 'HEAD';
    if (path === '/' && (method === 'GET' || head)) {
      if (auth.role !== 'service_role') {
        sendJson(res, 403, { message: 'Access to schema is forbidden', hint: 'Accessing the schema via the Data API requires a secret key or service_role JWT.' });
        return;
      }
      const schema = header(r, 'accept-profile') ?? deps.schemas[0];
      if (!deps.schemas.includes(schema)) {
        const e = errors.invalidSchema(schema, deps.schemas);
        sendError(res, e);
        return;
      }
      const doc = JSON.stringify(await buildOpenApiDocument(deps.pool, { schema, url: `${deps.url}/rest/v1` }));
      res.writeHead(200, { 'Content-Type': 'application/openapi+json; charset=utf-8', 'Content-Length': Buffer.byteLength(doc) });
      res.end(head ? undefined : doc);
      return;
    }
    try {
      const segs = path.split('/').slice(1).map((s) => decodeURIComponent(s));
      if (path === '/') throw errors.unsupportedMethod(method);
      const isRpc = segs[0] === 'rpc' && segs.length === 2;
      if (segs.length > (isRpc ? 2 : 1) || segs.some((s) => s === '')) throw errors.invalidPath();
      const readMethod = method === 'GET' || method === 'HEAD';
      const profileName = readMethod ? 'accept-profile' : 'content-profile';
      const profile = header(r, profileName);
      const schema = profile ?? deps.schemas[0];
      if (!deps.schemas.includes(schema)) throw errors.invalidSchema(schema, deps.schemas);
      const prefs = parsePrefer(([] as string[]).concat(req.headers['prefer'] ?? []));
      if (prefs.handling === 'strict' && prefs.invalid.length) throw errors.strictPrefs(prefs.invalid);
      const ctx: Ctx = {
        deps, opts, r, role: auth.role, claims: auth.claims, schema, profileHeader: profile !== undefined, prefs, cache: await cache.get(), method,
      };
      if (method === 'OPTIONS') {
        send(res, { status: 200, headers: { Allow: isRpc ? 'OPTIONS,GET,HEAD,POST' : 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE' } }, false);
        return;
      }
      if (isRpc) {
        if (!['GET', 'HEAD', 'POST'].includes(method)) throw errors.unsupportedRpcMethod(method);
        const q = parseQuery(r.url.searchParams, { isRpcRead: readMethod });
        send(res, await handleRpc(ctx, segs[1], q), head);
        return;
      }
      const q = parseQuery(r.url.searchParams);
      const rel = findRelation(ctx, segs[0]);
      let reply: Reply;
      switch (method) {
        case 'GET':
        case 'HEAD':
          reply = await handleRead(ctx, rel, q);
          break;
        case 'POST':
          reply = await handleWrite(ctx, rel, q, 'insert');
          break;
        case 'PATCH':
          reply = await handleWrite(ctx, rel, q, 'update');
          break;
        case 'PUT':
          reply = await handleWrite(ctx, rel, q, 'put');
          break;
        case 'DELETE':
          reply = await handleWrite(ctx, rel, q, 'delete');
          break;
        default:
          throw errors.unsupportedMethod(method);
      }
      send(res, reply, head);
    } catch (e) {
      let err: ApiError;
      if (e instanceof ApiError) err = e;
      else if (e instanceof BodyTooLarge) err = new ApiError(413, 'PGRST102', 'Request body too large', e.message);
      else if (isPgError(e)) err = fromPgError(e, auth.role);
      else {
        deps.log(`[rest] internal error: ${e instanceof Error ? e.stack : String(e)}`);
        err = errors.internal(e instanceof Error ? e.message : String(e));
      }
      if (!res.headersSent) sendError(res, err, {}, head);
      else res.destroy();
    }
  };
  return Object.assign(service, { close: () => cache.close(), schemaCache: cache });
}
