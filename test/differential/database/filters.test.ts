import { strict as assert } from 'node:assert';
import { useCaptureServer } from '../../helpers/captureServer';
import { runDiffCases, type DiffCase, type Sb } from './harness';
import { readOpExpr, readPgArray, readQuery } from './postgrestGrammar';

/**
 * Every filter with every kind of value, table-driven: the same chain through supabase-js and our
 * core must give the same request. The few places where supabase-js's text is misread by
 * PostgREST are separate cases with the difference spelled out.
 */

type Scalar = string | number | boolean | null;

const VALUES: Array<[label: string, value: Scalar]> = [
  ['plain', 'Earth'],
  ['spaces', 'two words  here'],
  ['single quote', "it's"],
  ['double quotes', 'say "hi"'],
  ['comma', 'a,b'],
  ['parentheses', 'f(x)'],
  ['dots', 'e.f.g'],
  ['colons', 'is:open'],
  ['backslash', 'back\\slash'],
  ['percent and star', '%ab_*'],
  ['url specials', '+&=#?/ ~!'],
  ['braces and brackets', '{a}[b]'],
  ['unicode', 'café 日本 🎉'],
  ['empty string', ''],
  ['text "null"', 'null'],
  ['operator-looking', 'not.eq.1'],
  ['json path-looking', 'a->>b'],
  ['newline and tab', 'a\nb\tc'],
  ['null', null],
  ['true', true],
  ['false', false],
  ['zero', 0],
  ['negative float', -1.5],
  ['big float', 1e21],
  ['beyond 2^53', 2 ** 53 + 2],
];

const VALUE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'isDistinct', 'regexMatch', 'regexIMatch'] as const;

type ValueOp = (typeof VALUE_OPS)[number];
const call = (sb: Sb, op: ValueOp, col: string, v: Scalar) =>
  (sb.from('t').select() as unknown as Record<ValueOp, (c: string, v: Scalar) => PromiseLike<unknown>>)[op](col, v);

function valueOf(query: string, key: string): string {
  const hits = readQuery(query).filter(([k]) => k === key);
  assert.equal(hits.length, 1, `one ${key} in ${query}`);
  return hits[0]![1];
}

const cases: DiffCase[] = [];

for (const op of VALUE_OPS) {
  for (const [label, v] of VALUES) {
    cases.push({ name: `${op}: ${label}`, build: (sb) => call(sb, op, 'col', v) });
  }
}
for (const [label, v] of VALUES) {
  cases.push({ name: `not eq: ${label}`, build: (sb) => sb.from('t').select().not('col', 'eq', v) });
  cases.push({ name: `filter eq: ${label}`, build: (sb) => sb.from('t').select().filter('col', 'eq', v) });
  cases.push({ name: `match: ${label}`, build: (sb) => sb.from('t').select().match({ col: v, 'other col': 1 }) });
}

const columns = ['my col', 'data->>key', 'data->a->b', 'cities.name', 'é', 'a&b=c'];
for (const c of columns) cases.push({ name: `column name ${JSON.stringify(c)}`, build: (sb) => sb.from('t').select().eq(c, 'x') });

