/**
 * The query builder controls the first page tests never clicked, in real Chromium against the real
 * host handlers: write options (upsert onConflict/ignoreDuplicates, defaultToNull), OR groups,
 * raw filter() and match() rows, result shapes (single, maybeSingle, csv), explain options, copy
 * as code in each language, open row as JSON, CSV/JSON export, cancel, and the save queue's
 * discard and failed saves. Each asserts what the host received and what the page shows.
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ChainDescription } from '../../../src/core/database/chain';
import { createCodeGenerator } from '../../../src/core/database/codegen';
import type { QueryBuilderToHost } from '../../../src/protocol/queryBuilder';
import { BASE, bigTable, json, useQueryBuilderPages, waitFor, type Harness, type Scenario } from '../../helpers/queryBuilderPage';

type Run = Extract<QueryBuilderToHost, { type: 'run' }>;

/** The next `run` request after index `from` of `h.requests`. */
async function nextRun(h: Harness, from: number, pred: (r: Run) => boolean = () => true): Promise<Run> {
  return (await waitFor(() => h.requests.slice(from).find((r): r is Run => r.type === 'run' && pred(r)))) as Run;
}

async function fill(page: Page, id: string, value: string): Promise<void> {
  await page.locator(`#${id} input, #${id} textarea, input#${id}, textarea#${id}`).first().fill(value);
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.textContent(selector)) ?? '';
}

/** bigTable that also answers writes with the rows sent, and single/csv reads. */
function people(): Scenario & { chains: ChainDescription[] } {
  const base = bigTable(3);
  const chains: ChainDescription[] = [];
  return {
    ...base,
    chains,
    answer(chain, runAs, signal) {
      chains.push(chain);
      const a = chain.action;
      if (a?.kind === 'insert' || a?.kind === 'upsert') {
        const rows = Array.isArray(a.values) ? a.values : [a.values];
        return json(JSON.stringify(rows), { status: 201, statusText: 'Created', contentRange: `*/${rows.length}` });
      }
      if (chain.steps.some((s) => s.kind === 'csv')) {
        return json('id,name\n9007199254740993,row 0\n9007199254740994,"row, 1"\n', { contentType: 'text/csv; charset=utf-8' });
      }
      if (chain.steps.some((s) => s.kind === 'single' || s.kind === 'maybeSingle')) {
        return json(`{"id":${BASE.toString()},"name":"row 0"}`, { contentType: 'application/vnd.pgrst.object+json; charset=utf-8' });
      }
      if (chain.steps.some((s) => s.kind === 'explain')) {
        return json('Seq Scan on big  (cost=0.00..22.70 rows=1270 width=40) (actual time=0.010..0.011 rows=3 loops=1)\n  Buffers: shared hit=1\nPlanning Time: 0.050 ms', {
          contentType: 'application/vnd.pgrst.plan+text; charset=utf-8',
        });
      }
      return base.answer(chain, runAs, signal);
    },
  };
}

