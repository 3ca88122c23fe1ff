import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  clampWidth,
  columnOffsets,
  displayCharCap,
  displayText,
  displayedRowCount,
  isScrollJump,
  moveCursor,
  pageRows,
  pagesToFetch,
  renderedRowsIn,
  scrollToReveal,
  spacerHeight,
  visibleColumns,
  visibleRows,
} from '../../../webview/queryBuilder/grid/virtualMath';
import { ResultStore } from '../../../webview/queryBuilder/ResultStore';

describe('webview/grid virtualization math', () => {
  it('renders only the rows in view plus overscan', () => {
    assert.deepEqual(visibleRows({ scrollTop: 0, height: 240 }, 24, 100_000, 5), { first: 0, end: 15 });
    assert.deepEqual(visibleRows({ scrollTop: 24 * 50_000, height: 240 }, 24, 100_000, 5), { first: 49_995, end: 50_015 });
    assert.deepEqual(visibleRows({ scrollTop: 24 * 99_995, height: 240 }, 24, 100_000, 5), { first: 99_990, end: 100_000 });
    assert.deepEqual(visibleRows({ scrollTop: 0, height: 240 }, 24, 0), { first: 0, end: 0 });
    assert.deepEqual(visibleRows({ scrollTop: 1e9, height: 240 }, 24, 10, 2), { first: 7, end: 10 });
  });

  it('bounds the DOM size whatever the row count (property)', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 1_000_000 }), (scrollTop, height, rows) => {
        const w = visibleRows({ scrollTop, height }, 24, rows, 5);
        assert.ok(w.first >= 0 && w.end <= rows && w.end >= w.first);
        assert.ok(w.end - w.first <= Math.ceil(height / 24) + 1 + 10);
      }),
    );
  });

  it('renders only the columns in view plus one on each side', () => {
    const offsets = columnOffsets([100, 100, 100, 100, 100, 100]);
    assert.deepEqual(visibleColumns(offsets, 0, 250, 1), { first: 0, end: 4 });
    assert.deepEqual(visibleColumns(offsets, 0, 250, 0), { first: 0, end: 3 });
    // A column that only touches the view's edge is not in view.
    assert.deepEqual(visibleColumns(offsets, 100, 100, 0), { first: 1, end: 2 });
    assert.deepEqual(visibleColumns(offsets, 350, 100, 0), { first: 3, end: 5 });
    assert.deepEqual(visibleColumns(offsets, 5000, 100, 1), { first: 4, end: 6 }, 'past the end: the last column');
    assert.deepEqual(visibleColumns(offsets, -50, 100, 0), { first: 0, end: 1 });
    assert.deepEqual(visibleColumns([0], 0, 100), { first: 0, end: 0 });
    assert.deepEqual(visibleColumns(offsets, 0, 0), { first: 0, end: 0 });
  });

  it('visible columns are exactly those intersecting the view (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 40, max: 400 }), { minLength: 1, maxLength: 60 }), fc.nat(20_000), fc.integer({ min: 1, max: 3000 }), fc.nat(3), (widths, left, width, overscan) => {
        const offsets = columnOffsets(widths);
        const got = visibleColumns(offsets, left, width, overscan);
        const inView = widths.map((_, j) => j).filter((j) => offsets[j + 1]! > left && offsets[j]! < left + width);
        const lo = inView.length ? inView[0]! : widths.length - 1;
        const hi = inView.length ? inView[inView.length - 1]! : widths.length - 1;
        assert.deepEqual(got, { first: Math.max(0, lo - overscan), end: Math.min(widths.length, hi + 1 + overscan) });
      }),
    );
  });

  it('a scroll of a viewport or more is a jump', () => {
    assert.equal(isScrollJump(undefined, 5000, 500), false, 'the first render');
    assert.equal(isScrollJump(0, 499, 500), false);
    assert.equal(isScrollJump(0, 500, 500), true);
    assert.equal(isScrollJump(10_000, 9_000, 500), true, 'upwards too');
    assert.equal(isScrollJump(0, 0, 500), false);
    assert.equal(isScrollJump(0, 900, 0), false, 'no view, no jump');
  });

  it('cells hold only the characters they can show', () => {
    assert.equal(displayCharCap(60), 21);
    assert.equal(displayCharCap(0), 1);
    assert.equal(displayText('short', 10), 'short');
    assert.equal(displayText('0123456789', 10), '0123456789');
    assert.equal(displayText('0123456789abc', 10), '0123456789…');
    // An emoji (a surrogate pair) across the cut is dropped whole, never split.
    assert.equal(displayText('012345678😀tail', 10), '012345678…');
    // At 3 px a glyph or more, the cut text is still wider than the cell, so the ellipsis CSS
    // draws stays at the cell's edge (nothing cut is ever shown as if it were whole).
    for (const w of [40, 60, 160, 360, 2000]) assert.ok(displayCharCap(w) * 3 > w);
  });

  it('spacer, reveal and column offsets', () => {
    assert.equal(spacerHeight(100_000, 24), 2_400_000);
    assert.equal(scrollToReveal(10, { scrollTop: 0, height: 240 }, 24), 24);
    assert.equal(scrollToReveal(2, { scrollTop: 240, height: 240 }, 24), 48);
    assert.equal(scrollToReveal(12, { scrollTop: 240, height: 240 }, 24), 240);
    assert.deepEqual(columnOffsets([100, 50, 70]), [0, 100, 150, 220]);
    assert.equal(clampWidth(3), 40);
    assert.equal(clampWidth(1e6), 2000);
  });

  it('asks only for missing pages', () => {
    assert.deepEqual(pagesToFetch({ first: 950, end: 2100 }, 1000, (p) => p === 1), [0, 2]);
    assert.deepEqual(pagesToFetch({ first: 0, end: 0 }, 1000, () => false), []);
  });

  it('a page arrival redraws only the rendered rows of that page', () => {
    assert.deepEqual(pageRows(0, 1000), { first: 0, end: 1000 });
    assert.deepEqual(pageRows(3, 1000), { first: 3000, end: 4000 });
    assert.deepEqual(pageRows(-1, 1000), { first: 0, end: 0 });
    assert.deepEqual(pageRows(2, 0), { first: 0, end: 0 });
    // Rows 995..1014 rendered (a window straddling pages 0 and 1).
    const rendered = new Set(Array.from({ length: 20 }, (_, k) => 1014 - k));
    assert.deepEqual(renderedRowsIn(rendered, pageRows(1, 1000)), Array.from({ length: 15 }, (_, k) => 1000 + k));
    assert.deepEqual(renderedRowsIn(rendered, pageRows(0, 1000)), [995, 996, 997, 998, 999]);
    assert.deepEqual(renderedRowsIn(rendered, pageRows(7, 1000)), [], 'an off-screen page redraws nothing');
    assert.deepEqual(renderedRowsIn([], pageRows(0, 1000)), []);
    assert.deepEqual(renderedRowsIn([5, 6], { first: 6, end: 6 }), []);
  });

  it('redraws exactly the rendered rows inside the page (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(5000), { maxLength: 60 }), fc.nat(60), fc.integer({ min: 1, max: 500 }), (rendered, page, size) => {
        const range = pageRows(page, size);
        const got = renderedRowsIn(rendered, range);
        const want = rendered.filter((i) => Math.floor(i / size) === page).sort((a, b) => a - b);
        assert.deepEqual(got, want);
      }),
    );
  });

  it('row count: total when counted, else loaded + one page while more may come, capped by the limit', () => {
    assert.equal(displayedRowCount(1000, 100_000, true, 1000, null), 100_000);
    assert.equal(displayedRowCount(1000, null, true, 1000, null), 2000);
    assert.equal(displayedRowCount(1500, null, false, 1000, null), 1500);
    assert.equal(displayedRowCount(1000, 100_000, true, 1000, 50), 50);
  });

  it('keyboard moves stay inside the grid', () => {
    const rows = 100;
    const cols = 5;
    assert.deepEqual(moveCursor({ row: 0, col: 0 }, 'ArrowUp', false, rows, cols, 10), { row: -1, col: 0 });
    assert.deepEqual(moveCursor({ row: -1, col: 0 }, 'ArrowUp', false, rows, cols, 10), { row: -1, col: 0 });
    assert.deepEqual(moveCursor({ row: 99, col: 4 }, 'ArrowDown', false, rows, cols, 10), { row: 99, col: 4 });
    assert.deepEqual(moveCursor({ row: 5, col: 4 }, 'ArrowRight', false, rows, cols, 10), { row: 5, col: 4 });
    assert.deepEqual(moveCursor({ row: 5, col: 2 }, 'Home', false, rows, cols, 10), { row: 5, col: 0 });
    assert.deepEqual(moveCursor({ row: 5, col: 2 }, 'End', true, rows, cols, 10), { row: 99, col: 4 });
    assert.deepEqual(moveCursor({ row: 5, col: 2 }, 'Home', true, rows, cols, 10), { row: 0, col: 0 });
    assert.deepEqual(moveCursor({ row: 95, col: 0 }, 'PageDown', false, rows, cols, 10), { row: 99, col: 0 });
    assert.deepEqual(moveCursor({ row: 5, col: 0 }, 'PageUp', false, rows, cols, 10), { row: 0, col: 0 });
    assert.deepEqual(moveCursor({ row: -1, col: 0 }, 'ArrowDown', false, 0, cols, 10), { row: -1, col: 0 });
  });
});

