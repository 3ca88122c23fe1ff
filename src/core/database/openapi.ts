/**
 * Reads PostgREST's OpenAPI 2.0 document (`GET /rest/v1/`) into tables, views and functions for
 * the Tables view. Pure: no I/O, no `vscode`. Never throws: whatever does not fit is reported in
 * `issues` and skipped or given a safe default.
 *
 * Tables vs views: PostgREST's document does not say which relations are views. It lists writes
 * (`post`/`patch`/`delete`) on `/<name>` only for relations that accept them, so the rule here is:
 * a relation whose path offers any write is a **table**, one that offers only reads is a **view**.
 * PostgREST decides this from updatability, not from the caller's privileges, so a plain table always
 * offers writes. Auto-updatable views therefore show as tables, and a table is never shown as a view.
 * Materialized views, views over joins or aggregates, and foreign tables without write support are
 * views.
 *
 * Column types: `format` carries the PostgreSQL type name (`bigint`, `text[]`, `timestamp with time
 * zone`, an enum's name). PostgREST from v14.10 writes `int64`/`int32` instead for integers; those
 * become `bigint`/`integer`. Without a format, the Swagger type is used (`string`, `integer`, …).
 *
 * Set-returning functions: PostgREST does not describe return values, so `returnsSet` is
 * `undefined` unless the document gives a `200` response schema (then: array ⇒ true, else false).
 */

export interface ForeignKeyRef {
  table: string;
  column: string;
}

export interface ColumnInfo {
  name: string;
  /** PostgreSQL type name when known (from `format`), else the Swagger type, else `unknown`. */
  type: string;
  /** Swagger `type` (`string`, `integer`, `number`, `boolean`, `array`); absent for json/jsonb. */
  swaggerType?: string;
  /** Swagger type of array elements (`items.type`). */
  itemType?: string;
  nullable: boolean;
  /** Default as PostgREST shows it (already a JSON value; expressions like `now()` stay strings). */
  default?: unknown;
  hasDefault: boolean;
  isPrimaryKey: boolean;
  foreignKey?: ForeignKeyRef;
  enumValues?: string[];
  maxLength?: number;
  /** Column comment without PostgREST's key notes. */
  comment?: string;
}

export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  comment?: string;
  columns: ColumnInfo[];
  /** Primary-key column names, in column order. */
  primaryKey: string[];
  /** Which writes the path offers (all false for views, by the rule above). */
  operations: { select: boolean; insert: boolean; update: boolean; delete: boolean };
}

export interface FunctionParam {
  /** Empty for a single unnamed argument (it takes the whole body). */
  name: string;
  type: string;
  required: boolean;
  variadic: boolean;
}

export interface FunctionInfo {
  name: string;
  comment?: string;
  params: FunctionParam[];
  /** True when only POST is offered (PostgREST lists GET for stable/immutable functions). */
  volatile: boolean;
  returnsSet?: boolean;
}

export interface OpenApiIssue {
  /** JSON-pointer-like location in the document, e.g. `/definitions/todos/properties/id`. */
  path: string;
  message: string;
}

