import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import type { ChainDescription, Step } from '../../../../src/core/database/chain';
import { CodegenError, pyString, pyValue, toSupabasePy } from '../../../../src/core/database/codegen/index';

const select = (name: string, columns: string, steps: Step[] = []): ChainDescription => ({
  v: 1,
  target: { kind: 'table', name },
  action: { kind: 'select', columns },
  steps,
});

const ml = (...lines: string[]) => `response = (\n${lines.map((l) => `    ${l}`).join('\n')}\n)\n`;

/**
 * Examples of the Python reference (/work/shared/reference, "Python Client Library"), each with the
 * chain description it shows. Multi-line examples use black's 4-space indentation.
 */
const REFERENCE: Array<[string, ChainDescription, string]> = [
  ['fetch data', select('planets', '*'), 'response = supabase.table("planets").select("*").execute()\n'],
  [
    'insert',
    { v: 1, target: { kind: 'table', name: 'planets' }, action: { kind: 'insert', values: { id: 1, name: 'Pluto' } }, steps: [] },
    ml('supabase.table("planets")', '.insert({"id": 1, "name": "Pluto"})', '.execute()'),
  ],
  [
    'update',
    {
      v: 1,
      target: { kind: 'table', name: 'instruments' },
      action: { kind: 'update', values: { name: 'piano' } },
      steps: [{ kind: 'filter', op: 'eq', column: 'id', value: 1 }],
    },
    ml('supabase.table("instruments")', '.update({"name": "piano"})', '.eq("id", 1)', '.execute()'),
  ],
  [
    'upsert',
    { v: 1, target: { kind: 'table', name: 'instruments' }, action: { kind: 'upsert', values: { id: 1, name: 'piano' } }, steps: [] },
    ml('supabase.table("instruments")', '.upsert({"id": 1, "name": "piano"})', '.execute()'),
  ],
  ['rpc', { v: 1, target: { kind: 'rpc', fn: 'hello_world' }, steps: [] }, 'response = supabase.rpc("hello_world").execute()\n'],
  [
    'filters chained',
    select('instruments', 'name, section_id', [{ kind: 'filter', op: 'eq', column: 'name', value: 'flute' }]),
    ml('supabase.table("instruments")', '.select("name, section_id")', '.eq("name", "flute")', '.execute()'),
  ],
  ['eq', select('planets', '*', [{ kind: 'filter', op: 'eq', column: 'name', value: 'Earth' }]), 'response = supabase.table("planets").select("*").eq("name", "Earth").execute()\n'],
  ['neq', select('planets', '*', [{ kind: 'filter', op: 'neq', column: 'name', value: 'Earth' }]), 'response = supabase.table("planets").select("*").neq("name", "Earth").execute()\n'],
  ['gt', select('planets', '*', [{ kind: 'filter', op: 'gt', column: 'id', value: 2 }]), 'response = supabase.table("planets").select("*").gt("id", 2).execute()\n'],
  ['lte', select('planets', '*', [{ kind: 'filter', op: 'lte', column: 'id', value: 2 }]), 'response = supabase.table("planets").select("*").lte("id", 2).execute()\n'],
  ['like', select('planets', '*', [{ kind: 'filter', op: 'like', column: 'name', value: '%Ea%' }]), 'response = supabase.table("planets").select("*").like("name", "%Ea%").execute()\n'],
  ['ilike', select('planets', '*', [{ kind: 'filter', op: 'ilike', column: 'name', value: '%ea%' }]), 'response = supabase.table("planets").select("*").ilike("name", "%ea%").execute()\n'],
  ['is', select('planets', '*', [{ kind: 'filter', op: 'is', column: 'name', value: null }]), 'response = supabase.table("planets").select("*").is_("name", "null").execute()\n'],
  [
    'in',
    select('planets', '*', [{ kind: 'filter', op: 'in', column: 'name', values: ['Earth', 'Mars'] }]),
    ml('supabase.table("planets")', '.select("*")', '.in_("name", ["Earth", "Mars"])', '.execute()'),
  ],
  [
    'contains',
    select('issues', '*', [{ kind: 'filter', op: 'contains', column: 'tags', value: ['is:open', 'priority:low'] }]),
    ml('supabase.table("issues")', '.select("*")', '.contains("tags", ["is:open", "priority:low"])', '.execute()'),
  ],
  [
    'contained_by',
    select('classes', 'name', [{ kind: 'filter', op: 'containedBy', column: 'days', value: ['monday', 'tuesday', 'wednesday', 'friday'] }]),
    ml('supabase.table("classes")', '.select("name")', '.contained_by("days", ["monday", "tuesday", "wednesday", "friday"])', '.execute()'),
  ],
  [
    'range_gt',
    select('reservations', '*', [{ kind: 'filter', op: 'rangeGt', column: 'during', range: '(2000-01-02 08:00,2000-01-02 09:00)' }]),
    ml('supabase.table("reservations")', '.select("*")', '.range_gt("during", ["2000-01-02 08:00", "2000-01-02 09:00"])', '.execute()'),
  ],
  [
    'range_adjacent',
    select('reservations', '*', [{ kind: 'filter', op: 'rangeAdjacent', column: 'during', range: '(2000-01-01 12:00,2000-01-01 13:00)' }]),
    ml('supabase.table("reservations")', '.select("*")', '.range_adjacent("during", ["2000-01-01 12:00", "2000-01-01 13:00"])', '.execute()'),
  ],
  [
    'overlaps',
    select('issues', 'title', [{ kind: 'filter', op: 'overlaps', column: 'tags', value: ['is:closed', 'severity:high'] }]),
    ml('supabase.table("issues")', '.select("title")', '.overlaps("tags", ["is:closed", "severity:high"])', '.execute()'),
  ],
  [
    'text_search',
    select('texts', 'content', [{ kind: 'filter', op: 'textSearch', column: 'content', query: "'eggs' & 'ham'", config: 'english' }]),
    ml('supabase.table("texts")', '.select("content")', '.text_search("content", "\'eggs\' & \'ham\'", options={"config": "english"})', '.execute()'),
  ],
  [
    'match',
    select('planets', '*', [{ kind: 'filter', op: 'match', query: { id: 2, name: 'Earth' } }]),
    ml('supabase.table("planets")', '.select("*")', '.match({"id": 2, "name": "Earth"})', '.execute()'),
  ],
  [
    'not',
    select('planets', '*', [{ kind: 'filter', op: 'not', column: 'name', operator: 'is', value: null }]),
    ml('supabase.table("planets")', '.select("*")', '.not_.is_("name", "null")', '.execute()'),
  ],
  [
    'or',
    select('planets', 'name', [{ kind: 'filter', op: 'or', filters: 'id.eq.2,name.eq.Mars' }]),
    ml('supabase.table("planets")', '.select("name")', '.or_("id.eq.2,name.eq.Mars")', '.execute()'),
  ],
  [
    'filter',
    select('planets', '*', [{ kind: 'filter', op: 'filter', column: 'name', operator: 'in', value: '("Mars","Tatooine")' }]),
    ml('supabase.table("planets")', '.select("*")', '.filter("name", "in", \'("Mars","Tatooine")\')', '.execute()'),
  ],
  [
    'order',
    select('planets', '*', [{ kind: 'order', column: 'name', ascending: false }]),
    ml('supabase.table("planets")', '.select("*")', '.order("name", desc=True)', '.execute()'),
  ],
  ['limit', select('planets', 'name', [{ kind: 'limit', count: 1 }]), 'response = supabase.table("planets").select("name").limit(1).execute()\n'],
  ['range', select('planets', 'name', [{ kind: 'range', from: 0, to: 1 }]), 'response = supabase.table("planets").select("name").range(0, 1).execute()\n'],
  ['single', select('planets', 'name', [{ kind: 'limit', count: 1 }, { kind: 'single' }]), 'response = supabase.table("planets").select("name").limit(1).single().execute()\n'],
  [
    'maybe_single',
    select('planets', '*', [{ kind: 'filter', op: 'eq', column: 'name', value: 'Earth' }, { kind: 'maybeSingle' }]),
    ml('supabase.table("planets")', '.select("*")', '.eq("name", "Earth")', '.maybe_single()', '.execute()'),
  ],
  ['csv', select('planets', '*', [{ kind: 'csv' }]), 'response = supabase.table("planets").select("*").csv().execute()\n'],
  ['explain', select('planets', '*', [{ kind: 'explain' }]), 'response = supabase.table("planets").select("*").explain().execute()\n'],
];

