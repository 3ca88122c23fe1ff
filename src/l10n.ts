/**
 * The vscode-free localization seam. Pure modules (connections, commands, panels, trees) call
 * `l10n.t('English template {0}', arg)` exactly like `vscode.l10n.t`; `activate()` installs
 * `vscode.l10n.t` as the translator, and without one (unit tests, the bench) the English template
 * is formatted as it is.
 *
 * Rules for call sites, so `npm run l10n:export` can extract every message:
 * - the first argument is a string literal (the English text), never a template with `${…}`;
 * - values go in as arguments and appear in the text as `{0}`, `{1}`, …
 */

export type L10nArg = string | number | boolean;

/** The signature of `vscode.l10n.t` for positional arguments. */
export type Translate = (message: string, ...args: L10nArg[]) => string;

/** Replaces `{0}`, `{1}`, … with the arguments; a placeholder without an argument stays as it is. */
export function format(message: string, ...args: L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

let translator: Translate = format;

/** Installs the translator (the host passes `vscode.l10n.t`); `undefined` restores plain English. */
export function setTranslator(fn: Translate | undefined): void {
  translator = fn ?? format;
}

/** Translates and formats one message through the installed translator. */
export function t(message: string, ...args: L10nArg[]): string {
  return translator(message, ...args);
}

/** `l10n.t(…)`: the call shape `@vscode/l10n-dev` extracts (see test/scripts/l10nExport.ts). */
export const l10n: { readonly t: Translate } = Object.freeze({ t });
