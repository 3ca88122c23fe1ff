// Entry point VS Code's extension host calls for `extensionTestsPath`: runs the mocha suites in
// ./suite inside the real extension host (code-server). Bundled by test/scripts/buildHostTests.ts to
// out/test/host/index.js; mocha itself stays external and loads from the project's node_modules.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Marker of the machine-readable summary line the e2e driver parses. */
export const HOST_SUMMARY_MARKER = 'HOST-MOCHA-SUMMARY';
/** Printed before mocha's own output. */
export const HOST_BEGIN_MARKER = 'HOST-MOCHA-BEGIN';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.SBX_HOST_GREP;
  if (grep) mocha.grep(grep);
  const dir = join(__dirname, 'suite');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(join(dir, f));
  return new Promise((resolve, reject) => {
    console.log(HOST_BEGIN_MARKER);
    try {
      const runner = mocha.run((failures) => {
        const s = runner.stats;
        console.log(
          `${HOST_SUMMARY_MARKER} ${JSON.stringify({ passes: s?.passes ?? 0, failures, pending: s?.pending ?? 0, tests: s?.tests ?? 0 })}`,
        );
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
