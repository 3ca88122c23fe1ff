// The Tables commands in a real VS Code, driven through the command palette like a user would:
// call a function (result in an editor), insert rows from the JSON editor, export a table to a
// file (save dialog, progress, the file's content against the database), copy the REST URL; and a
// query builder panel that keeps its query across a window reload (webview state + serializer).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QueryResultRow } from 'pg';
import { sql as sqlOn } from '../helpers/sql';
import { waitFor } from '../helpers/waitFor';
import type { Page } from 'playwright-core';
import type { Stack } from '../stack/index';
import { commandTitle, missingExtension } from './support/product';
import { useWorkbench } from './support/workbench';
import { answerInput, waitForWorkbench, expectNotification, pickQuickItem, runCommand, showViewContainer, expandTreeItem, treeItem, webviewFrame } from './support/vscodePage';
import { UI_TIMEOUT } from './support/timeouts';

/** SQL on the stack's database. */
const sql = <T extends QueryResultRow>(stack: Stack, text: string, params: unknown[] = []) => sqlOn<T>(stack.dbUrl, text, params);

async function prepare(stack: Stack): Promise<void> {
  const rows = Array.from({ length: 25 }, (_, i) => `(${i + 1}, 'gadget ${i + 1}', ${i % 2 === 0 ? "'even'" : 'null'})`);
  await sql(
    stack,
    `create table public.e2e_gadgets (id int8 primary key, name text not null, note text);
     insert into public.e2e_gadgets values ${rows.join(',')};
     grant all on public.e2e_gadgets to anon, authenticated, service_role;
     notify pgrst, 'reload schema';`,
  );
}

/** RFC 4180 records (quoted fields with doubled quotes). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || record.length) records.push([...record, field]);
  return records;
}

/** Types `filter` into the open quick pick (long lists render only the rows in view), then picks. */
async function pickFiltered(page: Page, filter: string, row: string | RegExp): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  await input.fill(filter);
  await pickQuickItem(page, row);
}

/** The text of the active editor (Monaco renders lines as `.view-line`). */
async function activeEditorText(page: Page): Promise<string> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line');
  await lines.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  return (await lines.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
}

