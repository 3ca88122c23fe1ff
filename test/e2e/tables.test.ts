// The extension in a real VS Code (code-server + Chromium): the Supabase container, the Tables
// tree of the project detected from the workspace's .env, and adding a project through the UI.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from '../helpers/sql';
import { commandTitle, missingExtension } from './support/product';
import { useWorkbench } from './support/workbench';
import { answerInput, showViewContainer, expandTreeItem, expectNotification, notification, runCommand, treeItem, viewPane } from './support/vscodePage';
import { UI_TIMEOUT } from './support/timeouts';

async function columnsOf(dbUrl: string, schema: string, table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string }>(
    dbUrl,
    'select column_name from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position',
    [schema, table],
  );
  return rows.map((x) => x.column_name);
}

async function tablesOf(dbUrl: string, schema: string): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(
    dbUrl,
    "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by table_name",
    [schema],
  );
  return rows.map((x) => x.table_name);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('e2e: Supabase Explorer in a real VS Code', function () {
  this.timeout(5 * UI_TIMEOUT);
  const missing = missingExtension();
  if (missing) {
    it(`runs once ${missing}`);
    return;
  }
  const wb = useWorkbench({ name: 'tables' });

  it('opens the "Supabase" view container from the activity bar', async function () {
    const { page, shot } = wb();
    await showViewContainer(page, /^Supabase/, /Tables/);
    await shot('supabase-container');
  });

  it('connects the project of the workspace .env without asking and lists its tables down to the columns', async function () {
    const { page, stack, shot } = wb();
    const pane = viewPane(page, /Tables/);
    // The detected project is the only connection: the first level-1 row.
    const connection = pane.locator('.monaco-list-row[aria-level="1"]').first();
    await connection.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await expandTreeItem(connection);
    const schema = treeItem(pane, 'public');
    await expandTreeItem(schema);
    const expected = await tablesOf(stack.dbUrl, 'public');
    assert.ok(expected.includes('planets'), 'the sample data has no planets table');
    for (const t of expected.slice(0, 8)) await treeItem(pane, t).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await shot('tables');
    await expandTreeItem(treeItem(pane, 'planets').first());
    const columns = await columnsOf(stack.dbUrl, 'public', 'planets');
    for (const c of columns) await treeItem(pane, c).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await shot('planets-columns');
  });

  it('adding a project with a wrong key shows a clear error', async function () {
    const { page, stack, shot } = wb();
    await runCommand(page, commandTitle('supabaseExplorer.connections.add'));
    await answerInput(page, stack.url, /Project URL/i);
    const wrongKey = `sb_secret_${randomBytes(16).toString('base64url')}`;
    await answerInput(page, wrongKey, /API key/i);
    await answerInput(page, 'wrong key project', /name/i);
    const toast = notification(page, /rejected this key/i);
    await toast.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const text = (await toast.innerText()).replace(/\s+/g, ' ');
    assert.match(text, new RegExp(escapeRe(stack.url)));
    assert.ok(!text.includes(wrongKey), 'the error message must not echo the key');
    await shot('wrong-key-error');
  });

  it('adding a project with the publishable key through the UI connects it', async function () {
    const { page, stack, shot } = wb();
    await runCommand(page, commandTitle('supabaseExplorer.connections.add'));
    await answerInput(page, stack.url, /Project URL/i);
    await answerInput(page, stack.publishableKey, /API key/i);
    await answerInput(page, 'anon via UI', /name/i);
    await treeItem(viewPane(page, /Tables/), 'anon via UI').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    const text = (await expectNotification(page, /Connected to "anon via UI"/)).replace(/\s+/g, ' ');
    assert.match(text, /Listing tables needs the secret/);
    await shot('added-anon-project');
  });
});
