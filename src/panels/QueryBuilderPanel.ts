/**
 * The query builder panel: one per table, view or function of a connection. Opened with
 * `QueryBuilderPanel.createOrShow(deps, target)`; restored after a window reload by the serializer
 * from `registerQueryBuilderSerializer(deps)`. No `retainContextWhenHidden`: the webview keeps its
 * chain in `setState` and re-runs it when shown again.
 */
import { open as openFile, rm } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { ChainDescription } from '../core/database/chain';
import { PROTOCOL_VERSION } from '../protocol/envelope';
import {
  parseQueryBuilderToHost,
  queryBuilderState,
  salvageRequestId,
  type ConnectionMessage,
  type InitMessage,
  type PanelConnection,
  type PanelTarget,
  type QueryBuilderReplies,
  type QueryBuilderToHost,
} from '../protocol/queryBuilder';
import { formatIssues } from '../protocol/schema';
import { renderWebviewHtml, webviewOptions } from './html';
import type { Logger } from './MessageRouter';
import { PanelHost } from './PanelHost';
import { createQueryBuilderHandlers } from './queryBuilderHandlers';
import type { CodeGenerator, ExportSink, PanelSettings, PanelUi, QueryRunner } from './QueryRunner';

export const QUERY_BUILDER_VIEW_TYPE = 'supabaseExplorer.queryBuilder';

/** What a panel needs to know about its connection. */
export interface QueryBuilderConnection {
  /** Display name of the connection. */
  name: string;
  runner: QueryRunner;
  readOnly(): boolean;
  serviceRoleAvailable(): boolean;
  /** False when the connection has no anon/publishable key (only a secret one). Default: true. */
  anonAvailable?(): boolean;
  /** The connection's chosen run-as role. Default: anon when available. */
  runAs?(): 'anon' | 'service_role';
  /** The current display name (renames apply to open panels). Default: `name`. */
  currentName?(): string;
  /** The core's `validateDescription()` (issues as text), when available. */
  validate?(chain: ChainDescription): string | undefined;
  /** Copy as code for this connection (curl needs its URL and key), when available. */
  codegen?: CodeGenerator;
}

export interface QueryBuilderPanelDeps {
  extensionUri: vscode.Uri;
  log: Logger;
  /** Looks a connection up by id; undefined when it no longer exists. */
  connection(connectionId: string): QueryBuilderConnection | undefined;
  settings(): PanelSettings;
}

type Host = PanelHost<QueryBuilderToHost, QueryBuilderReplies, InitMessage | ConnectionMessage>;

let openPanels: Map<string, QueryBuilderPanel> | undefined;

function keyOf(t: PanelTarget): string {
  return JSON.stringify([t.connectionId, t.schema, t.kind, t.name]);
}

export function panelTitle(t: PanelTarget): string {
  const name = t.schema === 'public' ? t.name : `${t.schema}.${t.name}`;
  return t.kind === 'function' ? `${name}()` : name;
}

export class QueryBuilderPanel implements vscode.Disposable {
  private readonly host: Host;