async function waitForActiveEditor(page: Page, pattern: RegExp): Promise<string> {
  let last = '';
  try {
    return await waitFor(
      async () => {
        last = await activeEditorText(page).catch(() => '');
        return pattern.test(last) ? last : undefined;
      },
      { what: `the active editor to match ${pattern}`, timeoutMs: UI_TIMEOUT, intervalMs: 200 },
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}; it shows: ${last.slice(0, 500)}`);
  }
}

describe('e2e: Tables commands in a real VS Code', function () {
  this.timeout(5 * UI_TIMEOUT);
  const missing = missingExtension();
  if (missing) {
    it(`runs once ${missing}`);
    return;
  }
  const wb = useWorkbench({
    name: 'commands',
    prepare,
    // Typing JSON into an editor: no auto-closed brackets or quotes.
    settings: {
      'editor.autoClosingBrackets': 'never',
      'editor.autoClosingQuotes': 'never',
      'editor.autoIndent': 'none',
      'editor.formatOnType': false,
      'editor.acceptSuggestionOnEnter': 'off',
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
    },
  });

  before(async function () {
    this.timeout(4 * UI_TIMEOUT);
    const { page, context, stack } = wb();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(page.url()).origin });
    // The project of the workspace .env is connected and its tables are listed.
    const pane = await showViewContainer(page, /^Supabase/, /Tables/);
    await expandTreeItem(pane.locator('.monaco-list-row[aria-level="1"]').first());
    await expandTreeItem(treeItem(pane, 'public').first());
    await treeItem(pane, 'e2e_gadgets').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    assert.ok(stack.url);
  });

  beforeEach(async function () {
    // Start each test with no quick input or dialog left open by the one before.
    const { page } = wb();
    for (let i = 0; i < 2; i++) await page.keyboard.press('Escape');
  });

  it('calls a function with JSON arguments and shows its result in an editor', async function () {
    const { page, shot } = wb();
    await runCommand(page, commandTitle('supabaseExplorer.tables.callRpc'));
    await pickFiltered(page, 'add', /\(a, b\)/);
    await answerInput(page, JSON.stringify({ a: 40, b: 2 }), /JSON/i);
    const text = await waitForActiveEditor(page, /42/);
    assert.equal(text.trim(), '42');
    await shot('call-function-result');
  });

  it('inserts rows edited in a JSON editor into the table', async function () {
    const { page, stack, shot } = wb();
    await runCommand(page, commandTitle('supabaseExplorer.tables.insertRows'));
    await pickFiltered(page, 'e2e_gadgets', /e2e_gadgets/);
    // The template names the table's columns.
    const template = await waitForActiveEditor(page, /"name"/);
    assert.match(template, /"id"/);
    await page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify([{ id: 901, name: 'inserted from the editor', note: 'a "quoted" note' }, { id: 902, name: 'second' }]));
    await shot('insert-rows-editor');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /Edit the rows to insert/ });
    await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await toast.getByRole('button', { name: 'Insert', exact: true }).click();
    await expectNotification(page, /Inserted 2 row\(s\) into e2e_gadgets/);
    const rows = await sql<{ id: string; name: string; note: string | null }>(stack, 'select id::text, name, note from public.e2e_gadgets where id > 900 order by id');
    assert.deepEqual(rows, [
      { id: '901', name: 'inserted from the editor', note: 'a "quoted" note' },
      { id: '902', name: 'second', note: null },
    ]);
    // The inserted rows, as the server returned them, open in an editor.
    await waitForActiveEditor(page, /inserted from the editor/);
    await shot('insert-rows-done');
  });

  it('exports a table as CSV to the file chosen in the save dialog', async function () {
    const { page, stack, workspace, shot } = wb();
    await runCommand(page, commandTitle('supabaseExplorer.tables.exportRows'));
    await pickFiltered(page, 'e2e_gadgets', /e2e_gadgets/);
    await pickQuickItem(page, /^\s*CSV/);
    // code-server's save dialog is VS Code's simple file dialog: a quick input holding the
    // suggested path (the workspace folder and the table's name); accept it.
    const target = join(workspace, 'e2e_gadgets.csv');
    const input = page.locator('.quick-input-widget input');
    await page.waitForFunction(() => /e2e_gadgets\.csv$/.test((document.querySelector('.quick-input-widget input') as HTMLInputElement | null)?.value ?? ''), undefined, { timeout: UI_TIMEOUT });
    await input.press('Enter');
    await expectNotification(page, /Exported 27 rows of e2e_gadgets/);
    await waitFor(() => existsSync(target), { what: `the exported file ${target}`, timeoutMs: UI_TIMEOUT, intervalMs: 100 });
    const records = parseCsv(readFileSync(target, 'utf8'));
    const expected = await sql<{ id: string; name: string; note: string | null }>(stack, 'select g.id::text as id, g.name, g.note from public.e2e_gadgets g order by g.id');
    assert.deepEqual(records[0], ['id', 'name', 'note']);
    // NULL is an empty field; every other value exact.
    assert.deepEqual(records.slice(1), expected.map((r) => [r.id, r.name, r.note ?? '']));
    await shot('export-done');
  });

  it('copies the REST URL of a table', async function () {
    const { page, stack } = wb();
    await runCommand(page, commandTitle('supabaseExplorer.tables.copyRestUrl'));
    await pickFiltered(page, 'e2e_gadgets', /e2e_gadgets/);
    const clip = await waitFor(
      async () => {
        const text = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
        return text.includes('e2e_gadgets') ? text : undefined;
      },
      { what: 'the REST URL on the clipboard', timeoutMs: UI_TIMEOUT, intervalMs: 200 },
    );
    assert.equal(clip, `${stack.url}/rest/v1/e2e_gadgets`);
  });

  it('a query builder panel keeps its query across a window reload', async function () {
    const { page, shot } = wb();
    await runCommand(page, commandTitle('supabaseExplorer.tables.openQueryBuilder'));
    await pickFiltered(page, 'e2e_gadgets', /e2e_gadgets/);
    let wv = webviewFrame(page);
    await wv.locator('#run').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await wv.locator('#filter-add').click();
    await wv.locator('#filter-column-1').fill('note');
    await wv.locator('#filter-op-1').selectOption('is');
    await wv.locator('#run').click();
    await wv.locator('[role=grid][aria-rowcount]').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    // Let the webview save its state, then reload the whole window.
    await page.waitForTimeout(500);
    await shot('query-builder-before-reload');
    // Reload as a user does (Developer: Reload Window): the workbench shuts down properly, saving
    // its editors (the panel's webview state with them), then loads again.
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: UI_TIMEOUT });
    await runCommand(page, 'Developer: Reload Window');
    await navigated;
    await waitForWorkbench(page);
    wv = webviewFrame(page);
    await wv.locator('#run').waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    assert.equal(await wv.locator('#filter-column-1').inputValue({ timeout: UI_TIMEOUT }), 'note');
    assert.equal(await wv.locator('#filter-op-1').inputValue(), 'is');
    await shot('query-builder-restored');
  });

  it('renames the project, and makes it read-only so writes are refused, then writable again', async function () {
    const { page, shot } = wb();
    const pane = await showViewContainer(page, /^Supabase/, /Tables/);
    await runCommand(page, commandTitle('supabaseExplorer.connections.rename'));
    await answerInput(page, 'Renamed e2e project', /New name/i);
    await treeItem(pane, 'Renamed e2e project').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await runCommand(page, commandTitle('supabaseExplorer.connections.toggleReadOnly'));
    await expectNotification(page, /"Renamed e2e project" is now read-only/);
    // A write command is refused, and says why.
    await runCommand(page, commandTitle('supabaseExplorer.tables.insertRows'));
    await pickFiltered(page, 'e2e_gadgets', /e2e_gadgets/);
    await expectNotification(page, /read-only/i);
    await shot('read-only-refused');
    await runCommand(page, commandTitle('supabaseExplorer.connections.toggleReadOnly'));
    await expectNotification(page, /"Renamed e2e project" is writable again/);
  });

  it('removes the project only after the confirmation naming what is deleted (its panels close)', async function () {
    const { page, shot } = wb();
    const pane = await showViewContainer(page, /^Supabase/, /Tables/);
    const dialog = page.locator('.monaco-dialog-box');
    // First cancel: nothing changes.
    await runCommand(page, commandTitle('supabaseExplorer.connections.remove'));
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const text = (await dialog.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Remove the project "Renamed e2e project"\?/);
    assert.match(text, /stored API key\(s\) are deleted from this machine/);
    await shot('remove-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
    assert.equal(await treeItem(pane, 'Renamed e2e project').count(), 1);
    // Then confirm.
    await runCommand(page, commandTitle('supabaseExplorer.connections.remove'));
    await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await treeItem(pane, 'Renamed e2e project').first().waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    // The welcome view returns, and the query builder of that project is closed.
    await pane.getByRole('button', { name: 'Add Project' }).waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await page.locator('.tab', { hasText: 'e2e_gadgets' }).waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await shot('removed');
  });
});
