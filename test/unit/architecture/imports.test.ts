// The import rules of the architecture (§0), checked over the real source tree:
// - src/core/** and src/protocol/** never import `vscode`;
// - webview/** imports only webview/**, src/protocol/** and types from src/core/database/chain.ts
//   (plus the webview component library);
// - test/stack/** imports nothing from src/ (it is a referee).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx|mts|cts)$/.test(name)) out.push(p);
  }
  return out;
}

interface Import {
  spec: string;
  typeOnly: boolean;
}

/** Static imports, re-exports, dynamic import() and require() of one file. */
export function importsOf(source: string): Import[] {
  const out: Import[] = [];
  for (const m of source.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
    out.push({ spec: m[3], typeOnly: Boolean(m[2]) });
  }
  for (const m of source.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1], typeOnly: false });
  return out;
}

function resolvedPath(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return relative(ROOT, resolve(dirname(file), spec)).replace(/\\/g, '/');
}

/** `file → spec` for every import under `dirs` that `allowed` rejects (`p`: repo path of a relative import). */
function offenders(dirs: string[], allowed: (i: Import, p: string | undefined) => boolean): string[] {
  const out: string[] = [];
  for (const f of dirs.flatMap((d) => files(join(ROOT, d)))) {
    for (const i of importsOf(readFileSync(f, 'utf8'))) {
      if (!allowed(i, resolvedPath(f, i.spec))) out.push(`${relative(ROOT, f)} → ${i.spec}`);
    }
  }
  return out;
}

describe('architecture: import rules', () => {
  it('parses imports the way the rules need', () => {
    const found = importsOf(`import type { A } from './a';\nimport { b } from "b";\nexport * from './c';\nconst x = require('vscode');\nimport './side';`);
    assert.deepEqual(found, [
      { spec: './a', typeOnly: true },
      { spec: 'b', typeOnly: false },
      { spec: './c', typeOnly: false },
      { spec: './side', typeOnly: false },
      { spec: 'vscode', typeOnly: false },
    ]);
  });

  it('src/core and src/protocol never import vscode', () => {
    assert.deepEqual(offenders(['src/core', 'src/protocol'], (i) => i.spec !== 'vscode'), []);
  });

  it('src/core imports nothing from the host, protocol or webview', () => {
    assert.deepEqual(offenders(['src/core'], (_i, p) => p === undefined || p.startsWith('src/core/')), []);
  });

  it('webview imports only webview, src/protocol and chain types', () => {
    const allowed = (i: Import, p: string | undefined) =>
      p === undefined
        ? i.spec.startsWith('@vscode-elements/')
        : p.startsWith('webview/') || p.startsWith('src/protocol/') || (p === 'src/core/database/chain' && i.typeOnly);
    assert.deepEqual(offenders(['webview'], allowed), []);
  });

  it('src/protocol imports only src/protocol and chain types', () => {
    const allowed = (i: Import, p: string | undefined) =>
      p === undefined || p.startsWith('src/protocol/') || (p === 'src/core/database/chain' && i.typeOnly);
    assert.deepEqual(offenders(['src/protocol'], allowed), []);
  });

  it('test/stack imports nothing from src', () => {
    assert.deepEqual(offenders(['test/stack'], (_i, p) => p === undefined || !p.startsWith('src/')), []);
  });
});
