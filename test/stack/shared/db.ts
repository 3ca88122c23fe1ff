import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface RequestTxContext {
  role: string;
  claims: Record<string, unknown>;
  method: string;
  /** Service-relative path, e.g. `/todos` for PostgREST. */
  path: string;
  headers: Record<string, string>;
  readOnly?: boolean;
  searchPath?: string[];
}

function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/**
 * Runs `fn` in one transaction as the request's role with its claims, the way PostgREST does:
 * `set_config('role', …, true)` ≡ `SET LOCAL ROLE`, plus request.jwt.claims / method / path / headers.
 * Rolls back on any error.
 */
export async function withRequestTx<T>(pool: Pool, ctx: RequestTxContext, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query(ctx.readOnly ? 'BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY' : 'BEGIN');
    const searchPath = (ctx.searchPath ?? ['public']).map(quoteIdent).join(', ');
    await client.query(
      `select set_config('search_path', $1, true), set_config('role', $2, true), set_config('request.jwt.claims', $3, true),
              set_config('request.method', $4, true), set_config('request.path', $5, true), set_config('request.headers', $6, true)`,
      [searchPath, ctx.role, JSON.stringify({ ...ctx.claims, role: ctx.role }), ctx.method, ctx.path, JSON.stringify(ctx.headers)],
    );
    const out = await fn(client);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw e;
  } finally {
    client.release(broken);
  }
}
