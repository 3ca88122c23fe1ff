// Runs the mocha suites of test/host inside the real extension host, against the extension
// installed from the VSIX, and prints their output into this run.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildHostTests } from '../scripts/buildHostTests';
import { artifactsDir } from './support/artifacts';
import { runHostTests } from './support/hostTests';
import { extensionId, manifest, missingExtension } from './support/product';
import { useWorkbench } from './support/workbench';
import { writeFileSync } from 'node:fs';

describe('e2e: mocha inside the real extension host', function () {
  const missing = missingExtension();
  if (missing) {
    it(`runs once ${missing}`);
    return;
  }
  const wb = useWorkbench({ name: 'host' });

  it('passes every suite of test/host/suite', async function () {
    this.timeout(300_000);
    const { browser, codeServer } = wb();
    const entry = await buildHostTests();
    // The extension as installed from the VSIX is the one under test.
    const prefix = `${extensionId()}-${manifest().version}`.toLowerCase();
    const installed = readdirSync(codeServer.extensionsDir).find((d) => d.toLowerCase().startsWith(prefix));
    assert.ok(installed, `the VSIX is not installed in ${codeServer.extensionsDir}`);
    const result = await runHostTests(browser, codeServer, {
      testsEntry: entry,
      extensionDevelopmentPath: join(codeServer.extensionsDir, installed),
      onLine: (l) => process.stdout.write(`      │ ${l}\n`),
    });
    writeFileSync(join(artifactsDir(), 'host-workbench.log'), result.all.join('\n'));
    assert.ok(result.summary, `the extension-host run printed no summary (exit ${result.exitCode})`);
    assert.equal(result.summary.failures, 0, `${result.summary.failures} extension-host test(s) failed`);
    assert.ok(result.summary.passes > 0, 'no extension-host test ran');
    assert.equal(result.exitCode, 0);
  });
});