describe('webview/ResultStore paging', () => {
  it('fetches 100,000 rows as range pages on demand', () => {
    const s = new ResultStore(1000, 0, null);
    const first = s.claim(0, 1);
    assert.deepEqual(first, [{ page: 0, from: 0, size: 1000 }]);
    s.total = 100_000;
    s.put(0, ['id'], Array.from({ length: 1000 }, (_, i) => [i]), 1000);
    assert.equal(s.rowCount(), 100_000);
    assert.deepEqual(s.claim(0, 40), []);
    assert.deepEqual(s.claim(99_990, 100_000), [{ page: 99, from: 99_000, size: 1000 }]);
    assert.deepEqual(s.claim(99_990, 100_000), [], 'a loading page is not asked twice');
    s.release(99);
    assert.equal(s.claim(99_990, 100_000).length, 1);
    assert.equal(s.row(5)![0], 5);
    assert.equal(s.row(5000), undefined);
  });

  it('gives the grid rows a page holds, independent of the user offset', () => {
    const s = new ResultStore(10, 100, 25);
    assert.deepEqual(s.rowsOfPage(0), { first: 0, end: 10 });
    assert.deepEqual(s.rowsOfPage(2), { first: 20, end: 30 });
    s.put(1, ['a'], [[7]], 10);
    const range = s.rowsOfPage(1);
    assert.equal(s.row(range.first)![0], 7);
    assert.equal(s.row(range.first - 1), undefined);
  });

  it('respects the user offset and limit', () => {
    const s = new ResultStore(10, 100, 25);
    assert.deepEqual(s.claim(0, 1), [{ page: 0, from: 100, size: 10 }]);
    s.put(0, ['a'], Array.from({ length: 10 }, () => [1]), 10);
    assert.equal(s.rowCount(), 20);
    assert.deepEqual(s.claim(0, 30), [{ page: 1, from: 110, size: 10 }]);
    s.put(1, ['a'], Array.from({ length: 10 }, () => [1]), 10);
    assert.deepEqual(s.claim(0, 30), [{ page: 2, from: 120, size: 5 }]);
    s.put(2, ['a'], Array.from({ length: 5 }, () => [1]), 5);
    assert.equal(s.rowCount(), 25);
  });

  it('stops when a short page arrives without a count', () => {
    const s = new ResultStore(10, 0, null);
    s.claim(0, 1);
    s.put(0, ['a', 'b'], [[1, 2], [3, 4]], 10);
    assert.equal(s.rowCount(), 2);
  });

  it('maps later pages with a different column order', () => {
    const s = new ResultStore(1, 0, null);
    s.put(0, ['a', 'b'], [[1, 2]], 1);
    s.put(1, ['b', 'c'], [[3, 4]], 1);
    assert.deepEqual(s.columns, ['a', 'b', 'c']);
    assert.deepEqual(s.row(1), [null, 3, 4]);
  });
});
