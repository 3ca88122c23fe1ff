// `## Results grid (Chromium)` of `npm run bench`: the query builder webview (its real bundle,
// under the production CSP, through test/helpers/queryBuilderPage.ts) over a 100,000-row table
// served as 1,000-row range pages by a fake host. Issue 9 §3 budgets: first rows ≤ 500 ms after
// the response, smooth scrolling (p95 frame ≤ 50 ms), webview JS heap ≤ 200 MB. Host replies
// are parsed by an outer page on another site and posted into the webview's cross-site iframe (its
// own renderer process), as VS Code's workbench does: the webview thread pays the structured clone.
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Frame } from 'playwright-core';
import type { ChainDescription } from '../../src/core/database/chain';
import { json, rangeOf, startQueryBuilderPages, waitFor, type Harness, type QueryBuilderPages, type Scenario } from '../helpers/queryBuilderPage';
import { chromiumPath, launchChromium } from '../e2e/support/browser';
import { attributeLongFrames, frameIntervals, frameStats, formatMB, type EventAttribution, type FrameStats } from './frameStats';
import { GRID_COLUMNS, gridPage } from './gridData';
import { atMost, formatCount, median, renderTable } from './stats';

export const GRID_TOTAL_ROWS = 100_000;
export const GRID_PAGE_SIZE = 1000;
const FIRST_ROWS_BUDGET_MS = 500;
const P95_FRAME_BUDGET_MS = 50;
const LONG_FRAME_MS = 50;
const SCROLL_STEP_PX = 2400;
const SCROLL_STEP_QUICK_PX = 4800;
const HEAP_BUDGET_BYTES = 200 * 1024 * 1024;

export interface GridBenchOptions {
  quick: boolean;
}

/** Counts the page requests the fake host answered (distinct `from` offsets and all of them). */
interface Served {
  pages: Set<number>;
  requests: number;
}

function benchScenario(served: Served): Scenario {
  return {
    target: { connectionId: 'bench', schema: 'public', kind: 'table', name: 'bench_rows' },
    info: {
      kind: 'table',
      schema: 'public',
      name: 'bench_rows',
      columns: GRID_COLUMNS.map((c) => ({ ...c })),
      primaryKey: ['id'],
      relations: [],
      known: true,
    },
    answer(chain: ChainDescription) {
      if (chain.action?.kind === 'select' && chain.action.head) return json('', { contentRange: `*/${GRID_TOTAL_ROWS}` });
      const { from, to } = rangeOf(chain);
      served.requests++;
      served.pages.add(from);
      const page = gridPage(from, to, GRID_TOTAL_ROWS);
      return json(page.text, { status: 206, statusText: 'Partial Content', contentRange: page.contentRange });
    },
  };
}

/**
 * Runs before the webview's script: stamps the arrival of the first reply carrying rows (a capture
 * listener on window, so before the app's own handler), then the moment a loaded grid cell is in the
 * DOM (MutationObserver) and the task after that frame's rendering (≈ painted).
 */
export const PROBE_SCRIPT = `
(function () {
  var P = { t0: null, inDom: null, painted: null, staleAtResponse: false, replies: [], decodeMs: [] };
  window.__gridProbe = P;
  var SEL = '.grid-spacer [role=gridcell]:not(.loading)';
  window.addEventListener('message', function (e) {
    var t = performance.now();
    var d = e.data;
    var decoded = performance.now() - t;
    if (!d || d.type !== 'reply' || !d.ok || !d.data || !d.data.body || d.data.body.kind !== 'rows') return;
    P.replies.push(t);
    P.decodeMs.push(decoded);
    if (P.t0 !== null) return;
    P.t0 = t;
    P.staleAtResponse = !!document.querySelector(SEL);
    var mo = new MutationObserver(function () {
      if (P.inDom !== null || !document.querySelector(SEL)) return;
      P.inDom = performance.now();
      mo.disconnect();
      var ch = new MessageChannel();
      ch.port1.onmessage = function () { P.painted = performance.now(); };
      ch.port2.postMessage(0);
    });
    mo.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }, true);
})();
`;

interface Probe {
  t0: number | null;
  inDom: number | null;
  painted: number | null;
  staleAtResponse: boolean;
  /** Arrival times of every rows reply, and the time to decode each (first `event.data` read). */
  replies: number[];
  decodeMs: number[];
}

