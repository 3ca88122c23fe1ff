/**
 * The schema as the Tables view shows it: relations with columns and functions with parameters,
 * read from the REST OpenAPI document. Pure (no vscode).
 *
 * `parseOpenApi` in src/core/database/openapi.ts reads the OpenAPI 2.0 document (pure, no
 * dependencies, so it is bundled into the host); `toSchemaModel` maps its `ParsedOpenApi` to
 * this shape, tolerating missing fields, so the tree code depends on one shape.
 */
import type { ParsedOpenApi } from '../core/database/openapi';

export interface ForeignKeyRef {
  schema?: string;
  table: string;
  column: string;
}

export interface ColumnModel {
  name: string;
  /** Postgres type as PostgREST reports it (`format`), e.g. `bigint`, `text`, `timestamp with time zone`. */
  type: string;
  nullable: boolean;
  default?: string;
  isPrimaryKey: boolean;
  foreignKey?: ForeignKeyRef;
  description?: string;
}

export interface RelationModel {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnModel[];
  description?: string;
  /** False when the OpenAPI document offers no POST for it (e.g. a non-insertable view). */
  insertable: boolean;
}

export interface ParamModel {
  name: string;
  type: string;
  required: boolean;
}

export interface FunctionModel {
  name: string;
  params: ParamModel[];
  description?: string;
  /** True when the function is callable with GET only (PostgREST lists only `get` for it). */
  readOnly?: boolean;
}

export interface SchemaModel {
  schema: string;
  relations: RelationModel[];
  functions: FunctionModel[];
}

function s(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function column(raw: unknown): ColumnModel | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const c = raw as Record<string, unknown>;
  const name = s(c.name);
  if (!name) return undefined;
  const fkRaw = (c.foreignKey ?? c.fk) as Record<string, unknown> | undefined;
  let foreignKey: ForeignKeyRef | undefined;
  if (fkRaw && typeof fkRaw === 'object') {
    const table = s(fkRaw.table);
    const col = s(fkRaw.column);
    if (table && col) foreignKey = { table, column: col, ...(s(fkRaw.schema) ? { schema: s(fkRaw.schema) } : {}) };
  }
  const def = c.default;
  const defaultText =
    def !== undefined && def !== null ? (typeof def === 'string' ? def : JSON.stringify(def)) : c.hasDefault === true ? 'server default' : undefined;
  const description = s(c.description) ?? s(c.comment);
  return {
    name,
    type: s(c.type) ?? s(c.format) ?? 'unknown',
    nullable: c.nullable !== false,
    ...(defaultText !== undefined ? { default: defaultText } : {}),
    isPrimaryKey: c.isPrimaryKey === true,
    ...(foreignKey ? { foreignKey } : {}),
    ...(description ? { description } : {}),
  };
}

function relation(raw: unknown, fallbackKind: 'table' | 'view'): RelationModel | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const name = s(r.name);
  if (!name) return undefined;
  const kind = r.kind === 'view' || r.kind === 'table' ? r.kind : r.isView === true ? 'view' : fallbackKind;
  const ops = r.operations as { insert?: unknown } | undefined;
  const description = s(r.description) ?? s(r.comment);
  const columns = arr(r.columns)
    .map(column)
    .filter((c): c is ColumnModel => c !== undefined);
  // `primaryKey` lists the key columns when the columns themselves do not say.
  const pk = arr(r.primaryKey).filter((x): x is string => typeof x === 'string');
  for (const c of columns) if (pk.includes(c.name)) c.isPrimaryKey = true;
  return {
    name,
    kind,
    columns,
    ...(description ? { description } : {}),
    insertable: ops && typeof ops === 'object' ? ops.insert === true : r.insertable !== false,
  };
}

function fn(raw: unknown): FunctionModel | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const f = raw as Record<string, unknown>;
  const name = s(f.name);
  if (!name) return undefined;
  const params = arr(f.params ?? f.parameters ?? f.args)
    .map((p): ParamModel | undefined => {
      if (!p || typeof p !== 'object') return undefined;
      const o = p as Record<string, unknown>;
      const pn = s(o.name);
      if (!pn) return undefined;
      return { name: pn, type: s(o.type) ?? s(o.format) ?? 'unknown', required: o.required === true };
    })
    .filter((p): p is ParamModel => p !== undefined);
  const description = s(f.description) ?? s(f.comment);
  // parseOpenApi: `volatile` = only POST offered; a non-volatile function can be called with GET.
  const readOnly = f.readOnly === true || f.volatile === false;
  return {
    name,
    params,
    ...(description ? { description } : {}),
    ...(readOnly ? { readOnly: true } : {}),
  };
}

/**
 * Normalises the result of `parseOpenApi(doc)` (tables, views, functions) into a SchemaModel,
 * sorted by name. Unknown entries are dropped rather than thrown on.
 */
export function toSchemaModel(schema: string, parsed: ParsedOpenApi | unknown): SchemaModel {
  const p = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
  const relations = [
    ...arr(p.tables).map((t) => relation(t, 'table')),
    ...arr(p.views).map((v) => relation(v, 'view')),
    ...arr(p.relations).map((r) => relation(r, 'table')),
  ].filter((r): r is RelationModel => r !== undefined);
  const seen = new Set<string>();
  const unique = relations.filter((r) => (seen.has(r.name) ? false : (seen.add(r.name), true)));
  unique.sort((a, b) => a.name.localeCompare(b.name));
  const functions = arr(p.functions)
    .map(fn)
    .filter((f): f is FunctionModel => f !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { schema, relations: unique, functions };
}
