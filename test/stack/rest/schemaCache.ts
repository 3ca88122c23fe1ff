import type { Pool, PoolClient } from '../shared/db';

export interface Column {
  name: string;
  /** format_type() text, e.g. `bigint`, `text[]`, `timestamp with time zone`. */
  type: string;
  /** pg_type.typname of the column type (domains resolved to their base), e.g. `int8`, `_text`, `tsvector`. */
  udt: string;
  nullable: boolean;
  /** Default expression text (pg_get_expr), or null. */
  default: string | null;
  generated: boolean;
  position: number;
  comment: string | null;
  maxLength: number | null;
  enumValues: string[] | null;
}

export interface Relation {
  schema: string;
  name: string;
  kind: 'table' | 'view' | 'materialized view' | 'foreign table' | 'partitioned table';
  comment: string | null;
  columns: Column[];
  columnMap: Map<string, Column>;
  pk: string[];
  /** Column sets that are unique (PK and unique constraints/indexes). */
  uniques: string[][];
  insertable: boolean;
  updatable: boolean;
  deletable: boolean;
  /** Computed fields: non-set scalar functions whose only argument is this relation's row type. */
  computed: Map<string, { schema: string; name: string }>;
}

export interface ForeignKey {
  name: string;
  schema: string;
  table: string;
  columns: string[];
  refSchema: string;
  refTable: string;
  refColumns: string[];
  /** Set when derived from a base-table FK for a view. */
  viaView?: boolean;
}

export interface FunctionArg {
  name: string;
  type: string;
  udt: string;
  mode: 'in' | 'out' | 'inout' | 'variadic' | 'table';
  hasDefault: boolean;
}

export interface PgFunction {
  schema: string;
  name: string;
  oid: number;
  args: FunctionArg[];
  /** IN/INOUT/VARIADIC args in call order. */
  inArgs: FunctionArg[];
  returnsSet: boolean;
  returnType: string;
  returnUdt: string;
  /** void | scalar | composite (table row type or record with OUT/TABLE columns). */
  returnKind: 'void' | 'scalar' | 'composite';
  /** When the return type is a table/view row type: that relation. */
  returnRelation?: { schema: string; name: string };
  /** Output columns for composite returns (name, type). */
  returnColumns: { name: string; type: string; udt: string }[];
  volatility: 'i' | 's' | 'v';
  comment: string | null;
}

export interface SchemaCache {
  relations: Map<string, Relation>;
  foreignKeys: ForeignKey[];
  functions: Map<string, PgFunction[]>;
  schemas: string[];
  schemaComments: Map<string, string | null>;
  loadedAt: number;
}

export function relKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

const KINDS: Record<string, Relation['kind']> = { r: 'table', v: 'view', m: 'materialized view', f: 'foreign table', p: 'partitioned table' };

