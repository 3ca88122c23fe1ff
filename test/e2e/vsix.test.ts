// `npm run package` produces a VSIX holding only what users need, within the size budget.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { packageVsix, readZipEntries, readZipFile, type ZipEntry } from '../scripts/vsix';
import { manifest, missingExtension } from './support/product';

const MAX_VSIX_BYTES = 2 * 1024 * 1024;

// vsce adds its two metadata files and renames README.md/LICENSE inside `extension/`.
const ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/package\.json$/,
  // The manifest's English strings (its %key% references).
  /^extension\/package\.nls\.json$/,
  // The host's English messages (vscode.l10n) and their translations.
  /^extension\/l10n\/bundle\.l10n(\.[A-Za-z-]+)?\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/LICENSE(\.txt)?$/i,
  /^extension\/dist\/.+$/,
  /^extension\/media\/.+$/,
];

describe('VSIX package (npm run package)', function () {
  let vsix: string;
  let entries: ZipEntry[];

  before(async function () {
    const missing = missingExtension();
    if (missing) {
      this.skip(); // pending: nothing to package yet
    }
    this.timeout(300_000);
    vsix = await packageVsix();
    entries = await readZipEntries(vsix);
  });

  it('holds only dist/, media/, README, LICENSE, package.json and package.nls.json', function () {
    const extra = entries.filter((e) => !ALLOWED.some((re) => re.test(e.name))).map((e) => e.name);
    assert.deepEqual(extra, [], `unexpected files in the VSIX:\n${extra.join('\n')}`);
    const names = new Set(entries.map((e) => e.name));
    for (const required of ['extension/package.json', 'extension/readme.md', 'extension/dist/extension.js', 'extension/l10n/bundle.l10n.json']) {
      assert.ok(names.has(required), `${required} is missing from the VSIX`);
    }
    assert.ok(
      entries.some((e) => /^extension\/LICENSE(\.txt)?$/i.test(e.name)),
      'LICENSE is missing from the VSIX',
    );
  });

  it('ships the release build: no source maps, sources or tests', function () {
    const dev = entries.filter((e) => /\.(map|ts|tsx)$/.test(e.name) || /(^|\/)(src|test|node_modules)\//.test(e.name));
    assert.deepEqual(dev.map((e) => e.name), []);
  });

  it('is at most 2 MB', function () {
    const size = statSync(vsix).size;
    assert.ok(size <= MAX_VSIX_BYTES, `VSIX is ${(size / 1024 / 1024).toFixed(2)} MB (budget 2 MB)`);
    assert.ok(size > 0);
  });

  it('carries the manifest of this checkout and its entry point', async function () {
    const own = manifest();
    const packed = JSON.parse((await readZipFile(vsix, 'extension/package.json')).toString('utf8')) as ReturnType<typeof manifest>;
    assert.equal(packed.name, own.name);
    assert.equal(packed.publisher, own.publisher);
    assert.equal(packed.version, own.version);
    assert.equal(packed.main, own.main);
    const main = `extension/${(own.main ?? '').replace(/^\.\//, '')}`;
    const bundle = (await readZipFile(vsix, main)).toString('utf8');
    assert.match(bundle, /activate/, `${main} does not look like the extension bundle`);
    assert.doesNotMatch(bundle, /sourceMappingURL/, 'the packaged bundle is not a release build');
  });
});
