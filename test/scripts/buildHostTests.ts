// Bundles the extension-host mocha runner (test/host/index.ts) and its suites
// (test/host/suite/*.test.ts) to out/test/host/, CommonJS for VS Code's Node extension host.
import { build } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const HOST_TESTS_OUT = 'out/test/host';

/** Returns the absolute path of the bundled entry module, without the `.js` extension. */
export async function buildHostTests(root: string = process.cwd()): Promise<string> {
  const src = join(root, 'test', 'host');
  const suiteDir = join(src, 'suite');
  const suites = existsSync(suiteDir)
    ? readdirSync(suiteDir)
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => join(suiteDir, f))
    : [];
  const outdir = resolve(root, HOST_TESTS_OUT);
  await build({
    entryPoints: [join(src, 'index.ts'), ...suites],
    outbase: src,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // `vscode` is provided by the extension host; mocha loads from node_modules so that the suites
    // and the runner share one instance (its `describe`/`it` globals).
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return join(outdir, 'index');
}

if (require.main === module) {
  buildHostTests().then(
    (p) => process.stdout.write(`${p}.js\n`),
    (e) => {
      process.stderr.write(`${String(e)}\n`);
      process.exit(1);
    },
  );
}
