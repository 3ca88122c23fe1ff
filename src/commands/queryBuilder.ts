/**
 * Connects the query builder panel (src/panels) to the host: each panel gets, for its connection,
 * the QueryRunner and copy-as-code generator over the core, the core's chain validation, the
 * read-only flag and keys, and the settings. The core functions come from `loadCore()` on first
 * use (dist/core.js stays lazily loaded). The serializer restores panels after a window reload.
 */
import type * as vscode from 'vscode';
import { coreChainValidator, createCoreCodeGenerator, createCoreQueryRunner } from '../connections/coreQueryRunner';
import { loadCore } from '../connections/loadCore';
import type { HostContext, PanelOpener } from '../hostContext';
import { QueryBuilderPanel, registerQueryBuilderSerializer, type QueryBuilderPanelDeps } from '../panels/QueryBuilderPanel';

export function queryBuilderDeps(host: HostContext, core: typeof loadCore = loadCore): QueryBuilderPanelDeps {
  const log = host.log.scope('queryBuilder');
  return {
    extensionUri: host.extension.extensionUri,
    log,
    connection: (connectionId) => {
      const c = host.connections.get(connectionId);
      if (!c) return undefined;
      return {
        name: c.name,
        runner: createCoreQueryRunner({ store: host.connections, clients: host.clients, schemas: host.schemas, core }, connectionId),
        codegen: createCoreCodeGenerator({ store: host.connections, core }, connectionId),
        // The core's semantic checks on every chain from the webview (after the protocol schema).
        validate: coreChainValidator(core),
        // Read on every request: toggling read-only applies to open panels at once.
        readOnly: () => host.connections.get(connectionId)?.readOnly ?? true,
        serviceRoleAvailable: () => Boolean(host.connections.get(connectionId)?.keys.service_role),
        // A connection saved with only its secret key starts the panel on service_role.
        anonAvailable: () => Boolean(host.connections.get(connectionId)?.keys.anon),
        runAs: () => {
          const role = host.connections.get(connectionId)?.runAs;
          return role === 'service_role' ? 'service_role' : 'anon';
        },
        currentName: () => host.connections.get(connectionId)?.name ?? c.name,
      };
    },
    settings: () => ({ pageSize: host.config.pageSize, exportRowCap: host.config.exportMaxRows, exportPageSize: host.config.exportPageSize }),
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
        // Close the panels of removed connections; tell the others what changed (read-only
        // toggled, keys or run-as role switched, renamed).
        for (const p of QueryBuilderPanel.all()) {
          if (!host.connections.get(p.target.connectionId)) p.dispose();
          else p.connectionChanged();
        }
      }),
    ],
  };
}