cases.push(
  { name: 'is null / true / false', build: (sb) => sb.from('t').select().is('a', null).is('b', true).is('c', false) },
  { name: 'isDistinct null', build: (sb) => sb.from('t').select().isDistinct('a', null) },
  { name: 'in: numbers', build: (sb) => sb.from('t').select().in('id', [1, 2, 3]) },
  { name: 'in: strings with spaces, dots, colons, unicode', build: (sb) => sb.from('t').select().in('n', ['a b', 'e.f', 'm:n', 'café']) },
  { name: 'in: comma and parentheses (quoted by both)', build: (sb) => sb.from('t').select().in('n', ['a,b', 'c(d)', 'x)']) },
  { name: 'in: quote or backslash without reserved characters', build: (sb) => sb.from('t').select().in('n', ['g"h', 'i\\j']) },
  { name: 'in: mixed scalars and duplicates', build: (sb) => sb.from('t').select().in('v', [null, true, false, 1.5, 'null', 1.5, 'x', 'x']) },
  { name: 'in: empty list', build: (sb) => sb.from('t').select().in('id', []) },
  { name: 'in: empty string among others', build: (sb) => sb.from('t').select().in('v', ['a', '']) },
  { name: 'notIn', build: (sb) => sb.from('t').select().notIn('id', [4, 5, 'a,b']) },
  { name: 'contains: plain array', build: (sb) => sb.from('t').select().contains('tags', ['is:open', 'priority:low']) },
  { name: 'contains: numbers', build: (sb) => sb.from('t').select().contains('ints', [1, 2, 3]) },
  { name: 'contains: empty array', build: (sb) => sb.from('t').select().contains('tags', []) },
  { name: 'contains: range string', build: (sb) => sb.from('t').select().contains('r', '[1,5)') },
  { name: 'contains: raw array literal string', build: (sb) => sb.from('t').select().contains('tags', '{"a,b",c}') },
  { name: 'contains: JSON object with nesting and unicode', build: (sb) => sb.from('t').select().contains('meta', { a: 1, b: { c: [1, 'x,y'] }, d: 'é "q"', e: null, f: true }) },
  { name: 'contains: JSON object with a "__proto__" key', build: (sb) => sb.from('t').select().contains('meta', JSON.parse('{"__proto__":{"a":1},"b":2}') as Record<string, unknown>) },
  { name: 'containedBy: array, range, object', build: (sb) => sb.from('t').select().containedBy('days', ['monday', 'tuesday']).containedBy('r', '(1,3]').containedBy('j', { k: 'v' }) },
  { name: 'overlaps: array and range', build: (sb) => sb.from('t').select().overlaps('tags', ['is:closed', 'severity:high']).overlaps('r', '[2000-01-01 12:45, 2000-01-01 13:15)') },
  { name: 'range operators with timestamps', build: (sb) => sb.from('t').select().rangeGt('during', '[2000-01-02 08:00, 2000-01-02 09:00)').rangeLte('during', '[2000-01-01 14:00, 2000-01-01 16:00)') },
  { name: 'range operators: empty and unbounded ranges', build: (sb) => sb.from('t').select().rangeAdjacent('r', 'empty').rangeGte('r', '[,5)').rangeLt('r', '(3,]') },
  { name: 'likeAllOf / likeAnyOf / ilikeAllOf / ilikeAnyOf', build: (sb) => sb.from('t').select().likeAllOf('a', ['%x%', 'y%']).likeAnyOf('b', ['%é%']).ilikeAllOf('c', ['A%']).ilikeAnyOf('d', ['%z', '%w']) },
  { name: 'textSearch: no options', build: (sb) => sb.from('t').select().textSearch('content', "'eggs' & 'ham'") },
  { name: 'textSearch: config only', build: (sb) => sb.from('t').select().textSearch('content', "'eggs' & 'ham'", { config: 'english' }) },
  { name: 'textSearch: plain', build: (sb) => sb.from('t').select().textSearch('content', 'eggs ham', { type: 'plain' }) },
  { name: 'textSearch: phrase with config', build: (sb) => sb.from('t').select().textSearch('content', 'eggs ham', { type: 'phrase', config: 'english' }) },
  { name: 'textSearch: websearch with quotes and minus', build: (sb) => sb.from('t').select().textSearch('content', '"fat cat" -rat or dog', { type: 'websearch' }) },
  { name: 'not: every operator kind with raw values', build: (sb) => sb.from('t').select().not('a', 'like', '%x%').not('b', 'cs', '{a,b}').not('c', 'in', '(1,2)').not('d', 'is', true).not('e', 'fts', 'cat') },
  { name: 'filter: raw operators', build: (sb) => sb.from('t').select().filter('name', 'in', '("Mars","Tatooine")').filter('arr', 'cs', '{"a","b"}').filter('n', 'not.eq', 3).filter('d', 'plfts(english)', 'a b') },
  { name: 'or: plain', build: (sb) => sb.from('t').select('name').or('id.eq.2,name.eq.Mars') },
  { name: 'or: nested and, not, in and arrays', build: (sb) => sb.from('t').select().or('id.in.(5,6,7),arraycol.cs.{"a","b"},and(a.gte.1,not.b.is.null),not.or(c.eq.1,c.eq.2)') },
  { name: 'or: referencedTable', build: (sb) => sb.from('countries').select('name, cities(name)').or('name.eq.Paris,name.ilike.*lon*', { referencedTable: 'cities' }) },
  { name: 'or: foreignTable (old name)', build: (sb) => sb.from('countries').select('name, cities(name)').or('name.eq.Paris', { foreignTable: 'cities' }) },
  { name: 'or: nested referenced table path', build: (sb) => sb.from('a').select('*, b(*, c(*))').or('x.eq.1,y.eq.2', { referencedTable: 'b.c' }) },
  { name: 'filters on a referenced table column', build: (sb) => sb.from('countries').select('name, cities!inner(name)').eq('cities.name', 'Paris').in('cities.id', [1, 2]) },
  { name: 'JSON path filters', build: (sb) => sb.from('t').select().eq('data->>name', 'x').gt('data->n', 1).contains('data->tags', ['a']) },
  { name: 'filters on update', build: (sb) => sb.from('t').update({ a: 1 }).eq('id', 1).neq('b', 'x').in('c', [1, 2]).is('d', null) },
  { name: 'filters on delete', build: (sb) => sb.from('t').delete().lt('created', '2024-01-01').or('a.eq.1,b.eq.2') },
  { name: 'filters after rpc', build: (sb) => sb.rpc('list_rows', { a: 1 }).gt('id', 1).like('name', 'A%').in('id', [2, 3]) },
);

