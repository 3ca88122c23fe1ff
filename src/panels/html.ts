/**
 * The HTML shell of every webview: a strict CSP with a fresh nonce per render, one script and one
 * stylesheet from `dist/webview`, nothing inline. Data never goes into this HTML: the webview
 * receives it through messages and renders it with `textContent`.
 */
import * as vscode from 'vscode';
import { buildHtml, contentSecurityPolicy, makeNonce } from './htmlShell';

/** The roots a webview may load from: the built bundles and `media/`. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri), retainContextWhenHidden: false };
}

/** Renders the shell for `dist/webview/<name>.js` (+ `<name>.css`). */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, name: string, title: string): string {
  const nonce = makeNonce();
  const base = vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(base, `${name}.js`)).toString();
  const style = webview.asWebviewUri(vscode.Uri.joinPath(base, `${name}.css`)).toString();
  return buildHtml({ csp: contentSecurityPolicy(webview.cspSource, nonce), nonce, script, style, title });
}

