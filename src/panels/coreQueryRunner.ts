/**
 * `QueryRunner` and `CodeGenerator` over the project's core client, so the host only passes
 * clients: `createCoreQueryRunner({ client: (runAs) => … })`.
 *
 * Results are read as raw text through the builder's `stream()` (no double parse, no lossy
 * `JSON.parse`): the panel parses them losslessly (clarification 8). Error bodies go through the
 * core's `interpretResponse`, so they carry PostgREST's code/message/details/hint and the status.
 * No `vscode` import, and only types from the core: the core is its own lazily loaded bundle
 * (clarification 5), so its functions are passed in (`core`, `generators`) by whoever loaded it.
 * Tested against the local stack.
 */
import type { ChainDescription } from '../core/database/chain';
import type { toCurl, toSupabaseJs, toSupabasePy } from '../core/database/codegen';
import type { parseOpenApi, ParsedOpenApi, TableInfo } from '../core/database/openapi';
import type { PostgrestClient } from '../core/database/PostgrestClient';
import type { interpretResponse } from '../core/database/response';
import type { SupabaseClient } from '../core/SupabaseClient';
import { CANCELLED_ERROR, serializeError, type SerializedError } from '../protocol/envelope';
import { parseRows, rowJson } from '../protocol/losslessJson';
import type { CodeLang, PanelTarget, RunAs, TargetInfo } from '../protocol/queryBuilder';
import type { CodeGenerator, QueryRunner, RunOutcome } from './QueryRunner';

type RestLike = Pick<PostgrestClient, 'fromDescription' | 'schema' | 'getOpenApiSpec' | 'compile'>;

/** The core functions the runner uses (from the loaded core module). */
export interface CoreRunnerFunctions {
  interpretResponse: typeof interpretResponse;
  parseOpenApi: typeof parseOpenApi;
}

export interface CoreQueryRunnerOptions {
  core: CoreRunnerFunctions;
  /** The client for a role, or undefined when the connection has no key for it. */
  client(runAs: RunAs): SupabaseClient | PostgrestClient | undefined;
  /**
   * The parsed OpenAPI document of a schema, when the host has it cached (the Tables tree).
   * Without it the runner fetches it with the service_role client (or anon, which hosted
   * Supabase refuses: the panel then says columns are unknown and still runs queries).
   */
  openApi?(schema: string, signal: AbortSignal): Promise<ParsedOpenApi | undefined>;
}

function restOf(c: SupabaseClient | PostgrestClient): RestLike {
  return 'rest' in c ? c.rest : c;
}

function abortError(): Error {
  const e = new Error('Cancelled');
  e.name = CANCELLED_ERROR;
  return e;
}

export function createCoreQueryRunner(opts: CoreQueryRunnerOptions): QueryRunner {
  const { interpretResponse, parseOpenApi } = opts.core;
  const restFor = (runAs: RunAs): RestLike => {
    const c = opts.client(runAs);
    if (!c) throw Object.assign(new Error(`This connection has no key to run as ${runAs}.`), { name: 'ConfigurationError', code: 'NO_KEY' });
    return restOf(c);
  };

  return {
    async run(chain: ChainDescription, runAs: RunAs, signal: AbortSignal): Promise<RunOutcome> {
      if (signal.aborted) throw abortError();
      let rest: RestLike;
      try {
        rest = restFor(runAs);
      } catch (e) {
        return { ok: false, error: serializeError(e) };
      }
      const builder = rest.fromDescription(chain).abortSignal(signal);
      let req;
      try {
        req = builder.toRequest();
      } catch (e) {
        return { ok: false, error: coreErrorData(e) };
      }
      try {
        const s = await builder.stream();
        const res = s.response;
        const text = req.method === 'HEAD' ? (await res.dump(), '') : await res.text();
        const contentRange = res.header('content-range') ?? null;
        if (s.status >= 200 && s.status <= 299) {
          let body = text;
          if (req.maybeSingle && req.method === 'GET') {
            // maybeSingle(): PostgREST answers an array; 0 rows → null, 1 → the row, more → error.
            const rows = safeRows(text);
            if (rows && rows.rows.length > 1) {
              const r = interpretResponse({ method: req.method, accept: req.headers.accept, prefer: req.headers.prefer, maybeSingle: true }, { status: s.status, statusText: s.statusText, contentRange, body: text });
              if (r.error) return { ok: false, error: coreErrorData(r.error) };
            }
            if (rows) body = rows.rows.length === 0 ? 'null' : rowJson(rows.columns, rows.rows[0]!);
          }
          return { ok: true, response: { status: s.status, statusText: s.statusText, text: body, contentType: res.header('content-type') ?? null, contentRange } };
        }
        const r = interpretResponse({ method: req.method, accept: req.headers.accept, prefer: req.headers.prefer }, { status: s.status, statusText: s.statusText, contentRange, body: text });
        const error = coreErrorData(r.error ?? { name: 'PostgrestError', message: text || s.statusText, code: '' });
        error.status = s.status;
        return { ok: false, error };
      } catch (e) {
        if (signal.aborted) throw abortError();
        return { ok: false, error: coreErrorData(e) };
      }
    },

    async describe(target: PanelTarget, signal: AbortSignal): Promise<TargetInfo> {
      let doc: ParsedOpenApi | undefined;
      let note: string | undefined;
      try {
        doc = await opts.openApi?.(target.schema, signal);
        if (!doc) {
          const admin = opts.client('service_role');
          const client = admin ?? opts.client('anon');
          if (client) {
            const r = await restOf(client).schema(target.schema).getOpenApiSpec({ signal });
            if (r.data) doc = parseOpenApi(r.data);
            else note = admin ? `Columns could not be listed: ${r.error?.message ?? r.statusText}` : 'Listing columns needs the secret (service_role) key; queries still run.';
          }
        }
      } catch (e) {
        if (signal.aborted) throw abortError();
        note = `Columns could not be listed: ${e instanceof Error ? e.message : String(e)}`;
      }
      return doc ? targetInfoFrom(doc, target) : { kind: target.kind, schema: target.schema, name: target.name, columns: [], primaryKey: [], relations: [], known: false, ...(note ? { note } : {}) };
    },
  };
}

