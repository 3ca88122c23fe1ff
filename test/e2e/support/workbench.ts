// Mocha lifecycle for UI tests in a real VS Code: the local stack, a workspace connected to it, a
// code-server with the packaged VSIX, and a Chromium page on the workbench. Screenshots of every
// failure land in the run's artifacts folder.
import { appendFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startCodeServer, type CodeServerHandle } from '../../scripts/codeServer';
import { packageVsix } from '../../scripts/vsix';
import { writeConnectedWorkspace } from '../../scripts/workspace';
import { startStack, type Stack } from '../../stack/index';
import { artifactsDir, screenshot } from './artifacts';
import { launchChromium } from './browser';
import { waitForWorkbench } from './vscodePage';

export interface Workbench {
  stack: Stack;
  codeServer: CodeServerHandle;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  workspace: string;
  /** Screenshot of the current page into the run's artifacts folder. */
  shot(name: string): Promise<string>;
  /** Reloads the workbench (e.g. to start from a clean layout). */
  reload(): Promise<void>;
}

export interface UseWorkbenchOptions {
  /** Name used for log files. */
  name: string;
  /** Write the connected `.env` + autoConnect workspace (default true). */
  connectedWorkspace?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Runs after the stack is up and before VS Code starts (e.g. creates test tables). */
  prepare?: (stack: Stack) => Promise<void>;
  /** Runs in every frame (webviews included) before its own scripts. */
  initScript?: () => void;
}

/** Starts everything in `before` and stops it in `after`; call inside `describe`. */
export function useWorkbench(opts: UseWorkbenchOptions): () => Workbench {
  let wb: Workbench | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];
  const logFile = () => join(artifactsDir(), `${opts.name}-code-server.log`);

  before(async function () {
    this.timeout(15 * 60_000); // first run installs code-server (minutes on a busy machine)
    const vsix = await packageVsix();
    const stack = await startStack();
    cleanups.push(() => stack.stop());
    await opts.prepare?.(stack);
    const workspace = await mkdtemp(join(tmpdir(), 'sbx-e2e-ws-'));
    cleanups.push(() => rm(workspace, { recursive: true, force: true }));
    if (opts.connectedWorkspace ?? true) {
      await writeConnectedWorkspace(workspace, { url: stack.url, secretKey: stack.secretKey, publishableKey: stack.publishableKey });
    }
    const log = logFile();
    const codeServer = await startCodeServer({
      workspace,
      vsix: [vsix],
      settings: opts.settings,
      log: (l) => appendFileSync(log, `${l}\n`),
      setupLog: (l) => process.stdout.write(`      ${l}\n`),
    });
    cleanups.push(() => codeServer.stop());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    if (opts.initScript) await context.addInitScript(opts.initScript);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') appendFileSync(log, `[browser] ${m.text()}\n`);
    });
    await page.goto(codeServer.workbenchUrl(), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await waitForWorkbench(page);
    wb = {
      stack,
      codeServer,
      browser,
      context,
      page,
      workspace,
      shot: (name) => screenshot(page, `${opts.name}-${name}`),
      async reload() {
        await page.reload({ waitUntil: 'domcontentloaded', timeout: 120_000 });
        await waitForWorkbench(page);
      },
    };
  });

  let failed = false;
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      failed = true;
      const file = await wb.shot(`FAILED-${this.currentTest.title}`).catch(() => undefined);
      if (file) process.stdout.write(`      failure screenshot: ${file}\n`);
    }
  });

  after(async function () {
    this.timeout(60_000);
    // After a failure keep VS Code's logs (the extension's output channel included) with the screenshots.
    if (failed && wb) {
      const dest = join(artifactsDir(), `${opts.name}-vscode-logs`);
      await cp(join(wb.codeServer.userDataDir, 'logs'), dest, { recursive: true }).catch(() => undefined);
      process.stdout.write(`      VS Code logs: ${dest}\n`);
    }
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  return () => {
    if (!wb) throw new Error('workbench not started');
    return wb;
  };
}
