import { strict as assert } from 'node:assert';
import type { ChainDescription, Filter } from '../../../src/core/database/chain';
import { chainDescription } from '../../../src/protocol/chainSchema';
import {
  fromChain,
  initialState,
  isPageable,
  readList,
  readValue,
  reduce,
  requestedWindow,
  splitTopLevel,
  toChain,
  type BuilderState,
} from '../../../webview/queryBuilder/builderState';

function chainOf(state: BuilderState): ChainDescription {
  const r = toChain(state);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.chain;
}

const table = (steps: ChainDescription['steps'], action: ChainDescription['action'] = { kind: 'select', count: 'exact' }): ChainDescription => ({
  v: 1,
  target: { kind: 'table', name: 'countries' },
  action,
  steps,
});

const f = (x: Filter): Filter => x;

/** Chains in the builder's canonical step order: filters, select, orders, paging, shape, explain, extras. */
const ROUND_TRIP: ChainDescription[] = [
  table([]),
  table([], { kind: 'select', columns: 'id, name:title, pop::text, data->a->>b, cities!fk(id,name)', head: true, count: 'planned' }),
  { ...table([]), schema: 'other' },
  table([
    f({ kind: 'filter', op: 'eq', column: 'id', value: 1 }),
    f({ kind: 'filter', op: 'eq', column: 'big', value: '9007199254740993' }),
    f({ kind: 'filter', op: 'neq', column: 'name', value: 'x' }),
    f({ kind: 'filter', op: 'gt', column: 'n', value: 1.5 }),
    f({ kind: 'filter', op: 'gte', column: 'n', value: -2 }),
    f({ kind: 'filter', op: 'lt', column: 'd', value: '2024-01-01' }),
    f({ kind: 'filter', op: 'lte', column: 'ok', value: true }),
    f({ kind: 'filter', op: 'like', column: 'name', value: '%a%' }),
    f({ kind: 'filter', op: 'ilike', column: 'name', value: '%A%' }),
    f({ kind: 'filter', op: 'is', column: 'x', value: null }),
    f({ kind: 'filter', op: 'is', column: 'x', value: false }),
    f({ kind: 'filter', op: 'isDistinct', column: 'x', value: 'a' }),
    f({ kind: 'filter', op: 'regexMatch', column: 'name', value: '^a.*' }),
    f({ kind: 'filter', op: 'regexIMatch', column: 'name', value: '^A' }),
    f({ kind: 'filter', op: 'eq', column: 'doc', value: { a: [1, 2] } }),
  ]),
  table([
    f({ kind: 'filter', op: 'in', column: 'id', values: [1, 2, 3] }),
    f({ kind: 'filter', op: 'in', column: 'name', values: ['a', 'b c', 'd,e', ''] }),
    f({ kind: 'filter', op: 'in', column: 'name', values: ['x', 'y'] }),
    f({ kind: 'filter', op: 'likeAllOf', column: 'name', patterns: ['%a%', '%b%'] }),
    f({ kind: 'filter', op: 'likeAnyOf', column: 'name', patterns: ['a%'] }),
    f({ kind: 'filter', op: 'ilikeAllOf', column: 'name', patterns: ['%a%', 'x,y'] }),
    f({ kind: 'filter', op: 'ilikeAnyOf', column: 'name', patterns: ['%z'] }),
    f({ kind: 'filter', op: 'contains', column: 'tags', value: ['a', 'b'] }),
    f({ kind: 'filter', op: 'contains', column: 'doc', value: { k: 1 } }),
    f({ kind: 'filter', op: 'containedBy', column: 'tags', value: '{a,b}' }),
    f({ kind: 'filter', op: 'overlaps', column: 'during', value: '[2000-01-01,2000-01-02)' }),
    f({ kind: 'filter', op: 'rangeGt', column: 'r', range: '[1,2)' }),
    f({ kind: 'filter', op: 'rangeGte', column: 'r', range: '[1,2)' }),
    f({ kind: 'filter', op: 'rangeLt', column: 'r', range: '(1,2]' }),
    f({ kind: 'filter', op: 'rangeLte', column: 'r', range: '[1,2]' }),
    f({ kind: 'filter', op: 'rangeAdjacent', column: 'r', range: '[3,4)' }),
    f({ kind: 'filter', op: 'textSearch', column: 'fts', query: "'fat' & 'rat'" }),
    f({ kind: 'filter', op: 'textSearch', column: 'fts', query: 'fat rat', config: 'english', type: 'websearch' }),
  ]),
  table([
    f({ kind: 'filter', op: 'not', column: 'id', operator: 'eq', value: 3 }),
    f({ kind: 'filter', op: 'not', column: 'x', operator: 'is', value: null }),
    f({ kind: 'filter', op: 'not', column: 'id', operator: 'in', value: '(1,2,3)' }),
    f({ kind: 'filter', op: 'notIn', column: 'id', values: [4, 5] }),
    f({ kind: 'filter', op: 'not', column: 'name', operator: 'like(all)', value: '{%a%,%b%}' }),
    f({ kind: 'filter', op: 'not', column: 'name', operator: 'ilike(any)', value: '{"a b",c}' }),
    f({ kind: 'filter', op: 'not', column: 'name', operator: 'in', value: '(a,"b c")' }),
    f({ kind: 'filter', op: 'not', column: 'fts', operator: 'plfts(english)', value: 'a b' }),
    f({ kind: 'filter', op: 'not', column: 'tags', operator: 'cs', value: '{a}' }),
    f({ kind: 'filter', op: 'not', column: 'weird', operator: 'unknownop', value: 'v' }),
    f({ kind: 'filter', op: 'or', filters: 'id.eq.1,name.ilike.*a*,and(a.gt.1,b.lt.2)' }),
    f({ kind: 'filter', op: 'or', filters: 'name.eq.x', referencedTable: 'cities' }),
    f({ kind: 'filter', op: 'filter', column: 'id', operator: 'in', value: '(1,2)' }),
    f({ kind: 'filter', op: 'match', query: { a: 1, b: 'x' } }),
  ]),
  table([
    { kind: 'order', column: 'name', ascending: false },
    { kind: 'order', column: 'id', ascending: true, nullsFirst: true },
    { kind: 'order', column: 'name', ascending: true, nullsFirst: false, referencedTable: 'cities' },
    { kind: 'limit', count: 10 },
    { kind: 'limit', count: 2, referencedTable: 'cities' },
    { kind: 'range', from: 5, to: 9 },
    { kind: 'single' },
    { kind: 'explain', analyze: true, verbose: true, settings: true, buffers: true, wal: true, format: 'json' },
    { kind: 'rollback' },
    { kind: 'setHeader', name: 'x-a', value: 'b' },
  ]),
  table([{ kind: 'maybeSingle' }, { kind: 'explain' }]),
  table([{ kind: 'csv' }]),
  table([], { kind: 'insert', values: [{ id: 1, name: 'a' }, { id: 2 }], count: 'exact', defaultToNull: false }),
  table([{ kind: 'select', columns: '*' }], { kind: 'insert', values: { id: 1 } }),
  table([{ kind: 'select', columns: 'id' }], { kind: 'upsert', values: [{ id: 1 }], onConflict: 'id', ignoreDuplicates: true, count: 'exact' }),
  table([f({ kind: 'filter', op: 'eq', column: 'id', value: 1 }), { kind: 'select', columns: '*' }], { kind: 'update', values: { name: 'x', n: null } }),
  table([f({ kind: 'filter', op: 'in', column: 'id', values: [1, 2] })], { kind: 'delete', count: 'exact' }),
  table([f({ kind: 'filter', op: 'gt', column: 'id', value: 1 }), { kind: 'select' }], { kind: 'delete' }),
  { v: 1, target: { kind: 'rpc', fn: 'add', args: { a: 1, b: 2 }, get: true, count: 'exact' }, steps: [] },
  { v: 1, target: { kind: 'rpc', fn: 'list', head: true }, steps: [f({ kind: 'filter', op: 'gt', column: 'id', value: 1 }), { kind: 'select', columns: 'id' }, { kind: 'order', column: 'id' , ascending: true}, { kind: 'limit', count: 2 }] },
];

