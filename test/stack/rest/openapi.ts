// OpenAPI 2.0 ("swagger") document of one exposed schema, shaped like PostgREST v14's answer to
// `GET /` (protocol notes §4). Everything is read from pg_catalog; nothing here imports from src/.
import type { Pool } from '../shared/db';

export interface OpenApiOptions {
  /** The exposed schema to describe. */
  schema: string;
  /**
   * Public URL of the REST root as clients see it (PostgREST's `openapi-server-proxy-uri`), e.g.
   * `http://127.0.0.1:54321/rest/v1`. Gives `host` (always with a port), `basePath` and `schemes`.
   */
  url: string;
  /**
   * When set, list only what this role may use (PostgREST's `follow-privileges` mode as seen by that
   * role). When omitted, everything in the schema is listed (the admin view).
   */
  role?: string;
  /** `info.version`; defaults to a v14 release string. */
  version?: string;
  /**
   * Integer `format`s: `postgres` (the type name, as up to v14.9: `bigint`, `integer`, `smallint`) or
   * `openapi` (`int64` / `int32`, as from v14.10). Default `postgres`.
   */
  integerFormat?: 'postgres' | 'openapi';
}

export const DEFAULT_POSTGREST_VERSION = '14.1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface ColumnRow {
  relid: number;
  name: string;
  attnum: number;
  description: string | null;
  column_default: string | null;
  is_nullable: boolean;
  data_type: string;
  max_length: number | null;
  enum_labels: string[] | null;
}

interface TableRow {
  oid: number;
  name: string;
  relkind: string;
  description: string | null;
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
}

interface Column {
  name: string;
  description: string | null;
  nullable: boolean;
  type: string;
  defaultExpr: string | null;
  maxLength: number | null;
  enumLabels: string[];
}

interface Table {
  oid: number;
  name: string;
  description: string | null;
  isView: boolean;
  writable: boolean;
  columns: Column[];
  pkCols: Set<string>;
  /** column → (foreign table, foreign column), single-column foreign keys only. */
  fks: Map<string, { table: string; column: string }>;
}

interface RoutineParam {
  name: string;
  type: string;
  required: boolean;
  variadic: boolean;
}

interface Routine {
  name: string;
  description: string | null;
  volatile: boolean;
  params: RoutineParam[];
}

const MIMES_ALL = [
  'application/json',
  'application/vnd.pgrst.object+json;nulls=stripped',
  'application/vnd.pgrst.object+json',
  'text/csv',
];
const MIMES_RPC = MIMES_ALL.slice(0, 3);

/** The Swagger type PostgREST gives a PostgreSQL type name; `undefined` for json/jsonb (no type). */
export function swaggerTypeOf(pgType: string): string | undefined {
  switch (pgType) {
    case 'character varying':
    case 'character':
    case 'text':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'smallint':
    case 'integer':
    case 'bigint':
      return 'integer';
    case 'numeric':
    case 'real':
    case 'double precision':
      return 'number';
    case 'json':
    case 'jsonb':
      return undefined;
    default:
      return pgType.endsWith('[]') ? 'array' : 'string';
  }
}

/**
 * A column default as PostgREST shows it: for string-typed columns the `::type` suffix and the
 * surrounding quotes are dropped and the rest is read as a JSON string; other types are read as
 * JSON as they are. What does not parse (`nextval(…)`, `'{}'::jsonb`) is left out.
 */
export function openApiDefault(pgType: string, expr: string): Json | undefined {
  let text = expr;
  if (swaggerTypeOf(pgType) === 'string') {
    const suffix = '::' + pgType;
    if (text.endsWith(suffix)) text = text.slice(0, -suffix.length).replace(/^'+/, '').replace(/'+$/, '');
    text = '"' + text + '"';
  }
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function formatOf(pgType: string, integerFormat: 'postgres' | 'openapi'): string {
  if (integerFormat === 'openapi') {
    if (pgType === 'bigint') return 'int64';
    if (pgType === 'integer' || pgType === 'smallint') return 'int32';
  }
  return pgType;
}

/** Like the swagger2 encoder PostgREST uses: empty arrays/objects and undefined fields are left out. */
function put(target: JsonObject, key: string, value: Json | undefined): void {
  if (value === undefined) return;
  if (Array.isArray(value) && value.length === 0) return;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) return;
  target[key] = value;
}

