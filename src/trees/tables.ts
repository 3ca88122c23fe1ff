/**
 * Children of the Tables view: connection › schema › relation › column, and schema › Functions ›
 * function › parameter. vscode-free: reads the ConnectionStore and the SchemaCache.
 */
import { COMMANDS } from '../commands/ids';
import { formatError } from '../commands/errors';
import type { ConnectionMeta, ConnectionStore } from '../connections/ConnectionStore';
import type { TablesNode, MessageNode, SchemaNode } from './nodes';
import { connectionId as connectionNodeId, functionsId, nodeId, schemaId } from './nodes';
import { l10n } from '../l10n';
import type { SchemaCache } from './SchemaCache';

export interface TablesLoaderDeps {
  store: Pick<ConnectionStore, 'list' | 'get' | 'active'>;
  cache: Pick<SchemaCache, 'get' | 'exposedSchemas'>;
  /** Schemas to show when the connection names none (settings, else `['public']`). */
  defaultSchemas: () => string[];
}

/** The schemas to list: the connection's own, else the settings', else the discovered ones, else `public`. */
export function schemasOf(connection: ConnectionMeta, defaults: string[], discovered?: string[]): string[] {
  const list =
    connection.schemas && connection.schemas.length > 0
      ? connection.schemas
      : defaults.length > 0
        ? defaults
        : discovered && discovered.length > 0
          ? discovered
          : ['public'];
  return [...new Set(list)];
}

export class TablesLoader {
  constructor(private readonly deps: TablesLoaderDeps) {}

  async children(node?: TablesNode): Promise<TablesNode[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case 'connection': {
        const c = this.deps.store.get(node.connectionId);
        if (!c) return [];
        const defaults = this.deps.defaultSchemas();
        const own = (c.schemas?.length ?? 0) > 0 || defaults.length > 0;
        const discovered = own ? undefined : await this.deps.cache.exposedSchemas(c.id);
        return schemasOf(c, defaults, discovered).map((schema): SchemaNode => ({ kind: 'schema', connectionId: c.id, schema }));
      }
      case 'schema':
        return this.schemaChildren(node);
      case 'relation':
        if (node.relation.columns.length === 0) {
          return [this.message(nodeId(node), 'empty', l10n.t('No columns visible'), { connectionId: node.connectionId })];
        }
        return node.relation.columns.map((column) => ({
          kind: 'column',
          connectionId: node.connectionId,
          schema: node.schema,
          relationName: node.relation.name,
          column,
        }));
      case 'functions': {
        const c = this.deps.store.get(node.connectionId);
        const load = await this.deps.cache.get(node.connectionId, node.schema);
        if (!load.ok) return [this.failure(functionsId(node.connectionId, node.schema), node.connectionId, load.error)];
        return load.model.functions.map((fn) => ({
          kind: 'function',
          connectionId: node.connectionId,
          schema: node.schema,
          fn,
          readOnly: c?.readOnly ?? false,
        }));
      }
      case 'function':
        return node.fn.params.map((param) => ({
          kind: 'param',
          connectionId: node.connectionId,
          schema: node.schema,
          functionName: node.fn.name,
          param,
        }));
      default:
        return [];
    }
  }

  private roots(): TablesNode[] {
    const active = this.deps.store.active();
    return this.deps.store.list().map((c) => ({
      kind: 'connection',
      connectionId: c.id,
      name: c.name,
      url: c.url,
      roles: (['anon', 'service_role'] as const).filter((r) => c.keys[r]),
      readOnly: c.readOnly,
      active: c.id === active?.id,
      runAs: c.runAs,
    }));
  }

  private message(parentId: string, tone: MessageNode['tone'], text: string, extra: Partial<MessageNode> = {}): MessageNode {
    return { kind: 'message', parentId, key: extra.key ?? tone, tone, text, ...extra };
  }

  private failure(parentId: string, connectionId: string, error: { message: string; code?: string; status?: number; details?: string; hint?: string }): MessageNode {
    return this.message(parentId, 'error', l10n.t('Could not load: {0} (click to retry)', error.message), {
      connectionId,
      detail: formatError(error),
      retry: true,
    });
  }

  private async schemaChildren(node: SchemaNode): Promise<TablesNode[]> {
    const parent = schemaId(node.connectionId, node.schema);
    const c = this.deps.store.get(node.connectionId);
    if (!c) return [];
    const load = await this.deps.cache.get(node.connectionId, node.schema);
    if (!load.ok) {
      if (load.reason === 'forbidden') {
        return [
          this.message(parent, 'locked', l10n.t('Listing tables needs the secret (service_role) key'), {
            key: 'forbidden',
            connectionId: c.id,
            detail: l10n.t(
              'The project answers the schema listing (GET /rest/v1/) only for the secret or service_role key. With the anon/publishable key you can still open a table or function by name. Server said: {0}',
              formatError(load.error),
            ),
            action: { command: COMMANDS.connectionsSetKey, title: l10n.t('Set API Key…'), args: [{ kind: 'connection', connectionId: c.id }] },
          }),
          this.message(parent, 'info', l10n.t('Open a table or function by name…'), {
            key: 'openByName',
            connectionId: c.id,
            action: { command: COMMANDS.tablesOpenByName, title: l10n.t('Open by Name'), args: [node] },
          }),
        ];
      }
      if (load.reason === 'unreachable') {
        return [
          this.message(parent, 'error', l10n.t('Cannot reach {0} (click to retry)', c.url), {
            connectionId: c.id,
            detail: formatError(load.error),
            retry: true,
          }),
        ];
      }
      return [this.failure(parent, c.id, load.error)];
    }
    const { relations, functions } = load.model;
    if (relations.length === 0 && functions.length === 0) {
      return [
        this.message(parent, 'empty', l10n.t('No tables, views or functions exposed in "{0}"', node.schema), {
          connectionId: c.id,
          detail: l10n.t('The schema is empty, not exposed through the REST API, or the role has no privileges on it.'),
          retry: true,
        }),
      ];
    }
    const out: TablesNode[] = relations.map((relation) => ({
      kind: 'relation',
      connectionId: c.id,
      schema: node.schema,
      relation,
      readOnly: c.readOnly,
    }));
    if (functions.length > 0) out.push({ kind: 'functions', connectionId: c.id, schema: node.schema, count: functions.length });
    return out;
  }
}

/** The id of the connection node a node belongs to (for partial refreshes). */
export function connectionRootId(node: TablesNode): string | undefined {
  return node.kind === 'message' ? (node.connectionId ? connectionNodeId(node.connectionId) : undefined) : connectionNodeId(node.connectionId);
}