/** Where supabase-js's text is misread by PostgREST: both requests asserted, ours judged. */
const differences: DiffCase[] = [
  {
    name: 'contains: array elements needing quotes (comma, space at the edges, empty, quote, NULL text)',
    build: (sb) => sb.from('t').select().contains('tags', ['a,b', ' edge ', '', 'q"q', 'NULL']),
    differs: {
      why: 'supabase-js joins elements unquoted: {a,b, edge ,,q"q,NULL} splits a,b, trims the blanks, is malformed at the empty element and the quote, and NULL becomes SQL NULL.',
      supabaseJs: { query: 'select=*&tags=cs.%7Ba%2Cb%2C+edge+%2C%2Cq%22q%2CNULL%7D' },
      ours: { query: 'select=*&tags=cs.%7B%22a%2Cb%22%2C%22+edge+%22%2C%22%22%2C%22q%5C%22q%22%2C%22NULL%22%7D' },
      judge: (w) => assert.deepEqual(readPgArray((readOpExpr(valueOf(w.query, 'tags')) as { value: string }).value), ['a,b', ' edge ', '', 'q"q', 'NULL']),
    },
  },
  {
    name: 'overlaps: array with null and a brace',
    build: (sb) => sb.from('t').select().overlaps('tags', [null, '{x}'] as never),
    differs: {
      why: 'supabase-js sends {,{x}}: an empty element and a nested brace, which PostgreSQL rejects. Ours: {NULL,"{x}"}.',
      supabaseJs: { query: 'select=*&tags=ov.%7B%2C%7Bx%7D%7D' },
      ours: { query: 'select=*&tags=ov.%7BNULL%2C%22%7Bx%7D%22%7D' },
      judge: (w) => assert.deepEqual(readPgArray((readOpExpr(valueOf(w.query, 'tags')) as { value: string }).value), [null, '{x}']),
    },
  },
  {
    name: 'likeAnyOf: a pattern with a comma',
    build: (sb) => sb.from('t').select().likeAnyOf('n', ['%a,b%', '%c%']),
    differs: {
      why: 'supabase-js sends like(any).{%a,b%,%c%}: three patterns instead of two.',
      supabaseJs: { query: 'select=*&n=like%28any%29.%7B%25a%2Cb%25%2C%25c%25%7D' },
      ours: { query: 'select=*&n=like%28any%29.%7B%22%25a%2Cb%25%22%2C%25c%25%7D' },
      judge: (w) => assert.deepEqual(readPgArray((readOpExpr(valueOf(w.query, 'n')) as { value: string }).value), ['%a,b%', '%c%']),
    },
  },
  {
    name: 'in: quoted element holding a quote and a backslash',
    build: (sb) => sb.from('t').select().in('n', ['a,"b', 'x,\\y']),
    differs: {
      why: 'supabase-js wraps in quotes without escaping: ("a,"b","x,\\y") is misread. Ours escapes " and \\.',
      supabaseJs: { query: 'select=*&n=in.%28%22a%2C%22b%22%2C%22x%2C%5Cy%22%29' },
      ours: { query: 'select=*&n=in.%28%22a%2C%5C%22b%22%2C%22x%2C%5C%5Cy%22%29' },
      judge: (w) => assert.deepEqual((readOpExpr(valueOf(w.query, 'n')) as { list: string[] }).list, ['a,"b', 'x,\\y']),
    },
  },
  {
    name: 'in: a text PostgREST takes for a quoted value',
    build: (sb) => sb.from('t').select().in('n', ['"quoted"']),
    differs: {
      why: 'supabase-js sends ("quoted"), which PostgREST reads as quoted → quoted (quotes lost).',
      supabaseJs: { query: 'select=*&n=in.%28%22quoted%22%29' },
      ours: { query: 'select=*&n=in.%28%22%5C%22quoted%5C%22%22%29' },
      judge: (w) => assert.deepEqual((readOpExpr(valueOf(w.query, 'n')) as { list: string[] }).list, ['"quoted"']),
    },
  },
  {
    name: 'in: lone empty string',
    build: (sb) => sb.from('t').select().in('n', ['']),
    differs: {
      why: 'supabase-js sends in.() — the empty list (no rows) — instead of a list holding "".',
      supabaseJs: { query: 'select=*&n=in.%28%29' },
      ours: { query: 'select=*&n=in.%28%22%22%29' },
      judge: (w) => assert.deepEqual((readOpExpr(valueOf(w.query, 'n')) as { list: string[] }).list, ['']),
    },
  },
  {
    name: 'in: first element with leading blanks',
    build: (sb) => sb.from('t').select().in('n', ['  padded', 'x']),
    differs: {
      why: 'PostgREST skips blanks after the opening parenthesis: supabase-js\'s (  padded,x) reads "padded".',
      supabaseJs: { query: 'select=*&n=in.%28++padded%2Cx%29' },
      ours: { query: 'select=*&n=in.%28%22++padded%22%2Cx%29' },
      judge: (w) => assert.deepEqual((readOpExpr(valueOf(w.query, 'n')) as { list: string[] }).list, ['  padded', 'x']),
    },
  },
  {
    name: 'C36b not(col, "in", array)',
    build: (sb) => sb.from('t').select().not('id', 'in', [1, 2]),
    differs: {
      why: 'supabase-js sends not.in.1,2 (String of the array), which PostgREST rejects (PGRST100). Ours sends the list.',
      supabaseJs: { query: 'select=*&id=not.in.1%2C2' },
      ours: { query: 'select=*&id=not.in.%281%2C2%29' },
      judge: (w) => assert.deepEqual(readOpExpr(valueOf(w.query, 'id')), { negated: true, op: 'in', list: ['1', '2'] }),
    },
  },
  {
    name: 'filter(col, "cs", array) with a comma element',
    build: (sb) => sb.from('t').select().filter('tags', 'cs', ['a', 'b,c']),
    differs: {
      why: 'supabase-js sends cs.a,b,c (String of the array): not an array literal. Ours sends {a,"b,c"}.',
      supabaseJs: { query: 'select=*&tags=cs.a%2Cb%2Cc' },
      ours: { query: 'select=*&tags=cs.%7Ba%2C%22b%2Cc%22%7D' },
      judge: (w) => assert.deepEqual(readPgArray((readOpExpr(valueOf(w.query, 'tags')) as { value: string }).value), ['a', 'b,c']),
    },
  },
  {
    name: 'C38a eq with an array value',
    build: (sb) => sb.from('t').select().eq('a', [1, 2]),
    differs: {
      why: 'supabase-js sends eq.1,2; ours sends the array literal {1,2}, which an array column compares with.',
      supabaseJs: { query: 'select=*&a=eq.1%2C2' },
      ours: { query: 'select=*&a=eq.%7B1%2C2%7D' },
      judge: (w) => assert.deepEqual(readPgArray((readOpExpr(valueOf(w.query, 'a')) as { value: string }).value), ['1', '2']),
    },
  },
  {
    name: 'C38b eq with an object value',
    build: (sb) => sb.from('t').select().eq('b', { k: 1 }),
    differs: {
      why: 'supabase-js sends eq.[object Object]; ours sends the JSON text.',
      supabaseJs: { query: 'select=*&b=eq.%5Bobject+Object%5D' },
      ours: { query: 'select=*&b=eq.%7B%22k%22%3A1%7D' },
      judge: (w) => assert.deepEqual(JSON.parse((readOpExpr(valueOf(w.query, 'b')) as { value: string }).value), { k: 1 }),
    },
  },
  {
    name: 'C38c eq with a Date',
    build: (sb) => sb.from('t').select().eq('c', new Date(0) as never),
    differs: {
      why: "supabase-js sends the Date's local long text (time-zone dependent, not parsed by PostgreSQL); ours sends ISO 8601.",
      supabaseJs: {},
      ours: { query: 'select=*&c=eq.1970-01-01T00%3A00%3A00.000Z' },
      judge: (w) => assert.equal((readOpExpr(valueOf(w.query, 'c')) as { value: string }).value, '1970-01-01T00:00:00.000Z'),
    },
  },
  { name: 'C38d eq with undefined', build: (sb) => sb.from('t').select().eq('u', undefined as never) },
];

describe('differential: filters × values (supabase-js vs core)', function () {
  this.timeout(120_000);
  const server = useCaptureServer();
  runDiffCases(server, [...cases, ...differences]);
});
