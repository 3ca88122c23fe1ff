// One folder per test run for screenshots and logs: test-results/e2e-<timestamp>/ (printed once).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

let runDir: string | undefined;

export function artifactsDir(): string {
  if (!runDir) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    runDir = resolve(process.env.SBX_E2E_ARTIFACTS ?? join('test-results', `e2e-${stamp}`));
    mkdirSync(runDir, { recursive: true });
    process.stdout.write(`      e2e screenshots and logs: ${runDir}\n`);
  }
  return runDir;
}

let counter = 0;

function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100);
}

/** Saves a full-page screenshot named `NN-<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  counter += 1;
  const file = join(artifactsDir(), `${String(counter).padStart(2, '0')}-${safeName(name)}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: 15_000 });
  return file;
}