function safeRows(text: string) {
  try {
    return parseRows(text);
  } catch {
    return undefined;
  }
}

/** A core error (`toJSON()` shape) as protocol data. */
function coreErrorData(e: unknown): SerializedError {
  const data = e && typeof e === 'object' && typeof (e as { toJSON?: unknown }).toJSON === 'function' ? (e as { toJSON(): unknown }).toJSON() : e;
  const out = serializeError(data);
  if (out.status === 0) delete out.status;
  return out;
}

/** Columns, primary key and relations of a target from the parsed OpenAPI document. */
export function targetInfoFrom(doc: ParsedOpenApi, target: PanelTarget): TargetInfo {
  const base = { kind: target.kind, schema: target.schema, name: target.name };
  if (target.kind === 'function') {
    const fn = doc.functions.find((f) => f.name === target.name);
    if (!fn) return { ...base, columns: [], primaryKey: [], relations: [], known: false, note: `Function ${target.name} is not in the API description.` };
    return { ...base, columns: [], primaryKey: [], relations: [], params: fn.params.map((p) => ({ name: p.name, type: p.type, required: p.required })), known: true };
  }
  const all: TableInfo[] = [...doc.tables, ...doc.views];
  const t = all.find((x) => x.name === target.name);
  if (!t) return { ...base, columns: [], primaryKey: [], relations: [], known: false, note: `${target.name} is not in the API description.` };
  const relations = new Set<string>();
  for (const c of t.columns) if (c.foreignKey) relations.add(c.foreignKey.table);
  for (const other of all) if (other.columns.some((c) => c.foreignKey?.table === t.name)) relations.add(other.name);
  relations.delete(t.name);
  return {
    ...base,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      hasDefault: c.hasDefault,
      primaryKey: c.isPrimaryKey,
      ...(c.foreignKey ? { references: { table: c.foreignKey.table, column: c.foreignKey.column } } : {}),
    })),
    primaryKey: t.kind === 'table' ? t.primaryKey : [],
    relations: [...relations].sort(),
    known: true,
  };
}

/** Copy-as-code over the core's generators; curl uses the compiled request with the key as `$SUPABASE_KEY`. */
export interface CodegenFunctions {
  toSupabaseJs: typeof toSupabaseJs;
  toSupabasePy: typeof toSupabasePy;
  toCurl: typeof toCurl;
}

export function createCoreCodeGenerator(opts: {
  generators: CodegenFunctions;
  client(): SupabaseClient | PostgrestClient | undefined;
  key(): string | undefined;
}): CodeGenerator {
  const { toSupabaseJs, toSupabasePy, toCurl } = opts.generators;
  return {
    generate(chain: ChainDescription, lang: CodeLang): string {
      switch (lang) {
        case 'supabase-js':
          return toSupabaseJs(chain);
        case 'supabase-py':
          return toSupabasePy(chain);
        case 'curl': {
          const c = opts.client();
          if (!c) throw Object.assign(new Error('No client for this connection.'), { name: 'ConfigurationError' });
          const req = restOf(c).compile(chain);
          const key = opts.key();
          return toCurl(req, key ? { secrets: [{ value: key, envVar: 'SUPABASE_KEY' }] } : {});
        }
      }
    },
  };
}
