import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, CONTEXT_KEYS, SETTINGS, VIEWS } from '../../../src/commands/ids';

import { localize, manifestStrings, rawManifest } from '../../e2e/support/product';

const ROOT = join(__dirname, '../../..');
const raw = rawManifest(ROOT);
const strings = manifestStrings(ROOT);
// As VS Code shows it: `%key%` strings resolved from package.nls.json.
const pkg = localize(raw, strings) as Record<string, any>;
const contributes = pkg.contributes;

describe('host/manifest package.json contributions', () => {
  it('every user-facing manifest string is localizable (a %key% of package.nls.json), and every key is used', () => {
    const used = new Set<string>();
    const plain: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'string') {
        const m = /^%([^%]+)%$/.exec(v);
        if (m) used.add(m[1]!);
        else if (/(\.|^)(title|name|contextualTitle|contents|description|displayName|markdownDescription)$/.test(path) && !/\.(views|viewsContainers)\.[^.]+\.\d+\.id$/.test(path)) plain.push(`${path}: ${v}`);
        return;
      }
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    };
    walk({ displayName: raw.displayName, description: raw.description, contributes: raw.contributes }, '');
    assert.deepEqual(plain, [], 'manifest strings not in package.nls.json');
    assert.deepEqual(Object.keys(strings).filter((k) => !used.has(k) && k !== 'capabilities.untrustedWorkspaces.description'), []);
    for (const k of used) assert.ok(typeof strings[k] === 'string' && strings[k]!.length > 0, `package.nls.json lacks ${k}`);
  });

  it('every contributed command has an id in commands/ids.ts and vice versa', () => {
    const contributed = (contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
  });

  it('the registrar maps every command id to a handler (source check of commands/index.ts)', () => {
    // registerAllCommands builds a Record<CommandId, CommandHandler> from these registrars; the
    // type forces completeness, this checks each id is actually named in a registrar.
    const src = ['connections.ts', 'tables.ts', 'index.ts'].map((f) => readFileSync(join(__dirname, '../../../src/commands', f), 'utf8')).join('\n');
    for (const key of Object.keys(COMMANDS)) assert.ok(src.includes(`[COMMANDS.${key}]`), `no handler for COMMANDS.${key}`);
  });

  it('ids use the supabaseExplorer.<area>.<verb> scheme and titles/categories are set', () => {
    for (const c of contributes.commands as Array<{ command: string; title: string; category: string }>) {
      assert.match(c.command, /^supabaseExplorer\.[a-z]+\.[a-zA-Z]+$/);
      assert.ok(c.title.length > 0 && c.category === 'Supabase', c.command);
    }
  });

  it('menus only reference contributed commands and the tables view', () => {
    const ids = new Set(Object.values(COMMANDS) as string[]);
    for (const [menu, items] of Object.entries(contributes.menus as Record<string, Array<{ command: string; when?: string }>>)) {
      for (const item of items) {
        assert.ok(ids.has(item.command), `${menu}: ${item.command}`);
        if (menu.startsWith('view/')) assert.match(item.when ?? '', new RegExp(`view == ${VIEWS.tables.replace('.', '\\.')}`));
      }
    }
  });

  it('declares the view container, the Tables view and its welcome content', () => {
    assert.deepEqual(
      contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id),
      [VIEWS.container],
    );
    assert.equal(contributes.viewsContainers.activitybar[0].title, 'Supabase');
    assert.deepEqual(
      contributes.views[VIEWS.container].map((v: { id: string }) => v.id),
      [VIEWS.tables],
    );
    const welcome = contributes.viewsWelcome.find((w: { view: string }) => w.view === VIEWS.tables);
    assert.match(welcome.contents, /command:supabaseExplorer\.connections\.add/);
    assert.match(welcome.when, new RegExp(CONTEXT_KEYS.hasConnections.replace('.', '\\.')));
  });

  it('every setting in ids.ts is contributed with a default, and nothing else', () => {
    const props = contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual(Object.keys(props).sort(), Object.values(SETTINGS).sort());
    for (const [k, v] of Object.entries(props)) assert.ok('default' in v, k);
    assert.equal(props[SETTINGS.autoConnectDetected].default, false);
  });

  it('activation is lazy and the media icon exists', () => {
    assert.ok(!(pkg.activationEvents as string[]).includes('*'));
    assert.ok(!(pkg.activationEvents as string[]).includes('onStartupFinished'));
    assert.equal(pkg.main, './dist/extension.js');
    readFileSync(join(__dirname, '../../../', contributes.viewsContainers.activitybar[0].icon), 'utf8');
  });
});
