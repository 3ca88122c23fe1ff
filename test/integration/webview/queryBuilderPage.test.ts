/**
 * The query builder webview in real Chromium, under the production CSP, against the real host
 * side (MessageRouter + handlers) with a scripted QueryRunner: XSS corpus in rows, column names
 * and errors (0 executions), the virtual grid over 100,000 rows, keyboard use, the filter UI,
 * confirmation of deletes by count, explain plans, state restore and exact big-int inline edits.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { queryBuilderState, type QueryBuilderToHost } from '../../../src/protocol/queryBuilder';
import { BASE, bigTable, json, rangeOf, useQueryBuilderPages, waitFor, type Harness, type QueryBuilderPages, type Scenario } from '../../helpers/queryBuilderPage';

const XSS: string[] = JSON.parse(readFileSync(join(__dirname, '../../fixtures/xss-payloads.json'), 'utf8')) as string[];

function xssTable(): Scenario {
  const cols = ['id', ...XSS.slice(0, 12)];
  return {
    target: { connectionId: 'c', schema: 'public', kind: 'table', name: XSS[2]! },
    info: { kind: 'table', schema: 'public', name: XSS[2]!, columns: cols.map((c) => ({ name: c, type: 'text' })), primaryKey: ['id'], relations: [], known: true },
    answer(chain) {
      if (chain.steps.some((s) => s.kind === 'filter')) {
        return { ok: false, error: { name: XSS[0]!, message: XSS[3]!, code: XSS[4]!, details: XSS[9]!, hint: XSS[13]!, status: 400 } };
      }
      const rows = XSS.map((p, i) => Object.fromEntries(cols.map((c, j) => [c, j === 0 ? String(i) : XSS[(i + j) % XSS.length]!])));
      return json(JSON.stringify(rows), { contentRange: `0-${rows.length - 1}/${rows.length}` });
    },
  };
}

describe('query builder webview in Chromium', function () {
  this.timeout(120_000);
  const pages = useQueryBuilderPages();

  const open = (...args: Parameters<QueryBuilderPages['open']>) => pages().open(...args);
  const frame = (h: Harness) => h.page;

  it('renders the XSS corpus in rows, column names, titles and errors with 0 executions', async () => {
    const h = await open(xssTable());
    const page = frame(h);
    await page.waitForSelector('[role=gridcell]');
    // Every payload is shown as text.
    const texts = await page.$$eval('[role=gridcell], [role=columnheader] .grid-col-name', (els) => els.map((e) => e.textContent ?? ''));
    for (const p of XSS.slice(0, 12)) assert.ok(texts.includes(p), `payload shown as text: ${p}`);
    assert.equal(await page.textContent('#title'), `public.${XSS[2]}`);
    // Now an error whose fields are payloads.
    await page.click('#filter-add');
    await page.fill('#filter-column-1', 'id');
    await page.locator('#filter-value-1 input').fill('1');
    await page.click('#run');
    await page.waitForSelector('#error-alert');
    const err = await page.textContent('#error-box');
    assert.ok(err!.includes(XSS[3]!) && err!.includes(XSS[9]!) && err!.includes(XSS[13]!));
    // Scroll through everything, hover, focus the grid.
    await page.focus('[role=grid]');
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.mouse.move(300, 500);
    const executed = await page.evaluate(() => (window as unknown as { __xss: number }).__xss);
    assert.equal(executed, 0, 'no payload executed');
    const injected = await page.evaluate(
      () => document.querySelectorAll('img, iframe, object, embed, svg, video, math, details, marquee, form, base, meta[http-equiv=refresh], a[href], script:not([nonce])').length,
    );
    assert.equal(injected, 0, 'no element created from data');
    const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    assert.deepEqual(csp, [], 'no CSP violation at all (scripts, styles, images, frames)');
    // Control: the detectors do see an HTML injection (and the CSP blocks its handler).
    h.allowErrors(/Executing inline event handler violates/);
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.innerHTML = '<img src="data:," onerror="alert(1)">';
      document.body.append(d);
    });
    await waitFor(async () => (await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length)) > 0);
    assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 1);
    assert.equal(await page.evaluate(() => (window as unknown as { __xss: number }).__xss), 0, 'the CSP blocked the inline handler');
    await h.close();
  });

  it('virtualizes 100,000 rows fetched as range pages, with keyboard navigation', async () => {
    const h = await open(bigTable(100_000));
    const page = frame(h);
    await page.waitForSelector('[role=gridcell]');
    await waitFor(async () => (await page.getAttribute('[role=grid]', 'aria-rowcount')) === '100001');
    const domRows = await page.$$eval('.grid-spacer [role=row]', (r) => r.length);
    assert.ok(domRows > 0 && domRows < 80, `only visible rows in the DOM (${domRows})`);
    assert.equal(await page.textContent('[aria-rowindex="2"] [aria-colindex="1"]'), '9007199254740993');
    assert.match((await page.textContent('#row-count'))!, /100000 of 100000 rows/);
    // Jump to the end: only the last page is fetched, not everything in between.
    await page.focus('[role=grid]');
    await page.keyboard.press('Control+End');
    await page.waitForSelector('[aria-rowindex="100001"] [role=gridcell]:not(.loading)');
    assert.equal(await page.textContent('[aria-rowindex="100001"] [aria-colindex="1"]'), (BASE + 99_999n).toString());
    const runs = h.requests.filter((r) => r.type === 'run');
    assert.ok(runs.length <= 4, `pages fetched on demand (${runs.length})`);
    const last = runs[runs.length - 1] as Extract<QueryBuilderToHost, { type: 'run' }>;
    assert.deepEqual(last.page, { from: 99_000, size: 1000 });
    assert.equal(last.chain.action?.kind === 'select' ? last.chain.action.count : 'x', undefined, 'the count is asked only with the first page');
    const active = await page.getAttribute('[role=grid]', 'aria-activedescendant');
    assert.ok(active && active.endsWith('-r99999-c1'), `active cell follows the keyboard (${active})`);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Home');
    assert.ok((await page.getAttribute('[role=grid]', 'aria-activedescendant'))!.endsWith('-r0-c0'));
    assert.ok((await page.$$eval('.grid-spacer [role=row]', (r) => r.length)) < 80);
    await h.close();
  });

  it('renders only the columns in view, in column order, and keeps an open editor across horizontal scrolls', async () => {
    const cols = Array.from({ length: 40 }, (_, j) => (j === 0 ? 'id' : `column_${j}`));
    const wide: Scenario = {
      target: { connectionId: 'c', schema: 'public', kind: 'table', name: 'wide' },
      info: { kind: 'table', schema: 'public', name: 'wide', columns: cols.map((c, j) => ({ name: c, type: j === 0 ? 'bigint' : 'text', ...(j === 0 ? { primaryKey: true } : {}) })), primaryKey: ['id'], relations: [], known: true },
      answer(chain) {
        if (chain.action?.kind === 'update') return json('[]');
        const { from, to } = rangeOf(chain);
        const end = Math.min(to, 199);
        const rows: Record<string, unknown>[] = [];
        for (let i = from; i <= end; i++) rows.push(Object.fromEntries(cols.map((c, j) => [c, j === 0 ? i : `r${i} c${j} ${'x'.repeat(j === 39 ? 400 : 8)}`])));
        return json(JSON.stringify(rows), { status: 206, contentRange: `${from}-${end}/200` });
      },
    };
    const h = await open(wide);
    const page = frame(h);
    await page.waitForSelector('[aria-rowindex="2"] [role=gridcell]:not(.loading)');
    const colsOf = (row: number) => page.$$eval(`[aria-rowindex="${row}"] [role=gridcell]`, (els) => els.map((e) => Number(e.getAttribute('aria-colindex'))));
    const first = await colsOf(2);
    assert.ok(first[0] === 1 && first.length > 3 && first.length < 20, `the first columns only (${first.join()})`);
    assert.deepEqual(first, [...first].sort((a, b) => a - b), 'cells in column order');
    assert.equal(await page.$$eval('[role=columnheader]', (els) => els.length), 40, 'every column has its header');
    assert.equal(await page.getAttribute('[role=grid]', 'aria-colcount'), '40');
    // The keyboard reaches the last column: the view scrolls and its cells are built.
    await page.focus('[role=grid]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.waitForSelector('[aria-rowindex="2"] [aria-colindex="40"]');
    const last = await colsOf(2);
    assert.ok(last.includes(40) && !last.includes(1), `the last columns only (${last.join()})`);
    assert.deepEqual(last, [...last].sort((a, b) => a - b));
    assert.ok((await page.getAttribute('[role=grid]', 'aria-activedescendant'))!.endsWith('-r0-c39'));
    assert.equal(await page.$$eval('.grid-spacer [role=gridcell][id]', (els) => els.length), 1, 'only the active cell has an id');
    // A long value is cut to what the cell shows; its tooltip holds all of it.
    const long = page.locator('[aria-rowindex="2"] [aria-colindex="40"]');
    assert.ok((await long.textContent())!.length < 200);
    assert.equal(await long.getAttribute('title'), `r0 c39 ${'x'.repeat(400)}`);
    // Edit a cell, scroll away to the first column and back: the editor and its text stay.
    await page.dblclick('[aria-rowindex="3"] [aria-colindex="39"]');
    await page.fill('[data-testid=cell-editor]', 'typed before scrolling');
    await page.$eval('.grid-viewport', (vp) => (vp.scrollLeft = 0));
    await page.waitForSelector('[aria-rowindex="4"] [aria-colindex="1"]');
    assert.deepEqual((await colsOf(3)).slice(-1), [39], 'the edited cell stays in its row, after the columns in view');
    assert.equal(await page.inputValue('[data-testid=cell-editor]'), 'typed before scrolling');
    await page.$eval('.grid-viewport', (vp) => (vp.scrollLeft = vp.scrollWidth));
    await page.waitForSelector('[aria-rowindex="4"] [aria-colindex="40"]');
    const row3 = await colsOf(3);
    assert.deepEqual(row3, [...row3].sort((a, b) => a - b));
    assert.equal(row3.filter((c) => c === 39).length, 1, 'one cell for the edited column');
    await page.focus('[data-testid=cell-editor]');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('[data-testid=tab-queue]'), 'Changes (1)');
    assert.equal(await page.textContent('[aria-rowindex="3"] [aria-colindex="39"]'), 'typed before scrolling');
    await h.close();
  });

  it('a scroll jump builds only the rows in view; the overscan rows follow when scrolling pauses', async () => {
    const h = await open(bigTable(100_000));
    const page = frame(h);
    await page.waitForSelector('[aria-rowindex="2"] [role=gridcell]:not(.loading)');
    const rowsInDom = () => page.$$eval('.grid-spacer [role=row]', (r) => r.map((e) => Number(e.getAttribute('data-row'))).sort((a, b) => a - b));
    const { viewRows } = await page.$eval('.grid-viewport', (vp) => ({ viewRows: Math.ceil(vp.clientHeight / 24) }));
    const settled = await rowsInDom();
    assert.ok(settled[0] === 0 && settled.length >= viewRows + 5, `overscan below the first view (${settled.length} rows for ${viewRows} in view)`);
    // Jump 50,000 rows down and read the DOM in the same frame as the render.
    const jumped = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const vp = document.querySelector('.grid-viewport')!;
          vp.scrollTop = 24 * 50_000;
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(Array.from(document.querySelectorAll('.grid-spacer [role=row]')).map((e) => Number(e.getAttribute('data-row'))).sort((a, b) => a - b))));
        }),
    );
    assert.equal(jumped[0], 50_000, `no overscan above after a jump (${jumped[0]})`);
    assert.ok(jumped.length <= viewRows + 1, `no overscan below after a jump (${jumped.length} rows for ${viewRows} in view)`);
    await waitFor(async () => {
      const now = await rowsInDom();
      return now[0] === 49_995 && now.length >= viewRows + 10;
    });
    // Stripes follow the row index, whatever order the rows were built in.
    const stripes = await page.$$eval('.grid-spacer [role=row]', (r) => r.map((e) => [Number(e.getAttribute('data-row')) % 2 === 1, e.classList.contains('odd')]));
    assert.ok(stripes.length > 0 && stripes.every(([odd, striped]) => odd === striped), JSON.stringify(stripes));
    await h.close();
  });

  it('a page arriving redraws only its own rows in view, and nothing when it is off-screen', async () => {
    // Every page but the first is held until the test releases it.
    const base = bigTable(1000);
    const held = new Map<number, () => void>();
    const h = await open(
      {
        ...base,
        answer(chain, runAs) {
          const { from } = rangeOf(chain);
          if (from === 0) return base.answer(chain, runAs);
          return new Promise((resolve) => held.set(from, () => resolve(base.answer(chain, runAs))));
        },
      },
      { pageSize: 10, exportRowCap: 1000 },
    );
    const page = frame(h);
    await page.waitForSelector('[aria-rowindex="2"] [role=gridcell]:not(.loading)');
    await waitFor(() => held.has(10) && held.has(20));
    // Visit the end (asks for page 99), come back to the top: page 99 is now off-screen.
    await page.focus('[role=grid]');
    await page.keyboard.press('Control+End');
    await waitFor(() => held.has(990));
    await page.keyboard.press('Control+Home');
    await page.waitForSelector('[aria-rowindex="2"]');
    // Mark every row element now in the DOM; a redrawn row loses its mark.
    const mark = () =>
      page.$$eval('.grid-spacer [role=row]', (rows) => rows.map((r) => ((r as HTMLElement).dataset.mark = 'kept', Number(r.getAttribute('data-row')))));
    const marked = async () =>
      page.$$eval('.grid-spacer [role=row]', (rows) => rows.filter((r) => (r as HTMLElement).dataset.mark === 'kept').map((r) => Number(r.getAttribute('data-row'))));
    const before = (await mark()).sort((a, b) => a - b);
    assert.ok(before.includes(0) && before.includes(10) && before.includes(20), `rows of pages 0-2 rendered (${before.join()})`);
    assert.ok(!before.some((i) => i >= 990), 'the end is off-screen');
    // The off-screen page arrives, then page 1 (messages keep their order).
    held.get(990)!();
    held.get(10)!();
    await page.waitForSelector('[data-row="10"] [role=gridcell]:not(.loading)');
    await page.waitForSelector('[data-row="19"] [role=gridcell]:not(.loading)');
    const kept = (await marked()).sort((a, b) => a - b);
    assert.deepEqual(kept, before.filter((i) => i < 10 || i >= 20), 'only the rows of page 1 were redrawn');
    assert.equal(await page.textContent('[data-row="15"] [aria-colindex="2"]'), 'row 15');
    assert.equal(await page.getAttribute('[data-row="15"]', 'aria-busy'), null, 'no longer busy');
    assert.equal(await page.getAttribute('[data-row="20"]', 'aria-busy'), 'true', 'page 2 still loading');
    assert.equal(await page.getAttribute('[data-row="15"]', 'aria-rowindex'), '17');
    // The active cell survives a redraw of its row.
    await page.click('[data-row="12"] [aria-colindex="2"]');
    held.get(20)!();
    await page.waitForSelector('[data-row="20"] [role=gridcell]:not(.loading)');
    const active = await page.getAttribute('[role=grid]', 'aria-activedescendant');
    assert.ok(active && active.endsWith('-r12-c1'), `active cell kept (${active})`);
    assert.ok(await page.$eval(`#${active}`, (e) => e.classList.contains('active')));
    for (const [from, release] of held) if (from !== 990 && from !== 10 && from !== 20) release();
    await h.close();
  });

  it('builds filters, orders and limit from the UI into the chain the host receives', async () => {
    const h = await open(bigTable(50));
    const page = frame(h);
    await page.waitForSelector('[role=gridcell]');
    await page.click('#filter-add');
    await page.fill('#filter-column-1', 'id');
    await page.locator('#filter-column-1').dispatchEvent('change');
    await page.selectOption('#filter-op-1', 'gte');
    await page.locator('#filter-value-1 input').fill('9007199254740995');
    await page.click('#filter-add');
    await page.fill('#filter-column-2', 'name');
    await page.selectOption('#filter-op-2', 'ilike');
    await page.locator('#filter-value-2 input').fill('%row%');
    await page.click('#order-add');
    await page.fill('#order-column-1', 'id');
    await page.selectOption('#order-dir-1', 'desc');
    await page.click('#limit-add');
    await page.locator('#limit-count-1 input').fill('5');
    const before = h.requests.length;
    await page.click('#run');
    const run = (await waitFor(() => h.requests.slice(before).find((r) => r.type === 'run'))) as Extract<QueryBuilderToHost, { type: 'run' }>;
    assert.deepEqual(run.chain.steps, [
      { kind: 'filter', op: 'gte', column: 'id', value: '9007199254740995' },
      { kind: 'filter', op: 'ilike', column: 'name', value: '%row%' },
      { kind: 'order', column: 'id', ascending: false },
      { kind: 'limit', count: 5 },
    ]);
    assert.deepEqual(run.page, { from: 0, size: 5 });
    if (process.env.QB_SHOTS) await page.screenshot({ path: join(process.env.QB_SHOTS, 'filters.png'), fullPage: true });
    await h.close();
  });

  it('saves a state the host serializer accepts, and restores the builder from it after a reload', async () => {
    const h = await open(bigTable(50));
    const page = frame(h);
    await page.waitForSelector('[role=gridcell]');
    await page.click('#filter-add');
    await page.fill('#filter-column-1', 'name');
    await page.selectOption('#filter-op-1', 'like');
    await page.locator('#filter-value-1 input').fill('row 1%');
    await page.locator('#filter-value-1 input').press('Tab');
    const saved = await page.evaluate(() => (window as unknown as { __savedState: unknown }).__savedState);
    await h.close();
    const parsed = queryBuilderState.parse(saved);
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.issues));
    assert.deepEqual(parsed.value.chain?.steps, [{ kind: 'filter', op: 'like', column: 'name', value: 'row 1%' }]);
    // A reload (or hide/show without retained context): same state, builder and query come back.
    const h2 = await open(bigTable(50), undefined, saved);
    const run = (await waitFor(() => h2.requests.find((r) => r.type === 'run'))) as Extract<QueryBuilderToHost, { type: 'run' }>;
    assert.deepEqual(run.chain.steps, [{ kind: 'filter', op: 'like', column: 'name', value: 'row 1%' }]);
    assert.equal(await h2.page.inputValue('#filter-column-1'), 'name');
    await h2.close();
  });

  it('confirms a delete with the number of rows affected, and sends nothing when cancelled', async () => {
    const h = await open(bigTable(50));
    const page = frame(h);
    await page.waitForSelector('[role=gridcell]');
    await page.selectOption('#mode', 'delete');
    await page.click('#run');
    assert.match((await page.textContent('#issue-list'))!, /needs at least one filter/);
    await page.click('#filter-add');
    await page.fill('#filter-column-1', 'id');
    await page.selectOption('#filter-op-1', 'lt');
    await page.locator('#filter-value-1 input').fill('3');
    await page.click('#run');
    await page.waitForSelector('#confirm-dialog[open]');
    assert.equal(await page.textContent('#confirm-title'), 'Delete 3 rows?');
    await page.click('#confirm-cancel');
    assert.equal(h.requests.filter((r) => r.type === 'run' && r.chain.action?.kind === 'delete').length, 0);
    await page.click('#run');
    await page.waitForSelector('#confirm-dialog[open]');
    await page.click('#confirm-ok');
    await waitFor(() => h.requests.some((r) => r.type === 'run' && r.chain.action?.kind === 'delete'));
    await waitFor(async () => /3 rows affected/.test((await page.textContent('#row-count')) ?? ''));
    await h.close();
  });

  it('shows a JSON explain plan as a tree', async () => {
    const h = await open(bigTable(50));
    const page = frame(h);
    await page.waitForSelector('[role=gridcell]');
    await page.click('#explain');
    await page.click('#run');
    await page.waitForSelector('#explain-view summary');
    assert.match((await page.textContent('#explain-view summary'))!, /Seq Scan on big \(cost=0\.\.22\.7 rows=1270 width=40\)/);
    if (process.env.QB_SHOTS) await page.screenshot({ path: join(process.env.QB_SHOTS, 'explain.png'), fullPage: true });
    await h.close();
  });

  it('sorts by a header click (server order), resizes a column by keyboard, copies rows exactly', async () => {
    const h = await open(bigTable(20));
    const page = frame(h);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: pages().origin });
    await page.waitForSelector('[aria-rowindex="2"] [aria-colindex="1"]');
    const before = h.requests.length;
    await page.click('[role=columnheader][aria-colindex="2"]');
    const run = (await waitFor(() => h.requests.slice(before).find((r) => r.type === 'run'))) as Extract<QueryBuilderToHost, { type: 'run' }>;
    assert.deepEqual(run.chain.steps, [{ kind: 'order', column: 'name', ascending: true }]);
    await waitFor(async () => (await page.getAttribute('[role=columnheader][aria-colindex="2"]', 'aria-sort')) === 'ascending');
    await page.click('[aria-rowindex="2"] [aria-colindex="1"]');
    const width = async () => page.$eval('[role=columnheader][aria-colindex="1"]', (e) => (e as HTMLElement).getBoundingClientRect().width);
    const w0 = await width();
    await page.keyboard.press('Control+Shift+ArrowRight');
    assert.equal(Math.round((await width()) - w0), 20);
    await page.keyboard.press('Control+Shift+C');
    await waitFor(async () => (await page.textContent('#status')) === 'Row copied.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, '{\n  "id": 9007199254740993,\n  "name": "row 0"\n}');
    await page.keyboard.press('Control+C');
    await waitFor(async () => (await page.evaluate(() => navigator.clipboard.readText())) === '9007199254740993');
    await h.close();
  });

  it('runs as service_role by default when the connection has only a secret key', async () => {
    const h = await open({ ...bigTable(5), connection: { anonAvailable: false } });
    const run = (await waitFor(() => h.requests.find((r) => r.type === 'run'))) as Extract<QueryBuilderToHost, { type: 'run' }>;
    assert.equal(run.runAs, 'service_role');
    assert.equal(await h.page.inputValue('#run-as'), 'service_role');
    await h.close();
  });

  it('starts on the connection\'s run-as role and follows connection updates (role, read-only)', async () => {
    const h = await open({ ...bigTable(5), connection: { runAs: 'service_role' } });
    const page = frame(h);
    const firstRun = (await waitFor(() => h.requests.find((r) => r.type === 'run'))) as Extract<QueryBuilderToHost, { type: 'run' }>;
    assert.equal(firstRun.runAs, 'service_role');
    assert.equal(await page.inputValue('#run-as'), 'service_role');
    assert.equal(await page.locator('.badge', { hasText: 'read-only connection' }).count(), 0);
    await page.waitForSelector('[role=gridcell][aria-readonly=false]');
    // The user switches the connection to anon and read-only while the panel is open.
    h.send({ type: 'connection', connection: { name: 'renamed', readOnly: true, serviceRoleAvailable: true, anonAvailable: true, runAs: 'anon' } });
    await page.locator('.badge', { hasText: 'read-only connection' }).waitFor({ state: 'visible' });
    assert.equal(await page.inputValue('#run-as'), 'anon');
    assert.match((await page.textContent('#connection')) ?? '', /renamed \(read-only\)/);
    // Inline editing is off at once.
    await page.waitForSelector('[role=gridcell][aria-readonly=true]');
    assert.equal(await page.locator('[role=gridcell][aria-readonly=false]').count(), 0);
    const runs = h.requests.filter((r) => r.type === 'run').length;
    await page.click('#run');
    const next = (await waitFor(() => h.requests.filter((r) => r.type === 'run')[runs])) as Extract<QueryBuilderToHost, { type: 'run' }>;
    assert.equal(next.runAs, 'anon');
    await h.close();
  });

  it('edits a cell of a bigint-keyed row and saves it by the exact key', async () => {
    const h = await open(bigTable(10));
    const page = frame(h);
    await page.waitForSelector('[aria-rowindex="3"] [aria-colindex="2"]');
    await page.dblclick('[aria-rowindex="3"] [aria-colindex="2"]');
    await page.fill('[data-testid=cell-editor]', 'renamed <img src=x onerror=alert(1)>');
    await page.keyboard.press('Enter');
    assert.equal(await page.textContent('[data-testid=tab-queue]'), 'Changes (1)');
    assert.ok(await page.$('[aria-rowindex="3"] [aria-colindex="2"].dirty'));
    await page.click('[data-testid=tab-queue]');
    await page.click('#save-apply');
    const apply = (await waitFor(() => h.requests.find((r) => r.type === 'applyEdits'))) as Extract<QueryBuilderToHost, { type: 'applyEdits' }>;
    assert.deepEqual(apply.edits[0]!.pk, { id: '9007199254740994' });
    assert.deepEqual(apply.edits[0]!.values, { name: 'renamed <img src=x onerror=alert(1)>' });
    await waitFor(async () => (await page.textContent('[data-testid=tab-queue]')) === 'Changes');
    // The column is narrow: the cell holds what it can show and the whole value is its tooltip.
    const saved = page.locator('[aria-rowindex="3"] [aria-colindex="2"]');
    const shown = (await saved.textContent())!;
    assert.ok(shown.endsWith('…') && 'renamed <img src=x onerror=alert(1)>'.startsWith(shown.slice(0, -1)), shown);
    assert.equal(await saved.getAttribute('title'), 'renamed <img src=x onerror=alert(1)>');
    assert.equal(await page.evaluate(() => (window as unknown as { __xss: number }).__xss), 0);
    await h.close();
  });

  it('shows the texts of the translation bundle sent in init', async () => {
    const l10n = {
      Run: 'Ausführen',
      'Run query (Ctrl+Enter)': 'Abfrage ausführen (Strg+Eingabe)',
      'Add filter': 'Filter hinzufügen',
      '{0} of {1} rows': '{0} von {1} Zeilen',
    };
    const h = await open({ ...bigTable(3), l10n });
    const page = frame(h);
    await waitFor(async () => (await page.textContent('#run')) === 'Ausführen');
    assert.equal(await page.getAttribute('#run', 'title'), 'Abfrage ausführen (Strg+Eingabe)');
    assert.equal(await page.textContent('#filter-add'), 'Filter hinzufügen');
    await waitFor(async () => (await page.textContent('#row-count')) === '3 von 3 Zeilen');
    // Messages the bundle lacks stay English.
    assert.equal(await page.textContent('#cancel'), 'Cancel');
    await h.close();
  });
});
