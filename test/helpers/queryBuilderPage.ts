/**
 * A harness for the query builder webview in Chromium: the production bundle and CSP served from
 * a local HTTP server, a fake `acquireVsCodeApi`, and the real host side (MessageRouter + handlers)
 * over a scripted QueryRunner. Used by the webview page tests; the bench can reuse it to time the
 * grid over 100,000 rows.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Frame, Page } from 'playwright-core';
import type { ChainDescription } from '../../src/core/database/chain';
import { launchChromium } from '../e2e/support/browser';
import { buildHtml, contentSecurityPolicy, makeNonce } from '../../src/panels/htmlShell';
import { MessageRouter } from '../../src/panels/MessageRouter';
import { createQueryBuilderHandlers } from '../../src/panels/queryBuilderHandlers';
import type { CodeGenerator, QueryRunner, RawResponse, RunOutcome } from '../../src/panels/QueryRunner';
import { PROTOCOL_VERSION } from '../../src/protocol/envelope';
import {
  parseQueryBuilderToHost,
  salvageRequestId,
  type InitMessage,
  type PanelTarget,
  type QueryBuilderReplies,
  type QueryBuilderToHost,
  type QueryBuilderToWebview,
  type RunAs,
  type TargetInfo,
} from '../../src/protocol/queryBuilder';

export interface Scenario {
  target: PanelTarget;
  info: TargetInfo;
  /**
   * May answer later (a promise), e.g. to hold a page back and control arrival order. `signal`
   * is the request's AbortSignal (it fires when the webview sends `cancel`).
   */
  answer(chain: ChainDescription, runAs: RunAs, signal?: AbortSignal): RunOutcome | Promise<RunOutcome>;
  /** Overrides of the connection facts sent in `init`. */
  connection?: Partial<InitMessage['connection']>;
  /** The copy-as-code generator given to the handlers (none: copy as code is unavailable). */
  codegen?: CodeGenerator;
  /** A translation bundle sent in `init` (as the host sends `vscode.l10n.bundle`). */
  l10n?: Record<string, string>;
}

/** One export the host wrote through `ui.openExport`. */
export interface ExportRecord {
  format: 'csv' | 'json';
  suggestedName: string;
  text: string;
  closed: boolean;
  aborted: boolean;
}

export interface Harness {
  page: Page;
  /**
   * The webview's document: the page's main frame, or in `framed` mode the cross-site iframe
   * (its own renderer process, like a VS Code webview). Its CDP session: `page.context().newCDPSession(frame)`.
   */
  frame: Frame;
  /** Every valid message the webview sent, in order. */
  requests: QueryBuilderToHost[];
  /** Every `ui.openJson(title, text)` call of the host. */
  opened: { title: string; text: string }[];
  /** Every export sink the host opened, with the text written to it. */
  exports: ExportRecord[];
  /** Closes the page and asserts it logged no error (except the allowed ones). */
  close(): Promise<void>;
  /** Console errors matching `pattern` are expected from now on (control experiments). */
  allowErrors(pattern: RegExp): void;
  /** Posts a host → webview message (e.g. a `connection` update). */
  send(message: QueryBuilderToWebview): void;
}

export interface QueryBuilderPages {
  origin: string;
  /**
   * `initScript`: extra page script run before the webview's own (e.g. the bench's probes).
   * `framed`: the webview runs in a cross-site iframe of an outer page, as in VS Code, where the
   * workbench (another process) parses the host's message and posts it into the webview frame, so
   * the webview's thread pays only for the structured clone. The bench measures this way.
   */
  open(scenario: Scenario, settings?: { pageSize: number; exportRowCap: number }, seedState?: unknown, initScript?: string, framed?: boolean): Promise<Harness>;
  stop(): Promise<void>;
}

import { waitFor } from './waitFor';
export { waitFor };

export function json(text: string, extra: Partial<RawResponse> = {}): RunOutcome {
  return { ok: true, response: { status: 200, statusText: 'OK', text, contentType: 'application/json; charset=utf-8', contentRange: null, ...extra } };
}

