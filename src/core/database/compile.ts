/**
 * description → HTTP request. Pure: no I/O, no clock, no randomness. Emits query parameters and
 * `Prefer` tokens in the order postgrest-js 2.119.0 does, so requests can be compared byte for byte.
 */

import type { ChainDescription, CountOption, JsonObject, JsonValue, Step } from './chain';
import {
  arrayLiteral,
  cleanColumns,
  columnsParam,
  filterValue,
  formEncodePairs,
  inList,
  operatorValue,
} from './encode';
import { InvalidQueryError } from '../lib/errors';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';

export interface CompileContext {
  /** The REST base URL without trailing slash, e.g. `https://x.supabase.co/rest/v1`. */
  restUrl: string;
  /**
   * Headers every request carries (apikey, Authorization, X-Client-Info, global headers).
   * Names are matched case-insensitively; the output uses lower-case names.
   */
  headers?: Readonly<Record<string, string>>;
  /** Schema used when the description has none (default `public`). */
  defaultSchema?: string;
}

export interface CompiledRequest {
  method: HttpMethod;
  /** Full URL (origin + path + query), without fragment. */
  url: string;
  /** `scheme://host[:port]` */
  origin: string;
  /** Path and query string, as sent on the request line. */
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** JSON text for POST/PATCH; absent otherwise. */
  body?: string;
  /** `maybeSingle()` was called: the response is reduced client-side. */
  maybeSingle: boolean;
}

interface ParsedUrl {
  origin: string;
  pathname: string;
  search: string;
}

let urlCache: Map<string, ParsedUrl> | undefined;

/** Parses `base/name` as supabase-js does (`new URL`), cached: names repeat a lot. */
function parseTargetUrl(raw: string): ParsedUrl {
  urlCache ??= new Map();
  let hit = urlCache.get(raw);
  if (hit) return hit;
  let u: URL;
  try {
    u = new URL(raw);
  } catch (e) {
    throw new InvalidQueryError(`Invalid URL: ${raw}`, [{ path: ['target'], message: 'does not form a valid URL' }], 'CORE_INVALID_URL');
  }
  hit = { origin: u.origin, pathname: u.pathname, search: u.search };
  if (urlCache.size >= 1000) urlCache.clear();
  urlCache.set(raw, hit);
  return hit;
}

/** Query parameters with URLSearchParams semantics (`set` keeps the first position). */
class Params {
  readonly pairs: [string, string][] = [];
  touched = false;

  append(key: string, value: string): void {
    this.touched = true;
    this.pairs.push([key, value]);
  }

  get(key: string): string | undefined {
    for (const p of this.pairs) if (p[0] === key) return p[1];
    return undefined;
  }

  set(key: string, value: string): void {
    this.touched = true;
    const ps = this.pairs;
    let found = -1;
    for (let i = 0; i < ps.length; i++) {
      if (ps[i]![0] !== key) continue;
      if (found < 0) {
        found = i;
        ps[i]![1] = value;
      } else {
        ps.splice(i, 1);
        i--;
      }
    }
    if (found < 0) ps.push([key, value]);
  }
}

function isObjectArg(v: JsonValue | undefined): boolean {
  return v !== null && typeof v === 'object' && (!Array.isArray(v) || v.some(isObjectArg));
}

const OBJECT_ACCEPT = 'application/vnd.pgrst.object+json';

