/**
 * Status-bar item naming the active project, with admin and read-only markers; click to switch.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../commands/ids';
import type { ConnectionStore } from './ConnectionStore';

export function statusBarText(c: { name: string; readOnly: boolean; runAs: string } | undefined): string {
  if (!c) return '';
  return `$(database) ${c.name}${c.runAs === 'service_role' ? ' $(shield)' : ''}${c.readOnly ? ' $(lock)' : ''}`;
}

export function createStatusBar(store: ConnectionStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('supabaseExplorer.activeProject', vscode.StatusBarAlignment.Left, 50);
  item.command = COMMANDS.connectionsSwitch;
  const update = () => {
    const c = store.active();
    if (!c) {
      item.hide();
      return;
    }
    item.text = statusBarText(c);
    const lines = [
      vscode.l10n.t('Supabase project: {0}', c.name),
      c.url,
      vscode.l10n.t('Runs as: {0}', c.runAs === 'service_role' ? vscode.l10n.t('service_role (admin)') : 'anon'),
    ];
    if (c.readOnly) lines.push(vscode.l10n.t('Read-only mode'));
    lines.push(vscode.l10n.t('Click to switch project'));
    item.tooltip = lines.join('\n');
    item.accessibilityInformation = { label: vscode.l10n.t('Active Supabase project {0}', c.name) };
    item.show();
  };
  update();
  const sub = store.onDidChange(update);
  return { dispose: () => (sub.dispose(), item.dispose()) };
}
