import { strict as assert } from 'node:assert';
import { conditionIssue, initialState, reduce, toChain, type Condition } from '../../../webview/queryBuilder/builderState';
import {
  arrayItemAs,
  arrayItemsInput,
  arrayItemsText,
  editorKind,
  formatRangeLiteral,
  isArrayType,
  isRangeLiteral,
  isRangeType,
  parseRangeLiteral,
} from '../../../webview/queryBuilder/valueEditors';

const cond = (patch: Partial<Condition>): Condition => ({ id: 'f1', column: 'c', op: 'eq', negate: false, input: '', as: 'text', ftsConfig: '', ftsType: '', ...patch });

describe('filter value editors', () => {
  it('picks the editor from the operator and the column type', () => {
    assert.equal(editorKind('rangeGt', 'text', undefined), 'range', 'range operators always take a range');
    assert.equal(editorKind('rangeAdjacent', 'text', 'int4range'), 'range');
    assert.equal(editorKind('overlaps', 'text', 'tstzrange'), 'range');
    assert.equal(editorKind('contains', 'text', 'daterange'), 'range');
    assert.equal(editorKind('contains', 'text', 'int4multirange'), 'scalar', 'a multirange literal is not one range');
    assert.equal(editorKind('contains', 'text', 'text[]'), 'array');
    assert.equal(editorKind('containedBy', 'json', 'integer[]'), 'array');
    assert.equal(editorKind('overlaps', 'text', 'ARRAY'), 'array');
    assert.equal(editorKind('contains', 'json', 'jsonb'), 'scalar');
    assert.equal(editorKind('in', 'number', 'bigint'), 'list');
    assert.equal(editorKind('gte', 'number', 'bigint'), 'number');
    assert.equal(editorKind('eq', 'text', 'text'), 'scalar');
    assert.equal(editorKind('like', 'number', 'integer'), 'scalar');
    assert.ok(isRangeType('numrange') && !isRangeType('int8multirange') && !isRangeType('text'));
    assert.ok(isArrayType('character varying[]') && !isArrayType('jsonb'));
    assert.equal(arrayItemAs('integer[]'), 'number');
    assert.equal(arrayItemAs('boolean[]'), 'boolean');
    assert.equal(arrayItemAs('jsonb[]'), 'text');
    assert.equal(arrayItemAs('ARRAY'), 'text');
  });

  it('writes range literals from bounds, quoting what needs it', () => {
    assert.equal(formatRangeLiteral({ lowerInc: true, lower: '1', upper: '10', upperInc: false }), '[1,10)');
    assert.equal(formatRangeLiteral({ lowerInc: false, lower: '', upper: '5', upperInc: true }), '(,5]');
    assert.equal(formatRangeLiteral({ lowerInc: true, lower: '', upper: '', upperInc: false }), '[,)');
    assert.equal(
      formatRangeLiteral({ lowerInc: true, lower: '2024-01-01 10:00+00', upper: '2024-01-02', upperInc: false }),
      '["2024-01-01 10:00+00",2024-01-02)',
    );
    assert.equal(formatRangeLiteral({ lowerInc: true, lower: 'a"b', upper: 'c,d', upperInc: true }), '["a\\"b","c,d"]');
  });

  it('reads range literals back into their parts (inverse of the writer)', () => {
    assert.deepEqual(parseRangeLiteral('[1,10)'), { lowerInc: true, lower: '1', upper: '10', upperInc: false });
    assert.deepEqual(parseRangeLiteral(' (,5] '), { lowerInc: false, lower: '', upper: '5', upperInc: true });
    assert.deepEqual(parseRangeLiteral('["2024-01-01 10:00+00",2024-01-02)'), { lowerInc: true, lower: '2024-01-01 10:00+00', upper: '2024-01-02', upperInc: false });
    assert.deepEqual(parseRangeLiteral('["a\\"b","c,d"]'), { lowerInc: true, lower: 'a"b', upper: 'c,d', upperInc: true });
    assert.deepEqual(parseRangeLiteral('["a""b",)'), { lowerInc: true, lower: 'a"b', upper: '', upperInc: false });
    for (const bad of ['empty', '1,10', '[1,10', '[1)', '[1,2,3)', '[a"b,c)', '']) assert.equal(parseRangeLiteral(bad), undefined, bad);
    for (const p of [
      { lowerInc: true, lower: '1.5', upper: '', upperInc: false },
      { lowerInc: false, lower: 'x y', upper: '(z)', upperInc: true },
      { lowerInc: true, lower: 'back\\slash', upper: '[', upperInc: false },
    ]) {
      assert.deepEqual(parseRangeLiteral(formatRangeLiteral(p)), p);
    }
    assert.ok(isRangeLiteral('empty') && isRangeLiteral('EMPTY') && isRangeLiteral('[1,2)') && !isRangeLiteral('1-2'));
  });

  it('shows array items as a comma list and stores them as a JSON array', () => {
    assert.equal(arrayItemsText('["a","b"]', 'json'), 'a, b');
    assert.equal(arrayItemsText('[1,2,3]', 'json'), '1, 2, 3');
    assert.equal(arrayItemsText('["a,b","c"," d","","q\\"t"]', 'json'), '"a,b", c, " d", "", "q\\"t"', 'quoted where needed');
    assert.equal(arrayItemsText('[["x"],{"k":1}]', 'json'), '[["x"],{"k":1}]', 'nested values stay JSON');
    assert.equal(arrayItemsText('[1,"1"]', 'json'), '[1,"1"]', 'mixed kinds stay JSON');
    for (const items of [['a,b', 'c', ' d', '', 'q"t', 'back\\slash', '[x'], [1, 2.5, -3], [true, false]]) {
      const input = JSON.stringify(items);
      const itemAs = typeof items[0] === 'number' ? 'number' : typeof items[0] === 'boolean' ? 'boolean' : 'text';
      assert.deepEqual(arrayItemsInput(arrayItemsText(input, 'json'), itemAs), { ok: true, input }, input);
    }
    assert.equal(arrayItemsText('{a,b}', 'text'), 'a, b', 'a restored array literal');
    assert.equal(arrayItemsText('{a,"b c"}', 'text'), 'a, "b c"');
    assert.equal(arrayItemsText('', 'json'), '');
    assert.deepEqual(arrayItemsInput('a, "b,c", d', 'text'), { ok: true, input: '["a","b,c","d"]' });
    assert.deepEqual(arrayItemsInput('1, 2, 9007199254740993', 'number'), { ok: true, input: '[1,2,"9007199254740993"]' });
    assert.deepEqual(arrayItemsInput('["x"]', 'text'), { ok: true, input: '["x"]' });
    assert.deepEqual(arrayItemsInput('', 'text'), { ok: true, input: '[]' });
    const bad = arrayItemsInput('1, two', 'number');
    assert.ok(!bad.ok && /"two" is not a number/.test(bad.message));
  });

  it('an array editor\'s JSON input becomes an array value of contains', () => {
    let s = initialState({ schema: 'public', name: 't', isRpc: false });
    s = reduce(s, { type: 'addCondition', column: 'tags' });
    const id = s.filters[0]!.id;
    s = reduce(s, { type: 'updateFilter', id, patch: { op: 'contains', input: '["a","b,c"]', as: 'json' } });
    const r = toChain(s);
    assert.ok(r.ok);
    assert.deepEqual(r.chain.steps, [{ kind: 'filter', op: 'contains', column: 'tags', value: ['a', 'b,c'] }]);
  });

  it('explains what is wrong with a value as it is typed', () => {
    assert.equal(conditionIssue(cond({ op: 'gte', as: 'number', input: '12' })), undefined);
    assert.equal(conditionIssue(cond({ op: 'gte', as: 'number', input: '9007199254740993' })), undefined);
    assert.equal(conditionIssue(cond({ op: 'gte', as: 'number', input: '12a' })), '"12a" is not a number');
    assert.equal(conditionIssue(cond({ op: 'gte', as: 'number', input: '12', column: '' })), undefined, 'the column is not the value\'s issue');
    assert.equal(conditionIssue(cond({ op: 'in', as: 'number', input: '1, x' })), '"x" is not a number');
    assert.equal(conditionIssue(cond({ op: 'rangeGt', input: '[1,10)' })), undefined);
    assert.equal(conditionIssue(cond({ op: 'rangeGt', input: 'empty' })), undefined);
    assert.match(conditionIssue(cond({ op: 'rangeGt', input: '1-10' }))!, /"1-10" is not a range: write it as \[lower,upper\)/);
    assert.match(conditionIssue(cond({ op: 'rangeLt', input: '' }))!, /enter a range/);
    assert.match(conditionIssue(cond({ op: 'contains', as: 'json', input: '[1,' }))!, /invalid JSON/);
    // A bad range literal blocks the run too.
    let s = initialState({ schema: 'public', name: 't', isRpc: false });
    s = reduce(s, { type: 'addCondition', column: 'during' });
    s = reduce(s, { type: 'updateFilter', id: s.filters[0]!.id, patch: { op: 'rangeAdjacent', input: '(1,2' } });
    const r = toChain(s);
    assert.ok(!r.ok && /is not a range/.test(r.issues[0]!.message));
  });
});
