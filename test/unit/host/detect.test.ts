import assert from 'node:assert/strict';
import { jwtVerify } from 'jose';
import {
  CLI_DEFAULT_KEYS,
  CLI_DEFAULT_OPAQUE_KEYS,
  detectProjects,
  normalizeProjectUrl,
  parseDotEnv,
  parseTomlSubset,
  type WorkspaceFile,
} from '../../../src/connections/detect';
import { detectKey } from '../../../src/connections/keys';

const file = (relativePath: string, text: string, folder = 'app'): WorkspaceFile => ({ folder, relativePath, text });

const CONFIG_TOML = `
# A config written by \`supabase init\`
project_id = "my-app"

[api]
enabled = true
# Port to use for the API URL.
port = 55321
schemas = ["public", "graphql_public", # comment inside the array
  "api"]
extra_search_path = ["public", "extensions"]
max_rows = 1000

[db]
port = 55322

[auth.email]
enable_signup = true
`;

describe('host/detect config.toml', () => {
  it('parses the TOML subset Supabase config files use', () => {
    const t = parseTomlSubset(CONFIG_TOML);
    assert.equal(t.get('project_id'), 'my-app');
    assert.equal(t.get('api.port'), 55321);
    assert.deepEqual(t.get('api.schemas'), ['public', 'graphql_public', 'api']);
    assert.equal(t.get('db.port'), 55322);
    assert.equal(t.get('auth.email.enable_signup'), true);
    assert.equal(t.get('api.max_rows'), 1000);
  });

  it('reads strings with escapes and literal strings, and skips lines it cannot read', () => {
    const t = parseTomlSubset('a = "x\\"y\\u00e9"\nb = \'c:\\\\path\'\nthis is junk\nc = 1_000\n');
    assert.equal(t.get('a'), 'x"yé');
    assert.equal(t.get('b'), 'c:\\\\path');
    assert.equal(t.get('c'), 1000);
  });

  it('gives the local API URL from api.port, the CLI default keys and the exposed schemas', () => {
    const [p, ...rest] = detectProjects([file('supabase/config.toml', CONFIG_TOML)]);
    assert.equal(rest.length, 0);
    assert.equal(p.url, 'http://127.0.0.1:55321');
    assert.equal(p.name, 'my-app (local)');
    assert.deepEqual(p.schemas, ['public', 'graphql_public', 'api']);
    assert.deepEqual(p.keys, CLI_DEFAULT_KEYS);
    assert.deepEqual(p.fallbackKeys, CLI_DEFAULT_OPAQUE_KEYS);
    assert.equal(detectKey(CLI_DEFAULT_OPAQUE_KEYS.anon).format, 'publishable');
    assert.equal(detectKey(CLI_DEFAULT_OPAQUE_KEYS.service_role).format, 'secret');
    assert.equal(p.source.kind, 'config.toml');
  });

  it('defaults to port 54321 and skips a disabled API', () => {
    assert.equal(detectProjects([file('supabase/config.toml', 'project_id = "x"\n')])[0].url, 'http://127.0.0.1:54321');
    assert.deepEqual(detectProjects([file('supabase/config.toml', '[api]\nenabled = false\n')]), []);
    // config.toml elsewhere is not a Supabase config
    assert.deepEqual(detectProjects([file('other/config.toml', '[api]\nport = 1\n')]), []);
  });

  it("the CLI default keys are the local stack's anon and service_role JWTs", async () => {
    const secret = new TextEncoder().encode('super-secret-jwt-token-with-at-least-32-characters-long');
    for (const role of ['anon', 'service_role'] as const) {
      const { payload } = await jwtVerify(CLI_DEFAULT_KEYS[role], secret);
      assert.equal(payload.role, role);
      assert.equal(payload.iss, 'supabase-demo');
      assert.equal(detectKey(CLI_DEFAULT_KEYS[role]).role, role);
    }
  });
});

