/**
 * Per-connection read-only mode (clarification 12): every write is refused before a request is
 * made. Pure (no vscode); the query builder panel calls `assertChainAllowed` on each chain it runs.
 */
import type { ChainDescription } from '../core/database/chain';
import { UserError } from '../commands/errors';
import { l10n } from '../l10n';

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

/** The translated phrase for a `chainWriteKind` ("…, so it cannot {phrase}"). */
export function writeKindPhrase(kind: string): string {
  switch (kind) {
    case 'call a function with POST':
      return l10n.t('call a function with POST');
    case 'insert':
      return l10n.t('insert');
    case 'upsert':
      return l10n.t('upsert');
    case 'update':
      return l10n.t('update');
    case 'delete':
      return l10n.t('delete');
    default:
      return kind;
  }
}

/** @param what what was refused, already translated (e.g. `l10n.t('insert rows')`). */
export function assertWritable(connection: { name: string; readOnly: boolean }, what: string): void {
  if (connection.readOnly) {
    throw new ReadOnlyError(
      l10n.t('"{0}" is in read-only mode, so it cannot {1}. Turn read-only mode off with "Toggle Read-Only Mode".', connection.name, what),
    );
  }
}

/**
 * Throws a ReadOnlyError when the connection is read-only and the chain writes. A read-only
 * connection may still call functions with `{ get: true }`.
 */
export function assertChainAllowed(connection: { name: string; readOnly: boolean }, chain: ChainDescription): void {
  const kind = chainWriteKind(chain);
  if (kind) assertWritable(connection, writeKindPhrase(kind));
}
