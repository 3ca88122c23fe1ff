// Runs inside the real extension host (code-server), against the extension installed from the VSIX.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

import { EXTENSION_ID } from './api';

interface ContributedCommand {
  command: string;
  title: string;
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

describe('extension host: activation and contributions', function () {
  before(async function () {
    await extension().activate();
  });

  it('activates', function () {
    assert.equal(extension().isActive, true);
  });

  it('registers every command its manifest contributes', async function () {
    const contributed = ((extension().packageJSON as { contributes?: { commands?: ContributedCommand[] } }).contributes?.commands ?? []).map(
      (c) => c.command,
    );
    assert.ok(contributed.length > 0, 'the manifest contributes no command');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('uses only its own id prefix for commands, views and settings', function () {
    const pkg = extension().packageJSON as {
      contributes?: {
        commands?: ContributedCommand[];
        views?: Record<string, Array<{ id: string }>>;
        configuration?: { properties?: Record<string, unknown> } | Array<{ properties?: Record<string, unknown> }>;
      };
    };
    const ids = [
      ...(pkg.contributes?.commands ?? []).map((c) => c.command),
      ...Object.values(pkg.contributes?.views ?? {}).flatMap((v) => v.map((x) => x.id)),
      ...[pkg.contributes?.configuration ?? []].flat().flatMap((c) => Object.keys(c.properties ?? {})),
    ];
    const foreign = ids.filter((id) => !id.startsWith('supabaseExplorer.'));
    assert.deepEqual(foreign, []);
  });

  it('opens its Tables view', async function () {
    await vscode.commands.executeCommand('supabaseExplorer.tables.focus');
  });
});
