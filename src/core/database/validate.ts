/**
 * unknown → ChainDescription | issues (with paths). Checks shape and meaning: update and delete
 * need at least one row filter. The host runs it on every description a webview sends.
 */

import type { ChainDescription, Step } from './chain';
import type { ValidationIssue } from '../lib/errors';

export type { ValidationIssue };

export type ValidationResult = { ok: true; description: ChainDescription } | { ok: false; issues: ValidationIssue[] };

type Path = (string | number)[];

const COUNTS = ['exact', 'planned', 'estimated'];
const VALUE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is', 'isDistinct', 'regexMatch', 'regexIMatch'];
const PATTERN_OPS = ['likeAllOf', 'likeAnyOf', 'ilikeAllOf', 'ilikeAnyOf'];
const RANGE_OPS = ['rangeGt', 'rangeGte', 'rangeLt', 'rangeLte', 'rangeAdjacent'];
const CONTAINER_OPS = ['contains', 'containedBy', 'overlaps'];

class Checker {
  readonly issues: ValidationIssue[] = [];

  add(path: Path, message: string): void {
    this.issues.push({ path, message });
  }

  isObj(v: unknown, path: Path): v is Record<string, unknown> {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return true;
    this.add(path, 'must be an object');
    return false;
  }

  str(o: Record<string, unknown>, key: string, path: Path, opts: { optional?: boolean; nonEmpty?: boolean } = {}): void {
    const v = o[key];
    if (v === undefined && opts.optional) return;
    if (typeof v !== 'string') this.add([...path, key], 'must be a string');
    else if (opts.nonEmpty && v.trim() === '') this.add([...path, key], 'must not be empty');
  }

  bool(o: Record<string, unknown>, key: string, path: Path): void {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') this.add([...path, key], 'must be a boolean');
  }

  int(o: Record<string, unknown>, key: string, path: Path, optional = false): void {
    const v = o[key];
    if (v === undefined && optional) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) this.add([...path, key], 'must be a non-negative integer');
  }

  count(o: Record<string, unknown>, path: Path): void {
    if (o.count !== undefined && !COUNTS.includes(o.count as string)) this.add([...path, 'count'], `must be one of ${COUNTS.join(', ')}`);
  }

  json(v: unknown, path: Path, depth = 0): void {
    if (depth > 64) return this.add(path, 'is nested too deeply');
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) this.add(path, 'must be a finite number');
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => this.json(x, [...path, i], depth + 1));
      return;
    }
    if (typeof v === 'object') {
      for (const [k, x] of Object.entries(v as object)) this.json(x, [...path, k], depth + 1);
      return;
    }
    this.add(path, 'must be a JSON value');
  }

  jsonObject(v: unknown, path: Path): void {
    if (this.isObj(v, path)) this.json(v, path);
  }

  rows(v: unknown, path: Path): void {
    if (Array.isArray(v)) v.forEach((x, i) => this.jsonObject(x, [...path, i]));
    else this.jsonObject(v, path);
  }
}

function checkTarget(c: Checker, t: unknown): 'table' | 'rpc' | undefined {
  const p = ['target'];
  if (!c.isObj(t, p)) return undefined;
  if (t.kind === 'table') {
    c.str(t, 'name', p, { nonEmpty: true });
    return 'table';
  }
  if (t.kind === 'rpc') {
    c.str(t, 'fn', p, { nonEmpty: true });
    if (t.args !== undefined) c.jsonObject(t.args, [...p, 'args']);
    c.bool(t, 'get', p);
    c.bool(t, 'head', p);
    c.count(t, p);
    return 'rpc';
  }
  c.add([...p, 'kind'], "must be 'table' or 'rpc'");
  return undefined;
}

function checkAction(c: Checker, a: unknown): void {
  const p = ['action'];
  if (!c.isObj(a, p)) return;
  switch (a.kind) {
    case 'select':
      c.str(a, 'columns', p, { optional: true });
      c.bool(a, 'head', p);
      c.count(a, p);
      return;
    case 'insert':
    case 'upsert':
      c.rows(a.values, [...p, 'values']);
      c.count(a, p);
      c.bool(a, 'defaultToNull', p);
      if (a.kind === 'upsert') {
        c.str(a, 'onConflict', p, { optional: true });
        c.bool(a, 'ignoreDuplicates', p);
      }
      return;
    case 'update':
      c.jsonObject(a.values, [...p, 'values']);
      c.count(a, p);
      return;
    case 'delete':
      c.count(a, p);
      return;
    default:
      c.add([...p, 'kind'], "must be one of 'select', 'insert', 'upsert', 'update', 'delete'");
  }
}

