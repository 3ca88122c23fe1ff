import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { bootPostgres, freePort } from './postgres/boot';
import { signHs256 } from './shared/jwt';
import type { StackDeps, StackKeys } from './shared/context';
import { createGateway } from './gateway';
import { createRestService } from './rest/index';

export interface StartStackOptions {
  /** Load the sample schema and data (default true). */
  sampleData?: boolean;
  /** Exposed schemas for the REST API; the first is the default. */
  schemas?: string[];
  /** HTTP port; a free one when omitted. */
  port?: number;
  /** JWT secret (HS256); a random one when omitted. */
  jwtSecret?: string;
  /** Receives server log lines. */
  log?: (line: string) => void;
  /** PostgREST db-max-rows: caps every read (default 1000). */
  maxRows?: number;
  /** PostgREST db-plan-enabled: serve `application/vnd.pgrst.plan` (default true). */
  planEnabled?: boolean;
  /** PostgREST db-aggregates-enabled (default false, like hosted Supabase). */
  aggregatesEnabled?: boolean;
}

export interface Stack extends StackKeys {
  /** The project URL, as a user gives it to createClient. */
  url: string;
  jwtSecret: string;
  /** postgres:// URL of the superuser. */
  dbUrl: string;
  stop(): Promise<void>;
}

const here = __dirname;

export async function startStack(opts: StartStackOptions = {}): Promise<Stack> {
  const log = opts.log ?? (() => {});
  const schemas = opts.schemas ?? ['public'];
  const jwtSecret = opts.jwtSecret ?? randomBytes(32).toString('hex');
  const pgh = await bootPostgres({ log });
  const pool = new pg.Pool({ connectionString: pgh.dbUrl, max: 20 });
  pool.on('error', (e) => log(`[pool] ${e.message}`));
  try {
    await pool.query(await readFile(join(here, 'postgres', 'base.sql'), 'utf8'));
    for (const s of schemas) {
      await pool.query(`create schema if not exists "${s.replace(/"/g, '""')}"`);
      await pool.query(`grant usage on schema "${s.replace(/"/g, '""')}" to anon, authenticated, service_role`);
    }
    if (opts.sampleData ?? true) await pool.query(await readFile(join(here, 'postgres', 'sample.sql'), 'utf8'));
  } catch (e) {
    await pool.end().catch(() => {});
    await pgh.stop();
    throw e;
  }
  const keys: StackKeys = {
    anonKey: await signHs256({ iss: 'supabase-explorer-stack', role: 'anon' }, jwtSecret, { expiresInSec: 10 * 365 * 24 * 3600 }),
    serviceRoleKey: await signHs256({ iss: 'supabase-explorer-stack', role: 'service_role' }, jwtSecret, { expiresInSec: 10 * 365 * 24 * 3600 }),
    publishableKey: `sb_publishable_${randomBytes(16).toString('base64url')}`,
    secretKey: `sb_secret_${randomBytes(16).toString('base64url')}`,
  };
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const deps: StackDeps = { pool, jwtSecret, keys, schemas, url, log };
  const rest = createRestService(deps, { maxRows: opts.maxRows, planEnabled: opts.planEnabled, aggregatesEnabled: opts.aggregatesEnabled });
  const server = createGateway(deps, {
    '/rest/v1': rest,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    ...keys,
    jwtSecret,
    dbUrl: pgh.dbUrl,
    stop() {
      stopping ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        rest.close();
        await pool.end().catch(() => {});
        await pgh.stop();
      })();
      return stopping;
    },
  };
}
