import assert from 'node:assert/strict';
import { parseRows } from '../../../src/protocol/losslessJson';
import { GRID_COLUMNS, GRID_ID_BASE, gridPage, gridRowJson } from '../../bench/gridData';

describe('bench grid data', () => {
  it('rows are valid JSON objects with every column, in order, and deterministic', () => {
    for (const i of [0, 1, 999, 54_321, 99_999]) {
      const text = gridRowJson(i);
      assert.equal(text, gridRowJson(i));
      const obj = JSON.parse(text) as Record<string, unknown>;
      assert.deepEqual(Object.keys(obj), GRID_COLUMNS.map((c) => c.name));
      assert.match(obj.uuid as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok((obj.description as string).length >= 100, 'long text');
      assert.ok(typeof obj.active === 'boolean');
      assert.ok(typeof obj.amount === 'number');
      assert.ok(!Number.isNaN(Date.parse(obj.created_at as string)));
    }
    assert.notEqual(gridRowJson(1), gridRowJson(2));
    assert.throws(() => gridRowJson(-1), RangeError);
    assert.throws(() => gridRowJson(1.5), RangeError);
  });

  it('ids beyond 2^53 stay exact through the lossless parser; some notes are null', () => {
    const page = gridPage(0, 99, 1000);
    const body = parseRows(page.text)!;
    assert.equal(body.rows.length, 100);
    assert.deepEqual(body.columns, GRID_COLUMNS.map((c) => c.name));
    assert.deepEqual(body.rows[7]![0], { n: (GRID_ID_BASE + 7n).toString() });
    const notes = body.rows.map((r) => r[9]);
    assert.ok(notes.includes(null) && notes.some((n) => typeof n === 'string'));
  });

  it('pages follow PostgREST range semantics', () => {
    assert.equal(gridPage(0, 9, 100).contentRange, '0-9/100');
    const last = gridPage(95, 104, 100);
    assert.equal(last.contentRange, '95-99/100');
    assert.equal((JSON.parse(last.text) as unknown[]).length, 5);
    assert.deepEqual(gridPage(100, 109, 100), { text: '[]', contentRange: '*/100' });
    assert.throws(() => gridPage(5, 4, 100), RangeError);
    assert.throws(() => gridPage(-1, 4, 100), RangeError);
  });
});
