// Cold activation of dist/extension.js outside VS Code: a fresh `node` process loads the bundle with
// a permissive `vscode` stub (every API is a no-op that returns another stub; `get(key, default)`
// returns the default) and calls `activate(context)`. Like VS Code's own activation time, the
// figure is code loading + the `activate()` call. The stub makes VS Code's side free, so this is
// the extension's own cost.
import { spawnSync } from 'node:child_process';

/** Top-level names of the VS Code API given to the bundle as own keys of the stub. */
const VSCODE_API_NAMES = [
  'authentication', 'chat', 'commands', 'comments', 'debug', 'env', 'extensions', 'l10n', 'languages', 'lm', 'notebooks',
  'scm', 'tasks', 'tests', 'window', 'workspace',
  'CancellationError', 'CancellationTokenSource', 'CodeLens', 'ColorThemeKind', 'CompletionItem', 'CompletionItemKind',
  'ConfigurationTarget', 'DataTransfer', 'DataTransferItem', 'Diagnostic', 'DiagnosticSeverity', 'Disposable',
  'EventEmitter', 'ExtensionMode', 'FileType', 'Hover', 'Location', 'MarkdownString', 'Position', 'ProgressLocation',
  'QuickInputButtons', 'QuickPickItemKind', 'Range', 'RelativePattern', 'Selection', 'SnippetString', 'StatusBarAlignment',
  'TabInputText', 'TabInputWebview', 'TextEdit', 'ThemeColor', 'ThemeIcon', 'TreeItem', 'TreeItemCheckboxState',
  'TreeItemCollapsibleState', 'UIKind', 'Uri', 'ViewColumn', 'WorkspaceEdit',
];

export interface ActivationSample {
  loadMs: number;
  activateMs: number;
}

/** Source of the probe run by `node -e`; prints one JSON line `{ loadMs, activateMs }` or `{ error }`. */
export function activationProbeSource(bundlePath: string, root: string): string {
  return `
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
function stub(name) {
  const target = function () {};
  return new Proxy(target, {
    get(_t, p) {
      if (p === 'then') return undefined;
      if (p === Symbol.toPrimitive) return () => '';
      if (p === Symbol.iterator) return function* () {};
      if (p === 'toString' || p === 'toJSON') return () => '';
      if (p === 'length') return 0;
      return stub(name + '.' + String(p));
    },
    apply(_t, _this, args) {
      if (name.endsWith('.get') && args.length >= 2) return args[1];
      if (name.endsWith('.get') || name.endsWith('.keys')) return name.endsWith('.keys') ? [] : undefined;
      return stub(name + '()');
    },
    construct() { return stub('new ' + name); },
  });
}
// Bundlers copy a CommonJS module's own keys into a namespace object, so the namespaces and
// classes of the API must be real keys; anything else still answers through the proxy.
const names = ${JSON.stringify(VSCODE_API_NAMES)};
const api = { version: '1.100.0' };
for (const n of names) api[n] = stub('vscode.' + n);
const vscodeStub = new Proxy(api, { get: (t, p) => (p in t ? t[p] : p === 'then' || p === '__esModule' ? undefined : stub('vscode.' + String(p))) });
const stubId = path.join(${JSON.stringify(root)}, '__vscode_stub__.js');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? stubId : resolve.call(this, request, ...rest);
};
require.cache[stubId] = { id: stubId, filename: stubId, loaded: true, exports: vscodeStub, children: [], paths: [] };
const root = ${JSON.stringify(root)};
const known = {
  subscriptions: [],
  extensionPath: root,
  extensionMode: 1,
  asAbsolutePath: (p) => path.join(root, p),
  extension: { id: 'supabase-explorer.supabase-explorer', packageJSON: require(path.join(root, 'package.json')), extensionPath: root },
};
const context = new Proxy(known, { get: (t, p) => (p in t ? t[p] : stub('context.' + String(p))) });
(async () => {
  try {
    const t0 = performance.now();
    const ext = require(${JSON.stringify(bundlePath)});
    const t1 = performance.now();
    if (typeof ext.activate !== 'function') throw new Error('the bundle exports no activate()');
    await Promise.race([
      Promise.resolve(ext.activate(context)),
      new Promise((_, rej) => setTimeout(() => rej(new Error('activate() did not settle within 10 s')), 10000).unref()),
    ]);
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1 }) + '\\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.stack || e).split('\\n').slice(0, 3).join(' | ') }) + '\\n');
  }
  process.exit(0);
})();
`;
}

/** Runs one cold activation in a fresh process. */
export function sampleActivation(bundlePath: string, root: string): ActivationSample | { error: string } {
  const r = spawnSync(process.execPath, ['-e', activationProbeSource(bundlePath, root)], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as Partial<ActivationSample> & { error?: string };
    if (typeof parsed.error === 'string') return { error: parsed.error };
    if (typeof parsed.loadMs === 'number' && typeof parsed.activateMs === 'number') return { loadMs: parsed.loadMs, activateMs: parsed.activateMs };
  } catch {
    // fall through
  }
  return { error: `probe gave no result (exit ${r.status}): ${(r.stderr || line).trim().slice(0, 300)}` };
}