/** First line → summary, the rest (leading newlines dropped) → description when not empty. */
function splitComment(text: string | null): { summary?: string; description?: string } {
  if (text === null) return {};
  const nl = text.indexOf('\n');
  if (nl < 0) return { summary: text };
  const rest = text.slice(nl).replace(/^\n+/, '');
  return rest === '' ? { summary: text.slice(0, nl) } : { summary: text.slice(0, nl), description: rest };
}

function parseServerUrl(url: string): { scheme: 'http' | 'https'; host: string; basePath: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`buildOpenApiDocument: url is not an absolute URL: ${JSON.stringify(url)}`);
  }
  const scheme = u.protocol === 'https:' ? 'https' : u.protocol === 'http:' ? 'http' : undefined;
  if (!scheme) throw new TypeError(`buildOpenApiDocument: url must be http(s), got ${u.protocol}`);
  const port = u.port !== '' ? u.port : scheme === 'https' ? '443' : '80';
  const basePath = u.pathname === '' ? '/' : u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
  return { scheme, host: `${u.hostname}:${port}`, basePath };
}

// ---------------------------------------------------------------------------------------------
// Catalog reads

const TABLES_SQL = `
select c.oid::int8 as oid, c.relname as name, c.relkind::text as relkind,
       d.description,
       (c.relkind in ('r','p') or (c.relkind in ('v','f') and (pg_relation_is_updatable(c.oid::regclass, true) & 8) = 8)) as insertable,
       (c.relkind in ('r','p') or (c.relkind in ('v','f') and (pg_relation_is_updatable(c.oid::regclass, true) & 4) = 4)) as updatable,
       (c.relkind in ('r','p') or (c.relkind in ('v','f') and (pg_relation_is_updatable(c.oid::regclass, true) & 16) = 16)) as deletable
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join pg_description d on d.objoid = c.oid and d.objsubid = 0 and d.classoid = 'pg_class'::regclass
 where n.nspname = $1
   and c.relkind in ('r','v','m','f','p')
   and not c.relispartition
   and ($2::text is null
        or pg_has_role($2::text, c.relowner, 'USAGE')
        or has_table_privilege($2::text, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
        or has_any_column_privilege($2::text, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
 order by c.relname`;

// Column types follow PostgREST: built-in types (and domains over them) by their bare name without
// modifiers (`character varying`, `timestamp with time zone`, `text[]`); other types with modifiers.
const COLUMNS_SQL = `
select a.attrelid::int8 as relid, a.attname as name, a.attnum::int as attnum,
       d.description,
       case
         when t.typbasetype <> 0 and ad.adbin is null then pg_get_expr(t.typdefaultbin, 0)
         when a.attidentity = 'd' then format('nextval(%L)', seq.objid::regclass)
         when a.attgenerated = 's' then null
         else pg_get_expr(ad.adbin, ad.adrelid)
       end as column_default,
       not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)) as is_nullable,
       case
         when t.typtype = 'd' then
           case when bt.typnamespace = 'pg_catalog'::regnamespace then format_type(bt.oid, null) else format_type(a.atttypid, a.atttypmod) end
         else
           case when t.typnamespace = 'pg_catalog'::regnamespace then format_type(a.atttypid, null) else format_type(a.atttypid, a.atttypmod) end
       end as data_type,
       information_schema._pg_char_max_length(information_schema._pg_truetypid(a.*, t.*), information_schema._pg_truetypmod(a.*, t.*))::int as max_length,
       (select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = bt.oid) as enum_labels
  from pg_attribute a
  join pg_type t on t.oid = a.atttypid
  join pg_type bt on bt.oid = coalesce(nullif(pg_basetype(t.oid), 0), t.oid)
  left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
  left join pg_description d on d.objoid = a.attrelid and d.objsubid = a.attnum and d.classoid = 'pg_class'::regclass
  left join lateral (
    select dep.objid from pg_depend dep
     where dep.refobjid = a.attrelid and dep.refobjsubid = a.attnum and dep.deptype = 'i'
       and dep.classid = 'pg_class'::regclass and dep.refclassid = 'pg_class'::regclass
     limit 1
  ) seq on true
 where a.attrelid = any($1::oid[]) and a.attnum > 0 and not a.attisdropped
 order by a.attrelid, a.attnum`;

const PKS_SQL = `
select con.conrelid::int8 as relid, a.attname as name
  from pg_constraint con
  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey)
 where con.contype = 'p' and con.conrelid = any($1::oid[])`;

