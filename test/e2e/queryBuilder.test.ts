// The query builder webview in a real VS Code: a select with two filters + order + limit checked
// against the database, an explain plan, insert/update/delete with their confirmations, and a
// corpus of XSS payloads (in rows, column names and error messages) rendered with 0 executions.
import assert from 'node:assert/strict';
import type { QueryResultRow } from 'pg';
import { sql as sqlOn } from '../helpers/sql';
import type { FrameLocator, Page } from 'playwright-core';
import type { Stack } from '../stack/index';
import { missingQueryBuilder } from './support/product';
import { useWorkbench } from './support/workbench';
import { expandTreeItem, runCommand, showViewContainer, treeItem, webviewFrame } from './support/vscodePage';
import { UI_TIMEOUT } from './support/timeouts';

/** Payloads that call `__xssHit()` (installed in every frame) or alert() if they ever run. */
const XSS = [
  '<img src=x onerror="__xssHit()">',
  '<script>__xssHit()</script>',
  '<svg onload=__xssHit()>',
  '"><img src=x onerror=__xssHit()>',
  "'><script>__xssHit()</script>",
  '<a href="javascript:__xssHit()">click</a>',
  '<iframe srcdoc="<script>parent.__xssHit()</script>"></iframe>',
  '<img src=x onerror=alert(1)>',
  '{{constructor.constructor("__xssHit()")()}}',
  '<details open ontoggle=__xssHit()>',
];
const XSS_COLUMN = '<img src=x onerror=__xssHit()>';

/** SQL on the stack's database. */
const sql = <T extends QueryResultRow>(stack: Stack, text: string, params: unknown[] = []) => sqlOn<T>(stack.dbUrl, text, params);

async function prepareTables(stack: Stack): Promise<void> {
  const items = Array.from({ length: 40 }, (_, i) => `(${i + 1}, 'item-${String(i + 1).padStart(2, '0')}', ${(i * 37) % 50}, '${'abc'[i % 3]}')`);
  await sql(
    stack,
    `create table public.e2e_items (id int8 primary key, name text not null, score int4 not null, category text not null);
     insert into public.e2e_items values ${items.join(',')};
     create table public.e2e_xss (id int4 primary key, payload text, "${XSS_COLUMN.replace(/"/g, '""')}" text);
     grant all on public.e2e_items, public.e2e_xss to anon, authenticated, service_role;
     notify pgrst, 'reload schema';`,
  );
  for (const [i, p] of XSS.entries()) await sql(stack, 'insert into public.e2e_xss values ($1, $2, $2)', [i + 1, p]);
}

/**
 * Header names and cell texts of the rendered grid rows, in row order. A cell goes at its
 * `aria-colindex` (the grid renders only the columns in view), so `rows[r][headers.indexOf(x)]`
 * is column x.
 */
async function gridRows(wv: FrameLocator): Promise<{ headers: string[]; rows: string[][] }> {
  const headers = (await wv.locator('[role=columnheader]').allInnerTexts()).map((t) => t.trim());
  const rows = await wv.locator('[role=row][data-row]').evaluateAll((els) =>
    els
      .sort((a, b) => Number(a.getAttribute('data-row')) - Number(b.getAttribute('data-row')))
      .map((r) => {
        const out: string[] = [];
        for (const c of Array.from(r.querySelectorAll('[role=gridcell]'))) out[Number(c.getAttribute('aria-colindex')) - 1] = (c.textContent ?? '').trim();
        return Array.from(out, (t) => t ?? '');
      }),
  );
  return { headers, rows };
}

async function waitForRowCount(wv: FrameLocator, n: number): Promise<void> {
  await wv.locator(`[role=grid][aria-rowcount="${n + 1}"]`).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
}