function python(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === '3' ? 'python3' : undefined;
}

/** Runs a Python program with JSON on stdin and returns its stdout parsed as JSON. */
function runPython(program: string, input: unknown): unknown {
  const r = spawnSync('python3', ['-c', program], { input: JSON.stringify(input), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('codegen: supabase-py', () => {
  for (const [name, desc, expected] of REFERENCE) {
    it(`matches the reference example: ${name}`, () => {
      assert.equal(toSupabasePy(desc), expected);
    });
  }

  it('renders options the reference documents as keyword arguments', () => {
    const code = toSupabasePy({
      v: 1,
      schema: 'private',
      target: { kind: 'table', name: 'users' },
      action: { kind: 'upsert', values: [{ email: 'a@x', admin: true, note: null }], onConflict: 'email', ignoreDuplicates: true, count: 'exact', defaultToNull: false },
      steps: [{ kind: 'select', columns: 'id' }],
    });
    assert.equal(
      code,
      ml(
        'supabase.schema("private").table("users")',
        '.upsert([{"email": "a@x", "admin": True, "note": None}], count="exact", ignore_duplicates=True, on_conflict="email", default_to_null=False)',
        '.select("id")',
        '.execute()',
      ),
    );
    const read = toSupabasePy(
      select('countries', 'name, cities(name)', [
        { kind: 'order', column: 'name', nullsFirst: false, referencedTable: 'cities' },
        { kind: 'limit', count: 2, referencedTable: 'cities' },
        { kind: 'range', from: 10, to: 19, referencedTable: 'cities' },
        { kind: 'explain', analyze: true, verbose: true, format: 'json' },
        { kind: 'filter', op: 'or', filters: 'name.eq.Paris', referencedTable: 'cities' },
      ]),
    );
    assert.match(read, /\.order\("name", nullsfirst=False, foreign_table="cities"\)/);
    assert.match(read, /\.limit\(2, foreign_table="cities"\)/);
    assert.match(read, /\.range\(10, 19, foreign_table="cities"\)/);
    assert.match(read, /\.or_\("name\.eq\.Paris", reference_table="cities"\)/);
    // explain() returns a builder that can only execute(): it goes last.
    assert.match(read, /\.explain\(analyze=True, verbose=True, format="json"\)\n {4}\.execute\(\)/);
    const rpc = toSupabasePy({ v: 1, target: { kind: 'rpc', fn: 'list', args: { a: 1 }, get: true, count: 'exact' }, steps: [] });
    assert.equal(rpc, 'response = supabase.rpc("list", {"a": 1}, count="exact", get=True).execute()\n');
    assert.match(toSupabasePy({ v: 1, target: { kind: 'rpc', fn: 'f', head: true }, steps: [] }), /\.rpc\("f", \{\}, head=True\)/);
    assert.match(toSupabasePy({ v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'delete', count: 'exact' }, steps: [{ kind: 'filter', op: 'in', column: 'id', values: [1, 2] }] }), /\.delete\(count="exact"\)/);
  });

  it('sends what the JS chain means where postgrest-py would differ', () => {
    const code = toSupabasePy(
      select('t', '*', [
        { kind: 'filter', op: 'eq', column: 'done', value: true },
        { kind: 'filter', op: 'eq', column: 'x', value: null },
        { kind: 'filter', op: 'eq', column: 'f', value: 1.5 },
        { kind: 'filter', op: 'in', column: 'name', values: ['say "hi"', 'a,b'] },
        { kind: 'filter', op: 'contains', column: 'tags', value: ['a', 'b,c', null] },
        { kind: 'filter', op: 'contains', column: 'ints', value: [1, 2] },
        { kind: 'filter', op: 'contains', column: 'meta', value: { a: 1 } },
        { kind: 'filter', op: 'likeAllOf', column: 'n', patterns: ['%a%', 'x,y'] },
        { kind: 'filter', op: 'rangeLt', column: 'r', range: '[1,5)' },
        { kind: 'filter', op: 'isDistinct', column: 'd', value: 'x' },
        { kind: 'filter', op: 'regexMatch', column: 'd', value: '^a' },
        { kind: 'filter', op: 'textSearch', column: 'c', query: 'fat', type: 'websearch' },
        { kind: 'filter', op: 'textSearch', column: 'c', query: 'cat', type: 'plain', config: 'english' },
        { kind: 'filter', op: 'not', column: 'id', operator: 'in', value: '(1,2)' },
        { kind: 'filter', op: 'not', column: 'id', operator: 'eq', value: 3 },
      ]),
    );
    for (const part of [
      '.eq("done", "true")',
      '.eq("x", "null")',
      '.eq("f", "1.5")',
      // postgrest-py would not escape the quote: the raw list is sent instead.
      `.filter("name", "in", '("say \\\\"hi\\\\"","a,b")')`,
      `.contains("tags", '{a,"b,c",NULL}')`,
      '.contains("ints", ["1", "2"])',
      '.contains("meta", {"a": 1})',
      '.like_all_of("n", \'%a%,"x,y"\')',
      '.filter("r", "sl", "[1,5)")',
      '.filter("d", "isdistinct", "x")',
      '.filter("d", "match", "^a")',
      // Only the last text search can use text_search() (it returns a builder without filters).
      '.filter("c", "wfts", "fat")',
      '.text_search("c", "cat", options={"config": "english", "type": "plain"})',
      '.not_.filter("id", "in", "(1,2)")',
      '.not_.eq("id", 3)',
    ]) {
      assert.ok(code.includes(`    ${part}\n`), `missing ${part} in\n${code}`);
    }
  });

  it('turns modifiers supabase-py lacks into comments inside the chain', () => {
    const code = toSupabasePy(select('t', '*', [{ kind: 'geojson' }, { kind: 'rollback' }, { kind: 'stripNulls' }, { kind: 'setHeader', name: 'x-a\n', value: 'v' }]));
    assert.match(code, /# supabase-py has no geojson\(\)/);
    assert.match(code, /# supabase-py has no rollback\(\)/);
    assert.match(code, /# supabase-py has no strip_nulls\(\)/);
    assert.match(code, /# supabase-py has no set_header\(\): header "x-a\\n" is not sent/);
  });

  it('refuses values that are not JSON', () => {
    assert.throws(() => toSupabasePy(select('t', '*', [{ kind: 'limit', count: Number.POSITIVE_INFINITY }])), (e: unknown) => e instanceof CodegenError && e.path === 'steps[0].count');
    assert.throws(() => pyValue(undefined), CodegenError);
  });

  describe('checked by a real Python interpreter', function () {
    before(function () {
      if (!python()) this.skip();
    });

    it('string and value literals evaluate back to the same value', () => {
      const strings = fc.sample(fc.string({ unit: 'binary' }), 300).concat(['', '"', "'", '\'"', '\\', '\u0085', '\u2028', '\ud800x', '\udfff', '\x7f', 'é日本']);
      const values = fc.sample(fc.jsonValue(), 150);
      const program = [
        'import ast, json, sys',
        'src = json.load(sys.stdin)',
        'print(json.dumps([ast.literal_eval(s) for s in src["s"]] + [None], ensure_ascii=True))',
      ].join('\n');
      const input = { s: [...strings.map((s) => pyString(s)), ...values.map((v) => pyValue(v))] };
      const out = runPython(program, input) as unknown[];
      const back = out.slice(0, -1);
      // JSON cannot carry lone surrogates both ways identically: compare through ensure_ascii escapes.
      strings.forEach((s, i) => assert.equal(back[i], s, `string #${i}: ${JSON.stringify(s)} → ${pyString(s)}`));
      values.forEach((v, i) => {
        const got = back[strings.length + i];
        assert.equal(JSON.stringify(got), JSON.stringify(normalizeNegativeZero(v)), `value #${i}: ${pyValue(v)}`);
      });
    });

    it('every generated snippet is valid Python and calls the chain it shows', () => {
      const snippets = REFERENCE.map(([, d]) => toSupabasePy(d));
      snippets.push(
        toSupabasePy(select("it's \"quoted\"\n", '*', [{ kind: 'filter', op: 'eq', column: '\\', value: '\u2028\ud800' }, { kind: 'geojson' }])),
      );
      // A recording stand-in for the client: every attribute access and call is logged.
      const program = [
        'import ast, json, sys',
        'class Rec:',
        '    def __init__(self, log): self.log = log',
        '    def __getattr__(self, name):',
        '        self.log.append(name); return self',
        '    def __call__(self, *a, **k):',
        '        self.log.append([list(a), k]); return self',
        'out = []',
        'for src in json.load(sys.stdin):',
        '    ast.parse(src)',
        '    log = []',
        '    env = {"supabase": Rec(log)}',
        '    exec(src, env)',
        '    out.append(log)',
        'print(json.dumps(out))',
      ].join('\n');
      const logs = runPython(program, snippets) as unknown[][];
      assert.equal(logs.length, snippets.length);
      assert.deepEqual(logs[0], ['table', [['planets'], {}], 'select', [['*'], {}], 'execute', [[], {}]]);
      const textSearch = logs[REFERENCE.findIndex(([n]) => n === 'text_search')]!;
      assert.deepEqual(textSearch.slice(4, 6), ['text_search', [['content', "'eggs' & 'ham'"], { options: { config: 'english' } }]]);
      const last = logs[logs.length - 1]!;
      assert.deepEqual(last.slice(0, 2), ['table', [["it's \"quoted\"\n"], {}]]);
      assert.deepEqual(last[5], [['\\', '\u2028\ud800'], {}]);
    });
  });
});

function normalizeNegativeZero(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}
