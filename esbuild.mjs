// Bundles the extension host (dist/extension.js), the lazily loaded core (dist/core.js)
// and each webview (dist/webview/<name>.js). `--release` minifies; dev builds carry source maps.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';

const release = process.argv.includes('--release');
const watch = process.argv.includes('--watch');
// A release starts from an empty dist/: no source maps or stale files of a dev build end up in the VSIX.
if (release) rmSync('dist', { recursive: true, force: true });

const common = {
  bundle: true,
  minify: release,
  sourcemap: release ? false : 'linked',
  logLevel: 'info',
  legalComments: 'none',
};

const builds = [];
if (existsSync('src/extension.ts')) {
  builds.push({
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  });
}
// The client core (undici, ws) is a second bundle the host loads on first use (see
// src/connections/loadCore.ts), so activation stays small (clarification 5).
if (existsSync('src/core/index.ts')) {
  builds.push({
    ...common,
    entryPoints: { core: 'src/core/index.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  });
}
const webviews = existsSync('webview')
  ? readdirSync('webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(`webview/${d.name}/main.ts`))
      .map((d) => d.name)
  : [];
if (webviews.length > 0) {
  builds.push({
    ...common,
    entryPoints: Object.fromEntries(webviews.map((n) => [n, `webview/${n}/main.ts`])),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
}

if (watch) {
  const ctxs = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(ctxs.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
