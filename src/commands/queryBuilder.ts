/**
 * Connects the query builder panel (src/panels) to the host: each panel gets a QueryRunner over
 * the core for its connection, the connection's read-only flag and keys, and the settings. The
 * serializer restores panels after a window reload.
 */
import type * as vscode from 'vscode';
import { createCoreQueryRunner } from '../connections/coreQueryRunner';
import type { HostContext, PanelOpener } from '../hostContext';
import { QueryBuilderPanel, registerQueryBuilderSerializer, type QueryBuilderPanelDeps } from '../panels/QueryBuilderPanel';

export function queryBuilderDeps(host: HostContext): QueryBuilderPanelDeps {
  const log = host.log.scope('queryBuilder');
  return {
    extensionUri: host.extension.extensionUri,
    log,
    connection: (connectionId) => {
      const c = host.connections.get(connectionId);
      if (!c) return undefined;
      return {
        name: c.name,
        runner: createCoreQueryRunner({ store: host.connections, clients: host.clients, schemas: host.schemas }, connectionId),
        // Read on every request: toggling read-only applies to open panels at once.
        readOnly: () => host.connections.get(connectionId)?.readOnly ?? true,
        serviceRoleAvailable: () => Boolean(host.connections.get(connectionId)?.keys.service_role),
        // A connection saved with only its secret key starts the panel on service_role.
        anonAvailable: () => Boolean(host.connections.get(connectionId)?.keys.anon),
      };
    },
    settings: () => ({ pageSize: host.config.pageSize, exportRowCap: host.config.exportMaxRows }),
  };
}

/** The PanelOpener behind `supabaseExplorer.tables.openQueryBuilder`, plus the serializer. */
export function registerQueryBuilder(host: HostContext): { opener: PanelOpener; disposables: vscode.Disposable[] } {
  const deps = queryBuilderDeps(host);
  return {
    opener: {
      openQueryBuilder: (target) => {
        QueryBuilderPanel.createOrShow(deps, target);
      },
    },
    disposables: [
      registerQueryBuilderSerializer(deps),
      host.connections.onDidChange(() => {
        // Close the panels of removed connections.
        for (const p of QueryBuilderPanel.all()) if (!host.connections.get(p.target.connectionId)) p.dispose();
      }),
    ],
  };
}