  /** Reveals the panel of `target` or opens a new one. */
  static createOrShow(deps: QueryBuilderPanelDeps, target: PanelTarget): QueryBuilderPanel | undefined {
    const existing = (openPanels ??= new Map()).get(keyOf(target));
    if (existing) {
      existing.host.panel.reveal();
      return existing;
    }
    const connection = deps.connection(target.connectionId);
    if (!connection) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The connection of this query builder no longer exists.'));
      return undefined;
    }
    const panel = vscode.window.createWebviewPanel(
      QUERY_BUILDER_VIEW_TYPE,
      panelTitle(target),
      vscode.ViewColumn.Active,
      webviewOptions(deps.extensionUri),
    );
    return new QueryBuilderPanel(deps, panel, target, connection);
  }

  /** Restores a panel after a reload (called by the serializer). */
  static revive(deps: QueryBuilderPanelDeps, panel: vscode.WebviewPanel, state: unknown): QueryBuilderPanel | undefined {
    const parsed = queryBuilderState.parse(state);
    if (!parsed.ok) {
      deps.log.warn(`query builder state not restorable: ${formatIssues(parsed.issues)}`);
      panel.dispose();
      return undefined;
    }
    const target = parsed.value.target;
    const connection = deps.connection(target.connectionId);
    if (!connection || (openPanels ??= new Map()).has(keyOf(target))) {
      deps.log.warn(`query builder of ${target.kind} "${target.name}" not restored: ${connection ? 'already open' : 'its connection no longer exists'}`);
      panel.dispose();
      return undefined;
    }
    panel.webview.options = webviewOptions(deps.extensionUri);
    deps.log.info(`query builder of ${target.kind} "${target.name}" restored`);
    return new QueryBuilderPanel(deps, panel, target, connection, parsed.value.chain);
  }

  /** Every open panel (for tests and for closing panels of a removed connection). */
  static all(): QueryBuilderPanel[] {
    return [...(openPanels?.values() ?? [])];
  }

  private constructor(
    private readonly deps: QueryBuilderPanelDeps,
    panel: vscode.WebviewPanel,
    readonly target: PanelTarget,
    private readonly connection: QueryBuilderConnection,
    restoredChain?: ChainDescription,
  ) {
    const key = keyOf(target);
    const handlers = createQueryBuilderHandlers({
      target,
      runner: connection.runner,
      ui: panelUi(),
      settings: deps.settings,
      readOnly: () => connection.readOnly(),
      serviceRoleAvailable: () => connection.serviceRoleAvailable(),
      ...(connection.codegen ? { codegen: connection.codegen } : {}),
      ...(connection.validate ? { validate: (c: ChainDescription) => connection.validate!(c) } : {}),
    });
    this.host = new PanelHost<QueryBuilderToHost, QueryBuilderReplies, InitMessage | ConnectionMessage>(panel, {
      parse: parseQueryBuilderToHost,
      salvageId: salvageRequestId,
      handlers,
      log: deps.log,
      onReady: () => {
        const init: InitMessage = {
          type: 'init',
          v: PROTOCOL_VERSION,
          target,
          connection: this.connectionInfo(),
          settings: deps.settings(),
        };
        this.lastConnection = JSON.stringify(init.connection);
        if (restoredChain) init.chain = restoredChain;
        if (vscode.l10n.bundle) init.l10n = vscode.l10n.bundle;
        this.host.send(init);
      },
    });
    panel.webview.html = renderWebviewHtml(panel.webview, deps.extensionUri, 'queryBuilder', panelTitle(target));
    openPanels ??= new Map();
    openPanels.set(key, this);
    this.host.onDidDispose(() => {
      if (openPanels?.get(key) === this) openPanels.delete(key);
    });
  }

  reveal(): void {
    this.host.panel.reveal();
  }

  private connectionInfo(): PanelConnection {
    const c = this.connection;
    const info: PanelConnection = {
      name: c.currentName?.() ?? c.name,
      readOnly: c.readOnly(),
      serviceRoleAvailable: c.serviceRoleAvailable(),
      anonAvailable: c.anonAvailable?.() ?? true,
    };
    const runAs = c.runAs?.();
    if (runAs) info.runAs = runAs;
    return info;
  }

  /** Tells the webview that its connection changed (read-only, keys, run-as role, name). */
  connectionChanged(): void {
    // The store fires for every change of any connection: send only what changed for this one.
    const info = this.connectionInfo();
    const text = JSON.stringify(info);
    if (text === this.lastConnection) return;
    this.lastConnection = text;
    this.host.send({ type: 'connection', connection: info });
  }

  private lastConnection: string | undefined;

  dispose(): void {
    this.host.panel.dispose();
  }
}

/** Registers the serializer that restores query builder panels after a reload. */
export function registerQueryBuilderSerializer(deps: QueryBuilderPanelDeps): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(QUERY_BUILDER_VIEW_TYPE, {
    deserializeWebviewPanel: async (panel, state: unknown) => {
      QueryBuilderPanel.revive(deps, panel, state);
    },
  });
}

function panelUi(): PanelUi {
  return {
    openJson: async (_title, text) => {
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: text });
      await vscode.window.showTextDocument(doc, { preview: false });
    },
    openExport: async (format, suggestedName) => {
      const base = vscode.workspace.workspaceFolders?.[0]?.uri;
      const uri = await vscode.window.showSaveDialog({
        ...(base ? { defaultUri: vscode.Uri.joinPath(base, suggestedName) } : {}),
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      });
      if (!uri) return undefined;
      return fileSink(uri);
    },
  };
}

async function fileSink(uri: vscode.Uri): Promise<ExportSink> {
  if (uri.scheme !== 'file') {
    // Remote/virtual file systems: collect, then write once through the workspace FS.
    const parts: string[] = [];
    return {
      destination: uri.toString(),
      write: async (chunk) => void parts.push(chunk),
      close: async () => vscode.workspace.fs.writeFile(uri, Buffer.from(parts.join(''), 'utf8')),
      abort: async () => void (parts.length = 0),
    };
  }
  const handle = await openFile(uri.fsPath, 'w');
  return {
    destination: uri.fsPath,
    write: async (chunk) => void (await handle.write(chunk, null, 'utf8')),
    close: async () => handle.close(),
    abort: async () => {
      await handle.close().catch(() => undefined);
      await rm(uri.fsPath, { force: true });
    },
  };
}
