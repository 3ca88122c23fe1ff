/**
 * The dependency bag every registrar receives. Built once in `activate()`; holds no logic.
 */
import type * as vscode from 'vscode';
import type { Config } from './config';
import type { ClientPool } from './connections/ClientPool';
import type { ConnectionStore } from './connections/ConnectionStore';
import type { Logger } from './log';
import type { TablesNode } from './trees/nodes';
import type { SchemaCache } from './trees/SchemaCache';
import type { TreeProvider } from './trees/TreeProvider';

/** What a query builder panel opens on (same shape as `PanelTarget` in src/protocol/queryBuilder). */
export interface QueryBuilderTarget {
  connectionId: string;
  schema: string;
  kind: 'table' | 'view' | 'function';
  name: string;
}

/**
 * Opens panels. The query builder (src/panels, branch `webview`) plugs in here through
 * `setPanelOpener`; until it does, opening one explains that it is not available.
 */
export interface PanelOpener {
  openQueryBuilder(target: QueryBuilderTarget): void | Promise<void>;
}

export interface HostContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: Logger;
  readonly config: Config;
  readonly connections: ConnectionStore;
  readonly clients: ClientPool;
  readonly schemas: SchemaCache;
  readonly tablesTree: TreeProvider<TablesNode>;
  readonly tablesView: vscode.TreeView<TablesNode>;
  panels: PanelOpener;
}