export function rangeOf(chain: ChainDescription): { from: number; to: number } {
  const r = chain.steps.find((s) => s.kind === 'range' && !s.referencedTable) as { from: number; to: number } | undefined;
  return r ?? { from: 0, to: 999 };
}

export const BASE = 9007199254740993n;

export function bigTable(total: number): Scenario {
  return {
    target: { connectionId: 'c', schema: 'public', kind: 'table', name: 'big' },
    info: {
      kind: 'table',
      schema: 'public',
      name: 'big',
      columns: [
        { name: 'id', type: 'bigint', primaryKey: true },
        { name: 'name', type: 'text' },
      ],
      primaryKey: ['id'],
      relations: [],
      known: true,
    },
    answer(chain) {
      if (chain.action?.kind === 'update') {
        const id = (chain.steps[0] as { value: string }).value;
        const name = (chain.action.values as { name: string }).name;
        return json(`[{"id":${id},"name":${JSON.stringify(name)}}]`);
      }
      if (chain.action?.kind === 'select' && chain.action.head) return json('', { contentRange: `*/3` });
      if (chain.steps.some((s) => s.kind === 'explain')) {
        return json('[{"Plan":{"Node Type":"Seq Scan","Relation Name":"big","Alias":"big","Startup Cost":0,"Total Cost":22.7,"Plan Rows":1270,"Plan Width":40}}]', {
          contentType: 'application/vnd.pgrst.plan+json; for="application/json"; charset=utf-8',
        });
      }
      if (chain.action?.kind === 'delete') return json('', { status: 204, statusText: 'No Content', contentRange: '*/3' });
      const { from, to } = rangeOf(chain);
      const end = Math.min(to, total - 1);
      const rows: string[] = [];
      for (let i = from; i <= end; i++) rows.push(`{"id":${(BASE + BigInt(i)).toString()},"name":"row ${i}"}`);
      return json(`[${rows.join(',')}]`, { status: 206, contentRange: `${from}-${end}/${total}` });
    },
  };
}


