// `npm run l10n:export`: writes l10n/bundle.l10n.json, the English messages of the extension host
// and of its webviews (the host sends `vscode.l10n.bundle` to a webview in its `init` message),
// with @vscode/l10n-dev (the extractor of `vscode.l10n.t` calls; bundles for other languages are
// translations of this file, named bundle.l10n.<locale>.json next to it).
//
// The vscode-free modules call the seam's `l10n.t` (src/l10n.ts), the same call shape as
// `vscode.l10n.t`, but @vscode/l10n-dev only reads `l10n.t` in files that import l10n from
// 'vscode' or '@vscode/l10n'. Those files are given to it with that import added in front, so
// their messages are extracted exactly as the host's. The webviews' seam (webview/shared/l10n.ts)
// has the same call shape and is handled the same way.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

type L10nJson = Record<string, string | { message: string; comment: string[] }>;
interface L10nDev {
  getL10nJson(files: Array<{ extension: string; contents: string }>): Promise<L10nJson>;
}

const ROOT = resolve(__dirname, '../..');
export const BUNDLE_FILE = join(ROOT, 'l10n', 'bundle.l10n.json');
/** Imports of a seam: `from './l10n'`, `from '../l10n'`, `from '../shared/l10n'`. */
const SEAM_IMPORT = /^import\s+\{[^}]*\bl10n\b[^}]*\}\s+from\s+'(?:\.{1,2}\/)+(?:shared\/)?l10n';?$/m;
/** The source folders whose messages go into the bundle. */
export const MESSAGE_DIRS = ['src', 'webview'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** A source as @vscode/l10n-dev should read it. */
export function forExtractor(contents: string): string {
  return SEAM_IMPORT.test(contents) ? `import { l10n } from 'vscode';\n${contents}` : contents;
}

export async function exportBundle(): Promise<{ file: string; messages: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dev = require('@vscode/l10n-dev') as L10nDev;
  const files = MESSAGE_DIRS.flatMap((d) => sources(join(ROOT, d))).sort();
  const json = await dev.getL10nJson(files.map((f) => ({ extension: '.ts', contents: forExtractor(readFileSync(f, 'utf8')) })));
  const sorted: L10nJson = {};
  for (const key of Object.keys(json).sort()) sorted[key] = json[key]!;
  mkdirSync(join(ROOT, 'l10n'), { recursive: true });
  writeFileSync(BUNDLE_FILE, `${JSON.stringify(sorted, undefined, 2)}\n`);
  return { file: relative(ROOT, BUNDLE_FILE), messages: Object.keys(sorted).length };
}

if (require.main === module) {
  exportBundle().then(
    ({ file, messages }) => console.log(`${file}: ${messages} messages`),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
