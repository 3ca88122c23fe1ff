import type { ChainDescription } from '../chain';
import { toCurlForDescription, type CurlForDescriptionOptions } from './curl';
import { toSupabaseJs } from './supabaseJs';
import { toSupabasePy } from './supabasePy';

export { CodegenError, isCodegenError } from './CodegenError';
export { toSupabaseJs, jsString, jsValue, type SupabaseJsCodegenOptions } from './supabaseJs';
export { toSupabasePy, pyString, pyValue, type SupabasePyCodegenOptions } from './supabasePy';
export {
  toCurl,
  toCurlForDescription,
  shellWord,
  type CurlRequest,
  type CurlOptions,
  type CurlSecret,
  type CurlForDescriptionOptions,
} from './curl';

export type CodeLanguage = 'supabase-js' | 'supabase-py' | 'curl';

/**
 * Copy-as-code for one chain description. JS and Python are written from the description; curl
 * from `compile()`, with the key (and any access token) as environment variables, never inline.
 */
export function generateCode(lang: CodeLanguage, desc: ChainDescription, connection: CurlForDescriptionOptions): string {
  switch (lang) {
    case 'supabase-js':
      return toSupabaseJs(desc);
    case 'supabase-py':
      return toSupabasePy(desc);
    case 'curl':
      return toCurlForDescription(desc, connection);
  }
}

/**
 * The host's copy-as-code seam (`CodeGenerator` in src/panels/QueryRunner.ts): the connection is
 * read at each call, so a key change is picked up; the key only ever appears as `$SUPABASE_KEY`.
 */
export function createCodeGenerator(connection: () => CurlForDescriptionOptions): {
  generate(chain: ChainDescription, lang: CodeLanguage): string;
} {
  return { generate: (chain, lang) => generateCode(lang, chain, connection()) };
}
