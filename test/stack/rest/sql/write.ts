import { errors } from '../errors';
import type { Preferences, QueryParams } from '../parse/types';
import type { Relation } from '../schemaCache';
import { ident, Params, qualified } from './builder';
import { buildSelect, rootConditions, type ReadContext } from './read';

export type WriteKind = 'insert' | 'update' | 'delete' | 'put';

export interface WritePlan {
  /** Statements for return=minimal (run one after another, row counts summed). */
  statements: string[];
  /** CTE list defining `pgrst_source` (rows with RETURNING), for representation/headers-only. */
  cte: string;
  resolutionApplied: boolean;
  /** Insert with an upsert resolution: `pgrst_source` has a `pgrst_inserted` column. */
  tracksInserted: boolean;
}

export interface WriteInput {
  kind: WriteKind;
  rel: Relation;
  q: QueryParams;
  prefs: Preferences;
  payload: { text: string; rows: Record<string, unknown>[]; isArray: boolean } | null;
  params: Params;
  rc: ReadContext;
}

function checkColumns(rel: Relation, cols: string[]): void {
  for (const c of cols) if (!rel.columnMap.has(c)) throw errors.noColumn(c, rel.name);
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

export function buildWrite(w: WriteInput): WritePlan {
  const { rel, q, prefs, params } = w;
  const target = qualified(rel.schema, rel.name);
  const returning = ` RETURNING ${target}.*`;
  if (w.kind === 'insert' || w.kind === 'put') {
    const rows = w.payload?.rows ?? [];
    if (w.kind === 'put') {
      const lvl = q.levels.get('')!;
      if (lvl.limit !== undefined || lvl.offset !== undefined) throw errors.putLimit();
      const eqs = lvl.conditions.filter((c) => c.kind === 'filter' && !c.negated && c.expr.kind === 'simple' && c.expr.op === 'eq' && c.field.jsonPath.length === 0);
      const names = eqs.map((c) => (c.kind === 'filter' ? c.field.name : ''));
      if (!rel.pk.length || eqs.length !== lvl.conditions.length || !sameKeys(names, rel.pk)) throw errors.putFilters();
      if (rows.length !== 1) throw errors.invalidBody('PUT payload must contain a single row');
      for (const c of eqs) {
        if (c.kind !== 'filter' || c.expr.kind !== 'simple') continue;
        const v = rows[0][c.field.name];
        if (v === undefined || String(v) !== c.expr.value) throw errors.putPkMismatch();
      }
    }
    const payloadParam = params.add(w.payload?.text ?? '[]');
    // Target columns: `columns` if given, else the keys of the first row (all rows must match).
    let cols: string[];
    if (q.columns) {
      cols = q.columns;
      checkColumns(rel, cols);
    } else {
      cols = rows.length ? Object.keys(rows[0]) : [];
      checkColumns(rel, cols);
      for (const row of rows) if (!sameKeys(cols, Object.keys(row))) throw errors.invalidBody('All object keys must match');
    }
    const conflictCols = w.kind === 'put' ? rel.pk : q.onConflict ?? (rel.pk.length ? rel.pk : undefined);
    const resolution = w.kind === 'put' ? 'merge-duplicates' : prefs.resolution;
    const resolutionApplied = w.kind !== 'put' && resolution !== undefined && conflictCols !== undefined && conflictCols.length > 0;
    if (q.onConflict) checkColumns(rel, q.onConflict);
    const colList = cols.length ? ` (${cols.map(ident).join(', ')})` : '';
    // missing=default (POST only, as in PostgREST: PUT ignores it): a key absent from a row takes the
    // column's DEFAULT. One multi-row VALUES list keeps the payload order in a single statement.
    const useDefaults = w.kind === 'insert' && prefs.missing === 'default' && rows.some((row) => cols.some((c) => !Object.hasOwn(row, c)));
    let sql: string;
    if (useDefaults) {
      const tuples = rows.map((row, i) => {
        const rec = `json_populate_record(NULL::${target}, ${payloadParam}::json -> ${i})`;
        return `(${cols.map((c) => (Object.hasOwn(row, c) ? `(${rec}).${ident(c)}` : 'DEFAULT')).join(', ')})`;
      });
      sql = `INSERT INTO ${target}${colList} VALUES ${tuples.join(', ')}`;
    } else {
      const sel = cols.map((c) => `_r.${ident(c)}`).join(', ');
      sql = `INSERT INTO ${target}${colList} SELECT ${sel} FROM json_array_elements(${payloadParam}::json) WITH ORDINALITY AS _x(e, i), LATERAL json_populate_record(NULL::${target}, _x.e) AS _r ORDER BY _x.i`;
    }
    if ((resolutionApplied || w.kind === 'put') && conflictCols) {
      const target2 = `(${conflictCols.map(ident).join(', ')})`;
      if (resolution === 'ignore-duplicates') sql += ` ON CONFLICT ${target2} DO NOTHING`;
      else {
        const sets = cols.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`);
        sql += sets.length ? ` ON CONFLICT ${target2} DO UPDATE SET ${sets.join(', ')}` : ` ON CONFLICT ${target2} DO NOTHING`;
      }
    }
    const statements = rows.length ? [sql] : [];
    const tracksInserted = (resolutionApplied || w.kind === 'put') && statements.length > 0;
    const ret = tracksInserted ? `${returning}, (xmax = 0) AS pgrst_inserted` : returning;
    const cte = `pgrst_source AS (${statements.length ? statements[0] + ret : `SELECT ${target}.* FROM ${target} WHERE false`})`;
    return { statements, cte, resolutionApplied, tracksInserted };
  }
  // update / delete
  const alias = rel.name;
  const src = { rel, fromSql: target, alias };
  const lvl = q.levels.get('')!;
  let where: string[];
  if (lvl.limit !== undefined || lvl.offset !== undefined) {
    const inner = buildSelect({ ...w.rc, usedLevels: new Set() }, { rel, fromSql: target, alias: '_l' }, [{ kind: 'column', field: { name: 'ctid', jsonPath: [] } }], '', []);
    where = [`${ident(alias)}.ctid = ANY(ARRAY(${inner.sql}))`];
    w.rc.usedLevels.add('');
  } else where = rootConditions(w.rc, src);
  const whereSql = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  if (w.kind === 'delete') {
    const sql = `DELETE FROM ${target} AS ${ident(alias)}${whereSql}`;
    return { statements: [sql], cte: `pgrst_source AS (${sql} RETURNING ${ident(alias)}.*)`, resolutionApplied: false, tracksInserted: false };
  }
  const row = w.payload?.rows[0];
  const keys = row ? (q.columns ?? Object.keys(row)) : [];
  checkColumns(rel, keys);
  if (keys.length === 0) return { statements: [], cte: '', resolutionApplied: false, tracksInserted: false };
  const p = params.add(w.payload!.text);
  // missing=default with `columns`: a listed column absent from the payload is SET to its DEFAULT.
  const useDefault = (k: string) => prefs.missing === 'default' && q.columns !== undefined && !Object.hasOwn(row!, k);
  const sets = keys.map((k) => (useDefault(k) ? `${ident(k)} = DEFAULT` : `${ident(k)} = _r.${ident(k)}`)).join(', ');
  const sql = `UPDATE ${target} AS ${ident(alias)} SET ${sets} FROM json_populate_record(NULL::${target}, (${p}::json) -> 0) AS _r${whereSql}`;
  return { statements: [sql], cte: `pgrst_source AS (${sql} RETURNING ${ident(alias)}.*)`, resolutionApplied: false, tracksInserted: false };
}
