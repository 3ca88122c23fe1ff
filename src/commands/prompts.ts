/**
 * Pickers, inputs and confirmations shared by the command registrars. Every prompt throws
 * CancelledError when dismissed, so handlers read straight through.
 */
import * as vscode from 'vscode';
import type { ConnectionMeta } from '../connections/ConnectionStore';
import type { HostContext } from '../hostContext';
import { CancelledError, UserError } from './errors';

export function required<T>(value: T | undefined | null): T {
  if (value === undefined || value === null) throw new CancelledError();
  return value;
}

export function connectionDescription(c: ConnectionMeta): string {
  const marks: string[] = [];
  if (c.keys.service_role) marks.push(vscode.l10n.t('admin'));
  if (c.readOnly) marks.push(vscode.l10n.t('read-only'));
  return [c.url, ...marks].join(' · ');
}

/** The connection a node belongs to, else the only/active one, else a picker. */
export async function pickConnection(host: HostContext, arg: unknown, placeHolder?: string): Promise<ConnectionMeta> {
  const fromNode = connectionIdOf(arg);
  if (fromNode) return host.connections.require(fromNode);
  const all = host.connections.list();
  if (all.length === 0) throw new UserError(vscode.l10n.t('No Supabase project is connected yet. Use "Supabase: Add Project…".'));
  if (all.length === 1) return all[0];
  const active = host.connections.active();
  const picked = await vscode.window.showQuickPick(
    all.map((c) => ({
      label: c.name,
      description: connectionDescription(c),
      detail: c.id === active?.id ? vscode.l10n.t('Active project') : undefined,
      connection: c,
    })),
    { placeHolder: placeHolder ?? vscode.l10n.t('Select a Supabase project') },
  );
  return required(picked).connection;
}

export function connectionIdOf(arg: unknown): string | undefined {
  if (arg && typeof arg === 'object' && typeof (arg as { connectionId?: unknown }).connectionId === 'string') {
    return (arg as { connectionId: string }).connectionId;
  }
  return undefined;
}

/** A modal confirmation naming what is lost. Resolves only when the user confirms. */
export async function confirmDestructive(message: string, detail: string, action: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  if (choice !== action) throw new CancelledError();
}

/** Opens text in a new untitled editor with the given language. */
export async function openUntitled(text: string, language: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ content: text, language });
  return vscode.window.showTextDocument(doc, { preview: false });
}
