// The shape of what the extension's `activate()` returns, as far as these suites use it (kept
// structural so the suites compile on their own; the extension's SupabaseExplorerApi is the source).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'supabase-explorer.supabase-explorer';

export interface HostConnectionMeta {
  id: string;
  name: string;
  url: string;
  keys: Record<string, { format: string } | undefined>;
  source?: string;
}

export interface HostTreeNode {
  kind: string;
  connectionId?: string;
  schema?: string;
  relation?: { name: string };
  column?: { name: string };
  text?: string;
}

export interface ExplorerApi {
  ready: Promise<void>;
  host: {
    extension: vscode.ExtensionContext;
    connections: {
      list(): HostConnectionMeta[];
      getKey(id: string, role: string): Promise<string | undefined>;
    };
    tablesTree: {
      getChildren(node?: HostTreeNode): Promise<HostTreeNode[]>;
    };
  };
}

export async function explorerApi(): Promise<ExplorerApi> {
  const ext = vscode.extensions.getExtension<ExplorerApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this extension host`);
  const api = await ext.activate();
  assert.ok(api && typeof api === 'object' && 'host' in api, 'activate() returned no API');
  await api.ready;
  return api;
}

export async function readWorkspaceFile(rel: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, rel)));
  } catch {
    return undefined;
  }
}

export function envValue(env: string, name: string): string | undefined {
  const m = new RegExp(`^${name}=(.*)$`, 'm').exec(env);
  return m?.[1]?.trim();
}

/** Polls `fn` until it returns a value other than undefined. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
