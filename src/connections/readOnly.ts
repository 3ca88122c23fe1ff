/**
 * Per-connection read-only mode (clarification 12): every write is refused before a request is
 * made. Pure (no vscode); the query builder panel calls `assertChainAllowed` on each chain it runs.
 */
import type { ChainDescription } from '../core/database/chain';
import { UserError } from '../commands/errors';

export class ReadOnlyError extends UserError {
  override readonly name = 'ReadOnlyError';
}

/** What a chain would write, or undefined when it only reads. */
export function chainWriteKind(chain: ChainDescription): string | undefined {
  if (chain.target.kind === 'rpc') {
    // PostgREST runs GET/HEAD rpc calls in a read-only transaction; POST may write.
    return chain.target.get || chain.target.head ? undefined : 'call a function with POST';
  }
  const action = chain.action?.kind ?? 'select';
  return action === 'select' ? undefined : action;
}

export function assertWritable(connection: { name: string; readOnly: boolean }, what: string): void {
  if (connection.readOnly) {
    throw new ReadOnlyError(
      `"${connection.name}" is in read-only mode, so it cannot ${what}. Turn read-only mode off with "Toggle Read-Only Mode".`,
    );
  }
}

/**
 * Throws a ReadOnlyError when the connection is read-only and the chain writes. A read-only
 * connection may still call functions with `{ get: true }`.
 */
export function assertChainAllowed(connection: { name: string; readOnly: boolean }, chain: ChainDescription): void {
  const kind = chainWriteKind(chain);
  if (kind) assertWritable(connection, kind);
}
