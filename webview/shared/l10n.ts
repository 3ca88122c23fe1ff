/**
 * The webviews' localization: `l10n.t('English template {0}', arg)`, the same call shape as
 * `vscode.l10n.t` and the host's seam (src/l10n.ts). The host sends `vscode.l10n.bundle` (the
 * translations of the display language, keyed by the English template; undefined for English) in
 * the `init` message, and the page calls `setBundle` with it before rendering its texts.
 *
 * Rules for call sites, so `npm run l10n:export` can extract every message:
 * - the first argument is a string literal (the English text), never a template with `${…}`;
 * - values go in as arguments and appear in the text as `{0}`, `{1}`, …
 */

export type L10nArg = string | number | boolean;

/** A translation bundle: English template → translated template. */
export type L10nBundle = Readonly<Record<string, string>>;

let bundle: L10nBundle | undefined;

/** Replaces `{0}`, `{1}`, … with the arguments; a placeholder without an argument stays as it is. */
export function format(message: string, ...args: L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

/** Installs the translations (`undefined`: plain English). Entries that are not strings are ignored. */
export function setBundle(next: Record<string, unknown> | undefined): void {
  if (!next || typeof next !== 'object') {
    bundle = undefined;
    return;
  }
  const clean: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(next)) if (typeof v === 'string') clean[k] = v;
  bundle = clean;
}

/** True when a translation bundle is installed. */
export function hasBundle(): boolean {
  return bundle !== undefined;
}

/** Translates (when the bundle has the message) and formats one message. */
export function t(message: string, ...args: L10nArg[]): string {
  const translated = bundle && Object.prototype.hasOwnProperty.call(bundle, message) ? bundle[message]! : message;
  return format(translated, ...args);
}

/** `l10n.t(…)`: the call shape `@vscode/l10n-dev` extracts (see test/scripts/l10nExport.ts). */
export const l10n: { readonly t: (message: string, ...args: L10nArg[]) => string } = Object.freeze({ t });
