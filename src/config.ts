/**
 * Typed reader of the extension's settings (and VS Code's proxy settings). Values are read on
 * each call, so changes apply without a reload.
 */
import * as vscode from 'vscode';
import { SETTINGS } from './commands/ids';
import type { ProxyInput } from './connections/proxy';

function clampInt(v: unknown, min: number, max: number, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.trunc(v))) : fallback;
}

export class Config {
  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration();
  }

  get pageSize(): number {
    return clampInt(this.cfg.get(SETTINGS.queryPageSize), 1, 10_000, 100);
  }

  get exportMaxRows(): number {
    return clampInt(this.cfg.get(SETTINGS.exportMaxRows), 1, Number.MAX_SAFE_INTEGER, 100_000);
  }

  get exportPageSize(): number {
    return clampInt(this.cfg.get(SETTINGS.exportPageSize), 1, 100_000, 1000);
  }

  get detectInWorkspace(): boolean {
    return this.cfg.get<boolean>(SETTINGS.detectInWorkspace) !== false;
  }

  get autoConnectDetected(): boolean {
    return this.cfg.get<boolean>(SETTINGS.autoConnectDetected) === true;
  }

  /** Schemas to show when a connection does not name its own. */
  get schemas(): string[] {
    const v = this.cfg.get<unknown>(SETTINGS.tablesSchemas);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim().length > 0) : [];
  }

  get requestTimeoutMs(): number {
    return clampInt(this.cfg.get(SETTINGS.requestTimeoutSeconds), 1, 3600, 30) * 1000;
  }

  /** Proxy settings: VS Code's `http.proxy` / `http.noProxy` and the environment's. */
  get proxy(): ProxyInput {
    const http = vscode.workspace.getConfiguration('http');
    const env = process.env;
    const noProxyEnv = (env.NO_PROXY ?? env.no_proxy ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const httpProxy = http.get<string>('proxy')?.trim();
    const support = http.get<string>('proxySupport');
    const authorization = http.get<string | null>('proxyAuthorization')?.trim();
    return {
      ...(httpProxy ? { httpProxy } : {}),
      ...(support === 'off' || support === 'on' || support === 'override' || support === 'fallback' ? { support } : {}),
      ...(http.get<boolean>('proxyStrictSSL') === false ? { strictSSL: false } : {}),
      ...(authorization ? { authorization } : {}),
      noProxy: [...(http.get<string[]>('noProxy') ?? []), ...noProxyEnv],
      envProxy: Boolean(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy),
    };
  }

  /** Fires when one of our settings or the proxy settings change. */
  onDidChange(listener: (e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('supabaseExplorer') || e.affectsConfiguration('http')) listener(e);
    });
  }
}