function checkStep(c: Checker, s: unknown, i: number): void {
  const p: Path = ['steps', i];
  if (!c.isObj(s, p)) return;
  if (s.kind === 'filter') {
    const op = s.op as string;
    if (op !== 'match' && op !== 'or') c.str(s, 'column', p, { nonEmpty: true });
    if (VALUE_OPS.includes(op)) {
      if (!('value' in s)) c.add([...p, 'value'], 'is required');
      else c.json(s.value, [...p, 'value']);
    } else if (op === 'in' || op === 'notIn') {
      if (!Array.isArray(s.values)) c.add([...p, 'values'], 'must be an array');
      else c.json(s.values, [...p, 'values']);
    } else if (PATTERN_OPS.includes(op)) {
      if (!Array.isArray(s.patterns) || !s.patterns.every((x) => typeof x === 'string')) c.add([...p, 'patterns'], 'must be an array of strings');
    } else if (CONTAINER_OPS.includes(op)) {
      if (typeof s.value === 'string') return;
      if (s.value === null || typeof s.value !== 'object' || (op === 'overlaps' && !Array.isArray(s.value)))
        c.add([...p, 'value'], op === 'overlaps' ? 'must be a string or an array' : 'must be a string, an array or an object');
      else c.json(s.value, [...p, 'value']);
    } else if (RANGE_OPS.includes(op)) {
      c.str(s, 'range', p);
    } else if (op === 'textSearch') {
      c.str(s, 'query', p);
      c.str(s, 'config', p, { optional: true });
      if (s.type !== undefined && !['plain', 'phrase', 'websearch'].includes(s.type as string))
        c.add([...p, 'type'], "must be 'plain', 'phrase' or 'websearch'");
    } else if (op === 'match') {
      if (c.isObj(s.query, [...p, 'query'])) c.json(s.query, [...p, 'query']);
    } else if (op === 'not' || op === 'filter') {
      c.str(s, 'operator', p, { nonEmpty: true });
      if (!('value' in s)) c.add([...p, 'value'], 'is required');
      else c.json(s.value, [...p, 'value']);
    } else if (op === 'or') {
      c.str(s, 'filters', p);
      c.str(s, 'referencedTable', p, { optional: true });
    } else {
      c.add([...p, 'op'], `unknown filter operator ${JSON.stringify(op)}`);
    }
    return;
  }
  switch (s.kind) {
    case 'select':
      c.str(s, 'columns', p, { optional: true });
      return;
    case 'order':
      c.str(s, 'column', p, { nonEmpty: true });
      c.bool(s, 'ascending', p);
      c.bool(s, 'nullsFirst', p);
      c.str(s, 'referencedTable', p, { optional: true });
      return;
    case 'limit':
      c.int(s, 'count', p);
      c.str(s, 'referencedTable', p, { optional: true });
      return;
    case 'range':
      c.int(s, 'from', p);
      c.int(s, 'to', p);
      if (typeof s.from === 'number' && typeof s.to === 'number' && s.to < s.from - 1) c.add([...p, 'to'], 'must not be below from − 1');
      c.str(s, 'referencedTable', p, { optional: true });
      return;
    case 'single':
    case 'maybeSingle':
    case 'csv':
    case 'geojson':
    case 'rollback':
    case 'stripNulls':
      return;
    case 'explain':
      for (const k of ['analyze', 'verbose', 'settings', 'buffers', 'wal']) c.bool(s, k, p);
      if (s.format !== undefined && s.format !== 'text' && s.format !== 'json') c.add([...p, 'format'], "must be 'text' or 'json'");
      return;
    case 'maxAffected':
      c.int(s, 'value', p);
      return;
    case 'setHeader':
      c.str(s, 'name', p, { nonEmpty: true });
      c.str(s, 'value', p);
      if (typeof s.name === 'string' && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(s.name)) c.add([...p, 'name'], 'is not a valid header name');
      if (typeof s.value === 'string' && /[\r\n\0]/.test(s.value)) c.add([...p, 'value'], 'must not contain line breaks');
      return;
    default:
      c.add([...p, 'kind'], `unknown step kind ${JSON.stringify(s.kind)}`);
  }
}

/**
 * Splits a filter column into its embedded-resource path and the field: `foo.bar.id` →
 * `['foo', 'bar', 'id']`, `id` → `['id']`. Dots inside double quotes (`"a.b"`) and anything after
 * the first JSON arrow (`data->a`, `data->>'x.y'`) belong to the field, as in PostgREST's
 * `[embed.]*field[jsonpath]` grammar.
 */
export function columnPath(column: string): string[] {
  const names: string[] = [];
  let cur = '';
  let i = 0;
  while (i < column.length) {
    const ch = column[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < column.length && column[j] !== '"') j += column[j] === '\\' ? 2 : 1;
      cur += column.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && column[i + 1] === '>') {
      cur += column.slice(i);
      break;
    } else if (ch === '.') {
      names.push(cur);
      cur = '';
      i++;
    } else {
      cur += ch;
      i++;
    }
  }
  names.push(cur);
  return names;
}