// Single-column foreign keys, ordered by constraint name (the first one per column wins).
const FKS_SQL = `
select con.conrelid::int8 as relid, a.attname as name, fc.relname as ftable, fa.attname as fcolumn
  from pg_constraint con
  join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
  join pg_class fc on fc.oid = con.confrelid
  join pg_attribute fa on fa.attrelid = con.confrelid and fa.attnum = con.confkey[1]
 where con.contype = 'f' and con.conparentid = 0 and cardinality(con.conkey) = 1
   and con.conrelid = any($1::oid[])
 order by con.conrelid, con.conname`;

const VIEW_RULES_SQL = `
select r.ev_class::int8 as relid, r.ev_action::text as action
  from pg_rewrite r
 where r.ev_class = any($1::oid[]) and r.rulename = '_RETURN'`;

// Input arguments (IN, INOUT, VARIADIC) of callable functions: every argument named, or a single
// unnamed one of a type that can take a raw body. Trigger functions and procedures are left out.
const ROUTINES_SQL = `
with args as (
  select p.oid,
         array_agg(coalesce(x.name, '') order by x.idx) as names,
         array_agg(x.type::regtype::text order by x.idx) as types,
         array_agg(coalesce(x.mode, 'i') = 'v' order by x.idx) as variadic,
         count(*) filter (where coalesce(x.name, '') = '') as unnamed,
         (array_agg(x.type order by x.idx))[1] as first_type
    from pg_proc p,
         unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]),
                coalesce(p.proargnames, array_fill(null::text, array[cardinality(coalesce(p.proallargtypes, p.proargtypes::oid[]))])),
                coalesce(p.proargmodes, array_fill('i'::"char", array[cardinality(coalesce(p.proallargtypes, p.proargtypes::oid[]))])))
           with ordinality as x(type, name, mode, idx)
   where x.mode in ('i', 'b', 'v')
   group by p.oid
)
select p.oid::int8 as oid, p.proname as name, d.description, p.provolatile::text as volatility,
       p.pronargs::int as nargs, p.pronargdefaults::int as ndefaults,
       coalesce(a.names, '{}') as arg_names, coalesce(a.types, '{}') as arg_types, coalesce(a.variadic, '{}') as arg_variadic
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  left join args a on a.oid = p.oid
  left join pg_description d on d.objoid = p.oid and d.classoid = 'pg_proc'::regclass and d.objsubid = 0
 where n.nspname = $1
   and p.prokind = 'f'
   and p.prorettype <> 'trigger'::regtype
   and p.prorettype <> 'event_trigger'::regtype
   and (coalesce(a.unnamed, 0) = 0
        or (a.unnamed = 1 and cardinality(a.names) = 1
            and a.first_type in ('bytea'::regtype, 'json'::regtype, 'jsonb'::regtype, 'text'::regtype, 'xml'::regtype)))
   and ($2::text is null or has_function_privilege($2::text, p.oid, 'execute'))
 order by p.proname, p.oid`;

/**
 * Top-level output columns of a view that are plain references to a column of another relation,
 * read from the view's rewrite rule (`resorigtbl` / `resorigcol` of the outer query's target list).
 * Returns view attnum → [relation oid, attnum].
 */
export function viewColumnOrigins(action: string): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  // Walk the node text keeping the brace depth; the outer QUERY is the first `{` at depth 0.
  const start = action.indexOf('{QUERY');
  if (start < 0) return out;
  let depth = 0;
  let i = start;
  let targetListAt = -1;
  for (; i < action.length; i++) {
    const ch = action[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) break;
    } else if (depth === 1 && ch === ':' && action.startsWith(':targetList ', i)) {
      targetListAt = i + ':targetList '.length;
      break;
    }
  }
  if (targetListAt < 0 || action[targetListAt] !== '(') return out;
  // Now read each `{TARGETENTRY …}` directly inside the list; fields at the entry's own depth.
  depth = 0;
  let entryStart = -1;
  const entries: string[] = [];
  for (i = targetListAt + 1; i < action.length; i++) {
    const ch = action[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '{') {
      if (depth === 0) entryStart = i;
      depth++;
    } else if (ch === '}') {
      depth--;
      if (depth === 0 && entryStart >= 0) {
        entries.push(action.slice(entryStart, i + 1));
        entryStart = -1;
      }
    } else if (ch === ')' && depth === 0) break;
  }
  for (const entry of entries) {
    if (!entry.startsWith('{TARGETENTRY')) continue;
    // Drop the nested :expr node so only the entry's own fields remain.
    const own = stripNested(entry.slice(1, -1));
    const resno = /:resno (\d+)/.exec(own);
    const tbl = /:resorigtbl (\d+)/.exec(own);
    const col = /:resorigcol (\d+)/.exec(own);
    const junk = /:resjunk (true|false)/.exec(own);
    if (!resno || !tbl || !col || junk?.[1] === 'true') continue;
    if (tbl[1] === '0') continue;
    out.set(Number(resno[1]), [Number(tbl[1]), Number(col[1])]);
  }
  return out;
}