/** Scrolls the grid's viewport by `step` px per animation frame to the bottom, recording frames. */
function scrollScript(stepPx: number, limitMs: number): string {
  return `
new Promise(function (resolve) {
  var vp = document.querySelector('.grid-viewport');
  var sp = document.querySelector('.grid-spacer');
  if (!vp || !sp) { resolve({ error: 'grid viewport not found' }); return; }
  var target = vp.scrollHeight - vp.clientHeight;
  var ts = [];
  var maxRows = 0;
  var maxCells = 0;
  var deadline = performance.now() + ${limitMs};
  function tick(t) {
    ts.push(t);
    if (sp.childElementCount > maxRows) {
      maxRows = sp.childElementCount;
      maxCells = sp.querySelectorAll('[role=gridcell]').length;
    }
    if (vp.scrollTop >= target - 1 || t > deadline) {
      resolve({ ts: ts, maxRows: maxRows, maxCells: maxCells, reachedEnd: vp.scrollTop >= target - 1, scrollTop: vp.scrollTop, target: target });
      return;
    }
    vp.scrollTop = Math.min(target, vp.scrollTop + ${stepPx});
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})`;
}

interface ScrollResult {
  error?: string;
  ts: number[];
  maxRows: number;
  maxCells: number;
  reachedEnd: boolean;
  scrollTop: number;
  target: number;
}

interface HeapUsage {
  usedSize: number;
  totalSize: number;
}

/** `waitFor` whose timeout says what was awaited. */
async function waitLabeled<T>(label: string, fn: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  try {
    return await waitFor(fn, { timeoutMs: ms });
  } catch {
    throw new Error(`timed out after ${ms / 1000} s waiting for ${label}`);
  }
}

interface MainThreadMetrics {
  task: number;
  script: number;
  layout: number;
  style: number;
}

/** Cumulative main-thread durations of the page (ms), from CDP `Performance.getMetrics`. */
async function mainThreadMetrics(cdp: CDPSession): Promise<MainThreadMetrics> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
}

/** A CDP session on the webview's own renderer (the cross-site iframe's process). */
function webviewSession(h: Harness): Promise<CDPSession> {
  return h.page.context().newCDPSession(h.frame);
}

async function heapAfterGc(h: Harness): Promise<HeapUsage> {
  const cdp = await webviewSession(h);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')) as HeapUsage;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function firstRows(pages: QueryBuilderPages, runs: number): Promise<{ inDom: number[]; painted: number[]; stale: number }> {
  const inDom: number[] = [];
  const painted: number[] = [];
  let stale = 0;
  for (let r = 0; r < runs; r++) {
    const served: Served = { pages: new Set(), requests: 0 };
    const h = await pages.open(benchScenario(served), { pageSize: GRID_PAGE_SIZE, exportRowCap: 1000 }, undefined, PROBE_SCRIPT, true);
    try {
      const probe = await waitLabeled('the first rows (probe)', async () => {
        const p = (await h.frame.evaluate('window.__gridProbe')) as Probe;
        return p.painted !== null ? p : undefined;
      }, 30_000);
      inDom.push(probe.inDom! - probe.t0!);
      painted.push(probe.painted! - probe.t0!);
      if (probe.staleAtResponse) stale++;
    } finally {
      await h.close();
    }
  }
  return { inDom, painted, stale };
}

interface ScrollRun {
  frames: FrameStats;
  scroll: ScrollResult;
  served: Served;
  heapBefore: HeapUsage;
  heapAfter: HeapUsage;
  seconds: number;
  spotChecks: number;
  spotRefetches: number;
  attribution: EventAttribution;
  /** Main-thread time per frame during the scroll (CDP Performance metrics), ms. */
  busyMsPerFrame: { task: number; script: number; layoutStyle: number };
  decodeMs: number[];
  /** Distinct pages requested during the scroll itself. */
  scrolledPages: number;
}