async function openQueryBuilder(page: Page, table: string): Promise<FrameLocator> {
  const pane = await showViewContainer(page, /^Supabase/, /Tables/);
  const schema = treeItem(pane, 'public').first();
  await expandTreeItem(schema);
  const row = treeItem(pane, table).first();
  await row.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  // Clicking a table row runs "Open Query Builder". A click that lands while the tree re-renders
  // hits a disposed item command ("Actual command not found"), so click again until it opens.
  const wv = webviewFrame(page);
  const deadline = Date.now() + UI_TIMEOUT;
  for (;;) {
    await row.locator('.label-name').click();
    try {
      await wv.locator('#run').waitFor({ state: 'visible', timeout: 15_000 });
      return wv;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}

async function fillField(wv: FrameLocator, id: string, value: string): Promise<void> {
  // vscode-elements fields keep their <input>/<textarea> in an open shadow root.
  const inner = wv.locator(`#${id} input, #${id} textarea, input#${id}, textarea#${id}`).first();
  await inner.fill(value);
}

async function confirmDialog(wv: FrameLocator, expectTitle: RegExp): Promise<void> {
  const dlg = wv.locator('#confirm-dialog');
  await dlg.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  assert.match(await wv.locator('#confirm-title').innerText(), expectTitle);
  await wv.locator('#confirm-ok').click();
  await dlg.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
}

describe('e2e: query builder in a real VS Code', function () {
  this.timeout(5 * UI_TIMEOUT);
  const missing = missingQueryBuilder();
  if (missing) {
    it(`runs once ${missing}`);
    return;
  }
  const dialogs: string[] = [];
  const wb = useWorkbench({
    name: 'query-builder',
    prepare: prepareTables,
    initScript: () => {
      const w = window as unknown as { __xss: number; __xssHit: () => void };
      w.__xss = 0;
      w.__xssHit = () => {
        w.__xss += 1;
      };
    },
  });
  let wv: FrameLocator;

  before(async function () {
    this.timeout(4 * UI_TIMEOUT);
    const { page, shot } = wb();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    try {
      wv = await openQueryBuilder(page, 'e2e_items');
    } catch (e) {
      const file = await shot('FAILED-open-query-builder').catch(() => undefined);
      if (file) process.stdout.write(`      failure screenshot: ${file}\n`);
      throw e;
    }
    await shot('query-builder-open');
  });

  it('runs a select with two filters, an order and a limit, and shows the rows the database returns', async function () {
    const { stack, shot } = wb();
    await wv.locator('#filter-add').click();
    await wv.locator('#filter-column-1').fill('score');
    await wv.locator('#filter-op-1').selectOption('gte');
    await fillField(wv, 'filter-value-1', '20');
    await wv.locator('#filter-add').click();
    await wv.locator('#filter-column-2').fill('category');
    await wv.locator('#filter-op-2').selectOption('neq');
    await fillField(wv, 'filter-value-2', 'b');
    await wv.locator('#order-add').click();
    await wv.locator('#order-column-1').fill('score');
    await wv.locator('#order-dir-1').selectOption('desc');
    await wv.locator('#limit-add').click();
    await fillField(wv, 'limit-count-1', '5');
    await shot('builder-filters');
    await wv.locator('#run').click();
    const expected = await sql<{ id: string; name: string; score: number }>(
      stack,
      "select id::text, name, score from public.e2e_items where score >= 20 and category <> 'b' order by score desc, id limit 5",
    );
    assert.equal(expected.length, 5);
    await waitForRowCount(wv, expected.length);
    const { headers, rows } = await gridRows(wv);
    const nameAt = headers.findIndex((h) => /^name\b/.test(h));
    const scoreAt = headers.findIndex((h) => /^score\b/.test(h));
    assert.ok(nameAt >= 0 && scoreAt >= 0, `grid headers: ${headers.join(' | ')}`);
    assert.deepEqual(
      rows.map((r) => Number(r[scoreAt])),
      expected.map((r) => r.score),
    );
    // Scores are distinct in this table, so the order is fully determined.
    assert.deepEqual(
      rows.map((r) => r[nameAt]),
      expected.map((r) => r.name),
    );
    await shot('builder-select-rows');
  });

  it('shows the explain plan', async function () {
    const { shot } = wb();
    await wv.locator('#explain').click();
    await wv.locator('#run').click();
    const plan = wv.locator('#explain-view');
    await plan.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    assert.match(await plan.innerText(), /Scan|Limit|Sort/);
    await shot('builder-explain');
    await wv.locator('#explain').click();
  });

  it('inserts a row after a confirmation naming the row count', async function () {
    const { stack, shot } = wb();
    await wv.locator('#mode').selectOption('insert');
    await fillField(wv, 'write-values', JSON.stringify({ id: 1001, name: 'e2e-new', score: 3, category: 'z' }));
    await wv.locator('#run').click();
    await shot('builder-insert-confirm');
    await confirmDialog(wv, /1 row/);
    await waitForDb(stack, "select 1 from public.e2e_items where id = 1001 and name = 'e2e-new'", 1);
  });

  it('updates the filtered rows after a confirmation naming the row count', async function () {
    const { stack, shot } = wb();
    await wv.locator('#mode').selectOption('update');
    // Retarget the filters to the inserted row: name = e2e-new only.
    await wv.locator('#filter-remove-2').click();
    await wv.locator('#filter-column-1').fill('name');
    await wv.locator('#filter-op-1').selectOption('eq');
    await fillField(wv, 'filter-value-1', 'e2e-new');
    await fillField(wv, 'write-values', JSON.stringify({ score: 77 }));
    await wv.locator('#run').click();
    await shot('builder-update-confirm');
    await confirmDialog(wv, /1 row/);
    await waitForDb(stack, 'select 1 from public.e2e_items where id = 1001 and score = 77', 1);
    await waitForDb(stack, 'select 1 from public.e2e_items where score = 77', 1);
  });

  it('deletes the filtered rows after a confirmation naming the row count', async function () {
    const { stack, shot } = wb();
    await wv.locator('#mode').selectOption('delete');
    await wv.locator('#run').click();
    await shot('builder-delete-confirm');
    await confirmDialog(wv, /1 row/);
    await waitForDb(stack, 'select 1 from public.e2e_items where id = 1001', 0);
    await waitForDb(stack, 'select 1 from public.e2e_items', 40);
  });

  it('renders XSS payloads in rows, column names and error messages with 0 executions', async function () {
    const { page, shot } = wb();
    await runCommand(page, 'View: Close All Editors');
    const xwv = await openQueryBuilder(page, 'e2e_xss');
    await xwv.locator('#run').click();
    await waitForRowCount(xwv, XSS.length);
    const { headers, rows } = await gridRows(xwv);
    assert.ok(headers.some((h) => h.includes(XSS_COLUMN)), `the payload column name is not shown as text: ${headers.join(' | ')}`);
    const shown = rows.flat().join('\n');
    for (const p of XSS) assert.ok(shown.includes(p), `payload not rendered as text: ${p}`);
    // An error message carrying a payload: filter on a column that does not exist.
    await xwv.locator('#filter-add').click();
    await xwv.locator('#filter-column-1').fill('<img src=x onerror=__xssHit()>nope');
    await xwv.locator('#filter-op-1').selectOption('eq');
    await fillField(xwv, 'filter-value-1', '<script>__xssHit()</script>');
    await xwv.locator('#run').click();
    await xwv.getByText(/does not exist|42703|PGRST/).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await shot('builder-xss');
    // The probe must be installed in the query builder's own document, or the test could not fail.
    let probed = 0;
    for (const f of page.frames()) {
      probed += await f
        .evaluate(() => (document.querySelector('#run') && typeof (window as unknown as { __xssHit?: unknown }).__xssHit === 'function' ? 1 : 0))
        .catch(() => 0);
    }
    assert.ok(probed >= 1, 'the __xssHit probe is not installed in the query builder webview');
    let executions = 0;
    for (const f of page.frames()) {
      executions += await f.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0).catch(() => 0);
    }
    assert.equal(executions, 0, 'an XSS payload ran');
    assert.deepEqual(dialogs, [], 'an XSS payload opened a dialog');
  });
});

async function waitForDb(stack: Stack, query: string, rows: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (Date.now() < deadline) {
    last = (await sql(stack, query)).length;
    if (last === rows) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${rows} row(s) from "${query}", got ${last}`);
}