/** Applies one filter step to the query string. */
function applyFilter(params: Params, step: Extract<Step, { kind: 'filter' }>): void {
  switch (step.op) {
    case 'eq':
    case 'neq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
    case 'like':
    case 'ilike':
    case 'is':
      params.append(step.column, `${step.op}.${filterValue(step.value)}`);
      return;
    case 'isDistinct':
      params.append(step.column, `isdistinct.${filterValue(step.value)}`);
      return;
    case 'regexMatch':
      params.append(step.column, `match.${filterValue(step.value)}`);
      return;
    case 'regexIMatch':
      params.append(step.column, `imatch.${filterValue(step.value)}`);
      return;
    case 'in':
      params.append(step.column, `in.${inList(step.values)}`);
      return;
    case 'notIn':
      params.append(step.column, `not.in.${inList(step.values)}`);
      return;
    case 'likeAllOf':
      params.append(step.column, `like(all).${arrayLiteral(step.patterns)}`);
      return;
    case 'likeAnyOf':
      params.append(step.column, `like(any).${arrayLiteral(step.patterns)}`);
      return;
    case 'ilikeAllOf':
      params.append(step.column, `ilike(all).${arrayLiteral(step.patterns)}`);
      return;
    case 'ilikeAnyOf':
      params.append(step.column, `ilike(any).${arrayLiteral(step.patterns)}`);
      return;
    case 'contains':
    case 'containedBy':
    case 'overlaps': {
      const op = step.op === 'contains' ? 'cs' : step.op === 'containedBy' ? 'cd' : 'ov';
      const v = step.value;
      const text = typeof v === 'string' ? v : Array.isArray(v) ? arrayLiteral(v) : JSON.stringify(v);
      params.append(step.column, `${op}.${text}`);
      return;
    }
    case 'rangeGt':
      params.append(step.column, `sr.${step.range}`);
      return;
    case 'rangeGte':
      params.append(step.column, `nxl.${step.range}`);
      return;
    case 'rangeLt':
      params.append(step.column, `sl.${step.range}`);
      return;
    case 'rangeLte':
      params.append(step.column, `nxr.${step.range}`);
      return;
    case 'rangeAdjacent':
      params.append(step.column, `adj.${step.range}`);
      return;
    case 'textSearch': {
      const t = step.type === 'plain' ? 'pl' : step.type === 'phrase' ? 'ph' : step.type === 'websearch' ? 'w' : '';
      const cfg = step.config === undefined ? '' : `(${step.config})`;
      params.append(step.column, `${t}fts${cfg}.${step.query}`);
      return;
    }
    case 'match':
      for (const [k, v] of Object.entries(step.query)) params.append(k, `eq.${filterValue(v)}`);
      return;
    case 'not':
      params.append(step.column, `not.${step.operator}.${operatorValue(step.operator, step.value)}`);
      return;
    case 'or':
      params.append(step.referencedTable ? `${step.referencedTable}.or` : 'or', `(${step.filters})`);
      return;
    case 'filter':
      params.append(step.column, `${step.operator}.${operatorValue(step.operator, step.value)}`);
      return;
  }
}

function lowerCopy(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  for (const k in headers) out[k.toLowerCase()] = headers[k]!;
  return out;
}