/** Builds the webview bundle and serves it with the production CSP. */
export async function startQueryBuilderPages(browser: Browser): Promise<QueryBuilderPages> {
  const dir = mkdtempSync(join(tmpdir(), 'qb-webview-'));
  await esbuild.build({
    entryPoints: { queryBuilder: 'webview/queryBuilder/main.ts' },
    outdir: dir,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    logLevel: 'silent',
  });
  let origin = '';
  let outerOrigin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/outer') {
      // The stand-in for VS Code's workbench: another site (localhost vs 127.0.0.1), so Chromium
      // puts the webview frame in a process of its own.
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><html><body style="margin:0"><iframe id="webview" src="${origin}/" style="border:0;width:100vw;height:100vh;display:block"></iframe></body></html>`);
      return;
    }
    if (url.pathname === '/') {
      const nonce = makeNonce();
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(buildHtml({ csp: contentSecurityPolicy(origin, nonce), nonce, script: `${origin}/queryBuilder.js`, style: `${origin}/queryBuilder.css`, title: 'qb' }));
      return;
    }
    const file = url.pathname.slice(1);
    if (!/^queryBuilder\.(js|css)$/.test(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', file.endsWith('.js') ? 'text/javascript' : 'text/css');
    res.end(readFileSync(join(dir, file)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  origin = `http://127.0.0.1:${port}`;
  outerOrigin = `http://localhost:${port}`;

  async function open(scenario: Scenario, settings = { pageSize: 1000, exportRowCap: 1000 }, seedState?: unknown, initScript?: string, framed = false): Promise<Harness> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const requests: QueryBuilderToHost[] = [];
    const opened: { title: string; text: string }[] = [];
    const exports: ExportRecord[] = [];
    const errors: string[] = [];
    const allowed: RegExp[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
      if (process.env.QB_DEBUG) console.log('[page]', m.type(), m.text());
    });
    const runner: QueryRunner = {
      run: async (chain, runAs, signal) => scenario.answer(chain, runAs, signal),
      describe: async () => scenario.info,
    };
    const handlers = createQueryBuilderHandlers({
      target: scenario.target,
      runner,
      ui: {
        openJson: async (title, text) => void opened.push({ title, text }),
        openExport: async (format, suggestedName) => {
          const rec: ExportRecord = { format, suggestedName, text: '', closed: false, aborted: false };
          exports.push(rec);
          return {
            destination: `/exports/${suggestedName}`,
            write: async (chunk) => void (rec.text += chunk),
            close: async () => void (rec.closed = true),
            abort: async () => void (rec.aborted = true),
          };
        },
      },
      ...(scenario.codegen ? { codegen: scenario.codegen } : {}),
      settings: () => settings,
      readOnly: () => false,
      serviceRoleAvailable: () => true,
    });
    const router: MessageRouter<QueryBuilderToHost, QueryBuilderReplies, QueryBuilderToWebview> = new MessageRouter<QueryBuilderToHost, QueryBuilderReplies, QueryBuilderToWebview>({
      parse: (input) => {
        const r = parseQueryBuilderToHost(input);
        if (r.ok) requests.push(r.value);
        return r;
      },
      salvageId: salvageRequestId,
      handlers,
      // As VS Code's webview transport does, the message travels as JSON text, parsed natively in the
      // page: Playwright's own argument serialization walks big replies in page JavaScript (tens of
      // ms for a 1,000-row page) and would be measured as the grid's cost.
      post: (m) => {
        const text = JSON.stringify(m);
        const delivered = framed
          ? page.mainFrame().evaluate((t) => (document.getElementById('webview') as HTMLIFrameElement).contentWindow!.postMessage(JSON.parse(t), '*'), text)
          : page.evaluate((t) => window.postMessage(JSON.parse(t), '*'), text);
        void delivered.catch(() => undefined);
      },
      onReady: () =>
        router.send({
          type: 'init',
          v: PROTOCOL_VERSION,
          target: scenario.target,
          connection: { name: 'local <b>stack</b>', readOnly: false, serviceRoleAvailable: true, ...scenario.connection },
          settings,
          ...(scenario.l10n ? { l10n: scenario.l10n } : {}),
        }),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
    await page.exposeFunction('__toHost', (m: unknown) => router.receive(m));
    // A string, not a function: tsx would wrap named functions in a helper the page lacks.
    await page.addInitScript(`
      window.__xss = 0;
      window.__csp = [];
      window.alert = window.confirm = window.prompt = function () { window.__xss++; };
      let state = ${JSON.stringify(seedState ?? null)} ?? undefined;
      window.acquireVsCodeApi = function () {
        return {
          postMessage: function (m) { window.__toHost(m); },
          getState: function () { return state; },
          setState: function (s) { state = s; window.__savedState = s; },
        };
      };
      document.addEventListener('securitypolicyviolation', function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });
    `);
    if (initScript) await page.addInitScript(initScript);
    await page.goto(framed ? `${outerOrigin}/outer` : `${origin}/`);
    const frame = framed ? await waitFor(() => page.frames().find((f) => f.url().startsWith(`${origin}/`))) : page.mainFrame();
    // The webview posts `ready` and gets `init` before anything else.
    await waitFor(() => requests.some((r) => r.type === 'ready'));
    return {
      page,
      frame,
      requests,
      opened,
      exports,
      allowErrors: (re) => void allowed.push(re),
      send: (m) => router.send(m),
      close: async () => {
        await page.close();
        const unexpected = errors.filter((e) => !allowed.some((re) => re.test(e)));
        if (unexpected.length) throw new Error(`page errors: ${unexpected.join(' | ')}`);
      },
    };
  }

  return {
    origin,
    open,
    stop: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Chromium and the page server for a mocha suite (call inside `describe`); stopped in `after`. */
export function useQueryBuilderPages(): () => QueryBuilderPages {
  let browser: Browser | undefined;
  let pages: QueryBuilderPages | undefined;
  before(async () => {
    browser = await launchChromium();
    pages = await startQueryBuilderPages(browser);
  });
  after(async () => {
    await pages?.stop();
    await browser?.close();
  });
  return () => {
    if (!pages) throw new Error('query builder pages not started');
    return pages;
  };
}
