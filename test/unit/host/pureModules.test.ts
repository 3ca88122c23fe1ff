import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Host modules that must stay vscode-free (unit-tested here, reusable by later issues). */
const PURE = [
  'log.ts',
  'l10n.ts',
  'commands/errors.ts',
  'commands/ids.ts',
  'commands/exportFormat.ts',
  'commands/exportStream.ts',
  'connections/keys.ts',
  'connections/detect.ts',
  'connections/validate.ts',
  'connections/readOnly.ts',
  'connections/ConnectionStore.ts',
  'connections/ClientPool.ts',
  'connections/coreTypes.ts',
  'connections/proxy.ts',
  'connections/coreQueryRunner.ts',
  'trees/nodes.ts',
  'trees/render.ts',
  'trees/schemaModel.ts',
  'trees/SchemaCache.ts',
  'trees/tables.ts',
];

describe('host/pure modules', () => {
  for (const file of PURE) {
    it(`${file} imports vscode only as types and nothing from the core at runtime`, () => {
      const src = readFileSync(join(__dirname, '../../../src', file), 'utf8');
      const imports = [...src.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)];
      for (const m of imports) {
        const typeOnly = Boolean(m[1]);
        if (m[2] === 'vscode') assert.ok(typeOnly, `${file} imports vscode at runtime`);
        if (/\/core(\/|$)/.test(m[2])) assert.ok(typeOnly, `${file} imports the core at runtime (${m[2]}): it must stay in dist/core.js`);
      }
    });
  }

  it('the extension bundle loads the core only through loadCore()', () => {
    const src = readFileSync(join(__dirname, '../../../src/connections/loadCore.ts'), 'utf8');
    assert.match(src, /require\(file\)/);
    assert.match(src, /import type \{ CoreModule \}/);
  });
});
