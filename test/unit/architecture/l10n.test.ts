// Localization rules over the real host source (src/, without the core and the protocol, which
// carry no UI text of their own) and the webviews (webview/, translated through
// webview/shared/l10n.ts with the bundle the host sends in `init`):
// - every `l10n.t` / `vscode.l10n.t` call passes its English template as a plain string literal,
//   so `npm run l10n:export` can extract it (values go in as `{0}` arguments);
// - vscode-free modules translate through the seam's `l10n.t` (src/l10n.ts), never a bare `t`;
// - errors made with a literal or interpolated text (`new XxxError('…')`, `refuse('…')`) are
//   translated, except the internal errors named below, which never reach the user as text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '../../..');
const SRC = join(ROOT, 'src');
const SKIP = ['core', 'protocol'].map((d) => join(SRC, d));
const WEBVIEW = join(ROOT, 'webview');

/** Errors whose message is a diagnostic for the log or a programming error, not UI text. */
const INTERNAL_ERRORS = new Set(['TomlSubsetError', 'RangeError']);
/** Single internal texts (repo path → the text's start): protocol faults of the webview bridge. */
const INTERNAL_TEXTS: Record<string, RegExp> = {
  'src/panels/MessageRouter.ts': /^`no handler for /,
};

function hostFiles(dir = SRC, skip = SKIP): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (skip.includes(p)) continue;
    if (statSync(p).isDirectory()) out.push(...hostFiles(p, skip));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

function where(sf: ts.SourceFile, node: ts.Node): string {
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return `${relative(ROOT, sf.fileName)}:${line + 1}`;
}

/** Inside `setTranslator(…)`: the forwarding `vscode.l10n.t(message, ...args)` of the host. */
function inSetTranslator(node: ts.Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (ts.isCallExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === 'setTranslator') return true;
  }
  return false;
}

/** True for `l10n.t(…)` and `vscode.l10n.t(…)`. */
export function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const callee = node.expression;
  if (callee.name.text !== 't') return false;
  const obj = callee.expression;
  if (ts.isIdentifier(obj)) return obj.text === 'l10n';
  return ts.isPropertyAccessExpression(obj) && obj.name.text === 'l10n' && ts.isIdentifier(obj.expression) && obj.expression.text === 'vscode';
}

/** Text written into the code: a string literal, a template, or a concatenation with one. */
export function isLiteralText(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node)) return isLiteralText(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /[A-Za-z]{2}/.test(node.text);
  if (ts.isTemplateExpression(node)) return /[A-Za-z]{2}/.test(node.head.text + node.templateSpans.map((s) => s.literal.text).join(''));
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isLiteralText(node.left) || isLiteralText(node.right);
  if (ts.isConditionalExpression(node)) return isLiteralText(node.whenTrue) || isLiteralText(node.whenFalse);
  return false;
}

/** `file:line → text` of untranslated error texts in one source. */
export function untranslatedErrors(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  walk(sf, (n) => {
    let name: string | undefined;
    let arg: ts.Expression | undefined;
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && /Error$/.test(n.expression.text)) {
      name = n.expression.text;
      arg = n.arguments?.[0];
    } else if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'refuse') {
      name = 'refuse';
      arg = n.arguments[0];
    }
    if (!name || !arg || INTERNAL_ERRORS.has(name)) return;
    if (INTERNAL_TEXTS[relative(ROOT, sf.fileName).replace(/\\/g, '/')]?.test(arg.getText(sf))) return;
    if (isLiteralText(arg)) out.push(`${where(sf, n)} ${name}(${arg.getText(sf).slice(0, 60)})`);
  });
  return out;
}

describe('architecture: localization', () => {
  const sources = hostFiles().map(parse);
  const webviewSources = hostFiles(WEBVIEW, []).map(parse);
  const l10nCalls = (sf: ts.SourceFile): ts.CallExpression[] => {
    const found: ts.CallExpression[] = [];
    walk(sf, (n) => isL10nCall(n) && found.push(n));
    return found;
  };

  it('finds the host sources and their l10n calls', () => {
    assert.ok(sources.length > 20);
    const calls = sources.flatMap((sf) => {
      const found: ts.CallExpression[] = [];
      walk(sf, (n) => isL10nCall(n) && found.push(n));
      return found;
    });
    assert.ok(calls.length > 100, `only ${calls.length} l10n.t calls found`);
  });

  it('finds the webview sources and their l10n calls', () => {
    assert.ok(webviewSources.length > 8);
    const calls = webviewSources.flatMap(l10nCalls);
    assert.ok(calls.length > 100, `only ${calls.length} webview l10n.t calls found`);
  });

  it('webview modules translate through webview/shared/l10n.ts, never the host seam or vscode', () => {
    const bad: string[] = [];
    for (const sf of webviewSources) {
      for (const st of sf.statements) {
        if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
        const spec = st.moduleSpecifier.text;
        if (!/(^|\/)l10n$/.test(spec) && spec !== 'vscode' && spec !== '@vscode/l10n') continue;
        const resolved = spec.startsWith('.') ? resolve(join(sf.fileName, '..'), spec) : spec;
        if (resolved !== join(WEBVIEW, 'shared', 'l10n')) bad.push(`${where(sf, st)} ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  it('the scanner tells translated texts from literal ones', () => {
    const sf = ts.createSourceFile(
      'x.ts',
      [
        "throw new UserError('Plain text.');",
        'throw new KeyFormatError(`Role ${r} is wrong`);',
        "throw new Error('Bad: ' + b);",
        "throw refuse(x ? 'one thing' : l10n.t('other'));",
        "throw new UserError(l10n.t('Fine {0}.', x));",
        "throw new Error(vscode.l10n.t('Fine too.'));",
        'throw new ServerError(fields);',
        "throw new TomlSubsetError('bad header');",
      ].join('\n'),
      ts.ScriptTarget.Latest,
      true,
    );
    assert.deepEqual(
      untranslatedErrors(sf).map((s) => s.replace(/^\S+ /, '')),
      ["UserError('Plain text.')", 'KeyFormatError(`Role ${r} is wrong`)', "Error('Bad: ' + b)", "refuse(x ? 'one thing' : l10n.t('other'))"],
    );
  });

  it('every l10n.t call passes its English template as a string literal', () => {
    const bad: string[] = [];
    for (const sf of [...sources, ...webviewSources]) {
      walk(sf, (n) => {
        if (!isL10nCall(n) || inSetTranslator(n)) return;
        const first = n.arguments[0];
        if (!first || !(ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) bad.push(`${where(sf, n)} ${n.getText(sf).slice(0, 80)}`);
      });
    }
    assert.deepEqual(bad, []);
  });

  it('vscode-free modules translate through the seam as l10n.t, never an imported bare t', () => {
    const bad: string[] = [];
    for (const sf of [...sources, ...webviewSources]) {
      for (const st of sf.statements) {
        if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier) || !/(^|\/)l10n$/.test(st.moduleSpecifier.text)) continue;
        const named = st.importClause?.namedBindings;
        if (named && ts.isNamedImports(named) && named.elements.some((e) => (e.propertyName ?? e.name).text === 't')) bad.push(where(sf, st));
      }
    }
    assert.deepEqual(bad, []);
  });

  it('user-facing error texts are translated', () => {
    assert.deepEqual(sources.flatMap(untranslatedErrors), []);
  });

  it('l10n/bundle.l10n.json holds exactly the messages of src and webview (run `npm run l10n:export` after changing one)', () => {
    const messages = new Set<string>();
    for (const sf of [...hostFiles(SRC, []), ...hostFiles(WEBVIEW, [])].map(parse)) {
      walk(sf, (n) => {
        if (!isL10nCall(n) || inSetTranslator(n)) return;
        const first = n.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) messages.add(first.text);
      });
    }
    const bundle = JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const keys = Object.keys(bundle);
    assert.deepEqual([...messages].filter((m) => !(m in bundle)).sort(), [], 'messages missing from the bundle');
    assert.deepEqual(keys.filter((k) => !messages.has(k)).sort(), [], 'bundle entries no source uses');
    for (const k of keys) assert.equal(bundle[k], k, 'the English bundle maps each message to itself');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { l10n?: string; scripts?: Record<string, string> };
    assert.equal(pkg.l10n, './l10n');
    assert.ok(pkg.scripts?.['l10n:export'], 'package.json has an l10n:export script');
  });
});
