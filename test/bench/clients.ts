// The clients the bench compares. Each one does the same select round trip and returns the rows.
import { request } from 'undici';
import WebSocket from 'ws';
import { createClient as createSupabaseClient } from '@supabase/supabase-js';
import { createClient as createCoreClient } from '../../src/core/index';

/** One select round trip; resolves to the decoded rows. */
export type SelectOp = () => Promise<unknown>;

export interface BenchClient {
  name: string;
  /** Builds the client once (outside the timed loops) and returns its select operation. */
  make(url: string, key: string): Promise<SelectOp>;
}

/** `undici.request` + `body.json()`: the floor any HTTP client on Node pays. */
export const rawUndici: BenchClient = {
  name: 'raw undici',
  async make(url, key) {
    const target = `${url}/rest/v1/planets?select=*`;
    const headers = { apikey: key, authorization: `Bearer ${key}`, accept: 'application/json' };
    return async () => {
      const res = await request(target, { headers });
      if (res.statusCode !== 200) {
        const text = await res.body.text();
        throw new Error(`raw undici: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
      }
      return res.body.json();
    };
  },
};

/** What a supabase-js style `createClient` must offer for the bench. */
export interface SupabaseStyleClient {
  from(table: string): { select(columns?: string): PromiseLike<{ data: unknown; error: unknown }> };
}
export type SupabaseStyleFactory = (url: string, key: string) => SupabaseStyleClient;

/** Any supabase-js style client: `createClient(url, key).from('planets').select('*')`. */
export function supabaseStyle(name: string, factory: () => Promise<SupabaseStyleFactory>): BenchClient {
  return {
    name,
    async make(url, key) {
      const client = (await factory())(url, key);
      return async () => {
        const { data, error } = await client.from('planets').select('*');
        if (error) throw new Error(`${name}: ${JSON.stringify(error)}`);
        return data;
      };
    },
  };
}

/** The official supabase-js 2.119.0 (ws as realtime transport on Node 20; no session handling). */
export const supabaseJs: BenchClient = supabaseStyle('supabase-js', async () => (url, key) =>
  createSupabaseClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
  }) as unknown as SupabaseStyleClient,
);

/** Our core (`src/core/index.ts`); the ratios look it up by this name. */
export const CORE_CLIENT_NAME = 'core';

/** The clients, in table order. The core is named `core` so the ratios find it. */
export function benchClients(): BenchClient[] {
  return [
    rawUndici,
    supabaseJs,
    supabaseStyle(CORE_CLIENT_NAME, async () => (url, key) => createCoreClient(url, key)),
  ];
}
