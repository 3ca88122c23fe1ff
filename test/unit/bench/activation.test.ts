import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleActivation } from '../../bench/activation';

describe('bench activation probe', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-activation-'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fake', version: '0.0.0' }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a bundle with a vscode stub and times activate()', () => {
    const file = join(dir, 'ok.js');
    writeFileSync(
      file,
      `const vscode = require('vscode');
       exports.activate = async (ctx) => {
         const cfg = vscode.workspace.getConfiguration('supabaseExplorer');
         if (cfg.get('readOnly', 'fallback') !== 'fallback') throw new Error('get() must return the default');
         ctx.subscriptions.push(vscode.commands.registerCommand('x', () => {}));
         const em = new vscode.EventEmitter();
         ctx.subscriptions.push(em);
         await ctx.secrets.get('k');
         const end = Date.now() + 20; while (Date.now() < end) {}
       };`,
    );
    const s = sampleActivation(file, dir);
    assert.ok(!('error' in s), JSON.stringify(s));
    assert.ok(s.activateMs >= 19, `activate took ${s.activateMs} ms`);
    assert.ok(s.loadMs >= 0);
  });

  it('reports a throwing activate() or a missing export as an error', () => {
    const bad = join(dir, 'bad.js');
    writeFileSync(bad, `exports.activate = () => { throw new Error('boom'); };`);
    const r1 = sampleActivation(bad, dir);
    assert.ok('error' in r1 && r1.error.includes('boom'));
    const none = join(dir, 'none.js');
    writeFileSync(none, `exports.other = 1;`);
    const r2 = sampleActivation(none, dir);
    assert.ok('error' in r2 && r2.error.includes('no activate()'));
  });
});