function stripNested(text: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      if (depth === 0) out += text.slice(i, i + 2);
      i++;
      continue;
    }
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

async function readTables(pool: Pool, schema: string, role: string | null): Promise<Table[]> {
  const { rows: tableRows } = await pool.query<TableRow>(TABLES_SQL, [schema, role]);
  const oids = tableRows.map((t) => t.oid);
  const tables = new Map<number, Table>();
  for (const t of tableRows) {
    tables.set(Number(t.oid), {
      oid: Number(t.oid),
      name: t.name,
      description: t.description,
      isView: t.relkind === 'v' || t.relkind === 'm',
      writable: t.insertable || t.updatable || t.deletable,
      columns: [],
      pkCols: new Set(),
      fks: new Map(),
    });
  }
  if (oids.length === 0) return [];
  const [cols, pks, fks] = await Promise.all([
    pool.query<ColumnRow>(COLUMNS_SQL, [oids]),
    pool.query<{ relid: string; name: string }>(PKS_SQL, [oids]),
    pool.query<{ relid: string; name: string; ftable: string; fcolumn: string }>(FKS_SQL, [oids]),
  ]);
  const attnames = new Map<number, Map<number, string>>();
  for (const c of cols.rows) {
    const t = tables.get(Number(c.relid));
    if (!t) continue;
    t.columns.push({
      name: c.name,
      description: c.description,
      nullable: c.is_nullable,
      type: c.data_type,
      defaultExpr: c.column_default,
      maxLength: c.max_length,
      enumLabels: c.enum_labels ?? [],
    });
    let m = attnames.get(t.oid);
    if (!m) attnames.set(t.oid, (m = new Map()));
    m.set(c.attnum, c.name);
  }
  for (const p of pks.rows) tables.get(Number(p.relid))?.pkCols.add(p.name);
  for (const f of fks.rows) {
    const t = tables.get(Number(f.relid));
    if (t && !t.fks.has(f.name)) t.fks.set(f.name, { table: f.ftable, column: f.fcolumn });
  }
  await addViewKeys(pool, [...tables.values()], attnames);
  return [...tables.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * PostgREST gives views the primary and foreign keys of the base columns they show unchanged
 * (following views of views). Base relations outside the described schema are looked up too.
 */
async function addViewKeys(pool: Pool, tables: Table[], attnames: Map<number, Map<number, string>>): Promise<void> {
  const views = tables.filter((t) => t.isView);
  if (views.length === 0) return;
  const origins = new Map<number, Map<number, [number, number]>>();
  let pending = views.map((v) => v.oid);
  const seen = new Set<number>();
  // Read rewrite rules level by level (views over views), bounded by the number of relations seen.
  while (pending.length > 0) {
    pending.forEach((o) => seen.add(o));
    const { rows } = await pool.query<{ relid: string; action: string }>(VIEW_RULES_SQL, [pending]);
    const next = new Set<number>();
    for (const r of rows) {
      const m = viewColumnOrigins(r.action);
      origins.set(Number(r.relid), m);
      for (const [relOid] of m.values()) if (!seen.has(relOid)) next.add(relOid);
    }
    pending = [...next];
  }
  const baseOids = new Set<number>();
  for (const m of origins.values()) for (const [o] of m.values()) if (!origins.has(o)) baseOids.add(o);
  const basePk = new Map<number, Set<number>>();
  const baseFk = new Map<number, Map<number, { table: string; column: string }>>();
  if (baseOids.size > 0) {
    const list = [...baseOids];
    const { rows: pkRows } = await pool.query<{ relid: string; attnum: number }>(
      `select con.conrelid::int8 as relid, k.attnum::int as attnum
         from pg_constraint con, unnest(con.conkey) as k(attnum)
        where con.contype = 'p' and con.conrelid = any($1::oid[])`,
      [list],
    );
    for (const r of pkRows) {
      const s = basePk.get(Number(r.relid)) ?? new Set<number>();
      s.add(r.attnum);
      basePk.set(Number(r.relid), s);
    }
    const { rows: fkRows } = await pool.query<{ relid: string; attnum: number; ftable: string; fcolumn: string }>(
      `select con.conrelid::int8 as relid, con.conkey[1]::int as attnum, fc.relname as ftable, fa.attname as fcolumn
         from pg_constraint con
         join pg_class fc on fc.oid = con.confrelid
         join pg_attribute fa on fa.attrelid = con.confrelid and fa.attnum = con.confkey[1]
        where con.contype = 'f' and con.conparentid = 0 and cardinality(con.conkey) = 1 and con.conrelid = any($1::oid[])
        order by con.conrelid, con.conname`,
      [list],
    );
    for (const r of fkRows) {
      const m = baseFk.get(Number(r.relid)) ?? new Map();
      if (!m.has(r.attnum)) m.set(r.attnum, { table: r.ftable, column: r.fcolumn });
      baseFk.set(Number(r.relid), m);
    }
  }
  const resolve = (rel: number, att: number): [number, number] => {
    for (let hops = 0; hops < 64; hops++) {
      const next = origins.get(rel)?.get(att);
      if (!next) break;
      [rel, att] = next;
    }
    return [rel, att];
  };
  for (const v of views) {
    const m = origins.get(v.oid);
    const names = attnames.get(v.oid);
    if (!m || !names) continue;
    // A base table's primary key counts only when the view shows all of its columns.
    const shownByBase = new Map<number, Map<number, string>>();
    for (const [viewAtt] of m) {
      const [rel, att] = resolve(v.oid, viewAtt);
      const col = names.get(viewAtt);
      if (col === undefined || origins.has(rel)) continue;
      const s = shownByBase.get(rel) ?? new Map<number, string>();
      if (!s.has(att)) s.set(att, col);
      shownByBase.set(rel, s);
      const fk = baseFk.get(rel)?.get(att);
      if (fk && !v.fks.has(col)) v.fks.set(col, fk);
    }
    for (const [rel, shown] of shownByBase) {
      const pk = basePk.get(rel);
      if (!pk || pk.size === 0) continue;
      if ([...pk].every((a) => shown.has(a))) for (const a of pk) v.pkCols.add(shown.get(a)!);
    }
  }
}

async function readRoutines(pool: Pool, schema: string, role: string | null): Promise<Routine[]> {
  const { rows } = await pool.query<{
    oid: string;
    name: string;
    description: string | null;
    volatility: string;
    nargs: number;
    ndefaults: number;
    arg_names: string[];
    arg_types: string[];
    arg_variadic: boolean[];
  }>(ROUTINES_SQL, [schema, role]);
  // Overloads share one path; as in PostgREST's map the later one (by oid) stands.
  const byName = new Map<string, Routine>();
  for (const r of rows) {
    const required = r.nargs - r.ndefaults;
    byName.set(r.name, {
      name: r.name,
      description: r.description,
      volatile: r.volatility === 'v',
      params: r.arg_names.map((n, i) => ({
        name: n,
        type: r.arg_types[i] ?? 'text',
        required: i < required,
        variadic: r.arg_variadic[i] ?? false,
      })),
    });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Document

function columnProperty(t: Table, c: Column, integerFormat: 'postgres' | 'openapi'): JsonObject {
  const p: JsonObject = {};
  const notes = ['Note:'];
  if (t.pkCols.has(c.name)) notes.push('This is a Primary Key.<pk/>');
  const fk = t.fks.get(c.name);
  if (fk) notes.push(`This is a Foreign Key to \`${fk.table}.${fk.column}\`.<fk table='${fk.table}' column='${fk.column}'/>`);
  const description = notes.length > 1 ? (c.description !== null ? c.description + '\n\n' : '') + notes.join('\n') : c.description;
  if (c.defaultExpr !== null) put(p, 'default', openApiDefault(c.type, c.defaultExpr));
  put(p, 'description', description ?? undefined);
  put(p, 'enum', c.enumLabels.length > 0 ? c.enumLabels : undefined);
  p.format = formatOf(c.type, integerFormat);
  put(p, 'maxLength', c.maxLength ?? undefined);
  put(p, 'type', swaggerTypeOf(c.type));
  if (swaggerTypeOf(c.type) === 'array') {
    const items: JsonObject = {};
    put(items, 'type', swaggerTypeOf(c.type.slice(0, -2)));
    p.items = items;
  }
  return p;
}

function preferParam(values: string[]): JsonObject {
  const p: JsonObject = { name: 'Prefer', description: 'Preference', required: false, in: 'header', type: 'string' };
  put(p, 'enum', values);
  return p;
}

function queryParam(name: string, description: string): JsonObject {
  return { name, description, required: false, in: 'query', type: 'string' };
}

const ref = (name: string): JsonObject => ({ $ref: `#/parameters/${name}` });

function tablePath(t: Table): JsonObject {
  const rowFilters = t.columns.map((c) => `rowFilter.${t.name}.${c.name}`);
  const base = (): JsonObject => {
    const op: JsonObject = { tags: [t.name] };
    const { summary, description } = splitComment(t.description);
    put(op, 'summary', summary);
    put(op, 'description', description);
    return op;
  };
  const item: JsonObject = {
    get: {
      ...base(),
      parameters: [...rowFilters, 'select', 'order', 'range', 'rangeUnit', 'offset', 'limit', 'preferCount'].map(ref),
      responses: {
        '200': { description: 'OK', schema: { type: 'array', items: { $ref: `#/definitions/${t.name}` } } },
        '206': { description: 'Partial Content' },
      },
    },
  };
  if (t.writable) {
    item.post = { ...base(), parameters: [`body.${t.name}`, 'select', 'preferPost'].map(ref), responses: { '201': { description: 'Created' } } };
    item.patch = {
      ...base(),
      parameters: [...rowFilters, `body.${t.name}`, 'preferReturn'].map(ref),
      responses: { '204': { description: 'No Content' } },
    };
    item.delete = { ...base(), parameters: [...rowFilters, 'preferReturn'].map(ref), responses: { '204': { description: 'No Content' } } };
  }
  return item;
}

function routinePath(r: Routine, integerFormat: 'postgres' | 'openapi'): JsonObject {
  const base = (): JsonObject => {
    const op: JsonObject = {};
    const { summary, description } = splitComment(r.description);
    put(op, 'summary', summary);
    put(op, 'description', description);
    op.tags = [`(rpc) ${r.name}`];
    op.produces = MIMES_RPC;
    op.responses = { '200': { description: 'OK' } };
    return op;
  };
  const properties: JsonObject = {};
  for (const p of r.params) {
    const prop: JsonObject = {};
    put(prop, 'type', swaggerTypeOf(p.type));
    if (swaggerTypeOf(p.type) === 'array') {
      const items: JsonObject = {};
      put(items, 'type', swaggerTypeOf(p.type.slice(0, -2)));
      prop.items = items;
    }
    prop.format = formatOf(p.type, integerFormat);
    properties[p.name] = prop;
  }
  const argsSchema: JsonObject = {};
  put(argsSchema, 'description', r.description ?? undefined);
  argsSchema.type = 'object';
  put(argsSchema, 'properties', properties);
  put(argsSchema, 'required', r.params.filter((p) => p.required).map((p) => p.name));
  const item: JsonObject = {
    post: { ...base(), parameters: [{ name: 'args', required: true, in: 'body', schema: argsSchema }, ref('preferParams')] },
  };
  if (!r.volatile) {
    const getParams: Json[] = r.params.map((p) => {
      const q: JsonObject = { name: p.name, required: p.required, in: 'query' };
      if (p.variadic) {
        const elem = p.type.endsWith('[]') ? p.type.slice(0, -2) : p.type;
        q.type = swaggerTypeOf(p.type) ?? 'string';
        const items: JsonObject = {};
        put(items, 'type', swaggerTypeOf(elem));
        items.format = formatOf(elem, integerFormat);
        q.items = items;
        q.collectionFormat = 'multi';
      } else {
        q.format = formatOf(p.type, integerFormat);
        const st = swaggerTypeOf(p.type);
        q.type = st === undefined || st === 'array' ? 'string' : st;
      }
      return q;
    });
    item.get = { ...base(), parameters: getParams };
  }
  return item;
}

/**
 * Builds the OpenAPI 2.0 document PostgREST v14 serves at `GET /` for `opts.schema`, reading the
 * catalog through `pool` (a superuser pool; pass `opts.role` to list only what that role may use).
 */
export async function buildOpenApiDocument(pool: Pool, opts: OpenApiOptions): Promise<object> {
  if (typeof opts.schema !== 'string' || opts.schema === '') throw new TypeError('buildOpenApiDocument: schema must be a non-empty string');
  const server = parseServerUrl(opts.url);
  const integerFormat = opts.integerFormat ?? 'postgres';
  const role = opts.role ?? null;
  const [tables, routines, schemaComment] = await Promise.all([
    readTables(pool, opts.schema, role),
    readRoutines(pool, opts.schema, role),
    pool
      .query<{ description: string | null }>(
        `select d.description from pg_namespace n
           left join pg_description d on d.objoid = n.oid and d.classoid = 'pg_namespace'::regclass and d.objsubid = 0
          where n.nspname = $1`,
        [opts.schema],
      )
      .then((r) => r.rows[0]?.description ?? null),
  ]);

  // Schema comment: first line → title, the rest → description (empty when the comment is one line).
  const nl = schemaComment === null ? -1 : schemaComment.indexOf('\n');
  const title = schemaComment === null ? 'PostgREST API' : nl < 0 ? schemaComment : schemaComment.slice(0, nl);
  const description =
    schemaComment === null ? 'This is a dynamic API generated by PostgREST' : nl < 0 ? '' : schemaComment.slice(nl).replace(/^\n+/, '');
  const definitions: JsonObject = {};
  const parameters: JsonObject = {
    preferParams: preferParam([]),
    preferReturn: preferParam(['return=representation', 'return=minimal', 'return=none']),
    preferCount: preferParam(['count=none']),
    preferPost: preferParam(['return=representation', 'return=minimal', 'return=none', 'resolution=ignore-duplicates', 'resolution=merge-duplicates']),
    select: queryParam('select', 'Filtering Columns'),
    on_conflict: queryParam('on_conflict', 'On Conflict'),
    order: queryParam('order', 'Ordering'),
    range: { name: 'Range', description: 'Limiting and Pagination', required: false, in: 'header', type: 'string' },
    rangeUnit: { name: 'Range-Unit', description: 'Limiting and Pagination', required: false, in: 'header', type: 'string', default: 'items' },
    offset: queryParam('offset', 'Limiting and Pagination'),
    limit: queryParam('limit', 'Limiting and Pagination'),
  };
  const paths: JsonObject = {
    '/': {
      get: {
        tags: ['Introspection'],
        summary: 'OpenAPI description (this document)',
        produces: ['application/openapi+json', 'application/json'],
        responses: { '200': { description: 'OK' } },
      },
    },
  };

  for (const t of tables) {
    const def: JsonObject = {};
    put(def, 'description', t.description ?? undefined);
    def.type = 'object';
    const props: JsonObject = {};
    for (const c of t.columns) props[c.name] = columnProperty(t, c, integerFormat);
    put(def, 'properties', props);
    put(def, 'required', t.columns.filter((c) => !c.nullable).map((c) => c.name));
    definitions[t.name] = def;

    parameters[`body.${t.name}`] = { name: t.name, description: t.name, required: false, in: 'body', schema: { $ref: `#/definitions/${t.name}` } };
    for (const c of t.columns) {
      const p: JsonObject = { name: c.name };
      put(p, 'description', c.description ?? undefined);
      Object.assign(p, { required: false, in: 'query', type: 'string' });
      parameters[`rowFilter.${t.name}.${c.name}`] = p;
    }
    paths[`/${t.name}`] = tablePath(t);
  }
  for (const r of routines) paths[`/rpc/${r.name}`] = routinePath(r, integerFormat);

  const version = opts.version ?? DEFAULT_POSTGREST_VERSION;
  const docsVersion = 'v' + (/^\d+/.exec(version)?.[0] ?? '14');
  return {
    swagger: '2.0',
    info: { description, title, version },
    host: server.host,
    basePath: server.basePath,
    schemes: [server.scheme],
    consumes: MIMES_ALL,
    produces: MIMES_ALL,
    externalDocs: { description: 'PostgREST Documentation', url: `https://postgrest.org/en/${docsVersion}/references/api.html` },
    paths,
    definitions,
    parameters,
  };
}
