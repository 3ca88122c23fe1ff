/**
 * Loads the client core bundle (dist/core.js: undici, ws, …) on first use, so activation only
 * pays for the small host bundle (clarification 5). At compile time only types come from the core.
 */
import * as path from 'node:path';
import { l10n } from '../l10n';
import type { CoreModule } from './coreTypes';
import { CORE_EXPORTS } from './coreTypes';

let cached: CoreModule | undefined;

/** The core module; the first call reads dist/core.js (next to dist/extension.js). */
export function loadCore(): CoreModule {
  if (!cached) {
    const file = path.join(__dirname, 'core.js');
    // A runtime require of a path esbuild does not bundle: dist/core.js is its own bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as Partial<CoreModule>;
    const missing = CORE_EXPORTS.filter((name) => typeof mod[name] !== 'function');
    if (missing.length > 0) {
      throw new Error(l10n.t('The client core at {0} does not export {1}.', file, missing.join(', ')));
    }
    cached = mod as CoreModule;
  }
  return cached;
}
