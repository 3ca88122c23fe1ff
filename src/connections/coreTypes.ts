/**
 * The client core as the host sees it: types only. The core itself is a separate bundle
 * (dist/core.js) that `loadCore()` requires on first use, so nothing here may be a value import.
 */
import type { createClient, SupabaseClient, SupabaseClientOptions } from '../core/index';
import type { PostgrestResponse } from '../core/database/response';

export type CoreClient = SupabaseClient;
export type CoreClientOptions = SupabaseClientOptions;
export type CoreResult<T = unknown> = PostgrestResponse<T>;

/** What dist/core.js exports that the host uses. */
export interface CoreModule {
  createClient: typeof createClient;
}
