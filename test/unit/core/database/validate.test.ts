import assert from 'node:assert/strict';
import { validateDescription, findUnfilteredWrite, columnPath, isUnfilteredWriteIssue } from '../../../../src/core/database/validate';
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

  it('columnPath: embedded prefixes are the dotted names before the field; JSON paths and quotes stay in the field', () => {
    assert.deepEqual(columnPath('id'), ['id']);
    assert.deepEqual(columnPath('foo.id'), ['foo', 'id']);
    assert.deepEqual(columnPath('a.b.c'), ['a', 'b', 'c']);
    assert.deepEqual(columnPath('data->a'), ['data->a']);
    assert.deepEqual(columnPath('data->>a'), ['data->>a']);
    assert.deepEqual(columnPath('data->a->>b'), ['data->a->>b']);
    assert.deepEqual(columnPath('data->>x.y'), ['data->>x.y']);
    assert.deepEqual(columnPath('rel.data->>a'), ['rel', 'data->>a']);
    assert.deepEqual(columnPath('"a.b"'), ['"a.b"']);
    assert.deepEqual(columnPath('"my rel"."a.b"'), ['"my rel"', '"a.b"']);
    assert.deepEqual(columnPath('my-col'), ['my-col']);
  });

  it('update/delete need a filter on the root table: embedded-only filters are refused', () => {
    const c = createClient('http://localhost:54321', 'k');
    const refused = [
      c.from('planets').delete().eq('foo.id', 1),
      c.from('planets').update({ name: 'x' }).eq('foo.id', 1),
      c.from('planets').delete().in('foo.bar.id', [1]).not('foo.id', 'is', null),
      c.from('planets').delete().or('id.eq.1', { referencedTable: 'foo' }),
      c.from('planets').delete().or('id.eq.1', { foreignTable: 'foo' }),
      c.from('planets').delete().match({ 'foo.id': 1 }),
      c.from('planets').delete().filter('rel.data->>a', 'eq', 'x'),
      c.from('planets').delete().like('rel.name', '%').rangeGt('r.during', '[1,2)').textSearch('r.fts', 'x'),
      c.from('planets').delete().eq('limit', 1),
      c.from('planets').delete().or(''),
    ];
    for (const b of refused) {
      const d = b.toDescription();
      const issue = findUnfilteredWrite(d);
      assert.ok(issue, JSON.stringify(d.steps));
      assert.ok(isUnfilteredWriteIssue(issue));
      const v = validateDescription(d);
      assert.ok(!v.ok && v.issues.some(isUnfilteredWriteIssue));
    }
    const m = findUnfilteredWrite(c.from('planets').delete().eq('foo.id', 1).toDescription())!.message;
    assert.match(m, /^delete\(\) without a filter on "planets" itself would touch every row of "planets": "foo\.id" does not filter the rows of "planets"/);
    assert.match(m, /refused \(nothing was sent\)$/);
    const u = findUnfilteredWrite(c.from('planets').update({ a: 1 }).or('x.eq.1', { referencedTable: 'moons' }).eq('moons.id', 2).toDescription())!.message;
    assert.match(u, /^update\(\) without a filter on "planets" itself/);
    assert.match(u, /or\(…\) on "moons", "moons\.id" do not filter/);
    assert.match(u, /which rows are updated/);

    const allowed = [
      c.from('planets').delete().eq('id', 1),
      c.from('planets').delete().eq('foo.id', 1).eq('id', 1),
      c.from('planets').delete().eq('data->a', 1),
      c.from('planets').delete().eq('data->>a', 'x'),
      c.from('planets').delete().eq('data->a->>b', 'x'),
      c.from('planets').delete().eq('"a.b"', 1),
      c.from('planets').delete().match({ 'foo.id': 1, id: 2 }),
      c.from('planets').delete().not('id', 'is', null),
      c.from('planets').update({ a: 1 }).or('id.eq.1,id.eq.2'),
      c.from('planets').update({ a: 1 }).in('id', [1]),
      c.from('planets').update({ a: 1 }).filter('data->>a', 'eq', 'x'),
    ];
    for (const b of allowed) {
      const d = b.toDescription();
      assert.equal(findUnfilteredWrite(d), undefined, JSON.stringify(d.steps));
      ok(d);
    }
    // reads are never refused, embedded filters or not
    assert.equal(findUnfilteredWrite(c.from('planets').select('*, foo(*)').eq('foo.id', 1).toDescription()), undefined);
  });
});
