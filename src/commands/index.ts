/**
 * Registers every contributed command. `all` is typed over every command id, so a command in
 * ids.ts without a handler does not compile (and a unit test diffs the ids with package.json).
 */
import type * as vscode from 'vscode';
import type { HostContext } from '../hostContext';
import { connectionHandlers } from './connections';
import { COMMANDS, type CommandId } from './ids';
import { registerCommand, type CommandHandler } from './register';
import { tablesHandlers } from './tables';

export function registerAllCommands(host: HostContext): vscode.Disposable[] {
  const all: Record<CommandId, CommandHandler> = {
    ...connectionHandlers(host),
    ...tablesHandlers(host),
    [COMMANDS.logShow]: () => host.log.show(),
  };
  return (Object.keys(all) as CommandId[]).map((id) => registerCommand(host, id, all[id]));
}
