import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { CodegenError, shellWord, toCurl } from '../../../../src/core/database/codegen/index';

/** Runs `printf '%s\0' WORDS…` through sh and returns the words sh produced. */
function shellSplit(words: string, env: Record<string, string> = {}): string[] {
  const r = spawnSync('sh', ['-c', `printf '%s\\0' ${words}`], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\0').slice(0, -1);
}

const KEY = 'sb_secret_abc123';

describe('codegen: curl', () => {
  it('renders a GET with headers, hiding the key behind $SUPABASE_KEY', () => {
    const cmd = toCurl(
      {
        method: 'GET',
        url: 'http://127.0.0.1:5432/rest/v1/t?select=*&name=eq.it%27s',
        headers: { apikey: KEY, Authorization: `Bearer ${KEY}`, 'Accept-Profile': 'public', 'X-Client-Info': 'x/1' },
      },
      { secrets: [{ value: KEY, envVar: 'SUPABASE_KEY' }] },
    );
    assert.equal(
      cmd,
      [
        "curl 'http://127.0.0.1:5432/rest/v1/t?select=*&name=eq.it%27s' \\",
        `  -H 'apikey: '"$SUPABASE_KEY" \\`,
        `  -H 'Authorization: Bearer '"$SUPABASE_KEY" \\`,
        "  -H 'Accept-Profile: public'",
        '',
      ].join('\n'),
    );
    assert.ok(!cmd.includes(KEY));
  });

  it('renders POST bodies, HEAD and DELETE', () => {
    const post = toCurl({ method: 'POST', url: 'http://h/rest/v1/t', headers: [['Content-Type', 'application/json']], body: `{"name":"O'Brien"}` });
    assert.equal(post, `curl -X POST 'http://h/rest/v1/t' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '{"name":"O'\\''Brien"}'\n`);
    assert.match(toCurl({ method: 'HEAD', url: 'http://h/x', headers: {} }), /^curl --head 'http:\/\/h\/x'\n$/);
    assert.match(toCurl({ method: 'delete', url: 'http://h/x', headers: {} }), /^curl -X DELETE /);
    assert.match(toCurl({ method: 'GET', url: 'http://h/[x]', headers: {} }), /^curl --globoff /);
    assert.match(toCurl({ method: 'POST', url: 'http://h/x', headers: {}, body: new TextEncoder().encode('é') }), /--data-raw 'é'/);
  });

  it('the shell reads back exactly the header lines, URL and body', () => {
    const req = {
      method: 'PATCH',
      url: "http://h/rest/v1/t?a=eq.'x'&b=$(id)",
      headers: { apikey: KEY, Authorization: `Bearer ${KEY}`, 'x-odd': "a'b\"c$d`e\\f!g" },
      body: `{"v":"${KEY} and 'quotes' $HOME \`x\`"}`,
    };
    const cmd = toCurl(req, { secrets: [{ value: KEY, envVar: 'SUPABASE_KEY' }] });
    assert.ok(!cmd.includes(KEY));
    // Drop the leading `curl` and the line continuations, then let sh split the words.
    const words = shellSplit(cmd.replace(/^curl /, '').replace(/ \\\n/g, ' ').trim(), { SUPABASE_KEY: KEY });
    assert.deepEqual(words, [
      '-X',
      'PATCH',
      req.url,
      '-H',
      `apikey: ${KEY}`,
      '-H',
      `Authorization: Bearer ${KEY}`,
      '-H',
      req.headers['x-odd'],
      '--data-raw',
      req.body,
    ].map((w) => (w === req.headers['x-odd'] ? `x-odd: ${w}` : w)));
  });

  it('shell words round-trip arbitrary text with secrets inside', () => {
    const texts = fc.sample(
      fc.tuple(fc.string({ unit: 'grapheme' }), fc.boolean(), fc.string({ unit: 'grapheme-ascii' })).map(([a, withKey, b]) => (withKey ? `${a}${KEY}${b}` : `${a}${b}`)),
      150,
    ).filter((t) => !t.includes('\0'));
    texts.push('', "'", "''", KEY, `${KEY}${KEY}`, "it's", '\n', '"$x"');
    const secrets = [{ value: KEY, envVar: 'SUPABASE_KEY' }];
    const words = shellSplit(texts.map((t) => shellWord(t, secrets)).join(' '), { SUPABASE_KEY: KEY });
    assert.deepEqual(words, texts);
    for (const t of texts) assert.ok(!shellWord(t, secrets).includes(KEY));
  });

  it('refuses what cannot be a safe command', () => {
    assert.throws(() => toCurl({ method: 'GET', url: 'http://h', headers: { 'bad name': 'x' } }), CodegenError);
    assert.throws(() => toCurl({ method: 'GET', url: 'http://h', headers: { a: 'x\r\nInjected: 1' } }), CodegenError);
    assert.throws(() => toCurl({ method: 'G T', url: 'http://h', headers: {} }), CodegenError);
    assert.throws(() => toCurl({ method: 'POST', url: 'http://h', headers: {}, body: 'a\0b' }), CodegenError);
    assert.throws(() => toCurl({ method: 'GET', url: 'http://h', headers: {} }, { secrets: [{ value: 'k', envVar: '1X' }] }), CodegenError);
  });
});
