// Keys live in SecretStorage only: the project detected from the workspace's .env is connected,
// its key is in SecretStorage, and no setting or state entry holds it.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { envValue, explorerApi, readWorkspaceFile, waitFor, type ExplorerApi, type HostConnectionMeta } from './api';

describe('extension host: the detected project and its key', function () {
  let api: ExplorerApi;
  let url: string;
  let secretKey: string;
  let connection: HostConnectionMeta;

  before(async function () {
    const env = await readWorkspaceFile('.env');
    assert.ok(env, 'the test workspace has no .env');
    const u = envValue(env, 'SUPABASE_URL');
    const key = envValue(env, 'SUPABASE_SECRET_KEY');
    assert.ok(u && key, '.env lacks SUPABASE_URL or SUPABASE_SECRET_KEY');
    url = u;
    secretKey = key;
    api = await explorerApi();
    connection = await waitFor('the .env project to be connected', () => api.host.connections.list().find((c) => c.url === url));
  });

  it('connected the .env project without asking (autoConnectDetected)', function () {
    assert.match(connection.source ?? '', /\.env/);
    assert.ok(connection.keys.service_role, `stored key roles: ${Object.keys(connection.keys).join(', ')}`);
  });

  it('keeps the key in SecretStorage', async function () {
    assert.equal(await api.host.connections.getKey(connection.id, 'service_role'), secretKey);
  });

  it('keeps the key out of the connection metadata and the extension state', function () {
    assert.ok(!JSON.stringify(connection).includes(secretKey));
    const ctx = api.host.extension;
    for (const memento of [ctx.globalState, ctx.workspaceState]) {
      for (const k of memento.keys()) {
        assert.ok(!JSON.stringify(memento.get(k) ?? null).includes(secretKey), `state entry ${k} holds the key`);
      }
    }
  });

  it('keeps the key out of every supabaseExplorer setting', function () {
    const config = vscode.workspace.getConfiguration('supabaseExplorer');
    const dump: unknown[] = [];
    const pkg = vscode.extensions.getExtension('supabase-explorer.supabase-explorer')?.packageJSON as {
      contributes?: { configuration?: { properties?: Record<string, unknown> } | Array<{ properties?: Record<string, unknown> }> };
    };
    const keys = [pkg.contributes?.configuration ?? []].flat().flatMap((c) => Object.keys(c.properties ?? {}));
    assert.ok(keys.length > 0, 'the extension contributes no setting');
    for (const full of keys) {
      const i = config.inspect(full.replace(/^supabaseExplorer\./, ''));
      dump.push(i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue);
    }
    assert.ok(!JSON.stringify(dump).includes(secretKey), 'a setting holds the secret key');
  });

  it('keeps the key out of the workspace settings file', async function () {
    const settings = await readWorkspaceFile('.vscode/settings.json');
    assert.ok(settings, 'the workspace settings file is missing');
    assert.ok(!settings.includes(secretKey));
  });
});
