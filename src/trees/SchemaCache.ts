/**
 * The OpenAPI-derived schema of each (connection, schema), loaded once and kept until refreshed.
 * vscode-free; the fetch and the parser are injected.
 */
import { errorFields, isNetworkError, type ServerErrorFields } from '../commands/errors';
import { l10n } from '../l10n';
import type { SchemaModel } from './schemaModel';

export type SchemaLoad =
  | { ok: true; model: SchemaModel; loadedAt: number }
  /** The key cannot read the admin-only OpenAPI root (anon/publishable; clarification 3). */
  | { ok: false; reason: 'forbidden'; error: ServerErrorFields }
  | { ok: false; reason: 'unreachable' | 'error'; error: ServerErrorFields };

export interface SchemaFetchResult {
  data: unknown;
  error: unknown;
  status?: number;
}

export interface SchemaCacheDeps {
  /** Fetches the OpenAPI document of one schema of one connection. */
  fetch(connectionId: string, schema: string): Promise<SchemaFetchResult>;
  /**
   * Asks for a relation in a schema that cannot exist, so PostgREST answers PGRST106 naming the
   * exposed schemas (works with any key). Optional: without it no discovery happens.
   */
  probeSchemas?(connectionId: string): Promise<SchemaFetchResult>;
  /** Turns the document into a model (parseOpenApi + toSchemaModel). */
  parse(schema: string, doc: unknown): SchemaModel;
  now?: () => number;
}

/** The schema name the probe asks for (PostgREST then lists the exposed ones). */
export const SCHEMA_PROBE = 'supabase_explorer_schema_probe';

/**
 * The exposed schemas named by a PGRST106 error: the hint "Only the following schemas are
 * exposed: a, b" (PostgREST ≥ 12) or the message "The schema must be one of the following: a, b".
 */
export function parseExposedSchemas(error: unknown): string[] | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { code?: unknown; message?: unknown; hint?: unknown };
  for (const text of [e.hint, e.message]) {
    if (typeof text !== 'string') continue;
    const m = /(?:schemas are exposed|must be one of the following):\s*(.+)$/i.exec(text.trim());
    if (m) {
      const list = m[1]
        .split(',')
        .map((x) => x.trim().replace(/\.$/, ''))
        .filter((x) => x.length > 0);
      if (list.length > 0) return list;
    }
  }
  return undefined;
}

export class SchemaCache {
  private readonly entries = new Map<string, Promise<SchemaLoad>>();
  private readonly exposed = new Map<string, Promise<string[] | undefined>>();

  constructor(private readonly deps: SchemaCacheDeps) {}

  private key(connectionId: string, schema: string): string {
    return `${connectionId}\u0000${schema}`;
  }

  /** The cached load, or a new one. Never rejects: failures are a SchemaLoad with ok false. */
  get(connectionId: string, schema: string): Promise<SchemaLoad> {
    const k = this.key(connectionId, schema);
    let entry = this.entries.get(k);
    if (!entry) {
      entry = this.load(connectionId, schema);
      this.entries.set(k, entry);
      // Failures are not cached: the next expand retries.
      void entry.then((r) => {
        if (!r.ok && this.entries.get(k) === entry) this.entries.delete(k);
      });
    }
    return entry;
  }

  /**
   * The schemas the project exposes, discovered once per connection through the PGRST106 probe;
   * undefined when the server does not say (then the caller falls back to settings / `public`).
   */
  exposedSchemas(connectionId: string): Promise<string[] | undefined> {
    const probe = this.deps.probeSchemas;
    if (!probe) return Promise.resolve(undefined);
    let entry = this.exposed.get(connectionId);
    if (!entry) {
      entry = probe(connectionId).then(
        (r) => (r.error ? parseExposedSchemas(r.error) : undefined),
        () => undefined,
      );
      this.exposed.set(connectionId, entry);
      void entry.then((list) => {
        if (!list && this.exposed.get(connectionId) === entry) this.exposed.delete(connectionId);
      });
    }
    return entry;
  }

  /** The model if already loaded successfully (no request). */
  async peek(connectionId: string, schema: string): Promise<SchemaModel | undefined> {
    const entry = this.entries.get(this.key(connectionId, schema));
    if (!entry) return undefined;
    const r = await entry;
    return r.ok ? r.model : undefined;
  }

  private async load(connectionId: string, schema: string): Promise<SchemaLoad> {
    let res: SchemaFetchResult;
    try {
      res = await this.deps.fetch(connectionId, schema);
    } catch (e) {
      return { ok: false, reason: isNetworkError(e) ? 'unreachable' : 'error', error: errorFields(e) };
    }
    if (res.error) {
      const error = errorFields(res.error, res.status);
      if (error.status === 403 || error.status === 401) return { ok: false, reason: 'forbidden', error };
      return { ok: false, reason: isNetworkError(res.error, res.status) ? 'unreachable' : 'error', error };
    }
    try {
      return { ok: true, model: this.deps.parse(schema, res.data), loadedAt: (this.deps.now ?? Date.now)() };
    } catch (e) {
      return { ok: false, reason: 'error', error: { message: l10n.t('The OpenAPI document could not be read: {0}', errorFields(e).message) } };
    }
  }

  /** Forgets one schema, every schema of a connection, or everything. */
  invalidate(connectionId?: string, schema?: string): void {
    if (connectionId === undefined) {
      this.entries.clear();
      this.exposed.clear();
      return;
    }
    if (schema === undefined) this.exposed.delete(connectionId);
    if (schema !== undefined) {
      this.entries.delete(this.key(connectionId, schema));
      return;
    }
    for (const k of [...this.entries.keys()]) if (k.startsWith(`${connectionId}\u0000`)) this.entries.delete(k);
  }
}
