import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildHtml, contentSecurityPolicy, makeNonce } from '../../../src/panels/htmlShell';
import { isSafeAttributeName } from '../../../webview/shared/dom';

const ROOT = join(__dirname, '../../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(src: string): { typeOnly: boolean; from: string }[] {
  return [...src.matchAll(/^\s*import\s+(type\s+)?(?:[^;'"]*?from\s+)?'([^']+)'/gms)].map((m) => ({ typeOnly: Boolean(m[1]), from: m[2]! }));
}

describe('webview/escaping and import rules', () => {
  const webviewFiles = files(join(ROOT, 'webview'));

  it('no webview code can turn data into HTML or code', () => {
    const forbidden = /\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\s*\(|new Function\s*\(|setAttribute\(\s*['"]on|\.srcdoc\s*=|createContextualFragment|DOMParser/;
    for (const f of webviewFiles) {
      const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      assert.doesNotMatch(src, forbidden, relative(ROOT, f));
    }
  });

  it('the DOM helper refuses attributes that run code or load resources', () => {
    for (const bad of ['onclick', 'ONERROR', 'onload', 'href', 'src', 'srcdoc', 'style', 'formaction', 'action', 'xlink:href', 'a b', '"x', '']) {
      assert.equal(isSafeAttributeName(bad), false, bad);
    }
    for (const ok of ['id', 'class', 'role', 'aria-label', 'data-testid', 'tabindex', 'title', 'placeholder', 'list']) {
      assert.equal(isSafeAttributeName(ok), true, ok);
    }
  });

  it('webview code imports only src/protocol, chain types, webview code and the element library', () => {
    for (const f of webviewFiles) {
      for (const imp of imports(readFileSync(f, 'utf8'))) {
        const where = `${relative(ROOT, f)} → ${imp.from}`;
        if (imp.from.startsWith('@vscode-elements/elements/')) continue;
        assert.ok(imp.from.startsWith('.'), `only relative imports: ${where}`);
        const target = relative(ROOT, join(f, '..', imp.from));
        if (target.startsWith('webview/') || target.startsWith('src/protocol/')) continue;
        assert.ok(target === 'src/core/database/chain' && imp.typeOnly, `only types from chain.ts: ${where}`);
      }
    }
  });

  it('src/protocol and the vscode-free panel modules import neither vscode nor the core at runtime', () => {
    const pure = [...files(join(ROOT, 'src/protocol')), ...['MessageRouter.ts', 'queryBuilderHandlers.ts', 'QueryRunner.ts', 'htmlShell.ts', 'QueryBuilderPanel.ts', 'PanelHost.ts', 'html.ts'].map((n) => join(ROOT, 'src/panels', n)), join(ROOT, 'src/connections/coreQueryRunner.ts')];
    for (const f of pure) {
      const vscodeAllowed = /(QueryBuilderPanel|PanelHost|html)\.ts$/.test(f);
      for (const imp of imports(readFileSync(f, 'utf8'))) {
        const where = `${relative(ROOT, f)} → ${imp.from}`;
        if (imp.from === 'vscode') assert.ok(vscodeAllowed, where);
        if (/\/core\//.test(imp.from)) assert.ok(imp.typeOnly, `the core stays out of the extension bundle: ${where}`);
      }
    }
  });

  it('the HTML shell has a strict CSP with a fresh nonce and escapes its inputs', () => {
    const n1 = makeNonce();
    const n2 = makeNonce();
    assert.notEqual(n1, n2);
    assert.match(n1, /^[A-Za-z0-9]{16,}$/);
    const csp = contentSecurityPolicy('https://x.vscode-cdn.net', n1);
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${n1}'; style-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net data:`);
    assert.doesNotMatch(csp, /unsafe-(inline|eval)|\*/);
    const html = buildHtml({ csp, nonce: n1, script: 'https://x/a.js?"><script>alert(1)</script>', style: 'https://x/a.css', title: '</title><script>alert(1)</script>' });
    assert.doesNotMatch(html, /<script>alert/);
    assert.equal(html.match(/<script/g)!.length, 1);
    assert.match(html, new RegExp(`<script nonce="${n1}" src=`));
    assert.doesNotMatch(html, /style="/);
  });
});
