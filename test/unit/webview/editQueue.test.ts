import { strict as assert } from 'node:assert';
import { addEdit, applyResults, discardRow, parseEdit, pendingCell, primaryKeyOf, rowKey, toRowEdits } from '../../../webview/queryBuilder/editQueue';

describe('webview/editQueue', () => {
  const pk = { id: '9007199254740993' };

  it('takes the primary key exactly from big-number cells', () => {
    assert.deepEqual(primaryKeyOf(['id', 'name'], [{ n: '9007199254740993' }, 'a'], ['id']), pk);
    assert.deepEqual(primaryKeyOf(['a', 'b'], [1, 'x'], ['a', 'b']), { a: 1, b: 'x' });
    assert.equal(primaryKeyOf(['name'], ['a'], ['id']), undefined);
    assert.equal(primaryKeyOf(['id'], [null], ['id']), undefined);
  });

  it('parses edits by column type, keeping big numbers exact', () => {
    assert.deepEqual(parseEdit('9007199254740995', 'bigint'), { ok: true, next: { n: '9007199254740995' }, value: '9007199254740995' });
    assert.deepEqual(parseEdit('42', 'integer'), { ok: true, next: 42, value: 42 });
    assert.equal(parseEdit('4x', 'integer').ok, false);
    assert.deepEqual(parseEdit('TRUE', 'boolean'), { ok: true, next: true, value: true });
    assert.deepEqual(parseEdit('{"a":1}', 'jsonb'), { ok: true, next: { j: '{"a":1}' }, value: { a: 1 } });
    assert.equal(parseEdit('{a', 'jsonb').ok, false);
    assert.deepEqual(parseEdit('<img src=x onerror=alert(1)>', 'text'), { ok: true, next: '<img src=x onerror=alert(1)>', value: '<img src=x onerror=alert(1)>' });
    assert.deepEqual(parseEdit(null, 'text'), { ok: true, next: null, value: null });
  });

  it('collects old → new per cell, merges repeated edits, drops reverted ones', () => {
    let q = addEdit([], { row: 0, pk }, { column: 'name', old: 'a', next: 'b', value: 'b' });
    q = addEdit(q, { row: 0, pk }, { column: 'name', old: 'b', next: 'c', value: 'c' });
    q = addEdit(q, { row: 0, pk }, { column: 'n', old: 1, next: 2, value: 2 });
    assert.equal(q.length, 1);
    assert.deepEqual(q[0]!.changes.map((c) => [c.column, c.old, c.next]), [['name', 'a', 'c'], ['n', 1, 2]]);
    assert.deepEqual(toRowEdits(q), [{ key: rowKey(pk), pk, values: { name: 'c', n: 2 } }]);
    q = addEdit(q, { row: 0, pk }, { column: 'name', old: 'c', next: 'a', value: 'a' });
    q = addEdit(q, { row: 0, pk }, { column: 'n', old: 2, next: 1, value: 1 });
    assert.equal(q.length, 0);
  });

  it('keeps failed rows with their error and removes saved ones', () => {
    let q = addEdit([], { row: 0, pk: { id: 1 } }, { column: 'a', old: 1, next: 2, value: 2 });
    q = addEdit(q, { row: 1, pk: { id: 2 } }, { column: 'a', old: 1, next: 3, value: 3 });
    q = applyResults(q, [
      { key: rowKey({ id: 1 }), ok: true },
      { key: rowKey({ id: 2 }), ok: false, error: { message: 'value too long', code: '22001' } },
    ]);
    assert.equal(q.length, 1);
    assert.equal(q[0]!.error, '22001: value too long');
    assert.deepEqual(pendingCell(q, 1, 'a'), { value: 3, error: '22001: value too long' });
    // A new edit on the failed row clears the stale error.
    q = addEdit(q, { row: 1, pk: { id: 2 } }, { column: 'a', old: 1, next: 4, value: 4 });
    assert.equal(q[0]!.error, undefined);
    assert.equal(discardRow(q, rowKey({ id: 2 })).length, 0);
  });
});
