// Runs the mocha suites of test/host inside the real extension host of a code-server: the
// workbench loads `extensionTestsPath` from the web payload and reports through the two automation
// hooks VS Code calls in the page (the mechanism @vscode/test-web uses).
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import type { CodeServerHandle } from '../../scripts/codeServer';

// Keep in sync with test/host/index.ts (which must not be imported here: it imports mocha's Node API).
const HOST_BEGIN_MARKER = 'HOST-MOCHA-BEGIN';
const HOST_SUMMARY_MARKER = 'HOST-MOCHA-SUMMARY';

export interface HostTestResult {
  exitCode: number;
  /** The mocha output (between the runner's begin and summary markers). */
  lines: string[];
  /** Everything the workbench logged, for diagnosis. */
  all: string[];
  summary?: { passes: number; failures: number; pending: number; tests: number };
}

export async function runHostTests(
  browser: Browser,
  codeServer: CodeServerHandle,
  opts: { testsEntry: string; extensionDevelopmentPath?: string; onLine?: (line: string) => void; timeoutMs?: number },
): Promise<HostTestResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const lines: string[] = [];
    const all: string[] = [];
    let inside = false;
    let done!: (code: number) => void;
    const exited = new Promise<number>((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const list = Array.isArray(args) ? args : [args];
      const text = typeof list[0] === 'string' ? format(...(list as [string, ...unknown[]])) : list.map((a) => JSON.stringify(a)).join(' ');
      for (const line of text.split('\n')) {
        all.push(`[${type}] ${line}`);
        if (line.startsWith(HOST_BEGIN_MARKER)) inside = true;
        else if (inside) {
          lines.push(line);
          opts.onLine?.(line);
        }
        if (line.startsWith(HOST_SUMMARY_MARKER)) inside = false;
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => done(code));
    const payload: Array<[string, string]> = [['extensionTestsPath', codeServer.remoteUri(opts.testsEntry)]];
    if (opts.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', codeServer.remoteUri(opts.extensionDevelopmentPath)]);
    await page.goto(codeServer.workbenchUrl(payload), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    const timeoutMs = opts.timeoutMs ?? 180_000;
    let timer: NodeJS.Timeout | undefined;
    const exitCode = await Promise.race([
      exited,
      new Promise<number>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`extension-host tests did not finish within ${timeoutMs} ms:\n${all.slice(-80).join('\n')}`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const summaryLine = lines.find((l) => l.startsWith(`${HOST_SUMMARY_MARKER} `));
    const summary = summaryLine ? (JSON.parse(summaryLine.slice(HOST_SUMMARY_MARKER.length + 1)) as HostTestResult['summary']) : undefined;
    return { exitCode, lines, all, summary };
  } finally {
    await context.close();
  }
}
