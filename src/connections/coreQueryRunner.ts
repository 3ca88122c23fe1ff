/**
 * The query builder's QueryRunner over the client core: runs a chain description as a role and
 * hands back the raw answer (the panel parses it losslessly), and describes a target from the
 * cached OpenAPI schema. vscode-free.
 */
import type { ChainDescription } from '../core/database/chain';
import type { PanelTarget, RunAs as PanelRunAs, TargetInfo } from '../protocol/queryBuilder';
import type { SerializedError } from '../protocol/envelope';
import type { QueryRunner, RunOutcome } from '../panels/QueryRunner';
import { errorFields, isAbortError } from '../commands/errors';
import type { SchemaCache } from '../trees/SchemaCache';
import type { RelationModel, SchemaModel } from '../trees/schemaModel';
import type { ClientPool } from './ClientPool';
import type { ConnectionStore } from './ConnectionStore';
import { chainWriteKind, ReadOnlyError } from './readOnly';

export interface CoreQueryRunnerDeps {
  store: Pick<ConnectionStore, 'require'>;
  clients: Pick<ClientPool, 'get'>;
  schemas: Pick<SchemaCache, 'get'>;
}

function abortError(): Error {
  const e = new Error('The request was cancelled.');
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
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    return { ...serializeError(body, status), name: 'PostgrestError', status };
  }
  const message = typeof body === 'string' && body.trim() ? body.trim().slice(0, 10_000) : `${status} ${statusText}`.trim();
  return { name: 'PostgrestError', message, status };
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
  if (!model) return unknown(why ?? 'The columns are unknown.');
  if (target.kind === 'function') {
    const fn = model.functions.find((f) => f.name === target.name);
    if (!fn) return unknown(`No function "${target.name}" is exposed in schema "${target.schema}".`);
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
  if (!relation) return unknown(`No table or view "${target.name}" is exposed in schema "${target.schema}".`);
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
          throw new ReadOnlyError(`"${connection.name}" is in read-only mode, so it cannot ${write}.`);
        }
      } catch (e) {
        return { ok: false, error: { ...serializeError(e), ...(e instanceof ReadOnlyError ? { code: 'READ_ONLY' } : {}) } };
      }
      let client;
      try {
        ({ client } = await deps.clients.get(connectionId, runAs));
      } catch (e) {
        return { ok: false, error: serializeError(e) };
      }
      try {
        const builder = client.rest.fromDescription(chain).abortSignal(signal);
        const res = await builder.stream();
        const text = await res.response.text();
        if (res.status >= 200 && res.status <= 299) {
          return {
            ok: true,
            response: {
              status: res.status,
              statusText: res.statusText,
              text,
              contentType: res.response.header('content-type') ?? null,
              contentRange: res.response.header('content-range') ?? null,
            },
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
            ? 'Listing columns needs the secret (service_role) key; the query still runs.'
            : `The schema could not be loaded: ${load.error.message}`;
        return describeTarget(target, undefined, why);
      }
      return describeTarget(target, load.model);
    },
  };
}