/** Query keys PostgREST reads as something other than a filter (`limit=eq.1` is not a filter). */
const RESERVED_KEYS = new Set(['select', 'columns', 'on_conflict', 'order', 'limit', 'offset', 'and', 'or']);

/** True when a filter on `column` restricts the rows of the target itself (not an embedded resource). */
function isRootColumn(column: string): boolean {
  const names = columnPath(column);
  return names.length === 1 && !RESERVED_KEYS.has(names[0]!.trim());
}

/** The columns a filter step names (`or` has none: its target is `referencedTable`). */
function filterColumns(s: Extract<Step, { kind: 'filter' }>): string[] {
  if (s.op === 'match') return Object.keys(s.query);
  if (s.op === 'or') return [];
  return [s.column];
}

/** A filter step that restricts the rows of the target itself. */
function isRowFilter(s: Step): boolean {
  if (s.kind !== 'filter') return false;
  if (s.op === 'or') return !s.referencedTable && s.filters.trim() !== '';
  return filterColumns(s).some(isRootColumn);
}

/** Issues made by `findUnfilteredWrite` (so callers can tell them from shape issues). */
const unfilteredIssues = new WeakSet<ValidationIssue>();

export function isUnfilteredWriteIssue(issue: ValidationIssue): boolean {
  return unfilteredIssues.has(issue);
}

/**
 * The issue for an update/delete without a filter on the target's own rows, if the description is
 * one. Filters on embedded resources (`foo.id`, `or(…, { referencedTable })`) do not count: they
 * only shape embedded rows of the returned representation, the write itself still hits every row.
 */
export function findUnfilteredWrite(d: Pick<ChainDescription, 'action' | 'steps' | 'target'>): ValidationIssue | undefined {
  if (d.target.kind !== 'table' || !d.action) return undefined;
  if (d.action.kind !== 'update' && d.action.kind !== 'delete') return undefined;
  if (d.steps.some(isRowFilter)) return undefined;
  const verb = d.action.kind;
  const table = d.target.name;
  const embedded: string[] = [];
  for (const s of d.steps) {
    if (s.kind !== 'filter') continue;
    if (s.op === 'or') {
      if (s.referencedTable) embedded.push(`or(…) on "${s.referencedTable}"`);
    } else {
      for (const c of filterColumns(s)) embedded.push(`"${c}"`);
    }
  }
  const issue: ValidationIssue = {
    path: ['steps'],
    message:
      embedded.length === 0
        ? `${verb}() without any filter would touch every row of "${table}"; refused (nothing was sent)`
        : `${verb}() without a filter on "${table}" itself would touch every row of "${table}": ` +
          `${embedded.join(', ')} ${embedded.length === 1 ? 'does' : 'do'} not filter the rows of "${table}" ` +
          `(filters on embedded resources or reserved keys do not restrict which rows are ${verb === 'delete' ? 'deleted' : 'updated'}); refused (nothing was sent)`,
  };
  unfilteredIssues.add(issue);
  return issue;
}

export function validateDescription(value: unknown): ValidationResult {
  const c = new Checker();
  if (!c.isObj(value, [])) return { ok: false, issues: c.issues };
  if (value.v !== 1) c.add(['v'], 'must be 1');
  if (value.schema !== undefined) c.str(value, 'schema', [], { nonEmpty: true });
  const kind = checkTarget(c, value.target);
  if (kind === 'table') {
    if (value.action === undefined) c.add(['action'], 'is required for a table target');
    else checkAction(c, value.action);
  } else if (kind === 'rpc' && value.action !== undefined) {
    c.add(['action'], 'must be absent for an rpc target');
  }
  if (!Array.isArray(value.steps)) c.add(['steps'], 'must be an array');
  else value.steps.forEach((s, i) => checkStep(c, s, i));
  for (const k of Object.keys(value)) if (!['v', 'schema', 'target', 'action', 'steps'].includes(k)) c.add([k], 'unknown key');
  if (c.issues.length === 0) {
    const d = value as unknown as ChainDescription;
    const unfiltered = findUnfilteredWrite(d);
    if (unfiltered) c.issues.push(unfiltered);
    // stripNulls after csv
    let accept: string | undefined;
    d.steps.forEach((s, i) => {
      if (s.kind === 'csv') accept = 'text/csv';
      else if (s.kind === 'single' || s.kind === 'geojson' || s.kind === 'explain') accept = s.kind;
      else if (s.kind === 'setHeader' && s.name.toLowerCase() === 'accept') accept = s.value;
      else if (s.kind === 'stripNulls' && accept === 'text/csv') c.add(['steps', i], 'stripNulls() cannot follow csv()');
    });
  }
  return c.issues.length ? { ok: false, issues: c.issues } : { ok: true, description: value as unknown as ChainDescription };
}
