import { strict as assert } from 'node:assert';
import { execFile, spawnSync } from 'node:child_process';
import type { ChainDescription } from '../../../../src/core/database/chain';
import { CodegenError, createCodeGenerator, generateCode, toCurlForDescription } from '../../../../src/core/database/codegen/index';
import { createClient } from '../../../../src/core/index';
import { startCaptureServer, type CaptureServer } from '../../../helpers/captureServer';
import { toWire } from '../../../differential/database/harness';

const KEY = 'sb_secret_curl_test_1234';

const DESCRIPTIONS: Array<[string, ChainDescription]> = [
  [
    'select with awkward values',
    {
      v: 1,
      target: { kind: 'table', name: 'my table' },
      action: { kind: 'select', columns: 'id, "my col", data->>k', count: 'exact' },
      steps: [
        { kind: 'filter', op: 'eq', column: 'name', value: "O'Brien & \"co\" $HOME `x`" },
        { kind: 'filter', op: 'in', column: 'tag', values: ['a,b', '[x]', '{y}'] },
        { kind: 'order', column: 'id', ascending: false },
        { kind: 'range', from: 0, to: 9 },
      ],
    },
  ],
  ['head count', { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'select', head: true, count: 'planned' }, steps: [] }],
  [
    'insert returning one row',
    { v: 1, schema: 'private', target: { kind: 'table', name: 't' }, action: { kind: 'insert', values: [{ a: "it's" }, { b: null }], defaultToNull: false }, steps: [{ kind: 'select', columns: 'id' }, { kind: 'single' }] },
  ],
  ['delete', { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: 1 }] }],
  ['rpc get', { v: 1, target: { kind: 'rpc', fn: 'f', args: { q: 'a b', arr: ['x', 'y z'] }, get: true }, steps: [] }],
  ['rpc post with explain', { v: 1, target: { kind: 'rpc', fn: 'f', args: { o: { k: [1] } } }, steps: [{ kind: 'explain', analyze: true, format: 'json' }] }],
];

/** Runs a generated curl command through sh with the key in the environment (async: the capture server lives in this process). */
function runCurl(cmd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', `${cmd.trim()} --silent --show-error --output /dev/null`], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 20_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`curl failed: ${stderr}\n${cmd}`)) : resolve(),
    );
  });
}

describe('codegen: curl from a description (via compile())', () => {
  let server: CaptureServer;
  before(async function () {
    if (spawnSync('curl', ['--version']).status !== 0) this.skip();
    server = await startCaptureServer();
  });
  after(async () => server?.close());

  it('never contains the key or the access token', () => {
    for (const [, d] of DESCRIPTIONS) {
      const cmd = toCurlForDescription(d, { url: 'https://xyz.supabase.co', key: KEY, accessToken: 'user.jwt.token' });
      assert.ok(!cmd.includes(KEY), cmd);
      assert.ok(!cmd.includes('user.jwt.token'), cmd);
      assert.match(cmd, /apikey: '"\$SUPABASE_KEY"/);
      assert.match(cmd, /Bearer '"\$SUPABASE_ACCESS_TOKEN"/);
    }
    assert.equal(generateCode('curl', DESCRIPTIONS[3]![1], { url: 'http://h', key: KEY }).includes(KEY), false);
    assert.throws(() => toCurlForDescription(DESCRIPTIONS[0]![1], { url: 'not a url', key: KEY }), CodegenError);
  });

  for (const [name, d] of DESCRIPTIONS) {
    it(`curl sends what the core sends: ${name}`, async () => {
      const core = createClient(server.url, KEY);
      server.reset();
      await core.rest.fromDescription(d);
      const ours = server.last();

      server.reset();
      await runCurl(toCurlForDescription(d, { url: server.url, key: KEY }), { SUPABASE_KEY: KEY });
      const viaCurl = server.last();

      const a = toWire(ours);
      const b = toWire(viaCurl);
      assert.equal(b.method, a.method);
      assert.equal(b.path, a.path);
      assert.equal(b.query, a.query);
      assert.equal(b.body, a.body);
      // curl adds its own transport headers (accept */*, user-agent); compare what the core sets.
      for (const [k, v] of Object.entries(a.headers)) assert.equal(b.headers[k], v, `header ${k}`);
      if (a.method !== 'POST' && a.method !== 'PATCH') assert.equal(viaCurl.headers['content-length'] ?? '0', '0');
    });
  }
});

describe('codegen: createCodeGenerator', () => {
  it('generates each language from the current connection, without the key', () => {
    let key = 'sb_secret_first';
    const gen = createCodeGenerator(() => ({ url: 'https://xyz.supabase.co', key }));
    const d = DESCRIPTIONS[3]![1];
    assert.match(gen.generate(d, 'supabase-js'), /\.from\('t'\)\n {2}\.delete\(\)\n {2}\.eq\('id', 1\)/);
    assert.match(gen.generate(d, 'supabase-py'), /^response = supabase\.table\("t"\)\.delete\(\)\.eq\("id", 1\)\.execute\(\)\n$/);
    const first = gen.generate(d, 'curl');
    key = 'sb_secret_second';
    const second = gen.generate(d, 'curl');
    assert.equal(first, second, 'the command names the variable, not the key');
    assert.ok(!first.includes('sb_secret_first') && !second.includes('sb_secret_second'));
    assert.match(first, /^curl -X DELETE 'https:\/\/xyz\.supabase\.co\/rest\/v1\/t\?id=eq\.1'/);
  });
});