/** Reads tables, views, columns, keys, foreign keys and functions of the exposed schemas. */
export async function loadSchemaCache(c: Pool | PoolClient, schemas: string[]): Promise<SchemaCache> {
  const rels = await c.query<{ schema: string; name: string; kind: string; oid: string; comment: string | null; upd: number }>(
    `select n.nspname as schema, c.relname as name, c.relkind::text as kind, c.oid::int8::text as oid, obj_description(c.oid, 'pg_class') as comment,
            case when c.relkind in ('r','p') then 28 else pg_relation_is_updatable(c.oid::regclass, true) end as upd
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r','v','m','f','p') and n.nspname = any($1::text[]) and not c.relispartition`,
    [schemas],
  );
  const cols = await c.query<{
    oid: string; name: string; type: string; udt: string; notnull: boolean; def: string | null; generated: string; num: number; comment: string | null; maxlen: number | null; enumvals: string[] | null;
  }>(
    `select a.attrelid::int8::text as oid, a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
            coalesce(bt.typname, t.typname) as udt, a.attnotnull as notnull, pg_get_expr(d.adbin, d.adrelid) as def,
            a.attgenerated::text as generated, a.attnum as num, col_description(a.attrelid, a.attnum) as comment,
            case when a.atttypid in (1043, 1042) and a.atttypmod > 4 then a.atttypmod - 4 end as maxlen,
            (select array_agg(e.enumlabel order by e.enumsortorder) from pg_enum e where e.enumtypid = coalesce(bt.oid, t.oid)) as enumvals
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
       join pg_type t on t.oid = a.atttypid
       left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
       left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attnum > 0 and not a.attisdropped and c.relkind in ('r','v','m','f','p') and n.nspname = any($1::text[])
      order by a.attrelid, a.attnum`,
    [schemas],
  );
  const cons = await c.query<{ schema: string; table: string; name: string; type: string; cols: string[]; refschema: string | null; reftable: string | null; refcols: string[] | null }>(
    `select n.nspname as schema, c.relname as table, con.conname as name, con.contype::text as type,
            array(select a.attname from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i)::text[] as cols,
            fn.nspname as refschema, fc.relname as reftable,
            case when con.contype = 'f' then array(select a.attname from unnest(con.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i)::text[] end as refcols
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid
       join pg_namespace n on n.oid = c.relnamespace
       left join pg_class fc on fc.oid = con.confrelid
       left join pg_namespace fn on fn.oid = fc.relnamespace
      where con.contype in ('p','u','f') and n.nspname = any($1::text[])
      union all
     select n.nspname, c.relname, ic.relname, 'u',
            array(select a.attname from unnest(i.indkey::int2[]) with ordinality k(n, o) join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n order by k.o)::text[],
            null, null, null
       from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
      where i.indisunique and i.indpred is null and not exists (select 1 from pg_constraint x where x.conindid = i.indexrelid) and n.nspname = any($1::text[])`,
    [schemas],
  );
  const fns = await c.query<{
    oid: string; schema: string; name: string; retset: boolean; vol: string; nargs: number; ndefaults: number; argnames: string[] | null; argtypes: string[]; argudts: string[];
    argmodes: string[] | null; argrelids: string[]; rettype: string; retudt: string; rettyptype: string; retrelschema: string | null; retrelname: string | null; comment: string | null;
    relcols: { name: string; type: string; udt: string }[] | null;
  }>(
    `select p.oid::int8::text as oid, n.nspname as schema, p.proname as name, p.proretset as retset, p.provolatile::text as vol,
            p.pronargs as nargs, p.pronargdefaults as ndefaults, p.proargnames as argnames,
            array(select format_type(t, null) from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(t, i) order by i)::text[] as argtypes,
            array(select ty.typname from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(t, i) join pg_type ty on ty.oid = u.t order by i)::text[] as argudts,
            array(select ty.typrelid::int8::text from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(t, i) join pg_type ty on ty.oid = u.t order by i)::text[] as argrelids,
            p.proargmodes::text[] as argmodes, format_type(p.prorettype, null) as rettype, rt.typname as retudt, rt.typtype::text as rettyptype,
            rn.nspname as retrelschema, rc.relname as retrelname, obj_description(p.oid, 'pg_proc') as comment,
            case when rt.typrelid <> 0 then (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod), 'udt', ty.typname) order by a.attnum)
               from pg_attribute a join pg_type ty on ty.oid = a.atttypid where a.attrelid = rt.typrelid and a.attnum > 0 and not a.attisdropped) end as relcols
       from pg_proc p
       join pg_namespace n on n.oid = p.pronamespace
       join pg_type rt on rt.oid = p.prorettype
       left join pg_class rc on rc.oid = rt.typrelid and rc.relkind in ('r','v','m','f','p')
       left join pg_namespace rn on rn.oid = rc.relnamespace
      where n.nspname = any($1::text[]) and p.prokind = 'f'`,
    [schemas],
  );
  const nsp = await c.query<{ name: string; comment: string | null }>(
    `select nspname as name, obj_description(oid, 'pg_namespace') as comment from pg_namespace where nspname = any($1::text[])`,
    [schemas],
  );

  const relations = new Map<string, Relation>();
  const byOid = new Map<string, Relation>();
  for (const r of rels.rows) {
    const rel: Relation = {
      schema: r.schema, name: r.name, kind: KINDS[r.kind] ?? 'table', comment: r.comment, columns: [], columnMap: new Map(), pk: [], uniques: [],
      insertable: (r.upd & 8) === 8, updatable: (r.upd & 4) === 4, deletable: (r.upd & 16) === 16, computed: new Map(),
    };
    relations.set(relKey(r.schema, r.name), rel);
    byOid.set(r.oid, rel);
  }
  for (const col of cols.rows) {
    const rel = byOid.get(col.oid);
    if (!rel) continue;
    const column: Column = {
      name: col.name, type: col.type, udt: col.udt, nullable: !col.notnull, default: col.def, generated: col.generated !== '',
      position: col.num, comment: col.comment, maxLength: col.maxlen, enumValues: col.enumvals,
    };
    rel.columns.push(column);
    rel.columnMap.set(col.name, column);
  }
  const foreignKeys: ForeignKey[] = [];
  for (const k of cons.rows) {
    const rel = relations.get(relKey(k.schema, k.table));
    if (!rel) continue;
    if (k.type === 'p') {
      rel.pk = k.cols;
      rel.uniques.push(k.cols);
    } else if (k.type === 'u') rel.uniques.push(k.cols);
    else if (k.type === 'f' && k.refschema && k.reftable && k.refcols) {
      foreignKeys.push({ name: k.name, schema: k.schema, table: k.table, columns: k.cols, refSchema: k.refschema, refTable: k.reftable, refColumns: k.refcols });
    }
  }
  await addViewRelationships(c, schemas, relations, foreignKeys);

  const functions = new Map<string, PgFunction[]>();
  for (const f of fns.rows) {
    const modes = f.argmodes ?? f.argtypes.map(() => 'i');
    const names = f.argnames ?? [];
    const nIn = modes.filter((m) => m === 'i' || m === 'b' || m === 'v').length;
    let inIndex = 0;
    const args: FunctionArg[] = f.argtypes.map((type, i) => {
      const m = modes[i];
      const mode: FunctionArg['mode'] = m === 'o' ? 'out' : m === 'b' ? 'inout' : m === 'v' ? 'variadic' : m === 't' ? 'table' : 'in';
      let hasDefault = false;
      if (mode === 'in' || mode === 'inout' || mode === 'variadic') {
        hasDefault = inIndex >= nIn - f.ndefaults;
        inIndex++;
      }
      return { name: names[i] ?? '', type, udt: f.argudts[i] ?? '', mode, hasDefault };
    });
    const outCols = args.filter((a) => a.mode === 'out' || a.mode === 'inout' || a.mode === 'table').map((a) => ({ name: a.name, type: a.type, udt: a.udt }));
    let returnKind: PgFunction['returnKind'];
    let returnColumns: PgFunction['returnColumns'] = [];
    if (f.retudt === 'void') returnKind = 'void';
    else if (f.relcols) {
      returnKind = 'composite';
      returnColumns = f.relcols;
    } else if (f.retudt === 'record' && outCols.length > 0) {
      returnKind = 'composite';
      returnColumns = outCols;
    } else returnKind = 'scalar';
    const fn: PgFunction = {
      schema: f.schema, name: f.name, oid: Number(f.oid), args, inArgs: args.filter((a) => a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic'),
      returnsSet: f.retset, returnType: f.rettype, returnUdt: f.retudt, returnKind, returnColumns,
      returnRelation: f.retrelschema && f.retrelname ? { schema: f.retrelschema, name: f.retrelname } : undefined,
      volatility: f.vol as 'i' | 's' | 'v', comment: f.comment,
    };
    if (!fn.returnsSet && fn.returnKind === 'scalar' && fn.inArgs.length === 1 && modes.length === 1) {
      const owner = byOid.get(f.argrelids[0]);
      if (owner && !owner.columnMap.has(fn.name)) owner.computed.set(fn.name, { schema: fn.schema, name: fn.name });
    }
    const key = relKey(f.schema, f.name);
    const list = functions.get(key) ?? [];
    list.push(fn);
    functions.set(key, list);
  }
  const schemaComments = new Map(nsp.rows.map((r) => [r.name, r.comment] as const));
  return { relations, foreignKeys, functions, schemas, schemaComments, loadedAt: Date.now() };
}

/**
 * Views get the FKs of their base tables when every FK column is exposed by the view under some name
 * (simple views whose columns come straight from one base table, as pg_rewrite's target list says).
 */
async function addViewRelationships(c: Pool | PoolClient, schemas: string[], relations: Map<string, Relation>, fks: ForeignKey[]): Promise<void> {
  // view column → base table column, for plain Var target entries of the view's rewrite rule.
  const r = await c.query<{ vschema: string; view: string; vcol: string; bschema: string; btable: string; bcol: string }>(
    `with views as (
       select c.oid, n.nspname as vschema, c.relname as view, pg_get_viewdef(c.oid) as def
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('v','m') and n.nspname = any($1::text[]))
     select v.vschema, v.view, a.attname as vcol, bn.nspname as bschema, bc.relname as btable, u.column_name as bcol
       from views v
       join pg_attribute a on a.attrelid = v.oid and a.attnum > 0 and not a.attisdropped
       join information_schema.view_column_usage u on u.view_schema = v.vschema and u.view_name = v.view and u.column_name = a.attname
       join pg_namespace bn on bn.nspname = u.table_schema
       join pg_class bc on bc.relnamespace = bn.oid and bc.relname = u.table_name`,
    [schemas],
  );
  // Only views reading a single base table qualify (so same-named columns map unambiguously).
  const byView = new Map<string, { schema: string; view: string; base: Set<string>; cols: Map<string, string> }>();
  for (const row of r.rows) {
    const k = relKey(row.vschema, row.view);
    let e = byView.get(k);
    if (!e) {
      e = { schema: row.vschema, view: row.view, base: new Set(), cols: new Map() };
      byView.set(k, e);
    }
    e.base.add(relKey(row.bschema, row.btable));
    e.cols.set(row.bcol, row.vcol);
  }
  const baseFks = [...fks];
  for (const v of byView.values()) {
    if (v.base.size !== 1) continue;
    const [base] = [...v.base];
    const view = relations.get(relKey(v.schema, v.view));
    const baseRel = relations.get(base);
    if (!view || !baseRel) continue;
    if (view.pk.length === 0 && baseRel.pk.length > 0 && baseRel.pk.every((c) => v.cols.has(c))) view.pk = baseRel.pk.map((c) => v.cols.get(c)!);
    for (const u of baseRel.uniques) if (u.every((c) => v.cols.has(c))) view.uniques.push(u.map((c) => v.cols.get(c)!));
    for (const fk of baseFks) {
      if (relKey(fk.schema, fk.table) === base && fk.columns.every((c) => v.cols.has(c))) {
        fks.push({ ...fk, schema: v.schema, table: v.view, columns: fk.columns.map((c) => v.cols.get(c)!), viaView: true });
      }
      if (relKey(fk.refSchema, fk.refTable) === base && fk.refColumns.every((c) => v.cols.has(c))) {
        fks.push({ ...fk, refSchema: v.schema, refTable: v.view, refColumns: fk.refColumns.map((c) => v.cols.get(c)!), viaView: true });
      }
    }
  }
}

/** Holds the current cache and reloads it on `NOTIFY pgrst, 'reload schema'`. */
export class SchemaCacheHolder {
  private current: Promise<SchemaCache> | undefined;
  private listener: PoolClient | undefined;
  private closed = false;

  constructor(private readonly pool: Pool, private readonly schemas: string[], private readonly log: (line: string) => void) {}

  get(): Promise<SchemaCache> {
    if (!this.current) {
      this.current = loadSchemaCache(this.pool, this.schemas);
      this.current.catch(() => {
        this.current = undefined;
      });
      void this.listen();
    }
    return this.current;
  }

  reload(): Promise<SchemaCache> {
    const next = loadSchemaCache(this.pool, this.schemas);
    next.then(
      () => {
        this.current = next;
      },
      (e: unknown) => this.log(`[rest] schema reload failed: ${String(e)}`),
    );
    return next;
  }

  private async listen(): Promise<void> {
    if (this.listener || this.closed) return;
    try {
      const client = await this.pool.connect();
      if (this.closed) {
        client.release();
        return;
      }
      this.listener = client;
      client.on('notification', (msg) => {
        const payload = (msg.payload ?? '').trim();
        if (payload === '' || payload === 'reload schema') void this.reload();
      });
      client.on('error', (e) => this.log(`[rest] listener error: ${e.message}`));
      await client.query('LISTEN pgrst');
    } catch (e) {
      this.log(`[rest] cannot LISTEN pgrst: ${String(e)}`);
    }
  }

  close(): void {
    this.closed = true;
    const l = this.listener;
    this.listener = undefined;
    if (l) l.release(true);
  }
}
