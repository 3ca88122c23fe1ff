// What of the product is on this branch: e2e suites run only against features that exist, and say
// plainly which piece is missing otherwise (a pending test names the reason).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main?: string;
  contributes?: { commands?: Array<{ command: string; title: string; category?: string }> };
}

/** The raw package.json (strings may be `%key%` references into package.nls.json). */
export function rawManifest(root: string = process.cwd()): Record<string, unknown> {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
}

/** package.nls.json: the manifest's English strings by key. */
export function manifestStrings(root: string = process.cwd()): Record<string, string> {
  const file = join(root, 'package.nls.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
}

/** Replaces every `%key%` string with its text, as VS Code does for an English display language. */
export function localize<T>(value: T, strings: Record<string, string>): T {
  if (typeof value === 'string') {
    const m = /^%([^%]+)%$/.exec(value);
    if (!m) return value;
    const text = strings[m[1]!];
    if (text === undefined) throw new Error(`package.nls.json has no "${m[1]}"`);
    return text as T;
  }
  if (Array.isArray(value)) return value.map((v) => localize(v, strings)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, strings)])) as T;
  return value;
}

/** package.json as the user sees it (localized strings resolved). */
export function manifest(root: string = process.cwd()): Manifest {
  return localize(rawManifest(root), manifestStrings(root)) as unknown as Manifest;
}

/** `undefined` when the extension host entry exists, else why the extension cannot be built. */
export function missingExtension(root: string = process.cwd()): string | undefined {
  return existsSync(join(root, 'src', 'extension.ts'))
    ? undefined
    : 'the extension host (src/extension.ts, branch `host`) is not merged on this branch yet';
}

/** `undefined` when the query-builder webview app exists, else the reason. */
export function missingQueryBuilder(root: string = process.cwd()): string | undefined {
  const missing = missingExtension(root);
  if (missing) return missing;
  return existsSync(join(root, 'webview', 'queryBuilder', 'main.ts'))
    ? undefined
    : 'the query builder webview (webview/queryBuilder, branch `webview`) is not merged on this branch yet';
}

/** The palette title ("Category: Title") of a contributed command. */
export function commandTitle(id: string, root: string = process.cwd()): string {
  const c = manifest(root).contributes?.commands?.find((x) => x.command === id);
  if (!c) throw new Error(`package.json contributes no command ${id}`);
  return c.category ? `${c.category}: ${c.title}` : c.title;
}

export function extensionId(root: string = process.cwd()): string {
  const m = manifest(root);
  return `${m.publisher}.${m.name}`;
}
