import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { ChainDescription, JsonValue } from '../../../src/core/database/chain';
import { toSupabaseJs } from '../../../src/core/database/codegen/index';
import { useCaptureServer } from '../../helpers/captureServer';
import { assertSameWire, captureRun, makeCore, makeSupabaseJs, type Sb } from './harness';

/**
 * Copy-as-code, differential: the generated supabase-js snippet, run with the official
 * supabase-js, must send the request our core sends for the same description — including where
 * supabase-js would misencode the value (the snippet then passes the core's text as a raw string).
 */

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...a: string[]) => (sb: Sb) => Promise<unknown>;

const sel = (steps: ChainDescription['steps']): ChainDescription => ({ v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'select' }, steps });

const DESCRIPTIONS: Array<[string, ChainDescription]> = [
  ['in with quote and backslash', sel([{ kind: 'filter', op: 'in', column: 'n', values: ['a,"b', 'x,\\y', '"q"', ''] }])],
  ['in: lone empty string', sel([{ kind: 'filter', op: 'in', column: 'n', values: [''] }])],
  ['in: leading blanks', sel([{ kind: 'filter', op: 'in', column: 'n', values: ['  x', 'y'] }])],
  ['not in (recorded as not)', sel([{ kind: 'filter', op: 'not', column: 'id', operator: 'in', value: [1, 'a,b'] }])],
  ['contains with a comma element and null', sel([{ kind: 'filter', op: 'contains', column: 'tags', value: ['a', 'b,c', null] }])],
  ['overlaps plain', sel([{ kind: 'filter', op: 'overlaps', column: 'tags', value: ['a', 'b'] }])],
  ['containedBy JSON', sel([{ kind: 'filter', op: 'containedBy', column: 'j', value: { a: [1, 'x,y'] } }])],
  ['likeAnyOf with a comma', sel([{ kind: 'filter', op: 'likeAnyOf', column: 'n', patterns: ['%a,b%', '%c%'] }])],
  ['ilikeAllOf plain', sel([{ kind: 'filter', op: 'ilikeAllOf', column: 'n', patterns: ['%a%', 'b%'] }])],
  ['eq with array and object', sel([{ kind: 'filter', op: 'eq', column: 'a', value: [1, 2] }, { kind: 'filter', op: 'neq', column: 'b', value: { k: 1 } }])],
  ['filter cs with an array', sel([{ kind: 'filter', op: 'filter', column: 'tags', operator: 'cs', value: ['a', 'b,c'] }])],
  ['match with an object value', sel([{ kind: 'filter', op: 'match', query: { a: 1, b: { k: 'v' }, c: 'x y' } }])],
  ['rpc get with array and object args', { v: 1, target: { kind: 'rpc', fn: 'f', args: { arr: ['a,b', 'c'], o: { k: 1 }, n: 1 }, get: true }, steps: [] }],
  ['rpc head with an array arg and count', { v: 1, target: { kind: 'rpc', fn: 'f', args: { arr: [' x'] }, head: true, count: 'exact' }, steps: [] }],
  ['rpc post keeps JSON args', { v: 1, target: { kind: 'rpc', fn: 'f', args: { arr: ['a,b'], o: { k: 1 } } }, steps: [] }],
  [
    'every modifier',
    {
      v: 1,
      schema: 'private',
      target: { kind: 'table', name: 'countries' },
      action: { kind: 'select', columns: 'name, cities(name)', count: 'exact' },
      steps: [
        { kind: 'filter', op: 'or', filters: 'name.eq.Paris,name.is.null', referencedTable: 'cities' },
        { kind: 'order', column: 'name', ascending: false, nullsFirst: true, referencedTable: 'cities' },
        { kind: 'order', column: 'id' },
        { kind: 'limit', count: 2, referencedTable: 'cities' },
        { kind: 'range', from: 0, to: 9 },
        { kind: 'explain', analyze: true, verbose: true, format: 'json' },
      ],
    },
  ],
  [
    'upsert with every option',
    { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'upsert', values: [{ id: 1, 'my col': 'é' }, { id: 2 }], onConflict: 'id', ignoreDuplicates: true, count: 'planned', defaultToNull: false }, steps: [{ kind: 'select', columns: 'id' }] },
  ],
  ['update with rollback, maxAffected', { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'update', values: { a: null } }, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: 1 }, { kind: 'rollback' }, { kind: 'maxAffected', value: 1 }, { kind: 'setHeader', name: 'x-a', value: 'b' }] }],
  ['delete with count and text search', { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'delete', count: 'exact' }, steps: [{ kind: 'filter', op: 'textSearch', column: 'd', query: "'a' & b", config: 'english', type: 'plain' }] }],
];

describe('differential: generated supabase-js code sends the core\'s request', function () {
  this.timeout(120_000);
  const server = useCaptureServer();
  let sj: Sb;
  let core: Sb;
  before(() => {
    sj = makeSupabaseJs(server().url);
    core = makeCore(server().url);
  });
  after(async () => (core as unknown as { close(): Promise<void> }).close());

  async function compare(desc: ChainDescription): Promise<void> {
    const code = toSupabaseJs(desc);
    const run = new AsyncFunction('supabase', `${code}return { data, error };`);
    const theirs = await captureRun(server(), sj, (c) => run(c));
    const ours = await captureRun(server(), core, (c) => (c as unknown as { rest: { fromDescription(d: unknown): PromiseLike<unknown> } }).rest.fromDescription(desc));
    assert.equal(theirs.requests.length, 1, `supabase-js sent ${theirs.requests.length} requests for\n${code}${theirs.error ? String(theirs.error) : ''}`);
    assert.equal(ours.requests.length, 1);
    assertSameWire(ours.requests[0]!, theirs.requests[0]!, code);
  }

  for (const [name, desc] of DESCRIPTIONS) it(name, () => compare(desc));

  it('property: arbitrary values in value-taking filters', async () => {
    const text = fc.string({ unit: fc.constantFrom(',', '"', '\\', '(', ')', '{', '}', ' ', 'a', 'é', 'N', 'U', 'L'), maxLength: 6 });
    const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
    const filter = fc.oneof(
      fc.record({ kind: fc.constant('filter' as const), op: fc.constant('in' as const), column: fc.constant('v'), values: fc.array(scalar, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('filter' as const), op: fc.constantFrom('contains' as const, 'containedBy' as const, 'overlaps' as const), column: fc.constant('v'), value: fc.array(scalar, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant('filter' as const), op: fc.constantFrom('likeAllOf' as const, 'ilikeAnyOf' as const), column: fc.constant('v'), patterns: fc.array(text, { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('filter' as const), op: fc.constantFrom('eq' as const, 'like' as const), column: fc.constant('v'), value: fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }) as fc.Arbitrary<JsonValue>) }),
      fc.record({ kind: fc.constant('filter' as const), op: fc.constant('not' as const), column: fc.constant('v'), operator: fc.constantFrom('in', 'cs', 'eq'), value: fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }) as fc.Arbitrary<JsonValue>) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(filter, { minLength: 1, maxLength: 3 }), async (steps) => compare(sel(steps as ChainDescription['steps']))),
      { numRuns: 60 },
    );
  });
});
