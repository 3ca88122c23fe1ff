// Keys live in SecretStorage only: the project detected from the workspace's .env is connected,
// and no setting (user, workspace or folder level) holds its key.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

async function readWorkspaceFile(rel: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, rel)));
  } catch {
    return undefined;
  }
}

function envValue(env: string, name: string): string | undefined {
  const m = new RegExp(`^${name}=(.*)$`, 'm').exec(env);
  return m?.[1]?.trim();
}

describe('extension host: keys stay out of settings', function () {
  let secretKey: string;

  before(async function () {
    const env = await readWorkspaceFile('.env');
    assert.ok(env, 'the test workspace has no .env');
    const key = envValue(env, 'SUPABASE_SECRET_KEY');
    assert.ok(key, '.env has no SUPABASE_SECRET_KEY');
    secretKey = key;
    await vscode.extensions.getExtension('supabase-explorer.supabase-explorer')?.activate();
  });

  it('no supabaseExplorer setting at any level contains the key', function () {
    const config = vscode.workspace.getConfiguration('supabaseExplorer');
    const dump: unknown[] = [];
    for (const k of Object.keys(config)) {
      if (typeof (config as unknown as Record<string, unknown>)[k] === 'function') continue;
      const i = config.inspect(k);
      dump.push(i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue, i?.defaultValue);
    }
    const text = JSON.stringify(dump);
    assert.ok(!text.includes(secretKey), 'a setting holds the secret key');
  });

  it('the workspace settings file does not hold the key', async function () {
    const settings = await readWorkspaceFile('.vscode/settings.json');
    assert.ok(settings, 'the workspace settings file is missing');
    assert.ok(!settings.includes(secretKey));
    assert.match(settings, /autoConnectDetected/);
  });
});