describe('query builder controls in Chromium', function () {
  this.timeout(120_000);
  const pages = useQueryBuilderPages();

  it('upserts with onConflict and ignoreDuplicates, and inserts with defaultToNull off', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[role=gridcell]');
    await page.selectOption('#mode', 'upsert');
    await fill(page, 'write-values', '[{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]');
    await fill(page, 'upsert-on-conflict', 'id');
    await page.click('#upsert-ignore-duplicates');
    await page.click('#default-to-null');
    let before = h.requests.length;
    await page.click('#run');
    await page.waitForSelector('#confirm-dialog[open]');
    assert.equal(await text(page, '#confirm-title'), 'Upsert 2 rows?');
    assert.match(await text(page, '#confirm-message'), /existing rows with the same key are updated/);
    await page.click('#confirm-ok');
    let run = await nextRun(h, before);
    assert.deepEqual(run.chain.action, {
      kind: 'upsert',
      values: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }],
      onConflict: 'id',
      ignoreDuplicates: true,
      count: 'exact',
      defaultToNull: false,
    });
    assert.deepEqual(run.chain.steps, [{ kind: 'select', columns: '*' }], 'returns the written rows');
    await waitFor(async () => /201 Created/.test(await text(page, '#status')));

    // Insert: no upsert options, defaultToNull still off (the checkbox keeps its state).
    await page.selectOption('#mode', 'insert');
    assert.equal(await page.$('#upsert-on-conflict'), null, 'onConflict is an upsert option');
    await fill(page, 'write-values', '{"name": "c"}');
    before = h.requests.length;
    await page.click('#run');
    await page.waitForSelector('#confirm-dialog[open]');
    assert.equal(await text(page, '#confirm-title'), 'Insert 1 row?');
    await page.click('#confirm-ok');
    run = await nextRun(h, before);
    assert.deepEqual(run.chain.action, { kind: 'insert', values: { name: 'c' }, count: 'exact', defaultToNull: false });
    // Back on: the option is left out (supabase-js default).
    await page.click('#default-to-null');
    before = h.requests.length;
    await page.click('#run');
    await page.click('#confirm-ok');
    run = await nextRun(h, before);
    assert.deepEqual(run.chain.action, { kind: 'insert', values: { name: 'c' }, count: 'exact' });
    await h.close();
  });

  it('sends an OR group (with a referenced table), a raw filter() and a match() row', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[role=gridcell]');
    await page.click('#filter-add-or');
    await fill(page, 'filter-or-1', 'id.eq.1,name.ilike.*ann*,and(id.gt.1,id.lt.5)');
    await page.click('#filter-add-or');
    await fill(page, 'filter-or-2', 'qty.gt.2,qty.is.null');
    await page.fill('#filter-or-table-2', 'orders');
    await page.click('#filter-add-raw');
    await page.fill('#filter-column-3', 'tags');
    await fill(page, 'filter-operator-3', 'cs');
    await fill(page, 'filter-value-3', '{a,"b c"}');
    await page.click('#filter-add-match');
    await fill(page, 'filter-match-4', '{"name": "row 1", "id": 2}');
    const before = h.requests.length;
    await page.click('#run');
    const run = await nextRun(h, before);
    assert.deepEqual(run.chain.steps.slice(0, 4), [
      { kind: 'filter', op: 'or', filters: 'id.eq.1,name.ilike.*ann*,and(id.gt.1,id.lt.5)' },
      { kind: 'filter', op: 'or', filters: 'qty.gt.2,qty.is.null', referencedTable: 'orders' },
      { kind: 'filter', op: 'filter', column: 'tags', operator: 'cs', value: '{a,"b c"}' },
      { kind: 'filter', op: 'match', query: { name: 'row 1', id: 2 } },
    ]);

    // Incomplete rows block the run with their issue next to them.
    await fill(page, 'filter-match-4', '[1]');
    await fill(page, 'filter-or-1', '');
    const n = h.requests.length;
    await page.click('#run');
    await page.waitForSelector('#issue-list');
    assert.match(await text(page, '#issue-list'), /enter the OR conditions/);
    assert.match(await text(page, '#issue-list'), /expected a JSON object/);
    assert.match(await text(page, '[aria-label="Filter 4 (match)"] .issue'), /expected a JSON object/);
    assert.equal(h.requests.slice(n).filter((r) => r.type === 'run').length, 0);
    await h.close();
  });

  it('asks single(), maybeSingle() and csv(); csv shows the raw text tab', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[role=gridcell]');
    for (const shape of ['single', 'maybeSingle'] as const) {
      await page.selectOption('#result-shape', shape);
      const before = h.requests.length;
      await page.click('#run');
      const run = await nextRun(h, before);
      assert.equal(run.page, undefined, 'one request, not pages');
      assert.deepEqual(run.chain.steps, [{ kind: shape }]);
      await waitFor(async () => (await text(page, '[aria-rowindex="2"] [aria-colindex="1"]')) === '9007199254740993');
      assert.equal(await page.$$eval('.grid-spacer [role=row]', (r) => r.length), 1, 'one row');
    }
    await page.selectOption('#result-shape', 'csv');
    const before = h.requests.length;
    await page.click('#run');
    const run = await nextRun(h, before);
    assert.deepEqual(run.chain.steps, [{ kind: 'csv' }]);
    await waitFor(async () => (await text(page, '#raw-view')).includes('row, 1'));
    assert.equal(await text(page, '#raw-view'), 'id,name\n9007199254740993,row 0\n9007199254740994,"row, 1"\n');
    assert.equal(await page.$eval('#result-tabs', (t) => (t as HTMLElement & { selectedIndex: number }).selectedIndex), 1, 'Raw / CSV tab selected');
    assert.ok(await page.isVisible('#raw-view'));
    await h.close();
  });

  it('sends every explain option and the text format, and shows the text plan', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[role=gridcell]');
    await page.click('#explain');
    for (const k of ['analyze', 'verbose', 'settings', 'buffers', 'wal']) await page.click(`#explain-${k}`);
    await page.selectOption('#explain-format', 'text');
    let before = h.requests.length;
    await page.click('#run');
    let run = await nextRun(h, before);
    assert.deepEqual(run.chain.steps, [{ kind: 'explain', analyze: true, verbose: true, settings: true, buffers: true, wal: true }]);
    await waitFor(async () => (await text(page, '#plan-container')).includes('Buffers: shared hit=1'));
    assert.equal(await page.$eval('#result-tabs', (t) => (t as HTMLElement & { selectedIndex: number }).selectedIndex), 2, 'Plan tab selected');
    // Unticking an option leaves it out; json adds the format.
    await page.click('#explain-verbose');
    await page.click('#explain-wal');
    await page.selectOption('#explain-format', 'json');
    before = h.requests.length;
    await page.click('#run');
    run = await nextRun(h, before);
    assert.deepEqual(run.chain.steps, [{ kind: 'explain', analyze: true, settings: true, buffers: true, format: 'json' }]);
    await h.close();
  });

  it('copies the query as code in each language into the Code tab', async () => {
    const codegen = createCodeGenerator(() => ({ url: 'http://127.0.0.1:54321', key: 'sb_secret_never_shown' }));
    const h = await pages().open({ ...people(), codegen });
    const page = h.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: pages().origin });
    await page.waitForSelector('[role=gridcell]');
    await page.click('#filter-add');
    await page.fill('#filter-column-1', 'name');
    await fill(page, 'filter-value-1', 'row 1');
    const expected = createCodeGenerator(() => ({ url: 'http://127.0.0.1:54321', key: 'sb_secret_never_shown' }));
    for (const lang of ['supabase-js', 'supabase-py', 'curl'] as const) {
      await page.selectOption('#code-lang', lang);
      const before = h.requests.length;
      await page.click('#copy-code');
      const req = (await waitFor(() => h.requests.slice(before).find((r) => r.type === 'copyAsCode'))) as Extract<QueryBuilderToHost, { type: 'copyAsCode' }>;
      assert.equal(req.lang, lang);
      assert.deepEqual(req.chain.steps, [{ kind: 'filter', op: 'eq', column: 'name', value: 'row 1' }]);
      const code = expected.generate(req.chain, lang);
      await waitFor(async () => (await text(page, '#code-view')) === code);
      assert.equal(await text(page, '#status'), `${lang} code copied.`);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
      assert.equal(await page.$eval('#result-tabs', (t) => (t as HTMLElement & { selectedIndex: number }).selectedIndex), 4, 'Code tab selected');
      assert.ok(!code.includes('sb_secret_never_shown'), `${lang}: no key in the code`);
    }
    assert.match(await text(page, '#code-view'), /\$SUPABASE_KEY/);
    assert.match(await text(page, '#code-view'), /name=eq\.row(%20|\+| )1/);
    await h.close();
  });

  it('without a generator, copy as code shows the host\'s refusal', async () => {
    const h = await pages().open(people());
    await h.page.waitForSelector('[role=gridcell]');
    await h.page.click('#copy-code');
    await h.page.waitForSelector('#error-alert');
    assert.match(await text(h.page, '#error-box'), /copy as code is not available/);
    await h.close();
  });

  it('opens the active row as exact JSON in an editor', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[aria-rowindex="3"] [aria-colindex="2"]');
    await page.click('#open-json');
    await waitFor(async () => (await text(page, '#status')) === 'Select a row first.');
    assert.equal(h.opened.length, 0);
    await page.click('[aria-rowindex="3"] [aria-colindex="2"]');
    await page.click('#open-json');
    await waitFor(() => h.opened.length === 1);
    assert.deepEqual(h.opened[0], { title: 'big row 2', text: '{\n  "id": 9007199254740994,\n  "name": "row 1"\n}' });
    // Alt+Enter on the grid does the same.
    await page.click('[aria-rowindex="3"] [aria-colindex="1"]');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Alt+Enter');
    await waitFor(() => h.opened.length === 2);
    assert.deepEqual(h.opened[1], { title: 'big row 3', text: '{\n  "id": 9007199254740995,\n  "name": "row 2"\n}' });
    await h.close();
  });

  it('exports the query as exact CSV and JSON through the host sink', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[role=gridcell]');
    await page.click('#export-csv');
    await waitFor(async () => /Exported 3 rows to \/exports\/big\.csv\./.test(await text(page, '#status')));
    assert.equal(h.exports.length, 1);
    assert.deepEqual(h.exports[0], {
      format: 'csv',
      suggestedName: 'big.csv',
      text: 'id,name\n9007199254740993,row 0\n9007199254740994,row 1\n9007199254740995,row 2\n',
      closed: true,
      aborted: false,
    });
    const req = h.requests.find((r) => r.type === 'export') as Extract<QueryBuilderToHost, { type: 'export' }>;
    assert.equal(req.chain.action?.kind === 'select' ? req.chain.action.count : 'x', undefined, 'no count asked for an export');
    await page.click('#export-json');
    await waitFor(async () => /Exported 3 rows to \/exports\/big\.json\./.test(await text(page, '#status')));
    assert.equal(h.exports[1]!.text, '[{"id":9007199254740993,"name":"row 0"},{"id":9007199254740994,"name":"row 1"},{"id":9007199254740995,"name":"row 2"}]\n');
    assert.deepEqual(JSON.parse(h.exports[1]!.text.replace(/:(\d{16,})/g, ':"$1"')), [
      { id: '9007199254740993', name: 'row 0' },
      { id: '9007199254740994', name: 'row 1' },
      { id: '9007199254740995', name: 'row 2' },
    ]);
    assert.ok(h.exports[1]!.closed);
    await h.close();
  });

  it('Cancel aborts the running request on the host and shows it was cancelled', async () => {
    const base = people();
    let aborted = 0;
    const h = await pages().open({
      ...base,
      answer(chain, runAs, signal) {
        if (chain.steps.some((s) => s.kind === 'filter')) {
          // Settles only when the webview cancels (as the real runner does: an AbortError).
          return new Promise((_resolve, reject) =>
            signal!.addEventListener('abort', () => {
              aborted++;
              reject(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }));
            }),
          );
        }
        return base.answer(chain, runAs, signal);
      },
    });
    const page = h.page;
    await page.waitForSelector('[role=gridcell]');
    await waitFor(async () => (await page.getAttribute('#cancel', 'disabled')) !== null);
    await page.click('#filter-add');
    await page.fill('#filter-column-1', 'name');
    await fill(page, 'filter-value-1', 'slow');
    const before = h.requests.length;
    await page.click('#run');
    const run = await nextRun(h, before);
    await waitFor(async () => (await page.getAttribute('#cancel', 'disabled')) === null);
    await page.click('#cancel');
    const cancel = await waitFor(() => h.requests.slice(before).find((r) => r.type === 'cancel'));
    assert.equal((cancel as { id: string }).id, run.id, 'the cancel names the running request');
    await waitFor(() => aborted === 1);
    await page.waitForSelector('#error-alert');
    assert.equal(await text(page, '#error-alert .error-name'), 'Cancelled');
    await waitFor(async () => (await text(page, '#status')) === 'Cancelled.');
    await waitFor(async () => (await page.getAttribute('#cancel', 'disabled')) !== null);
    await h.close();
  });

  it('discards one row of the save queue and saves only the other', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[aria-rowindex="4"] [aria-colindex="2"]');
    await page.dblclick('[aria-rowindex="2"] [aria-colindex="2"]');
    await page.fill('[data-testid=cell-editor]', 'first');
    await page.keyboard.press('Enter');
    await page.dblclick('[aria-rowindex="4"] [aria-colindex="2"]');
    await page.fill('[data-testid=cell-editor]', 'third');
    await page.keyboard.press('Enter');
    assert.equal(await text(page, '[data-testid=tab-queue]'), 'Changes (2)');
    await page.click('[data-testid=tab-queue]');
    assert.equal(await page.locator('.queue-row').count(), 2);
    await page.click('#save-discard-1');
    assert.equal(await text(page, '[data-testid=tab-queue]'), 'Changes (1)');
    assert.equal(await page.locator('.queue-row').count(), 1);
    assert.match(await text(page, '.queue-row'), /id = 9007199254740995/);
    assert.equal(await page.$('[aria-rowindex="2"] [aria-colindex="2"].dirty'), null, 'the discarded cell is clean again');
    assert.equal(await text(page, '[aria-rowindex="2"] [aria-colindex="2"]'), 'row 0');
    await page.click('#save-apply');
    const apply = (await waitFor(() => h.requests.find((r) => r.type === 'applyEdits'))) as Extract<QueryBuilderToHost, { type: 'applyEdits' }>;
    assert.equal(apply.edits.length, 1);
    assert.deepEqual(apply.edits[0]!.pk, { id: '9007199254740995' });
    assert.deepEqual(apply.edits[0]!.values, { name: 'third' });
    await waitFor(async () => (await text(page, '[data-testid=tab-queue]')) === 'Changes');
    await h.close();
  });

  it('a failed save stays in the queue with its error; the other row is saved', async () => {
    const base = people();
    const h = await pages().open({
      ...base,
      answer(chain, runAs, signal) {
        if (chain.action?.kind === 'update' && (chain.steps[0] as { value: string }).value === '9007199254740993') {
          return { ok: false, error: { name: 'PostgrestError', message: 'new row violates row-level security policy', code: '42501', status: 403 } };
        }
        return base.answer(chain, runAs, signal);
      },
    });
    const page = h.page;
    await page.waitForSelector('[aria-rowindex="3"] [aria-colindex="2"]');
    await page.dblclick('[aria-rowindex="2"] [aria-colindex="2"]');
    await page.fill('[data-testid=cell-editor]', 'refused');
    await page.keyboard.press('Enter');
    await page.dblclick('[aria-rowindex="3"] [aria-colindex="2"]');
    await page.fill('[data-testid=cell-editor]', 'accepted');
    await page.keyboard.press('Enter');
    await page.click('[data-testid=tab-queue]');
    await page.click('#save-apply');
    await waitFor(async () => (await text(page, '#status')) === '1 saved, 1 failed (kept in the queue).');
    assert.equal(await text(page, '[data-testid=tab-queue]'), 'Changes (1)');
    assert.equal(await page.locator('.queue-row.failed').count(), 1);
    assert.match(await text(page, '.queue-row.failed'), /id = 9007199254740993/);
    assert.equal(await text(page, '.queue-row.failed [role=alert]'), 'Not saved: 42501: new row violates row-level security policy');
    assert.equal(await text(page, '[aria-rowindex="3"] [aria-colindex="2"]'), 'accepted');
    assert.equal(await text(page, '[aria-rowindex="2"] [aria-colindex="2"]'), 'refused', 'the failed value is still shown pending');
    // Retrying sends only the failed row.
    const n = h.requests.length;
    await page.click('#save-apply');
    const retry = (await waitFor(() => h.requests.slice(n).find((r) => r.type === 'applyEdits'))) as Extract<QueryBuilderToHost, { type: 'applyEdits' }>;
    assert.deepEqual(retry.edits.map((e) => e.values), [{ name: 'refused' }]);
    await h.close();
  });
  it('offers value editors suited to the column type: numbers, ranges, array items', async () => {
    const base = people();
    const h = await pages().open({
      ...base,
      info: {
        ...base.info,
        columns: [
          { name: 'id', type: 'bigint', primaryKey: true },
          { name: 'name', type: 'text' },
          { name: 'age', type: 'integer' },
          { name: 'during', type: 'tstzrange' },
          { name: 'tags', type: 'text[]' },
          { name: 'nums', type: 'integer[]' },
        ],
      },
    });
    const page = h.page;
    await page.waitForSelector('[role=gridcell]');
    // A number: checked as typed, exact, numeric keyboard.
    await page.click('#filter-add');
    await page.fill('#filter-column-1', 'age');
    await page.selectOption('#filter-op-1', 'gt');
    await waitFor(async () => (await page.inputValue('#filter-as-1')) === 'number');
    assert.equal(await page.getAttribute('#filter-value-1 input', 'inputmode'), 'decimal');
    await fill(page, 'filter-value-1', '12a');
    await waitFor(async () => (await text(page, '#filter-issue-1')) === '"12a" is not a number');
    assert.ok(await page.isVisible('#filter-issue-1'));
    assert.equal(await page.getAttribute('#filter-value-1', 'aria-invalid'), 'true');
    await fill(page, 'filter-value-1', '9007199254740993');
    await waitFor(async () => !(await page.isVisible('#filter-issue-1')));
    assert.equal(await page.getAttribute('#filter-value-1', 'aria-invalid'), null);
    // A range: bounds and their inclusivity, written as the literal.
    await page.click('#filter-add');
    await page.fill('#filter-column-2', 'during');
    await page.selectOption('#filter-op-2', 'overlaps');
    await page.waitForSelector('#filter-range-lower-2');
    assert.equal(await page.$('#filter-as-2'), null, 'no literal/JSON choice for a range');
    await fill(page, 'filter-range-lower-2', '2024-01-01 10:00+00');
    await fill(page, 'filter-range-upper-2', '2024-02-01');
    await page.selectOption('#filter-range-upper-inc-2', ']');
    assert.equal(await text(page, '#filter-range-literal-2'), '["2024-01-01 10:00+00",2024-02-01]');
    await page.selectOption('#filter-range-lower-inc-2', '(');
    assert.equal(await text(page, '#filter-range-literal-2'), '("2024-01-01 10:00+00",2024-02-01]');
    // A range operator: the same editor, an empty bound is unbounded.
    await page.click('#filter-add');
    await page.fill('#filter-column-3', 'during');
    await page.selectOption('#filter-op-3', 'rangeLt');
    await fill(page, 'filter-range-upper-3', '2020-01-01');
    assert.equal(await text(page, '#filter-range-literal-3'), '[,2020-01-01)');
    // Array items: a comma list, read by the element type.
    await page.click('#filter-add');
    await page.fill('#filter-column-4', 'tags');
    await page.selectOption('#filter-op-4', 'contains');
    await fill(page, 'filter-value-4', 'a, "b,c"');
    await page.click('#filter-add');
    await page.fill('#filter-column-5', 'nums');
    await page.selectOption('#filter-op-5', 'containedBy');
    assert.equal(await page.getAttribute('#filter-value-5', 'placeholder'), 'items: 1, 2, 3');
    await fill(page, 'filter-value-5', '1, x');
    await waitFor(async () => /"x" is not a number \(items of integer\[\], comma separated\)/.test(await text(page, '#filter-issue-5')));
    if (process.env.QB_SHOTS) await page.screenshot({ path: join(process.env.QB_SHOTS, 'value-editors.png'), clip: { x: 0, y: 0, width: 1200, height: 700 } });
    const n = h.requests.length;
    await page.click('#run');
    await page.waitForSelector('#issue-list');
    assert.equal(h.requests.slice(n).filter((r) => r.type === 'run').length, 0, 'refused while an item does not read');
    await fill(page, 'filter-value-5', '1, 2');
    const before = h.requests.length;
    await page.click('#run');
    const run = await nextRun(h, before);
    assert.deepEqual(run.chain.steps, [
      { kind: 'filter', op: 'gt', column: 'age', value: '9007199254740993' },
      { kind: 'filter', op: 'overlaps', column: 'during', value: '("2024-01-01 10:00+00",2024-02-01]' },
      { kind: 'filter', op: 'rangeLt', column: 'during', range: '[,2020-01-01)' },
      { kind: 'filter', op: 'contains', column: 'tags', value: ['a', 'b,c'] },
      { kind: 'filter', op: 'containedBy', column: 'nums', value: [1, 2] },
    ]);
    // A redraw (here: removing the first row) shows the stored values in their editors.
    await page.click('#filter-remove-1');
    assert.equal(await page.inputValue('#filter-range-lower-1 input'), '2024-01-01 10:00+00');
    assert.equal(await page.inputValue('#filter-range-lower-inc-1'), '(');
    assert.equal(await page.inputValue('#filter-value-3 input'), 'a, "b,c"');
    assert.equal(await page.inputValue('#filter-value-4 input'), '1, 2');
    await h.close();
  });
  it('Discard all asks first; cancelling keeps the queue, confirming empties it', async () => {
    const h = await pages().open(people());
    const page = h.page;
    await page.waitForSelector('[aria-rowindex="3"] [aria-colindex="2"]');
    for (const [row, value] of [[2, 'x'], [3, 'y']] as const) {
      await page.dblclick(`[aria-rowindex="${row}"] [aria-colindex="2"]`);
      await page.fill('[data-testid=cell-editor]', value);
      await page.keyboard.press('Enter');
    }
    await page.click('[data-testid=tab-queue]');
    await page.click('#save-discard');
    await page.waitForSelector('#confirm-dialog[open]');
    assert.equal(await text(page, '#confirm-title'), 'Discard 2 changes?');
    assert.match(await text(page, '#confirm-message'), /to 2 rows will be lost/);
    await page.click('#confirm-cancel');
    assert.equal(await text(page, '[data-testid=tab-queue]'), 'Changes (2)');
    assert.equal(await text(page, '[aria-rowindex="2"] [aria-colindex="2"]'), 'x');
    await page.click('#save-discard');
    await page.waitForSelector('#confirm-dialog[open]');
    await page.click('#confirm-ok');
    await waitFor(async () => (await text(page, '[data-testid=tab-queue]')) === 'Changes');
    assert.equal(await text(page, '#status'), 'Changes discarded.');
    assert.equal(await text(page, '[aria-rowindex="2"] [aria-colindex="2"]'), 'row 0');
    assert.equal(await text(page, '[aria-rowindex="3"] [aria-colindex="2"]'), 'row 1');
    assert.equal(h.requests.filter((r) => r.type === 'applyEdits').length, 0);
    await h.close();
  });
});
