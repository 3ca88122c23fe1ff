import assert from 'node:assert/strict';
import { validateDescription, findUnfilteredWrite } from '../../../../src/core/database/validate';
import { createClient } from '../../../../src/core/index';

const ok = (d: unknown) => {
  const r = validateDescription(d);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
};
const issues = (d: unknown) => {
  const r = validateDescription(d);
  assert.ok(!r.ok, 'expected issues');
  return r.issues;
};

describe('validateDescription', () => {
  it('accepts every description the builders record', () => {
    const c = createClient('http://localhost:54321', 'k');
    const chains = [
      c.from('t').select('id', { count: 'exact' }).eq('a', 1).in('b', [1, 'x']).notIn('c', [2]).contains('d', ['a']).containedBy('e', { a: 1 }),
      c.from('t').select().overlaps('f', '{a}').rangeGt('r', '[1,2)').textSearch('t', 'q', { config: 'english', type: 'websearch' }),
      c.from('t').select().match({ a: 1 }).not('a', 'is', null).or('a.eq.1', { referencedTable: 'x' }).filter('a', 'eq', 1).likeAnyOf('s', ['a%']),
      c.from('t').select().order('a', { ascending: false, nullsFirst: true }).limit(1).range(0, 9).single().explain({ analyze: true, format: 'json' }),
      c.from('t').insert([{ a: 1 }], { defaultToNull: false, count: 'planned' }).select().rollback().maxAffected(3).setHeader('x-a', 'b'),
      c.from('t').upsert({ a: 1 }, { onConflict: 'a', ignoreDuplicates: true }).select().maybeSingle(),
      c.from('t').update({ a: 1 }).eq('id', 1).csv(),
      c.from('t').delete().eq('id', 1).stripNulls(),
      c.rpc('f', { a: [1, 2] }, { get: true, count: 'exact' }).geojson(),
      c.schema('s').from('t').select(),
    ];
    for (const b of chains) ok(b.toDescription());
  });

  it('reports issues with paths', () => {
    assert.deepEqual(issues(null), [{ path: [], message: 'must be an object' }]);
    const is = issues({ v: 2, target: { kind: 'table', name: '' }, action: { kind: 'select', count: 'all' }, steps: [{ kind: 'filter', op: 'eq', column: 'a' }, { kind: 'order' }, { kind: 'nope' }] });
    const paths = is.map((i) => i.path.join('.'));
    for (const p of ['v', 'target.name', 'action.count', 'steps.0.value', 'steps.1.column', 'steps.2.kind']) assert.ok(paths.includes(p), `${p} in ${paths}`);
    assert.ok(issues({ v: 1, target: { kind: 'rpc', fn: 'f' }, action: { kind: 'select' }, steps: [] }).some((i) => i.path[0] === 'action'));
    assert.ok(issues({ v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'select' }, steps: [{ kind: 'setHeader', name: 'x', value: 'a\r\nb' }] }).length === 1);
    assert.ok(issues({ v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'select' }, steps: [{ kind: 'filter', op: 'eq', column: 'a', value: Number.NaN }] }).length === 1);
    assert.ok(issues({ v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'select' }, steps: [{ kind: 'csv' }, { kind: 'stripNulls' }] }).length === 1);
  });

  it('refuses update/delete without a row filter', () => {
    const base = { v: 1, target: { kind: 'table', name: 't' }, steps: [] as unknown[] };
    assert.match(issues({ ...base, action: { kind: 'delete' } })[0]!.message, /delete\(\) without any filter/);
    assert.match(issues({ ...base, action: { kind: 'update', values: { a: 1 } } })[0]!.message, /update\(\) without any filter/);
    issues({ ...base, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'match', query: {} }] });
    issues({ ...base, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'or', filters: 'a.eq.1', referencedTable: 'x' }] });
    ok({ ...base, action: { kind: 'delete' }, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: 1 }] });
    ok({ ...base, action: { kind: 'update', values: { a: 1 } }, steps: [{ kind: 'filter', op: 'or', filters: 'a.eq.1,b.eq.2' }] });
    assert.equal(findUnfilteredWrite({ target: { kind: 'rpc', fn: 'f' }, steps: [] }), undefined);
  });
});
