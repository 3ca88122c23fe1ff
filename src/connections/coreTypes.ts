/**
 * The client core as the host sees it: types only. The core itself is a separate bundle
 * (dist/core.js) that `loadCore()` requires on first use, so nothing here may be a value import.
 */
import type { createClient, generateCode, interpretResponse, SupabaseClient, SupabaseClientOptions, validateDescription } from '../core/index';
import type { PostgrestResponse } from '../core/database/response';

export type CoreClient = SupabaseClient;
export type CoreClientOptions = SupabaseClientOptions;
export type CoreResult<T = unknown> = PostgrestResponse<T>;

/** What dist/core.js exports that the host uses. */
export interface CoreModule {
  createClient: typeof createClient;
  /** Semantic validation of a chain description (refuses update/delete without a filter). */
  validateDescription: typeof validateDescription;
  /** Reads an answer the way the core's builders do (errors with code/message/details/hint). */
  interpretResponse: typeof interpretResponse;
  /** Copy as code (supabase-js, supabase-py, curl with the key as `$SUPABASE_KEY`). */
  generateCode: typeof generateCode;
}

/** What the query builder's runner and code generator use from the core (loaded lazily). */
export type CoreQueryFunctions = Pick<CoreModule, 'validateDescription' | 'interpretResponse' | 'generateCode'>;

/** The names loadCore() checks in dist/core.js. */
export const CORE_EXPORTS = ['createClient', 'validateDescription', 'interpretResponse', 'generateCode'] as const satisfies readonly (keyof CoreModule)[];
