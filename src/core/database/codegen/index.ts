export { CodegenError, isCodegenError } from './CodegenError';
export { toSupabaseJs, jsString, jsValue, type SupabaseJsCodegenOptions } from './supabaseJs';
export { toSupabasePy, pyString, pyValue, type SupabasePyCodegenOptions } from './supabasePy';
export { toCurl, shellWord, type CurlRequest, type CurlOptions, type CurlSecret } from './curl';