/** Turns a description into the exact request supabase-js would send for the same chain. */
export function compile(d: ChainDescription, ctx: CompileContext): CompiledRequest {
  const headers = lowerCopy(ctx.headers);
  const base = ctx.restUrl.endsWith('/') ? ctx.restUrl.slice(0, -1) : ctx.restUrl;
  const target = d.target;
  const parsed = parseTargetUrl(target.kind === 'table' ? `${base}/${target.name}` : `${base}/rpc/${target.fn}`);
  const params = new Params();
  if (parsed.search.length > 1) {
    for (const [k, v] of new URLSearchParams(parsed.search)) params.pairs.push([k, v]);
  }

  let prefer: string[] = headers.prefer !== undefined ? [headers.prefer] : [];
  let method: HttpMethod;
  let body: JsonValue | undefined;
  const pushCount = (c: CountOption | undefined) => {
    if (c) prefer.push(`count=${c}`);
  };

  if (target.kind === 'rpc') {
    const args: JsonObject = target.args ?? {};
    const hasObjectArg = target.head === true && Object.values(args).some(isObjectArg);
    if (hasObjectArg) {
      method = 'POST';
      body = args;
    } else if (target.head || target.get) {
      method = target.head ? 'HEAD' : 'GET';
      for (const [k, v] of Object.entries(args)) params.append(k, filterValue(v));
    } else {
      method = 'POST';
      body = args;
    }
    if (hasObjectArg) prefer = [target.count ? `count=${target.count},return=minimal` : 'return=minimal'];
    else if (target.count) prefer = [`count=${target.count}`];
  } else {
    const a = d.action ?? { kind: 'select' as const };
    switch (a.kind) {
      case 'select':
        method = a.head ? 'HEAD' : 'GET';
        params.set('select', cleanColumns(a.columns));
        pushCount(a.count);
        break;
      case 'insert':
      case 'upsert': {
        method = 'POST';
        if (a.kind === 'upsert') {
          prefer.push(`resolution=${a.ignoreDuplicates ? 'ignore' : 'merge'}-duplicates`);
          if (a.onConflict !== undefined) params.set('on_conflict', a.onConflict);
        }
        pushCount(a.count);
        if (a.defaultToNull === false) prefer.push('missing=default');
        if (Array.isArray(a.values)) {
          const cols = columnsParam(a.values);
          if (cols !== undefined) params.set('columns', cols);
        }
        body = a.values;
        break;
      }
      case 'update':
        method = 'PATCH';
        pushCount(a.count);
        body = a.values;
        break;
      case 'delete':
        method = 'DELETE';
        pushCount(a.count);
        break;
    }
  }

  let accept: string | undefined = headers.accept;
  let maybeSingle = false;
  let stripNulls = false;
  for (const step of d.steps) {
    switch (step.kind) {
      case 'filter':
        applyFilter(params, step);
        break;
      case 'select':
        params.set('select', cleanColumns(step.columns));
        prefer.push('return=representation');
        break;
      case 'order': {
        const key = step.referencedTable ? `${step.referencedTable}.order` : 'order';
        const existing = params.get(key);
        const nulls = step.nullsFirst === undefined ? '' : step.nullsFirst ? '.nullsfirst' : '.nullslast';
        const term = `${step.column}.${step.ascending === false ? 'desc' : 'asc'}${nulls}`;
        params.set(key, existing ? `${existing},${term}` : term);
        break;
      }
      case 'limit':
        params.set(step.referencedTable === undefined ? 'limit' : `${step.referencedTable}.limit`, String(step.count));
        break;
      case 'range': {
        const ref = step.referencedTable;
        params.set(ref === undefined ? 'offset' : `${ref}.offset`, String(step.from));
        params.set(ref === undefined ? 'limit' : `${ref}.limit`, String(step.to - step.from + 1));
        break;
      }
      case 'single':
        accept = OBJECT_ACCEPT;
        break;
      case 'maybeSingle':
        maybeSingle = true;
        break;
      case 'csv':
        accept = 'text/csv';
        break;
      case 'geojson':
        accept = 'application/geo+json';
        break;
      case 'explain': {
        const opts = [
          step.analyze ? 'analyze' : null,
          step.verbose ? 'verbose' : null,
          step.settings ? 'settings' : null,
          step.buffers ? 'buffers' : null,
          step.wal ? 'wal' : null,
        ]
          .filter(Boolean)
          .join('|');
        accept = `application/vnd.pgrst.plan+${step.format ?? 'text'}; for="${accept ?? 'application/json'}"; options=${opts};`;
        break;
      }
      case 'rollback':
        prefer.push('tx=rollback');
        break;
      case 'maxAffected':
        prefer.push('handling=strict', `max-affected=${step.value}`);
        break;
      case 'stripNulls':
        if (accept === 'text/csv') {
          throw new InvalidQueryError('stripNulls() cannot be used with csv()', [{ path: ['steps'], message: 'stripNulls() after csv()' }]);
        }
        stripNulls = true;
        break;
      case 'setHeader': {
        const name = step.name.toLowerCase();
        if (name === 'prefer') prefer = [step.value];
        else if (name === 'accept') accept = step.value;
        else headers[name] = step.value;
        break;
      }
    }
  }

  const schema = d.schema ?? ctx.defaultSchema ?? 'public';
  if (method === 'GET' || method === 'HEAD') headers['accept-profile'] = schema;
  else {
    headers['content-profile'] = schema;
    headers['content-type'] = 'application/json';
  }
  if (stripNulls) {
    if (accept === OBJECT_ACCEPT) accept = 'application/vnd.pgrst.object+json;nulls=stripped';
    else if (!accept || accept === 'application/json') accept = 'application/vnd.pgrst.array+json;nulls=stripped';
  }
  headers.accept = accept ?? '*/*';
  if (prefer.length > 0) headers.prefer = prefer.join(', ');
  else delete headers.prefer;

  let query: string;
  if (params.touched) query = params.pairs.length ? '?' + formEncodePairs(params.pairs) : '';
  else query = parsed.search.length > 1 ? parsed.search : '';
  const path = parsed.pathname + query;
  const out: CompiledRequest = { method, url: parsed.origin + path, origin: parsed.origin, path, headers, maybeSingle };
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') out.body = JSON.stringify(body);
  return out;
}
