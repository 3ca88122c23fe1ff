/**
 * The pure part of the webview HTML shell (no `vscode`): CSP, nonce and markup.
 */
import { randomBytes } from 'node:crypto';

export function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
  ].join('; ');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Pure part of the shell, unit-testable. */
export function buildHtml(p: { csp: string; nonce: string; script: string; style: string; title: string }): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(p.csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttr(p.style)}">
<title>${escapeAttr(p.title)}</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${escapeAttr(p.nonce)}" src="${escapeAttr(p.script)}"></script>
</body>
</html>`;
}
