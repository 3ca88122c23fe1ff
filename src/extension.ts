/**
 * Activation: build the HostContext, register the tree, commands and status bar, then (after
 * activation returns) look for projects in the workspace. Nothing heavy happens here: the client
 * core is a separate bundle loaded on the first request.
 */
import * as vscode from 'vscode';
import { registerAllCommands } from './commands/index';
import { registerQueryBuilder } from './commands/queryBuilder';
import { runDetection } from './commands/connections';
import { CONTEXT_KEYS, VIEWS } from './commands/ids';
import { Config } from './config';
import { ClientPool, listingRole } from './connections/ClientPool';
import { ConnectionStore } from './connections/ConnectionStore';
import { loadCore } from './connections/loadCore';
import { createStatusBar } from './connections/statusBar';
import type { HostContext, PanelOpener } from './hostContext';
import { createLogger } from './log';
import { nodeId, parentIdOf, type TablesNode } from './trees/nodes';
import { renderNode, type Translate } from './trees/render';
import { SchemaCache } from './trees/SchemaCache';
import { toSchemaModel } from './trees/schemaModel';
import { TablesLoader } from './trees/tables';
import { TreeProvider } from './trees/TreeProvider';
import { formatError } from './commands/errors';
import { proxyFor } from './connections/proxy';
// Pure and dependency-free: bundled into the host (the rest of the core is loaded lazily).
import { parseOpenApi } from './core/database/openapi';

/** What `activate` returns: used by the integrator (panels) and by tests inside the host. */
export interface SupabaseExplorerApi {
  readonly host: HostContext;
  /** Plugs in the query builder (src/panels) behind `supabaseExplorer.tables.openQueryBuilder`. */
  setPanelOpener(opener: PanelOpener): void;
  /** Resolves when the start-up detection (and auto-connect) has finished. */
  readonly ready: Promise<void>;
}

const t: Translate = (message, ...args) => vscode.l10n.t(message, ...args);

export function activate(context: vscode.ExtensionContext): SupabaseExplorerApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Supabase Explorer', { log: true });
  const log = createLogger(channel);
  const config = new Config();
  const connections = new ConnectionStore(context.globalState, context.secrets);
  const clients = new ClientPool({
    store: connections,
    loadCore,
    clientOptions: (connection) => ({
      db: { timeout: config.requestTimeoutMs },
      transport: proxyFor(connection.url, config.proxy),
    }),
    onKey: (key) => log.registerSecret(key),
  });
  const schemas = new SchemaCache({
    fetch: async (connectionId, schema) => {
      const connection = connections.require(connectionId);
      const { client, role } = await clients.get(connectionId, listingRole(connection));
      log.scope('tables').debug(`GET /rest/v1/ for "${connection.name}" schema ${schema} as ${role}`);
      const res = await client.schema(schema).getOpenApiSpec();
      return { data: res.data, error: res.error, status: res.status };
    },
    parse: (schema, doc) => {
      const parsed = parseOpenApi(doc);
      if (parsed.issues.length > 0) log.scope('tables').debug(`OpenAPI of ${schema}: ${parsed.issues.length} issue(s), first: ${parsed.issues[0].path} ${parsed.issues[0].message}`);
      return toSchemaModel(schema, parsed);
    },
  });
  const loader = new TablesLoader({ store: connections, cache: schemas, defaultSchemas: () => config.schemas, t });
  const tablesTree = new TreeProvider<TablesNode>({
    children: (node) => loader.children(node),
    render: (node) => renderNode(node, t),
    idOf: nodeId,
    parentIdOf,
    log: log.scope('tables'),
    errorNode: (parent, error) => ({
      kind: 'message',
      parentId: parent ? nodeId(parent) : '',
      key: 'error',
      ...(parent && parent.kind !== 'message' ? { connectionId: parent.connectionId } : {}),
      tone: 'error',
      text: t('Could not load: {0} (click to retry)', formatError(error)),
      retry: true,
    }),
  });
  const tablesView = vscode.window.createTreeView(VIEWS.tables, { treeDataProvider: tablesTree, showCollapseAll: true });
  const host: HostContext = { extension: context, log, config, connections, clients, schemas, tablesTree, tablesView, panels: { openQueryBuilder: () => undefined } };
  const queryBuilder = registerQueryBuilder(host);
  host.panels = queryBuilder.opener;

  const syncContext = () =>
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasConnections, connections.list().length > 0);
  syncContext();
  context.subscriptions.push(
    channel,
    tablesTree,
    tablesView,
    ...registerAllCommands(host),
    ...queryBuilder.disposables,
    createStatusBar(connections),
    connections.onDidChange(syncContext),
    config.onDidChange((e) => {
      if (e.affectsConfiguration('http') || e.affectsConfiguration('supabaseExplorer.request')) clients.invalidate();
      if (e.affectsConfiguration('supabaseExplorer.tables')) tablesTree.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (config.detectInWorkspace) void runDetection(host, 'auto').catch((e) => log.error('detect after trust failed', e));
    }),
  );
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms; ${connections.list().length} saved project(s)`);

  // Detection reads files and may make requests: after activation, never inside it.
  const ready = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    if (!config.detectInWorkspace) return;
    try {
      await runDetection(host, 'auto');
    } catch (e) {
      log.error('workspace detection failed', e);
    }
  });

  return {
    host,
    ready,
    setPanelOpener: (opener) => {
      host.panels = opener;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
