import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { createClient as createSupabaseJs } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { createClient as createCore } from '../../../src/core/index';
import type { Sb } from './harness';
import { GrammarError, readInList, readOpExpr, readPgArray, readQuery } from './postgrestGrammar';

/**
 * Value encoding, property-based: for arbitrary values through every value-taking filter, our
 * core's query string equals supabase-js's wherever supabase-js is right; where it is not (as judged
 * by an independent reader of PostgREST's grammar, `postgrestGrammar.ts`), ours must read back as
 * the caller's value. Requests are taken without a network: supabase-js through a recording
 * `fetch`, the core through `toRequest()` (the same compile() its `then()` sends).
 */

type Scalar = string | number | boolean | null;

const URL_ = 'http://127.0.0.1:9';
const KEY = 'sb_publishable_property';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 200) };

/** Characters PostgREST, PostgreSQL and URL encoding treat specially, plus unicode. */
const SPECIAL = [
  ',', '"', "'", '(', ')', '.', ':', '\\', '{', '}', '[', ']', ' ', '\t', '\n', '%', '*', '+', '&', '=', '#', '?', '/',
  'a', 'B', '1', 'é', '日', '🎉', '\u00a0', 'null', 'NULL', 'not.', 'eq.', '->',
];

const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', ' ', ' lead', 'trail ', '"quoted"', 'a,b', 'c(d)', 'g"h', 'i\\j', 'NULL', 'null', 'x\\,y', '"'),
);
const number: fc.Arbitrary<number> = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1.5, 1e21, 2 ** 53 + 2));
const scalar: fc.Arbitrary<Scalar> = fc.oneof(text, number, fc.boolean(), fc.constant(null));
const column: fc.Arbitrary<string> = fc.oneof(fc.constantFrom('id', 'name', 'my col', 'data->>k', 'cities.name'), fc.string({ unit: fc.constantFrom('a', 'z', '_', ' ', 'é', '.', '>', '-', '&', '='), minLength: 1, maxLength: 6 }));

