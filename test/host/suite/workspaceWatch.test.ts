// A project file that appears after start-up is picked up without running a command: a new
// `.env` in a sub-folder (here the same local stack under another host name, so its URL is new)
// is detected by the file watcher and, with autoConnectDetected on, connected.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { envValue, explorerApi, readWorkspaceFile, waitFor } from './api';

describe('extension host: workspace watcher', function () {
  this.timeout(60_000);

  it('connects a project whose .env is created after activation', async function () {
    const env = await readWorkspaceFile('.env');
    const url = env ? envValue(env, 'SUPABASE_URL') : undefined;
    const secret = env ? envValue(env, 'SUPABASE_SECRET_KEY') : undefined;
    assert.ok(url && secret, 'the test workspace has no SUPABASE_URL / SUPABASE_SECRET_KEY');
    const api = await explorerApi();
    const other = url.replace('127.0.0.1', 'localhost');
    assert.notEqual(other, url);
    assert.equal(api.host.connections.list().find((c) => c.url === other), undefined);
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, 'later', '.env');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`SUPABASE_URL=${other}\nSUPABASE_SECRET_KEY=${secret}\n`));
    try {
      const added = await waitFor('the new .env project', () => api.host.connections.list().find((c) => c.url === other), 45_000);
      assert.match(added.source ?? '', /later\/\.env/);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, 'later'), { recursive: true });
    }
  });
});
