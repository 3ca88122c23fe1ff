/**
 * Activation: build the HostContext, register the tree, commands and status bar, then (after
 * activation returns) look for projects in the workspace. Nothing heavy happens here: the client
 * core is a separate bundle loaded on the first request.
 */
import * as vscode from 'vscode';
import { registerAllCommands } from './commands/index';
import { registerQueryBuilder } from './commands/queryBuilder';
import { runDetection } from './commands/connections';
import { CONTEXT_KEYS } from './commands/ids';
import { Config } from './config';
import { ClientPool } from './connections/ClientPool';
import { ConnectionStore } from './connections/ConnectionStore';
import { loadCore } from './connections/loadCore';
import { createStatusBar } from './connections/statusBar';
import type { HostContext, PanelOpener } from './hostContext';
import { setTranslator } from './l10n';
import { createLogger } from './log';
import { createTablesView } from './trees/tablesView';
import { proxyFor } from './connections/proxy';

/** What `activate` returns: used by the integrator (panels) and by tests inside the host. */
export interface SupabaseExplorerApi {
  readonly host: HostContext;
  /** Plugs in the query builder (src/panels) behind `supabaseExplorer.tables.openQueryBuilder`. */
  setPanelOpener(opener: PanelOpener): void;
  /** Resolves when the start-up detection (and auto-connect) has finished. */
  readonly ready: Promise<void>;
  /** How long `activate()` took, in ms (for `npm run bench` and the host tests). */
  readonly activationMs: number;
}

export function activate(context: vscode.ExtensionContext): SupabaseExplorerApi {
  const started = performance.now();
  // Messages of the vscode-free modules (src/l10n.ts) are translated by VS Code from here on.
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  const channel = vscode.window.createOutputChannel('Supabase Explorer', { log: true });
  const log = createLogger(channel);
  const config = new Config();
  const connections = new ConnectionStore(context.globalState, context.secrets);
  const clients = new ClientPool({
    store: connections,
    loadCore,
    clientOptions: (connection) => {
      const proxy = config.proxy;
      // The proxy credential is a secret like the keys: the log never shows it.
      if (proxy.authorization) {
        log.registerSecret(proxy.authorization);
        log.registerSecret(proxy.authorization.replace(/^\S+\s+/, ''));
      }
      return { db: { timeout: config.requestTimeoutMs }, transport: proxyFor(connection.url, proxy) };
    },
    onKey: (key) => log.registerSecret(key),
  });
  const { schemas, tablesTree, tablesView } = createTablesView({ connections, clients, config, log });
  const host: HostContext = { extension: context, log, config, connections, clients, schemas, tablesTree, tablesView, panels: { openQueryBuilder: () => undefined } };

  const syncContext = () =>
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasConnections, connections.list().length > 0);
  syncContext();
  context.subscriptions.push(
    channel,
    clients,
    tablesTree,
    tablesView,
    ...registerAllCommands(host),
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
  // The query builder (src/panels) comes after the commands, so a failure there cannot leave
  // the contributed commands unregistered.
  try {
    const queryBuilder = registerQueryBuilder(host);
    host.panels = queryBuilder.opener;
    context.subscriptions.push(...queryBuilder.disposables);
  } catch (e) {
    log.error('the query builder could not be set up', e);
  }
  const activationMs = performance.now() - started;
  log.info(`activated in ${activationMs.toFixed(1)} ms; ${connections.list().length} saved project(s)`);

  // A .env or supabase/config.toml created or changed later (e.g. after `supabase init`) is
  // offered like one found at start-up; bursts of file events make one detection.
  let detectTimer: NodeJS.Timeout | undefined;
  let detecting: Promise<void> | undefined;
  let detectAgain = false;
  const watcher = vscode.workspace.createFileSystemWatcher('{**/supabase/config.toml,**/.env,**/.env.*}', false, false, true);
  const redetect = () => {
    if (!config.detectInWorkspace || !vscode.workspace.isTrusted) return;
    if (detectTimer) clearTimeout(detectTimer);
    detectTimer = setTimeout(() => {
      detectTimer = undefined;
      // One detection at a time: a change during a run (its question may wait for the user)
      // makes one more run after it.
      if (detecting) {
        detectAgain = true;
        return;
      }
      const run = (): Promise<void> =>
        runDetection(host, 'auto')
          .then(() => undefined, (e) => log.error('detect after a file change failed', e))
          .then(() => {
            if (!detectAgain) return;
            detectAgain = false;
            return run();
          });
      detecting = run().finally(() => {
        detecting = undefined;
      });
    }, 750);
  };
  context.subscriptions.push(watcher, watcher.onDidCreate(redetect), watcher.onDidChange(redetect), {
    dispose: () => detectTimer && clearTimeout(detectTimer),
  });

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
    activationMs,
    setPanelOpener: (opener) => {
      host.panels = opener;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
