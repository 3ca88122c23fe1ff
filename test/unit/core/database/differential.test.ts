/**
 * Property test: random builder chains produce the same request (method, path+query, must-match
 * headers, body) on our core and on supabase-js 2.119.0 (captured without a server). Values that
 * fall in a documented deviation class (see src/core/README.md) are kept out of the generators.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createClient } from '../../../../src/core/index';
import { captureSupabase } from '../../../helpers/supabaseCapture';

const URL_ = 'http://localhost:54321';
const KEY = 'k';
const MUST_MATCH = ['apikey', 'authorization', 'accept-profile', 'content-profile', 'content-type', 'prefer', 'accept'];

type Op = (b: any) => any;

const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const column = fc.stringMatching(/^[a-z_][a-z0-9_.>-]{0,8}$/);
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
/** in-list strings supabase-js encodes correctly: no " or \ when it quotes, not starting with ". */
const inString = text.filter((s) => !s.startsWith('"') && !/^[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/.test(s) && !(/[,()]/.test(s) && /["\\]/.test(s)));
/** A list holding only '' is sent as `("")` by us (postgrest-js: `()`, the empty list). */
const inValues = fc.array(fc.oneof(inString, fc.integer(), fc.boolean(), fc.constant(null)), { maxLength: 5 }).filter((xs) => !(xs.length > 0 && xs.every((x) => x === '')));
/** array-literal elements that need no quoting. */
const plainElement = fc.stringMatching(/^[a-z0-9%_.:-]{1,6}$/).filter((s) => s.toUpperCase() !== 'NULL');

const filterOp: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'is', 'isDistinct'), column, scalar).map(([m, c, v]) => (b: any) => b[m](c, v)),
  fc.tuple(fc.constantFrom('like', 'ilike', 'regexMatch', 'regexIMatch'), column, text).map(([m, c, v]) => (b: any) => b[m](c, v)),
  fc.tuple(fc.constantFrom('likeAllOf', 'likeAnyOf', 'ilikeAllOf', 'ilikeAnyOf'), column, fc.array(plainElement, { maxLength: 3 })).map(([m, c, v]) => (b: any) => b[m](c, v)),
  fc.tuple(fc.constantFrom('in', 'notIn'), column, inValues).map(([m, c, v]) => (b: any) => b[m](c, v)),
  fc.tuple(fc.constantFrom('contains', 'containedBy', 'overlaps'), column, fc.oneof(text, fc.array(plainElement, { maxLength: 3 }))).map(([m, c, v]) => (b: any) => b[m](c, v)),
  fc.tuple(fc.constantFrom('contains', 'containedBy'), column, fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), scalar, { maxKeys: 3 })).map(([m, c, v]) => (b: any) => b[m](c, v)),
  fc.tuple(fc.constantFrom('rangeGt', 'rangeGte', 'rangeLt', 'rangeLte', 'rangeAdjacent'), column, text).map(([m, c, v]) => (b: any) => b[m](c, v)),
  fc.tuple(column, text, fc.option(fc.constantFrom('english', 'simple'), { nil: undefined }), fc.option(fc.constantFrom('plain', 'phrase', 'websearch'), { nil: undefined })).map(
    ([c, q, config, type]) => (b: any) => b.textSearch(c, q, { config, type }),
  ),
  fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), scalar, { maxKeys: 3 }).map((q) => (b: any) => b.match(q)),
  fc.tuple(column, fc.constantFrom('eq', 'is', 'in', 'cs', 'like'), text).map(([c, o, v]) => (b: any) => b.not(c, o, v)),
  fc.tuple(column, fc.constantFrom('eq', 'in', 'cs'), text).map(([c, o, v]) => (b: any) => b.filter(c, o, v)),
  fc.tuple(text, fc.option(fc.stringMatching(/^[a-z]{1,5}$/), { nil: undefined })).map(([f, r]) => (b: any) => b.or(f, r ? { referencedTable: r } : {})),
);

const modifierOp: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(column, fc.option(fc.boolean(), { nil: undefined }), fc.option(fc.boolean(), { nil: undefined }), fc.option(fc.stringMatching(/^[a-z]{1,5}$/), { nil: undefined })).map(
    ([c, ascending, nullsFirst, referencedTable]) => (b: any) => b.order(c, { ascending, nullsFirst, referencedTable }),
  ),
  fc.tuple(fc.nat(100), fc.option(fc.stringMatching(/^[a-z]{1,5}$/), { nil: undefined })).map(([n, r]) => (b: any) => b.limit(n, r ? { referencedTable: r } : {})),
  fc.tuple(fc.nat(50), fc.nat(50)).map(([a, d]) => (b: any) => b.range(a, a + d)),
  fc.constantFrom<Op>(
    (b) => b.single(),
    (b) => b.maybeSingle(),
    (b) => b.csv(),
    (b) => b.geojson(),
    (b) => b.rollback(),
    (b) => b.explain({ analyze: true }),
    (b) => b.explain({ format: 'json', verbose: true, wal: true }),
    (b) => b.select('id, name'),
    (b) => b.maxAffected(3),
    (b) => b.setHeader('x-custom', 'v'),
  ),
);

const start: fc.Arbitrary<Op> = fc.oneof(
  fc.tuple(fc.option(text, { nil: undefined }), fc.boolean(), fc.option(fc.constantFrom('exact', 'planned', 'estimated'), { nil: undefined })).map(
    ([cols, head, count]) => (c: any) => c.from('t').select(cols, { head, count }),
  ),
  fc.tuple(fc.array(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), scalar, { maxKeys: 3 }), { maxLength: 3 }), fc.boolean()).map(
    ([rows, d]) => (c: any) => c.from('t').insert(rows, { defaultToNull: d }),
  ),
  fc.tuple(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), scalar, { maxKeys: 3 }), fc.option(text, { nil: undefined }), fc.boolean()).map(
    ([row, onConflict, ignoreDuplicates]) => (c: any) => c.from('t').upsert(row, { onConflict, ignoreDuplicates, count: 'exact' }),
  ),
  fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), scalar, { maxKeys: 3 }).map((row) => (c: any) => c.from('t').update(row).eq('id', 1)),
  fc.constant<Op>((c: any) => c.from('t').delete({ count: 'exact' }).eq('id', 1)),
  fc.tuple(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.oneof(scalar, fc.array(plainElement, { maxLength: 3 })), { maxKeys: 3 }), fc.boolean(), fc.boolean()).map(
    ([args, get, head]) => (c: any) => c.schema('api').rpc('fn', args, { get, head }),
  ),
);

describe('differential: random chains vs supabase-js 2.119.0 (no server)', () => {
  it('same method, path and query, must-match headers and body', async function () {
    this.timeout(120_000);
    const client = createClient(URL_, KEY);
    await fc.assert(
      fc.asyncProperty(start, fc.array(fc.oneof(filterOp, filterOp, modifierOp), { maxLength: 6 }), async (s, ops) => {
        // stripNulls/csv conflicts throw on both sides; keep them out.
        const chain = (c: any) => ops.reduce((b, op) => op(b), s(c));
        const ours = chain(client).toRequest();
        const [sb] = await captureSupabase(URL_, KEY, chain);
        assert.ok(sb);
        assert.equal(ours.method, sb.method);
        assert.equal(ours.path, sb.path);
        for (const k of MUST_MATCH) assert.equal(ours.headers[k], sb.headers[k], k);
        assert.equal(ours.headers['x-custom'], sb.headers['x-custom']);
        assert.equal(ours.body, sb.body);
      }),
      { numRuns: Number(process.env.DIFF_RUNS ?? 300) },
    );
  });
});