async function scrollAll(pages: QueryBuilderPages, quick: boolean): Promise<ScrollRun> {
  const served: Served = { pages: new Set(), requests: 0 };
  const h: Harness = await pages.open(benchScenario(served), { pageSize: GRID_PAGE_SIZE, exportRowCap: 1000 }, undefined, PROBE_SCRIPT, true);
  try {
    const page: Frame = h.frame;
    await waitLabeled('aria-rowcount 100001', async () => (await page.getAttribute('[role=grid]', 'aria-rowcount')) === String(GRID_TOTAL_ROWS + 1), 30_000);
    await page.waitForSelector('.grid-spacer [role=gridcell]:not(.loading)', { timeout: 30_000 });
    const heapBefore = await heapAfterGc(h);
    const cdp = await webviewSession(h);
    await cdp.send('Performance.enable');
    const metrics0 = await mainThreadMetrics(cdp);
    // 24 px rows: 4,800 px = 200 rows a frame (quick), 2,400 px = 100 rows a frame (full run), a
    // fast drag of the scrollbar: every frame shows rows that were not in the DOM before.
    const step = quick ? SCROLL_STEP_QUICK_PX : SCROLL_STEP_PX;
    const t0 = Date.now();
    const scroll = (await page.evaluate(scrollScript(step, quick ? 120_000 : 240_000))) as ScrollResult;
    const seconds = (Date.now() - t0) / 1000;
    const metrics1 = await mainThreadMetrics(cdp);
    await cdp.detach().catch(() => undefined);
    const perFrame = (k: keyof MainThreadMetrics) => (metrics1[k] - metrics0[k]) / Math.max(1, scroll.ts.length - 1);
    if (scroll.error) throw new Error(scroll.error);
    // Every page was requested on the way down; wait for the last answers to be shown. Pages not
    // requested (a scroll cut short by its time limit) are loaded by jumping to them.
    const expectedPages = Math.ceil(GRID_TOTAL_ROWS / GRID_PAGE_SIZE);
    const scrolledPages = new Set(served.pages);
    for (let p = 0; p < expectedPages; p++) {
      if (served.pages.has(p * GRID_PAGE_SIZE)) continue;
      await page.evaluate(`(function(){ var vp = document.querySelector('.grid-viewport'); vp.scrollTop = ${p * GRID_PAGE_SIZE * 24}; })()`);
      await waitLabeled(`page ${p} requested`, async () => served.pages.has(p * GRID_PAGE_SIZE), 30_000);
    }
    await waitLabeled('no loading cell in view', async () => (await page.$$eval('.grid-spacer .loading', (els) => els.length)) === 0, 30_000);
    // Spot checks: rows across the table are shown from memory, without a new request.
    const before = served.requests;
    let spotChecks = 0;
    for (const row of [0, 12_345, 50_000, 77_777, GRID_TOTAL_ROWS - 1]) {
      await page.evaluate(`(function(){ var vp = document.querySelector('.grid-viewport'); vp.scrollTop = ${row * 24}; })()`);
      await waitLabeled(`row ${row} shown`, async () => (await page.$(`[aria-rowindex="${row + 2}"] [role=gridcell]:not(.loading)`)) !== null, 10_000);
      spotChecks++;
    }
    const heapAfter = await heapAfterGc(h);
    const probe = (await page.evaluate('window.__gridProbe')) as Probe;
    return {
      busyMsPerFrame: { task: perFrame('task'), script: perFrame('script'), layoutStyle: perFrame('layout') + perFrame('style') },
      attribution: attributeLongFrames(scroll.ts, probe.replies, LONG_FRAME_MS),
      decodeMs: probe.decodeMs,
      frames: frameStats(frameIntervals(scroll.ts), LONG_FRAME_MS),
      scroll,
      served,
      heapBefore,
      heapAfter,
      seconds,
      spotChecks,
      spotRefetches: served.requests - before,
      scrolledPages: scrolledPages.size,
    };
  } finally {
    await h.close();
  }
}

