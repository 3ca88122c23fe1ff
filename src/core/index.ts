/** Public surface of the client core (the host imports only this module). */
export { createClient, SupabaseClient, type SupabaseClientOptions } from './SupabaseClient';
export { PostgrestClient, type RpcOptions } from './database/PostgrestClient';
export { PostgrestQueryBuilder, PostgrestQueryBuilder as QueryBuilder } from './database/builders/QueryBuilder';
export { PostgrestFilterBuilder, PostgrestFilterBuilder as FilterBuilder } from './database/builders/FilterBuilder';
export { PostgrestTransformBuilder, PostgrestTransformBuilder as TransformBuilder, type ReferencedTableOption } from './database/builders/TransformBuilder';
export { PostgrestBuilder, type StreamedResponse, type OverrideResult } from './database/builders/PostgrestBuilder';
export { compile, type CompileContext, type CompiledRequest, type HttpMethod } from './database/compile';
export { validateDescription, findUnfilteredWrite, isUnfilteredWriteIssue, columnPath, type ValidationResult } from './database/validate';
export {
  generateCode,
  toSupabaseJs,
  toSupabasePy,
  toCurl,
  toCurlForDescription,
  CodegenError,
  isCodegenError,
  type CodeLanguage,
  type CurlOptions,
  type CurlRequest,
  type CurlSecret,
  type CurlForDescriptionOptions,
} from './database/codegen';
export { interpretResponse, type PostgrestResponse, type RequestFacts, type RawAnswer } from './database/response';
export * as encode from './database/encode';
export type * from './database/chain';
export { isFilter, FILTER_STEP_KIND } from './database/chain';
export {
  CoreError,
  PostgrestError,
  HttpError,
  FetchError,
  ResponseParseError,
  InvalidQueryError,
  isCoreError,
  isPostgrestError,
  isHttpError,
  isFetchError,
  isResponseParseError,
  isInvalidQueryError,
  type DatabaseError,
  type FetchErrorKind,
  type HttpErrorKind,
  type SerializedCoreError,
  type ValidationIssue,
} from './lib/errors';
export { safeJsonParse, parseJsonLossless, safeJsonParseLossless, LosslessNumber, isLosslessNumber, isUnsafeNumberText, stringifyBody } from './lib/json';
export { Transport, type TransportOptions, type TransportRequest, type TransportResponse } from './lib/transport';
export { AuthHeaders, type AccessTokenSource } from './lib/authHeaders';