describe('host/detect .env', () => {
  it('parses dotenv syntax: export, quotes, comments, references', () => {
    const env = parseDotEnv(
      [
        '# comment',
        'export SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co # trailing comment',
        'A="line1\\nline2"',
        "B='${NOT_EXPANDED}'",
        'C=${SUPABASE_URL}/rest/v1',
        'D = spaced value ',
        'E=',
        'F="unterminated',
      ].join('\r\n'),
    );
    assert.equal(env.get('SUPABASE_URL'), 'https://abcdefghijklmnopqrst.supabase.co');
    assert.equal(env.get('A'), 'line1\nline2');
    assert.equal(env.get('B'), '${NOT_EXPANDED}');
    assert.equal(env.get('C'), 'https://abcdefghijklmnopqrst.supabase.co/rest/v1');
    assert.equal(env.get('D'), 'spaced value');
    assert.equal(env.get('E'), '');
    assert.equal(env.get('F'), 'unterminated');
  });

  it('finds URL and keys with plain and framework-prefixed names, by key role', () => {
    const anon = CLI_DEFAULT_KEYS.anon;
    const projects = detectProjects([
      file('.env', `NEXT_PUBLIC_SUPABASE_URL=http://127.0.0.1:54321/\nNEXT_PUBLIC_SUPABASE_ANON_KEY=${anon}\nSUPABASE_SECRET_KEY=sb_secret_abc123\n`),
    ]);
    assert.equal(projects.length, 1);
    assert.equal(projects[0].url, 'http://127.0.0.1:54321');
    assert.deepEqual(projects[0].keys, { anon, service_role: 'sb_secret_abc123' });
    assert.equal(projects[0].name, 'app (.env)');
  });

  it('classifies SUPABASE_KEY by the key itself', () => {
    const [p] = detectProjects([file('.env', 'VITE_SUPABASE_URL=https://x.example.com\nVITE_SUPABASE_KEY=sb_secret_zzz\n')]);
    assert.deepEqual(p.keys, { service_role: 'sb_secret_zzz' });
    const [q] = detectProjects([file('.env', 'SUPABASE_URL=https://x.example.com\nSUPABASE_PUBLISHABLE_KEY=sb_publishable_p\nSUPABASE_SERVICE_ROLE_KEY=not-a-key\n')]);
    assert.deepEqual(q.keys, { anon: 'sb_publishable_p' });
  });

  it('names hosted projects by their ref and ignores examples, placeholders and keyless files', () => {
    const [p] = detectProjects([file('.env.local', 'SUPABASE_URL=https://abcdefghijklmnopqrst.supabase.co\nSUPABASE_ANON_KEY=sb_publishable_x\n')]);
    assert.equal(p.name, 'abcdefghijklmnopqrst (.env.local)');
    assert.deepEqual(detectProjects([file('.env.example', 'SUPABASE_URL=https://a.supabase.co\nSUPABASE_ANON_KEY=sb_publishable_x\n')]), []);
    assert.deepEqual(detectProjects([file('.env', 'SUPABASE_URL=your-project-url\nSUPABASE_ANON_KEY=sb_publishable_x\n')]), []);
    assert.deepEqual(detectProjects([file('.env', 'SUPABASE_URL=https://a.supabase.co\nSUPABASE_ANON_KEY=your-anon-key\n')]), []);
  });

  it('merges files with the same URL (later layers win) and lets real keys replace config.toml defaults', () => {
    const url = 'SUPABASE_URL=http://127.0.0.1:54321\n';
    const projects = detectProjects([
      file('.env.local', `${url}SUPABASE_ANON_KEY=sb_publishable_local\n`),
      file('.env', `${url}SUPABASE_ANON_KEY=sb_publishable_base\nSUPABASE_SERVICE_ROLE_KEY=sb_secret_base\n`),
      file('supabase/config.toml', '[api]\nport = 54321\nschemas = ["public", "api"]\n'),
    ]);
    assert.equal(projects.length, 1);
    assert.deepEqual(projects[0].keys, { anon: 'sb_publishable_local', service_role: 'sb_secret_base' });
    assert.deepEqual(projects[0].schemas, ['public', 'api']);
    assert.equal(projects[0].source.kind, 'env');
    assert.equal(projects[0].fallbackKeys, undefined);
  });

  it('keeps different URLs and folders apart', () => {
    const projects = detectProjects([
      file('.env', 'SUPABASE_URL=https://aaaaaaaaaaaaaaaaaaaa.supabase.co\nSUPABASE_ANON_KEY=sb_publishable_a\n'),
      file('.env.development', 'SUPABASE_URL=http://127.0.0.1:54321\nSUPABASE_ANON_KEY=sb_publishable_b\n'),
      file('.env', 'SUPABASE_URL=https://aaaaaaaaaaaaaaaaaaaa.supabase.co\nSUPABASE_ANON_KEY=sb_publishable_c\n', 'other'),
    ]);
    assert.deepEqual(
      projects.map((p) => [p.source.folder, p.url, p.keys.anon]),
      [
        ['app', 'https://aaaaaaaaaaaaaaaaaaaa.supabase.co', 'sb_publishable_a'],
        ['other', 'https://aaaaaaaaaaaaaaaaaaaa.supabase.co', 'sb_publishable_c'],
        ['app', 'http://127.0.0.1:54321', 'sb_publishable_b'],
      ],
    );
  });

  it('normalizeProjectUrl strips trailing slashes and a pasted /rest/v1, rejects others', () => {
    assert.equal(normalizeProjectUrl('https://x.supabase.co/rest/v1/'), 'https://x.supabase.co');
    assert.equal(normalizeProjectUrl(' http://127.0.0.1:54321 '), 'http://127.0.0.1:54321');
    assert.equal(normalizeProjectUrl('http://host/base/'), 'http://host/base');
    assert.equal(normalizeProjectUrl('ftp://x'), undefined);
    assert.equal(normalizeProjectUrl('https://user:pw@x.co'), undefined);
    assert.equal(normalizeProjectUrl('not a url'), undefined);
  });
});
