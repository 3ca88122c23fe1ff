// The core's clients on a local stack for an integration suite: an anon and a service_role
// client, a pg connection for set-up SQL, and the clean-up, in the order mocha needs.
import pg from 'pg';
import { createClient, type SupabaseClient } from '../../src/core/index';
import type { Stack } from '../stack/index';
import { useStack } from './stack';
import { waitFor } from './waitFor';

export interface CoreOnStack {
  stack(): Stack;
  /** Filled in `before`: the anon client, the service_role client and a pg connection. */
  anon: SupabaseClient;
  admin: SupabaseClient;
  db: pg.Client;
}

export interface CoreOnStackOptions {
  /** SQL run once the stack is up (ends with `notify pgrst, 'reload schema'` when it adds tables). */
  setup: string;
  /** A read through the service_role client that succeeds once the schema reload is seen. */
  ready(admin: SupabaseClient): PromiseLike<{ error: unknown }>;
  /** SQL run before the stack stops (errors ignored). */
  cleanup: string;
}

/** Call inside `describe`. */
export function useCoreOnStack(opts: CoreOnStackOptions): CoreOnStack {
  const env = {} as CoreOnStack;
  // Registered before useStack() so it runs before the stack stops.
  after(async () => {
    await env.db?.query(opts.cleanup).catch(() => {});
    await env.db?.end();
    await env.anon?.close();
    await env.admin?.close();
  });
  env.stack = useStack();
  before(async () => {
    const stack = env.stack();
    env.anon = createClient(stack.url, stack.anonKey);
    env.admin = createClient(stack.url, stack.serviceRoleKey);
    env.db = new pg.Client({ connectionString: stack.dbUrl });
    env.db.on('error', () => {});
    await env.db.connect();
    await env.db.query(opts.setup);
    await waitFor(async () => ((await opts.ready(env.admin)).error ? undefined : true), { what: 'schema reload', timeoutMs: 20_000, intervalMs: 50 });
  });
  return env;
}