describe('webview/builderState', () => {
  ROUND_TRIP.forEach((chain, i) => {
    it(`round-trips chain #${i} (${chain.action?.kind ?? 'rpc'}, ${chain.steps.length} steps)`, () => {
      assert.equal(chainDescription.parse(chain).ok, true, 'fixture must be a valid chain');
      assert.deepEqual(chainOf(fromChain(chain)), chain);
    });
  });

  it('keeps unknown not() operators as raw filters', () => {
    const s = fromChain(table([{ kind: 'filter', op: 'not', column: 'w', operator: 'unknownop', value: 'v' }]));
    assert.equal(s.filters[0]!.type, 'raw');
  });

  it('builds a chain through reducer actions', () => {
    let s = initialState({ schema: 'public', name: 'countries', isRpc: false });
    s = reduce(s, { type: 'addCondition', column: 'id', as: 'number' });
    const id1 = s.filters[0]!.id;
    s = reduce(s, { type: 'updateFilter', id: id1, patch: { op: 'gte', input: '2' } });
    s = reduce(s, { type: 'addCondition', column: 'name' });
    const id2 = s.filters[1]!.id;
    s = reduce(s, { type: 'updateFilter', id: id2, patch: { op: 'ilike', input: '%an%', negate: true } });
    s = reduce(s, { type: 'addOrder', column: 'name' });
    s = reduce(s, { type: 'updateOrder', id: s.orders[0]!.id, patch: { ascending: false, nulls: 'last' } });
    s = reduce(s, { type: 'addPaging', kind: 'limit' });
    s = reduce(s, { type: 'updatePaging', id: s.paging[0]!.id, patch: { count: '5' } });
    s = reduce(s, { type: 'moveFilter', id: id2, delta: -1 });
    s = reduce(s, { type: 'setExplain', explain: { format: 'text', analyze: true } });
    assert.deepEqual(chainOf(s), {
      v: 1,
      target: { kind: 'table', name: 'countries' },
      action: { kind: 'select', count: 'exact' },
      steps: [
        { kind: 'filter', op: 'not', column: 'name', operator: 'ilike', value: '%an%' },
        { kind: 'filter', op: 'gte', column: 'id', value: 2 },
        { kind: 'order', column: 'name', ascending: false, nullsFirst: false },
        { kind: 'limit', count: 5 },
        { kind: 'explain', analyze: true },
      ],
    });
    s = reduce(s, { type: 'removeFilter', id: id1 });
    s = reduce(s, { type: 'removeOrder', id: s.orders[0]!.id });
    assert.equal(chainOf(s).steps.length, 3);
  });

  it('switching to `is` makes the value NULL; switching away restores text', () => {
    let s = reduce(initialState({ schema: 'public', name: 't', isRpc: false }), { type: 'addCondition', column: 'a' });
    const id = s.filters[0]!.id;
    s = reduce(s, { type: 'updateFilter', id, patch: { op: 'is' } });
    assert.deepEqual(chainOf(s).steps[0], { kind: 'filter', op: 'is', column: 'a', value: null });
    s = reduce(s, { type: 'updateFilter', id, patch: { op: 'eq', input: 'x' } });
    assert.deepEqual(chainOf(s).steps[0], { kind: 'filter', op: 'eq', column: 'a', value: 'x' });
  });

  it('`is` stays NULL when the column input commits after the operator was picked', () => {
    let s = reduce(initialState({ schema: 'public', name: 't', isRpc: false }), { type: 'addCondition', column: '' });
    const id = s.filters[0]!.id;
    s = reduce(s, { type: 'updateFilter', id, patch: { op: 'is' } });
    // The column field's `change` (on blur) carries the column type's value kind.
    s = reduce(s, { type: 'updateFilter', id, patch: { column: 'note', as: 'text' } });
    assert.deepEqual(chainOf(s).steps[0], { kind: 'filter', op: 'is', column: 'note', value: null });
    s = reduce(s, { type: 'updateFilter', id, patch: { as: 'text', input: 'unknown' } });
    assert.deepEqual(chainOf(s).steps[0], { kind: 'filter', op: 'is', column: 'note', value: 'unknown' });
  });

  it('reports issues instead of building invalid chains', () => {
    let s = initialState({ schema: 'public', name: 't', isRpc: false });
    s = reduce(s, { type: 'setMode', mode: 'delete' });
    let r = toChain(s);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.issues[0]!.message, /delete needs at least one filter/);
    s = reduce(s, { type: 'addCondition' });
    r = toChain(s);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.issues[0]!.message, /choose a column/);
    s = reduce(s, { type: 'updateFilter', id: s.filters[0]!.id, patch: { column: 'n', as: 'number', input: 'abc' } });
    r = toChain(s);
    assert.equal(r.ok, false);
    s = reduce(s, { type: 'setMode', mode: 'insert' });
    s = reduce(s, { type: 'set', patch: { values: '[1,2]' } });
    r = toChain(s);
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.issues.some((i) => i.where === 'values'));
    s = reduce(s, { type: 'addPaging', kind: 'range' });
    s = reduce(s, { type: 'updatePaging', id: s.paging[0]!.id, patch: { from: '9', to: '1' } });
    r = toChain(s);
    assert.ok(!r.ok && r.issues.some((i) => /ends before/.test(i.message)));
  });

  it('rpc mode cannot be chosen on a table and vice versa', () => {
    const s = initialState({ schema: 'public', name: 't', isRpc: false });
    assert.equal(reduce(s, { type: 'setMode', mode: 'rpc' }), s);
  });

  it('reads values and lists exactly', () => {
    assert.deepEqual(readValue('9007199254740993', 'number'), { ok: true, value: '9007199254740993' });
    assert.deepEqual(readValue('12', 'number'), { ok: true, value: 12 });
    assert.deepEqual(readValue('1e400', 'number'), { ok: true, value: '1e400' });
    assert.equal(readValue('x', 'number').ok, false);
    assert.equal(readValue('yes', 'boolean').ok, false);
    assert.deepEqual(readList('1, 2,3', 'number'), { ok: true, values: [1, 2, 3] });
    assert.deepEqual(readList('a, "b,c", "d\\"e"', 'text'), { ok: true, values: ['a', 'b,c', 'd"e'] });
    assert.deepEqual(readList('["x", 1]', 'text'), { ok: true, values: ['x', 1] });
    assert.deepEqual(splitTopLevel('a.eq.1,and(b.eq.2,c.eq.3),"x,y"', ','), ['a.eq.1', 'and(b.eq.2,c.eq.3)', '"x,y"']);
  });

  it('knows when results can be paged and which window the user asked for', () => {
    assert.equal(isPageable(table([])), true);
    assert.equal(isPageable(table([{ kind: 'single' }])), false);
    assert.equal(isPageable(table([{ kind: 'explain' }])), false);
    assert.equal(isPageable(table([], { kind: 'select', head: true })), false);
    assert.equal(isPageable(table([f({ kind: 'filter', op: 'eq', column: 'id', value: 1 })], { kind: 'delete' })), false);
    assert.deepEqual(requestedWindow(table([{ kind: 'limit', count: 20 }])), { offset: 0, limit: 20 });
    assert.deepEqual(requestedWindow(table([{ kind: 'range', from: 10, to: 19 }, { kind: 'limit', count: 3, referencedTable: 'x' }])), { offset: 10, limit: 10 });
  });
  it('patchExplain changes some explain options and keeps the others (the form is not redrawn between clicks)', () => {
    let s = initialState({ schema: 'public', name: 'countries', isRpc: false });
    assert.equal(reduce(s, { type: 'patchExplain', patch: { analyze: true } }), s, 'no-op while explain is off');
    s = reduce(s, { type: 'setExplain', explain: { format: 'json' } });
    for (const k of ['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const) s = reduce(s, { type: 'patchExplain', patch: { [k]: true } });
    s = reduce(s, { type: 'patchExplain', patch: { format: 'text' } });
    s = reduce(s, { type: 'patchExplain', patch: { verbose: false } });
    assert.deepEqual(chainOf(s).steps, [{ kind: 'explain', analyze: true, settings: true, buffers: true, wal: true }]);
  });
});
