/**
 * Builds the Tables view: the schema cache (OpenAPI through the core, parsed in the host), the
 * loader, the generic tree provider and the TreeView.
 */
import * as vscode from 'vscode';
import { formatError } from '../commands/errors';
import { VIEWS } from '../commands/ids';
import type { Config } from '../config';
import { listingRole, type ClientPool } from '../connections/ClientPool';
import type { ConnectionStore } from '../connections/ConnectionStore';
// Pure and dependency-free: bundled into the host (the rest of the core is loaded lazily).
import { parseOpenApi } from '../core/database/openapi';
import type { Logger } from '../log';
import { nodeId, parentIdOf, type TablesNode } from './nodes';
import { renderNode } from './render';
import { SCHEMA_PROBE, SchemaCache } from './SchemaCache';
import { toSchemaModel } from './schemaModel';
import { TablesLoader } from './tables';
import { TreeProvider } from './TreeProvider';

export interface TablesViewDeps {
  connections: ConnectionStore;
  clients: ClientPool;
  config: Config;
  log: Logger;
}

export function createTablesView(deps: TablesViewDeps): {
  schemas: SchemaCache;
  tablesTree: TreeProvider<TablesNode>;
  tablesView: vscode.TreeView<TablesNode>;
} {
  const { connections, clients, config } = deps;
  const log = deps.log.scope('tables');
  const schemas = new SchemaCache({
    fetch: async (connectionId, schema) => {
      const connection = connections.require(connectionId);
      const { client, role } = await clients.get(connectionId, listingRole(connection));
      log.debug(`GET /rest/v1/ for "${connection.name}" schema ${schema} as ${role}`);
      const res = await client.schema(schema).getOpenApiSpec();
      return { data: res.data, error: res.error, status: res.status };
    },
    probeSchemas: async (connectionId) => {
      const { client } = await clients.get(connectionId);
      const res = await client.schema(SCHEMA_PROBE).from(SCHEMA_PROBE).select('*').limit(1);
      return { data: null, error: res.error, status: res.status };
    },
    parse: (schema, doc) => {
      const parsed = parseOpenApi(doc);
      if (parsed.issues.length > 0) {
        log.debug(`OpenAPI of ${schema}: ${parsed.issues.length} issue(s), first: ${parsed.issues[0].path} ${parsed.issues[0].message}`);
      }
      return toSchemaModel(schema, parsed);
    },
  });
  const loader = new TablesLoader({ store: connections, cache: schemas, defaultSchemas: () => config.schemas });
  const tablesTree = new TreeProvider<TablesNode>({
    children: (node) => loader.children(node),
    render: (node) => renderNode(node),
    idOf: nodeId,
    parentIdOf,
    log,
    errorNode: (parent, error) => ({
      kind: 'message',
      parentId: parent ? nodeId(parent) : '',
      key: 'error',
      ...(parent && parent.kind !== 'message' ? { connectionId: parent.connectionId } : {}),
      tone: 'error',
      text: vscode.l10n.t('Could not load: {0} (click to retry)', formatError(error)),
      retry: true,
    }),
  });
  const tablesView = vscode.window.createTreeView(VIEWS.tables, { treeDataProvider: tablesTree, showCollapseAll: true });
  return { schemas, tablesTree, tablesView };
}
