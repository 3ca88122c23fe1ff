/**
 * The wrapper every command goes through: an error becomes one formatted message (server code,
 * message, details, hint) plus a log line; a cancel is silent; long work gets a progress
 * notification with a cancel button wired to an AbortSignal.
 */
import * as vscode from 'vscode';
import type { HostContext } from '../hostContext';
import { CancelledError, UserError, formatError, isAbortError } from './errors';
import { COMMANDS, type CommandId } from './ids';

export type CommandHandler = (...args: unknown[]) => unknown;

/** Shows an error the way every command does. Returns when the notification is dismissed. */
export async function reportError(host: Pick<HostContext, 'log'>, commandId: string, e: unknown): Promise<void> {
  if (e instanceof CancelledError || isAbortError(e)) {
    host.log.info(`${commandId}: cancelled`);
    return;
  }
  if (e instanceof UserError) {
    host.log.warn(`${commandId}: ${e.message}`);
    await vscode.window.showWarningMessage(e.message);
    return;
  }
  const text = formatError(e);
  host.log.error(`${commandId} failed: ${text}`, e);
  const showLog = vscode.l10n.t('Show Log');
  const choice = await vscode.window.showErrorMessage(text, showLog);
  if (choice === showLog) await vscode.commands.executeCommand(COMMANDS.logShow);
}

export function registerCommand(host: HostContext, id: CommandId, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    host.log.debug(`run ${id}`);
    try {
      return await handler(...args);
    } catch (e) {
      void reportError(host, id, e);
      return undefined;
    }
  });
}

export interface ProgressTask {
  report(message: string, increment?: number): void;
  signal: AbortSignal;
}

/**
 * Runs work under a cancellable progress notification. Cancel aborts the signal; the work should
 * pass it to the core (`abortSignal(signal)`) and stop.
 */
export async function withProgress<T>(title: string, work: (task: ProgressTask) => Promise<T>): Promise<T> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort(new CancelledError()));
      try {
        return await work({
          report: (message, increment) => progress.report({ message, ...(increment !== undefined ? { increment } : {}) }),
          signal: controller.signal,
        });
      } catch (e) {
        if (controller.signal.aborted) throw new CancelledError();
        throw e;
      } finally {
        sub.dispose();
      }
    },
  );
}