export interface ParsedOpenApi {
  title?: string;
  version?: string;
  tables: TableInfo[];
  views: TableInfo[];
  functions: FunctionInfo[];
  issues: OpenApiIssue[];
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function escapePointer(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

const INTEGER_FORMATS: Record<string, string> = { int64: 'bigint', int32: 'integer' };

function typeName(format: unknown, swaggerType: unknown): string {
  const f = str(format);
  if (f !== undefined && f !== '') {
    if (swaggerType === 'integer' && f in INTEGER_FORMATS) return INTEGER_FORMATS[f]!;
    return f;
  }
  return str(swaggerType) ?? 'unknown';
}

const PK_MARK = '<pk/>';
const FK_MARK = /<fk table='(.*?)' column='(.*?)'\/>/;

/** Splits a PostgREST column description into the user's comment and the key notes. */
export function parseColumnDescription(description: string | undefined): {
  comment?: string;
  isPrimaryKey: boolean;
  foreignKey?: ForeignKeyRef;
} {
  if (description === undefined) return { isPrimaryKey: false };
  const at = description.lastIndexOf('Note:\n');
  const notes = at >= 0 ? description.slice(at) : '';
  const isPrimaryKey = notes.includes(PK_MARK);
  const fk = FK_MARK.exec(notes);
  if (!isPrimaryKey && !fk) return { comment: description, isPrimaryKey: false };
  const before = description.slice(0, at).replace(/\n\n$/, '');
  return {
    ...(before !== '' ? { comment: before } : {}),
    isPrimaryKey,
    ...(fk ? { foreignKey: { table: fk[1]!, column: fk[2]! } } : {}),
  };
}

function parseColumn(name: string, raw: unknown, required: Set<string>, at: string, issues: OpenApiIssue[]): ColumnInfo | undefined {
  if (!isObj(raw)) {
    issues.push({ path: at, message: 'column schema is not an object; column skipped' });
    return undefined;
  }
  const description = raw.description;
  if (description !== undefined && typeof description !== 'string') issues.push({ path: at + '/description', message: 'description is not a string; ignored' });
  const notes = parseColumnDescription(str(description));
  const col: ColumnInfo = {
    name,
    type: typeName(raw.format, raw.type),
    nullable: !required.has(name),
    hasDefault: 'default' in raw,
    isPrimaryKey: notes.isPrimaryKey,
  };
  const swaggerType = str(raw.type);
  if (swaggerType !== undefined) col.swaggerType = swaggerType;
  if (isObj(raw.items) && typeof raw.items.type === 'string') col.itemType = raw.items.type;
  if ('default' in raw) col.default = raw.default;
  if (notes.foreignKey) col.foreignKey = notes.foreignKey;
  if (notes.comment !== undefined) col.comment = notes.comment;
  if (raw.enum !== undefined) {
    if (Array.isArray(raw.enum) && raw.enum.every((v) => typeof v === 'string')) col.enumValues = raw.enum as string[];
    else issues.push({ path: at + '/enum', message: 'enum is not a list of strings; ignored' });
  }
  if (raw.maxLength !== undefined) {
    if (typeof raw.maxLength === 'number' && Number.isInteger(raw.maxLength) && raw.maxLength >= 0) col.maxLength = raw.maxLength;
    else issues.push({ path: at + '/maxLength', message: 'maxLength is not a non-negative integer; ignored' });
  }
  return col;
}

function parseDefinition(name: string, raw: unknown, issues: OpenApiIssue[]): { comment?: string; columns: ColumnInfo[] } {
  const at = `/definitions/${escapePointer(name)}`;
  if (!isObj(raw)) {
    issues.push({ path: at, message: 'definition is not an object; no columns' });
    return { columns: [] };
  }
  const required = new Set<string>();
  if (raw.required !== undefined) {
    if (Array.isArray(raw.required)) {
      for (const r of raw.required) if (typeof r === 'string') required.add(r);
    } else {
      issues.push({ path: at + '/required', message: 'required is not a list; every column taken as nullable' });
    }
  }
  const columns: ColumnInfo[] = [];
  if (raw.properties !== undefined && !isObj(raw.properties)) {
    issues.push({ path: at + '/properties', message: 'properties is not an object; no columns' });
  } else if (isObj(raw.properties)) {
    for (const [col, schema] of Object.entries(raw.properties)) {
      const c = parseColumn(col, schema, required, `${at}/properties/${escapePointer(col)}`, issues);
      if (c) columns.push(c);
    }
  }
  const comment = str(raw.description);
  return comment !== undefined ? { comment, columns } : { columns };
}

function opComment(op: Obj): string | undefined {
  const summary = str(op.summary);
  const description = str(op.description);
  if (summary === undefined) return description;
  return description !== undefined ? `${summary}\n${description}` : summary;
}

function parseFunction(name: string, item: Obj, at: string, issues: OpenApiIssue[]): FunctionInfo {
  const post = isObj(item.post) ? item.post : undefined;
  const get = isObj(item.get) ? item.get : undefined;
  const fn: FunctionInfo = { name, params: [], volatile: post !== undefined && get === undefined };
  let comment: string | undefined;
  let fromPost = false;
  const postParams = post && Array.isArray(post.parameters) ? post.parameters : [];
  const args = postParams.find((p): p is Obj => isObj(p) && p.in === 'body');
  if (args && isObj(args.schema)) {
    fromPost = true;
    const schema = args.schema;
    comment = str(schema.description);
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : []);
    // Variadic is only visible on GET (`collectionFormat: multi`).
    const variadic = new Set<string>();
    if (get && Array.isArray(get.parameters)) {
      for (const q of get.parameters) if (isObj(q) && q.collectionFormat === 'multi' && typeof q.name === 'string') variadic.add(q.name);
    }
    if (schema.properties !== undefined && !isObj(schema.properties)) {
      issues.push({ path: `${at}/post/parameters`, message: 'args properties is not an object; no parameters' });
    } else if (isObj(schema.properties)) {
      for (const [pname, p] of Object.entries(schema.properties)) {
        const ps = isObj(p) ? p : {};
        if (!isObj(p)) issues.push({ path: `${at}/post/parameters/args/${escapePointer(pname)}`, message: 'parameter schema is not an object' });
        fn.params.push({ name: pname, type: typeName(ps.format, ps.type), required: required.has(pname), variadic: variadic.has(pname) });
      }
    }
  }
  if (!fromPost && get && Array.isArray(get.parameters)) {
    for (const q of get.parameters) {
      if (!isObj(q) || typeof q.name !== 'string' || q.in !== 'query') continue;
      const multi = q.collectionFormat === 'multi';
      const items = isObj(q.items) ? q.items : {};
      const type = multi ? `${typeName(items.format, items.type)}[]` : typeName(q.format, q.type);
      fn.params.push({ name: q.name, type, required: q.required === true, variadic: multi });
    }
  } else if (!fromPost && post) {
    issues.push({ path: `${at}/post`, message: 'no args body parameter; parameters unknown' });
  }
  if (!post && !get) issues.push({ path: at, message: 'function path has neither get nor post' });
  const op = post ?? get;
  if (comment === undefined && op) comment = opComment(op);
  if (comment !== undefined) fn.comment = comment;
  if (op && isObj(op.responses) && isObj(op.responses['200']) && isObj(op.responses['200'].schema)) {
    const t = op.responses['200'].schema.type;
    if (typeof t === 'string') fn.returnsSet = t === 'array';
  }
  return fn;
}

const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Reads a PostgREST OpenAPI document; see the module comment for the rules. */
export function parseOpenApi(doc: unknown): ParsedOpenApi {
  const issues: OpenApiIssue[] = [];
  const out: ParsedOpenApi = { tables: [], views: [], functions: [], issues };
  try {
    if (!isObj(doc)) {
      issues.push({ path: '', message: 'document is not a JSON object' });
      return out;
    }
    if (doc.swagger !== '2.0') issues.push({ path: '/swagger', message: `expected swagger "2.0", got ${JSON.stringify(doc.swagger) ?? 'nothing'}` });
    if (isObj(doc.info)) {
      const title = str(doc.info.title);
      const version = str(doc.info.version);
      if (title !== undefined) out.title = title;
      if (version !== undefined) out.version = version;
    }
    const definitions = isObj(doc.definitions) ? doc.definitions : {};
    if (doc.definitions !== undefined && !isObj(doc.definitions)) issues.push({ path: '/definitions', message: 'definitions is not an object' });
    const paths = isObj(doc.paths) ? doc.paths : {};
    if (!isObj(doc.paths)) issues.push({ path: '/paths', message: 'paths is missing or not an object' });

    const relationPaths = new Map<string, Obj>();
    for (const [path, item] of Object.entries(paths)) {
      const at = `/paths/${escapePointer(path)}`;
      if (path === '/') continue;
      if (!path.startsWith('/')) {
        issues.push({ path: at, message: 'path does not start with "/"; skipped' });
        continue;
      }
      if (!isObj(item)) {
        issues.push({ path: at, message: 'path item is not an object; skipped' });
        continue;
      }
      if (path.startsWith('/rpc/')) {
        const name = path.slice('/rpc/'.length);
        if (name === '') issues.push({ path: at, message: 'empty function name; skipped' });
        else out.functions.push(parseFunction(name, item, at, issues));
        continue;
      }
      relationPaths.set(path.slice(1), item);
    }

    const names = new Set<string>([...Object.keys(definitions), ...relationPaths.keys()]);
    for (const name of names) {
      const item = relationPaths.get(name);
      const def = name in definitions ? parseDefinition(name, definitions[name], issues) : undefined;
      if (!def) issues.push({ path: `/paths/${escapePointer('/' + name)}`, message: 'no definition for this path; columns unknown' });
      if (!item) issues.push({ path: `/definitions/${escapePointer(name)}`, message: 'no path for this definition; taken as read-only' });
      const operations = {
        select: item ? isObj(item.get) : true,
        insert: item ? isObj(item.post) : false,
        update: item ? isObj(item.patch) : false,
        delete: item ? isObj(item.delete) : false,
      };
      const columns = def?.columns ?? [];
      const info: TableInfo = {
        name,
        kind: operations.insert || operations.update || operations.delete ? 'table' : 'view',
        columns,
        primaryKey: columns.filter((c) => c.isPrimaryKey).map((c) => c.name),
        operations,
      };
      if (def?.comment !== undefined) info.comment = def.comment;
      (info.kind === 'table' ? out.tables : out.views).push(info);
    }
    out.tables.sort(byName);
    out.views.sort(byName);
    out.functions.sort(byName);
  } catch (e) {
    issues.push({ path: '', message: `unexpected document shape: ${e instanceof Error ? e.message : String(e)}` });
  }
  return out;
}
