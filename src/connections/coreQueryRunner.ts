/**
 * The query builder's services over the client core, one set per connection (the only
 * `QueryRunner` of the extension):
 * - `createCoreQueryRunner`: runs a chain description as a role through the ClientPool and hands
 *   back the raw answer, read as text through the builder's `stream()` (the panel parses it
 *   losslessly, clarification 8); refuses writes in read-only mode and chains the core's
 *   `validateDescription` refuses, before anything is sent; describes a target from the cached
 *   schema (SchemaCache).
 * - `createCoreCodeGenerator`: copy as code (supabase-js, supabase-py, curl to the connection's
 *   URL with the key as `$SUPABASE_KEY`) with the core's `generateCode`.
 * - `coreChainValidator`: the core's `validateDescription` as issue text for the panel handlers.
 * vscode-free, and the core is imported only as types: its functions come from `core()` (the
 * lazily loaded dist/core.js in the extension, clarification 5).
 */
import type { ChainDescription } from '../core/database/chain';
import type { CodeLang, PanelTarget, RunAs as PanelRunAs, TargetInfo } from '../protocol/queryBuilder';
import type { SerializedError } from '../protocol/envelope';
import { parseRows, rowJson } from '../protocol/losslessJson';
import type { CodeGenerator, QueryRunner, RunOutcome } from '../panels/QueryRunner';
import { errorFields, isAbortError, UserError } from '../commands/errors';
import type { SchemaCache } from '../trees/SchemaCache';
import type { RelationModel, SchemaModel } from '../trees/schemaModel';
import { resolveRole, type ClientPool } from './ClientPool';
import type { ConnectionStore } from './ConnectionStore';
import type { CoreQueryFunctions } from './coreTypes';
import { l10n } from '../l10n';
import { chainWriteKind, ReadOnlyError, writeKindPhrase } from './readOnly';

export interface CoreQueryRunnerDeps {
  store: Pick<ConnectionStore, 'require'>;
  clients: Pick<ClientPool, 'get'>;
  schemas: Pick<SchemaCache, 'get'>;
  /** The loaded core's functions (called on first use, so the core stays lazily loaded). */
  core: () => Pick<CoreQueryFunctions, 'validateDescription' | 'interpretResponse'>;
}

/** The core's `validateDescription` as one line of issue text, or undefined when the chain is valid. */
export function coreChainValidator(core: () => Pick<CoreQueryFunctions, 'validateDescription'>): (chain: ChainDescription) => string | undefined {
  return (chain) => validationText(core().validateDescription(chain));
}

function validationText(r: ReturnType<CoreQueryFunctions['validateDescription']>): string | undefined {
  if (r.ok) return undefined;
  return r.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

function safeRows(text: string) {
  try {
    return parseRows(text);
  } catch {
    return undefined;
  }
}

function abortError(): Error {
  const e = new Error(l10n.t('The request was cancelled.'));
  e.name = 'AbortError';
  return e;
}

/** Any failure as the protocol's SerializedError. */
export function serializeError(e: unknown, status?: number): SerializedError {
  const f = errorFields(e, status);
  const name = e instanceof Error ? e.name : e && typeof e === 'object' && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : 'Error';
  return {
    name,
    message: f.message,
    ...(f.code ? { code: f.code } : {}),
    ...(f.details ? { details: f.details } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
    ...(f.status !== undefined ? { status: f.status } : {}),
  };
}

/** Reads a PostgREST error body (JSON or text) into a SerializedError. */
export function errorFromBody(status: number, statusText: string, text: string): SerializedError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  // PostgREST's error JSON has a non-empty `code` and a `message`; anything else (a proxy's HTML
  // page, the gateway's "Invalid API key", an empty body) is an HTTP error, as in the core.
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const b = body as { code?: unknown; message?: unknown };
    const postgrest = typeof b.code === 'string' && b.code !== '' && typeof b.message === 'string';
    return { ...serializeError(body, status), name: postgrest ? 'PostgrestError' : 'HttpError', status };
  }
  const message = typeof body === 'string' && body.trim() ? body.trim().slice(0, 10_000) : `${status} ${statusText}`.trim();
  return { name: 'HttpError', message, status };
}

/** Tables that `relation` can embed: the ones its FKs point to and the ones pointing at it. */
export function relationsOf(model: SchemaModel, relation: RelationModel): string[] {
  const out = new Set<string>();
  for (const c of relation.columns) if (c.foreignKey && !c.foreignKey.schema) out.add(c.foreignKey.table);
  for (const r of model.relations) {
    if (r.name === relation.name) continue;
    if (r.columns.some((c) => c.foreignKey?.table === relation.name && !c.foreignKey.schema)) out.add(r.name);
  }
  return [...out].sort();
}

/** The panel's description of a target from the schema model (or an "unknown" one). */
export function describeTarget(target: PanelTarget, model: SchemaModel | undefined, why?: string): TargetInfo {
  const unknown = (note: string): TargetInfo => ({
    kind: target.kind,
    schema: target.schema,
    name: target.name,
    columns: [],
    primaryKey: [],
    relations: [],
    known: false,
    note,
  });
  if (!model) return unknown(why ?? l10n.t('The columns are unknown.'));
  if (target.kind === 'function') {
    const fn = model.functions.find((f) => f.name === target.name);
    if (!fn) return unknown(l10n.t('No function "{0}" is exposed in schema "{1}".', target.name, target.schema));
    return {
      kind: 'function',
      schema: target.schema,
      name: fn.name,
      columns: [],
      primaryKey: [],
      relations: [],
      params: fn.params.map((p) => ({ name: p.name, type: p.type, required: p.required })),
      known: true,
    };
  }
  const relation = model.relations.find((r) => r.name === target.name);
  if (!relation) return unknown(l10n.t('No table or view "{0}" is exposed in schema "{1}".', target.name, target.schema));
  const info: TargetInfo = {
    kind: relation.kind,
    schema: target.schema,
    name: relation.name,
    columns: relation.columns.map((c) => ({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      hasDefault: c.default !== undefined,
      primaryKey: c.isPrimaryKey,
      ...(c.foreignKey ? { references: { table: c.foreignKey.table, column: c.foreignKey.column } } : {}),
    })),
    primaryKey: relation.columns.filter((c) => c.isPrimaryKey).map((c) => c.name),
    relations: relationsOf(model, relation),
    known: true,
  };
  return info;
}