async function measureGrid(browserBox: { browser?: Browser }, quick: boolean): Promise<void> {
  const runs = quick ? 3 : 7;
  browserBox.browser = await launchChromium();
  const pages = await startQueryBuilderPages(browserBox.browser);
  try {
    console.log(
      `query builder webview bundle under the production CSP in ${chromiumPath()} (headless), fake host on 127.0.0.1:` +
        ` a ${GRID_COLUMNS.length}-column table (bigint > 2^53, uuid, long text, numeric, timestamptz, boolean, jsonb, nulls),` +
        ` ${formatCount(GRID_TOTAL_ROWS)} rows as ${formatCount(GRID_PAGE_SIZE)}-row range pages.\n`,
    );
    const load = loadavg();
    console.log(`machine: ${cpus().length} CPU(s), load average ${load.map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min): frame times suffer from CPU contention.\n`);
    const first = await firstRows(pages, runs);
    const firstPainted = median(first.painted);
    const firstInDom = median(first.inDom);
    const sc = await scrollAll(pages, quick);
    const rows: string[][] = [
      [`first rows in the DOM after the response (median of ${runs} fresh panels)`, `${firstInDom.toFixed(1)} ms`, '(info)', ''],
      [
        `first rows painted after the response (median of ${runs}; min ${Math.min(...first.painted).toFixed(1)}, max ${Math.max(...first.painted).toFixed(1)})`,
        `${firstPainted.toFixed(1)} ms`,
        `≤ ${FIRST_ROWS_BUDGET_MS} ms`,
        atMost(firstPainted, FIRST_ROWS_BUDGET_MS),
      ],
      [`scroll frames (${formatCount(sc.frames.frames)} frames, ${sc.seconds.toFixed(1)} s): median`, `${sc.frames.medianMs.toFixed(1)} ms`, '(info)', ''],
      ['scroll frames: p95 (smooth)', `${sc.frames.p95Ms.toFixed(1)} ms`, `≤ ${P95_FRAME_BUDGET_MS} ms`, sc.scroll.reachedEnd ? atMost(sc.frames.p95Ms, P95_FRAME_BUDGET_MS) : 'FAIL'],
      ['scroll frames: max', `${sc.frames.maxMs.toFixed(1)} ms`, '(info)', ''],
      [`scroll frames: long (> ${LONG_FRAME_MS} ms)`, formatCount(sc.frames.longFrames), '(info)', ''],
      [
        'main-thread time per frame while scrolling (CDP): all tasks / script / style+layout',
        `${sc.busyMsPerFrame.task.toFixed(1)} / ${sc.busyMsPerFrame.script.toFixed(1)} / ${sc.busyMsPerFrame.layoutStyle.toFixed(1)} ms`,
        '(info)',
        '',
      ],
      [`long frames in which a page reply arrived (${formatCount(sc.attribution.framesWithEvent)} such frames)`, formatCount(sc.attribution.longWithEvent), '(info)', ''],
      ['long frames without a page reply', formatCount(sc.attribution.longWithoutEvent), '(info)', ''],
      [`decode of one 1,000-row page message (median of ${sc.decodeMs.length})`, sc.decodeMs.length ? `${median(sc.decodeMs).toFixed(1)} ms` : 'n/a', '(info)', ''],
      ['max row elements in the DOM while scrolling', formatCount(sc.scroll.maxRows), '(info)', ''],
      ['max cell elements in the DOM while scrolling', formatCount(sc.scroll.maxCells), '(info)', ''],
      ['page requests during the scroll (distinct pages)', formatCount(sc.scrolledPages), '(info)', ''],
      ['page requests in all (distinct pages)', `${formatCount(sc.served.requests)} (${formatCount(sc.served.pages.size)})`, '(info)', ''],
      ['JS heap after GC, first page shown', formatMB(sc.heapBefore.usedSize), '(info)', ''],
      [`JS heap after GC, all ${formatCount(GRID_TOTAL_ROWS)} rows loaded`, formatMB(sc.heapAfter.usedSize), '≤ 200 MB', atMost(sc.heapAfter.usedSize, HEAP_BUDGET_BYTES)],
    ];
    console.log(renderTable(['measure', 'value', 'target', 'verdict'], rows));
    if (!sc.scroll.reachedEnd) {
      console.log(`scroll did not reach the end within its time limit (scrollTop ${formatCount(sc.scroll.scrollTop)} of ${formatCount(sc.scroll.target)} px) → smooth FAIL`);
    }
    if (first.stale > 0) console.log(`warning: ${first.stale} run(s) had loaded cells in the DOM before the first response (probe unreliable)`);
    if (sc.spotRefetches > 0) console.log(`note: ${sc.spotRefetches} page(s) fetched again during the spot checks after the full scroll`);
    console.log(
      `First rows: from the first rows reply reaching the page (capture listener) to a loaded cell in the DOM / the task after that frame.` +
        ` Scroll: ${formatCount(quick ? SCROLL_STEP_QUICK_PX : SCROLL_STEP_PX)} px (24 px rows) per frame to the bottom, rAF intervals. Heap: CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage.`,
    );
  } finally {
    await pages.stop();
  }
}

/** The grid section; never throws (a failure or the watchdog is reported as N/A). */
export async function gridBench(opts: GridBenchOptions): Promise<void> {
  console.log('\n## Results grid (Chromium)');
  try {
    chromiumPath();
  } catch {
    console.log('Chromium not found (/usr/bin/chromium; or set SBX_CHROMIUM): results grid bench skipped → N/A');
    return;
  }
  if (!existsSync(join(__dirname, '..', '..', 'webview', 'queryBuilder', 'main.ts'))) {
    console.log('webview/queryBuilder is not on this branch: results grid bench skipped → N/A');
    return;
  }
  const box: { browser?: Browser } = {};
  const limitMs = opts.quick ? 5 * 60_000 : 8 * 60_000;
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`watchdog: over ${limitMs / 60_000} min`)), limitMs);
  });
  try {
    await Promise.race([measureGrid(box, opts.quick), watchdog]);
  } catch (e) {
    console.log(`results grid bench failed → N/A: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
    const b = box.browser;
    if (b) await Promise.race([b.close(), new Promise((r) => setTimeout(r, 10_000).unref())]).catch(() => undefined);
  }
}
