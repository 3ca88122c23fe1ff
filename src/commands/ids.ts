/**
 * Every contributed command, view and setting id. A unit test diffs these against package.json,
 * and `commands/index.ts` maps every command id to a handler (a missing one does not compile).
 */

export const COMMANDS = {
  connectionsAdd: 'supabaseExplorer.connections.add',
  connectionsSwitch: 'supabaseExplorer.connections.switch',
  connectionsRename: 'supabaseExplorer.connections.rename',
  connectionsRemove: 'supabaseExplorer.connections.remove',
  connectionsRefresh: 'supabaseExplorer.connections.refresh',
  connectionsToggleReadOnly: 'supabaseExplorer.connections.toggleReadOnly',
  connectionsSetKey: 'supabaseExplorer.connections.setKey',
  connectionsSwitchRunAs: 'supabaseExplorer.connections.switchRunAs',
  connectionsDetect: 'supabaseExplorer.connections.detect',
  tablesOpenQueryBuilder: 'supabaseExplorer.tables.openQueryBuilder',
  tablesOpenByName: 'supabaseExplorer.tables.openByName',
  tablesInsertRows: 'supabaseExplorer.tables.insertRows',
  tablesExportRows: 'supabaseExplorer.tables.exportRows',
  tablesCallRpc: 'supabaseExplorer.tables.callRpc',
  tablesCopyTableName: 'supabaseExplorer.tables.copyTableName',
  tablesCopyRestUrl: 'supabaseExplorer.tables.copyRestUrl',
  tablesRetry: 'supabaseExplorer.tables.retry',
  logShow: 'supabaseExplorer.log.show',
} as const;

export type CommandKey = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandKey];

export const VIEWS = {
  container: 'supabaseExplorer',
  tables: 'supabaseExplorer.tables',
} as const;

export const SETTINGS = {
  queryPageSize: 'supabaseExplorer.query.pageSize',
  exportMaxRows: 'supabaseExplorer.export.maxRows',
  exportPageSize: 'supabaseExplorer.export.pageSize',
  detectInWorkspace: 'supabaseExplorer.connections.detectInWorkspace',
  autoConnectDetected: 'supabaseExplorer.connections.autoConnectDetected',
  tablesSchemas: 'supabaseExplorer.tables.schemas',
  requestTimeoutSeconds: 'supabaseExplorer.request.timeoutSeconds',
} as const;

/** Context keys set with `setContext`. */
export const CONTEXT_KEYS = {
  hasConnections: 'supabaseExplorer.hasConnections',
} as const;