/** A QueryRunner for one connection. */
export function createCoreQueryRunner(deps: CoreQueryRunnerDeps, connectionId: string): QueryRunner {
  return {
    async run(chain: ChainDescription, runAs: PanelRunAs, signal: AbortSignal): Promise<RunOutcome> {
      if (signal.aborted) throw abortError();
      let connection;
      try {
        connection = deps.store.require(connectionId);
        const write = chainWriteKind(chain);
        if (write && connection.readOnly) {
          throw new ReadOnlyError(l10n.t('"{0}" is in read-only mode, so it cannot {1}.', connection.name, writeKindPhrase(write)));
        }
      } catch (e) {
        return { ok: false, error: { ...serializeError(e), ...(e instanceof ReadOnlyError ? { code: 'READ_ONLY' } : {}) } };
      }
      let core;
      try {
        core = deps.core();
        // The webview's chain passed the protocol schema; the core's checks run here too, so no
        // caller of the runner can send what the core refuses (e.g. a delete without a filter).
        const invalid = validationText(core.validateDescription(chain));
        if (invalid) return { ok: false, error: { name: 'InvalidQueryError', message: l10n.t('The query was refused: {0}', invalid), code: 'INVALID_CHAIN' } };
      } catch (e) {
        return { ok: false, error: serializeError(e) };
      }
      let client;
      try {
        ({ client } = await deps.clients.get(connectionId, runAs));
      } catch (e) {
        return { ok: false, error: serializeError(e) };
      }
      try {
        const builder = client.rest.fromDescription(chain).abortSignal(signal);
        const req = builder.toRequest();
        const res = await builder.stream();
        const contentRange = res.response.header('content-range') ?? null;
        const text = req.method === 'HEAD' ? (await res.response.dump(), '') : await res.response.text();
        if (res.status >= 200 && res.status <= 299) {
          let body = text;
          if (req.maybeSingle && req.method === 'GET') {
            // maybeSingle(): PostgREST answers an array; 0 rows → null, 1 → the row, more → the core's error.
            const rows = safeRows(text);
            if (rows && rows.rows.length > 1) {
              const r = core.interpretResponse(
                { method: req.method, accept: req.headers.accept, prefer: req.headers.prefer, maybeSingle: true },
                { status: res.status, statusText: res.statusText, contentRange, body: text },
              );
              if (r.error) return { ok: false, error: serializeError(r.error, r.status) };
            }
            if (rows) body = rows.rows.length === 0 ? 'null' : rowJson(rows.columns, rows.rows[0]!);
          }
          return {
            ok: true,
            response: { status: res.status, statusText: res.statusText, text: body, contentType: res.response.header('content-type') ?? null, contentRange },
          };
        }
        return { ok: false, error: errorFromBody(res.status, res.statusText, text) };
      } catch (e) {
        if (signal.aborted || isAbortError(e)) throw abortError();
        return { ok: false, error: serializeError(e) };
      }
    },

    async describe(target: PanelTarget, signal: AbortSignal): Promise<TargetInfo> {
      if (signal.aborted) throw abortError();
      const load = await deps.schemas.get(connectionId, target.schema);
      if (signal.aborted) throw abortError();
      if (!load.ok) {
        const why =
          load.reason === 'forbidden'
            ? l10n.t('Listing columns needs the secret (service_role) key; the query still runs.')
            : l10n.t('The schema could not be loaded: {0}', load.error.message);
        return describeTarget(target, undefined, why);
      }
      return describeTarget(target, load.model);
    },
  };
}


export interface CoreCodeGeneratorDeps {
  store: Pick<ConnectionStore, 'require' | 'getKey'>;
  core: () => Pick<CoreQueryFunctions, 'generateCode'>;
}

/**
 * Copy as code for one connection, with the core's generators. supabase-js and supabase-py show
 * the chain as client code; curl is the request the core sends for the chain to the connection's
 * URL, its API key shown as `$SUPABASE_KEY` (never the key itself). curl uses the key of the
 * connection's default role; the connection is read at each call, so URL/key changes apply.
 */
export function createCoreCodeGenerator(deps: CoreCodeGeneratorDeps, connectionId: string): CodeGenerator {
  return {
    async generate(chain: ChainDescription, lang: CodeLang): Promise<string> {
      const connection = deps.store.require(connectionId);
      let key = '';
      if (lang === 'curl') {
        const role = resolveRole(connection);
        if (role === 'user') throw new UserError(l10n.t('curl is generated with an API key, not a user session.'));
        key = (await deps.store.getKey(connectionId, role)) ?? '';
        if (!key) throw new UserError(l10n.t('The API key of "{0}" is missing from secret storage. Set it again with "Set API Key…".', connection.name));
      }
      return deps.core().generateCode(lang, chain, { url: connection.url, key });
    },
  };
}