describe('differential: value encoding properties (fast-check)', () => {
  let lastUrl = '';
  const recordingFetch = async (input: string | URL | Request): Promise<Response> => {
    lastUrl = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    return new Response('[]', { status: 200, headers: { 'content-type': 'application/json', 'content-range': '*/*' } });
  };
  const sj = createSupabaseJs(URL_, KEY, {
    global: { fetch: recordingFetch as typeof fetch },
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: WebSocket as unknown as never },
  }) as Sb;
  const core = createCore(URL_, KEY) as unknown as Sb;

  /** Query string supabase-js sends for a chain. */
  async function theirs(build: (sb: Sb) => PromiseLike<unknown>): Promise<string> {
    lastUrl = '';
    await build(sj);
    assert.ok(lastUrl, 'supabase-js sent nothing');
    return new URL(lastUrl).search.slice(1);
  }
  /** Query string our core sends for the same chain. */
  function ours(build: (sb: Sb) => unknown): string {
    const b = build(core) as { toRequest(): { url: string } };
    return new URL(b.toRequest().url).search.slice(1);
  }

  /** The one value of `key` in a query string. */
  function valueOf(query: string, key: string): string {
    const hits = readQuery(query).filter(([k]) => k === key);
    assert.equal(hits.length, 1, `expected one ${key} in ${query}`);
    return hits[0]![1];
  }

  function judged(judge: () => void): boolean {
    try {
      judge();
      return true;
    } catch (e) {
      if (e instanceof GrammarError || (e as { code?: string }).code === 'ERR_ASSERTION') return false;
      throw e;
    }
  }

  const counts = { same: 0, corrected: 0 };

  /**
   * The property: where supabase-js's query reads back right, ours is byte-identical; elsewhere
   * ours reads back right.
   */
  async function check(build: (sb: Sb) => PromiseLike<unknown>, judge: (query: string) => void): Promise<void> {
    const t = await theirs(build);
    const o = ours(build);
    if (judged(() => judge(t))) {
      assert.equal(o, t, 'supabase-js is right here, so ours must be byte-identical');
      counts.same++;
    } else {
      judge(o);
      counts.corrected++;
    }
  }

  const textOf = (v: Scalar): string => (v === null ? 'null' : String(v));

  describe('the judge itself', () => {
    it('reads in lists as PostgREST does', () => {
      assert.deepEqual(readInList('("a,b","c(d)",e.f,g"h,i\\j,k l,m:n)'), ['a,b', 'c(d)', 'e.f', 'g"h', 'i\\j', 'k l', 'm:n']);
      assert.deepEqual(readInList('("a\\"b",x)'), ['a"b', 'x']);
      assert.deepEqual(readInList('( x,y )'), ['x', 'y ']);
      assert.deepEqual(readInList('()'), []);
      assert.deepEqual(readInList('("x"y)'), ['"x"y']);
      assert.throws(() => readInList('(a'), GrammarError);
    });
    it('reads PostgreSQL array literals as array_in does', () => {
      assert.deepEqual(readPgArray('{a,"b,c",NULL,"NULL", d e ,\\"x}'), ['a', 'b,c', null, 'NULL', 'd e', '"x']);
      assert.deepEqual(readPgArray('{}'), []);
      assert.throws(() => readPgArray('{a,}'), GrammarError);
      assert.throws(() => readPgArray('{a"b}'), GrammarError);
      assert.throws(() => readPgArray('{a,b'), GrammarError);
    });
    it('reads operator expressions', () => {
      assert.deepEqual(readOpExpr('not.in.(1,2)'), { negated: true, op: 'in', list: ['1', '2'] });
      assert.deepEqual(readOpExpr('plfts(english).fat cat'), { negated: false, op: 'plfts', config: 'english', value: 'fat cat' });
      assert.deepEqual(readOpExpr('like(any).{a,b}'), { negated: false, op: 'like(any)', value: '{a,b}' });
      assert.deepEqual(readOpExpr('eq."a,b"'), { negated: false, op: 'eq', value: '"a,b"' });
      assert.throws(() => readOpExpr('xyz.1'), GrammarError);
    });
  });

  const VALUE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'isDistinct', 'regexMatch', 'regexIMatch'] as const;
  const WIRE_OP: Record<(typeof VALUE_OPS)[number], string> = {
    eq: 'eq', neq: 'neq', gt: 'gt', gte: 'gte', lt: 'lt', lte: 'lte', like: 'like', ilike: 'ilike',
    isDistinct: 'isdistinct', regexMatch: 'match', regexIMatch: 'imatch',
  };

  it('eq/neq/gt/gte/lt/lte/like/ilike/isDistinct/regexMatch/regexIMatch: any scalar, any column', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...VALUE_OPS), column, scalar, async (op, col, v) => {
        const build = (sb: Sb) => (sb.from('t').select('*') as unknown as Record<string, (c: string, v: Scalar) => PromiseLike<unknown>>)[op]!(col, v);
        await check(build, (q) => {
          const e = readOpExpr(valueOf(q, col)) as { op: string; value: string; negated: boolean };
          assert.equal(e.op, WIRE_OP[op]);
          assert.equal(e.negated, false);
          assert.equal(e.value, textOf(v));
        });
      }),
      RUNS,
    );
  });

  it('is: null and booleans', async () => {
    await fc.assert(
      fc.asyncProperty(column, fc.constantFrom(null, true, false), async (col, v) => {
        await check(
          (sb) => sb.from('t').select().is(col, v),
          (q) => assert.deepEqual(readOpExpr(valueOf(q, col)), { negated: false, op: 'is', value: String(v) }),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('in / notIn: lists of scalars (duplicates dropped); reserved characters read back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(scalar, { maxLength: 6 }), async (negate, values) => {
        const build = (sb: Sb) => (negate ? sb.from('t').select().notIn('v', values) : sb.from('t').select().in('v', values));
        await check(build, (q) => {
          const e = readOpExpr(valueOf(q, 'v'));
          assert.equal(e.op, 'in');
          assert.equal(e.negated, negate);
          assert.deepEqual((e as { list: string[] }).list, [...new Set(values)].map(textOf));
        });
      }),
      RUNS,
    );
  });

  it('contains / containedBy / overlaps: arrays of scalars as PostgreSQL array literals', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('contains', 'containedBy', 'overlaps'), fc.array(scalar, { maxLength: 6 }), async (op, values) => {
        const build = (sb: Sb) => sb.from('t').select()[op]('v', values);
        await check(build, (q) => {
          const e = readOpExpr(valueOf(q, 'v')) as { op: string; value: string };
          assert.equal(e.op, { contains: 'cs', containedBy: 'cd', overlaps: 'ov' }[op]);
          assert.deepEqual(readPgArray(e.value), values.map((v) => (v === null ? null : String(v))));
        });
      }),
      RUNS,
    );
  });

  it('contains / containedBy / overlaps: range and literal strings are sent verbatim', async () => {
    const range = fc.tuple(fc.constantFrom('[', '('), fc.oneof(fc.integer(), fc.constant('')), fc.oneof(fc.integer(), fc.constant('')), fc.constantFrom(']', ')')).map(([a, x, y, b]) => `${a}${x},${y}${b}`);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('contains', 'containedBy', 'overlaps'), fc.oneof(range, text), async (op, s) => {
        await check(
          (sb) => sb.from('t').select()[op]('v', s),
          (q) => assert.equal((readOpExpr(valueOf(q, 'v')) as { value: string }).value, s),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('contains / containedBy: JSON objects', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('contains', 'containedBy'),
        fc.oneof(fc.dictionary(text, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), fc.constant(JSON.parse('{"__proto__":{"x":[1]},"k":"v"}') as Record<string, unknown>)),
        async (op, obj) => {
        await check(
          (sb) => sb.from('t').select()[op]('j', obj),
          (q) => assert.deepEqual(JSON.parse((readOpExpr(valueOf(q, 'j')) as { value: string }).value), JSON.parse(JSON.stringify(obj))),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('likeAllOf / likeAnyOf / ilikeAllOf / ilikeAnyOf: patterns as an array literal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('likeAllOf', 'likeAnyOf', 'ilikeAllOf', 'ilikeAnyOf'), fc.array(text, { minLength: 1, maxLength: 5 }), async (op, patterns) => {
        await check(
          (sb) => sb.from('t').select()[op]('v', patterns),
          (q) => {
            const e = readOpExpr(valueOf(q, 'v')) as { op: string; value: string };
            assert.equal(e.op, `${op.startsWith('i') ? 'ilike' : 'like'}(${op.endsWith('AllOf') ? 'all' : 'any'})`);
            assert.deepEqual(readPgArray(e.value), patterns);
          },
        );
      }),
      RUNS,
    );
  });

  it('range operators: any text verbatim', async () => {
    const ops = { rangeGt: 'sr', rangeGte: 'nxl', rangeLt: 'sl', rangeLte: 'nxr', rangeAdjacent: 'adj' } as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(ops) as Array<keyof typeof ops>)), text, async (op, r) => {
        await check(
          (sb) => sb.from('t').select()[op]('r', r),
          (q) => assert.deepEqual(readOpExpr(valueOf(q, 'r')), { negated: false, op: ops[op], value: r }),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('textSearch: any query, each type, with and without config', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom(undefined, 'plain', 'phrase', 'websearch'), fc.constantFrom(undefined, 'english', 'simple'), async (query, type, config) => {
        await check(
          (sb) => sb.from('t').select().textSearch('d', query, { type, config }),
          (q) => {
            const e = readOpExpr(valueOf(q, 'd')) as { op: string; value: string; config?: string };
            assert.equal(e.op, `${type === 'plain' ? 'pl' : type === 'phrase' ? 'ph' : type === 'websearch' ? 'w' : ''}fts`);
            assert.equal(e.config, config);
            assert.equal(e.value, query);
          },
        );
      }),
      { numRuns: 100 },
    );
  });

  it('match: any keys and scalar values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(column, scalar, { minKeys: 1, maxKeys: 4 }), async (query) => {
        await check(
          (sb) => sb.from('t').select().match(query),
          (q) => {
            for (const [k, v] of Object.entries(query)) assert.deepEqual(readOpExpr(valueOf(q, k)), { negated: false, op: 'eq', value: textOf(v) });
          },
        );
      }),
      { numRuns: 100 },
    );
  });

  it('not / filter with a scalar and or() with any text are sent verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('eq', 'like', 'is', 'in', 'cs'), scalar, text, async (op, v, expr) => {
        await check(
          (sb) => sb.from('t').select().not('a', op, v).filter('b', op, v).or(expr),
          (q) => {
            assert.equal(valueOf(q, 'a'), `not.${op}.${textOf(v)}`);
            assert.equal(valueOf(q, 'b'), `${op}.${textOf(v)}`);
            assert.equal(valueOf(q, 'or'), `(${expr})`);
          },
        );
      }),
      { numRuns: 100 },
    );
  });

  it('rpc GET arguments: scalars as text, arrays as array literals', async () => {
    const arg = fc.oneof(scalar, fc.array(fc.oneof(text, fc.integer(), fc.boolean()), { maxLength: 5 }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('a', 'b', 'q', 'tags', 'my arg'), arg, { minKeys: 1, maxKeys: 3 }), async (args) => {
        await check(
          (sb) => sb.rpc('f', args, { get: true }),
          (q) => {
            for (const [k, v] of Object.entries(args)) {
              if (Array.isArray(v)) assert.deepEqual(readPgArray(valueOf(q, k)), v.map(String));
              else assert.equal(valueOf(q, k), textOf(v));
            }
          },
        );
      }),
      { numRuns: 100 },
    );
  });

  after(() => {
    // Both branches of the property must have been exercised, or it proved little.
    assert.ok(counts.same > 100, `byte-identical checks: ${counts.same}`);
    assert.ok(counts.corrected > 10, `corrected encodings checked: ${counts.corrected}`);
  });
});
