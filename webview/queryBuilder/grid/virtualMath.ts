/**
 * Pure arithmetic of the virtualized grid: which rows are in view, where they sit, which pages
 * must be fetched, and how keyboard moves change the active cell.
 */

export interface Viewport {
  scrollTop: number;
  height: number;
}

export interface RowWindow {
  /** First row index to render (inclusive). */
  first: number;
  /** One past the last row index to render. */
  end: number;
}

/** Rows to render for a viewport, with `overscan` extra rows above and below. */
export function visibleRows(view: Viewport, rowHeight: number, rowCount: number, overscan = 5): RowWindow {
  if (rowCount <= 0 || rowHeight <= 0 || view.height <= 0) return { first: 0, end: 0 };
  const top = Math.max(0, view.scrollTop);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.min(rowCount - 1, Math.floor((top + view.height - 1) / rowHeight));
  return { first: Math.max(0, firstVisible - overscan), end: Math.min(rowCount, lastVisible + 1 + overscan) };
}

/**
 * Whether a scroll from `previousTop` to `top` is a jump: it moved by a viewport or more, so none
 * of the rows on screen before is on screen now (a scrollbar drag, PageDown held, End). Such a
 * frame renders no overscan: rows above and below the view would be built only to be dropped by
 * the next jump. `previousTop` undefined (first render) is not a jump.
 */
export function isScrollJump(previousTop: number | undefined, top: number, height: number): boolean {
  return previousTop !== undefined && height > 0 && Math.abs(top - previousTop) >= height;
}

export interface ColumnWindow {
  /** First column index to render (inclusive). */
  first: number;
  /** One past the last column index to render. */
  end: number;
}

/**
 * Columns that intersect the horizontal view [scrollLeft, scrollLeft + width), plus `overscan`
 * columns on each side. `offsets` are the column x offsets (n + 1 entries, see columnOffsets).
 */
export function visibleColumns(offsets: readonly number[], scrollLeft: number, width: number, overscan = 1): ColumnWindow {
  const n = offsets.length - 1;
  if (n <= 0 || width <= 0) return { first: 0, end: 0 };
  const left = Math.max(0, scrollLeft);
  const right = left + width;
  // First column whose right edge is past `left`; last column whose left edge is before `right`.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! > left) hi = mid;
    else lo = mid + 1;
  }
  const firstVisible = lo;
  lo = firstVisible;
  hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! < right) lo = mid;
    else hi = mid - 1;
  }
  const lastVisible = Math.max(firstVisible, lo);
  return { first: Math.max(0, firstVisible - overscan), end: Math.min(n, lastVisible + 1 + overscan) };
}

/**
 * How many characters of a value a cell `width` px wide puts in the DOM. A cell shows one line
 * cut with an ellipsis, so characters past its width are never seen, yet each one costs text
 * shaping on every frame that builds the cell. The cap assumes glyphs at least 3 px wide, so the
 * cut text still overflows the cell (and CSS draws the ellipsis) at any usable font size.
 */
export function displayCharCap(width: number): number {
  return Math.ceil(Math.max(0, width) / 3) + 1;
}

/** The text a cell puts in the DOM: `text`, or its first `cap` characters and `…`. */
export function displayText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  // Do not split a surrogate pair.
  let end = cap;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Height of the spacer that gives the scrollbar its full length. */
export function spacerHeight(rowCount: number, rowHeight: number): number {
  return Math.max(0, rowCount) * rowHeight;
}

/** The `top` of a row inside the spacer. */
export function rowTop(index: number, rowHeight: number): number {
  return index * rowHeight;
}

/** The scrollTop that brings `index` fully into view (unchanged when already visible). */
export function scrollToReveal(index: number, view: Viewport, rowHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < view.scrollTop) return top;
  if (bottom > view.scrollTop + view.height) return Math.max(0, bottom - view.height);
  return view.scrollTop;
}

/** Page indexes (of size `pageSize`) covering rows [first, end) that are not yet loaded. */
export function pagesToFetch(window: RowWindow, pageSize: number, isLoaded: (page: number) => boolean): number[] {
  if (window.end <= window.first || pageSize <= 0) return [];
  const out: number[] = [];
  for (let p = Math.floor(window.first / pageSize); p <= Math.floor((window.end - 1) / pageSize); p++) {
    if (!isLoaded(p)) out.push(p);
  }
  return out;
}

/** Rows of page `page` (of size `pageSize`): [page * pageSize, (page + 1) * pageSize). */
export function pageRows(page: number, pageSize: number): RowWindow {
  if (page < 0 || pageSize <= 0) return { first: 0, end: 0 };
  return { first: page * pageSize, end: (page + 1) * pageSize };
}

/**
 * The rendered rows that fall inside `range` (e.g. the rows of a page that just arrived), in
 * ascending order. Empty when none is rendered: nothing needs redrawing.
 */
export function renderedRowsIn(rendered: Iterable<number>, range: RowWindow): number[] {
  const out: number[] = [];
  if (range.end <= range.first) return out;
  for (const i of rendered) if (i >= range.first && i < range.end) out.push(i);
  return out.sort((a, b) => a - b);
}

/** Row count shown when the total is unknown: what is loaded plus one page while more may come. */
export function displayedRowCount(loaded: number, total: number | null, mayHaveMore: boolean, pageSize: number, cap: number | null): number {
  let n = total ?? (mayHaveMore ? loaded + pageSize : loaded);
  if (cap !== null) n = Math.min(n, cap);
  return Math.max(0, n);
}

/** x offsets of columns from their widths (n + 1 entries; last = total width). */
export function columnOffsets(widths: readonly number[]): number[] {
  const out = [0];
  for (const w of widths) out.push(out[out.length - 1]! + w);
  return out;
}

export function clampWidth(width: number, min = 40, max = 2000): number {
  return Math.min(max, Math.max(min, Math.round(width)));
}

export interface Cursor {
  /** -1 = header row. */
  row: number;
  col: number;
}

export type NavKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'PageUp' | 'PageDown' | 'Home' | 'End';

/** The active cell after a navigation key. `ctrl` with Home/End jumps to the first/last row. */
export function moveCursor(c: Cursor, key: NavKey, ctrl: boolean, rowCount: number, colCount: number, pageRows: number): Cursor {
  const lastRow = rowCount - 1;
  const lastCol = Math.max(0, colCount - 1);
  let { row, col } = c;
  switch (key) {
    case 'ArrowUp':
      row = Math.max(-1, row - 1);
      break;
    case 'ArrowDown':
      row = Math.min(lastRow, row + 1);
      break;
    case 'ArrowLeft':
      col = Math.max(0, col - 1);
      break;
    case 'ArrowRight':
      col = Math.min(lastCol, col + 1);
      break;
    case 'PageUp':
      row = Math.max(row < 0 ? -1 : 0, row - Math.max(1, pageRows));
      break;
    case 'PageDown':
      row = Math.min(lastRow, Math.max(0, row + Math.max(1, pageRows)));
      break;
    case 'Home':
      if (ctrl) row = rowCount > 0 ? 0 : -1;
      col = 0;
      break;
    case 'End':
      if (ctrl) row = lastRow;
      col = lastCol;
      break;
  }
  if (rowCount === 0) row = -1;
  return { row, col: Math.min(col, lastCol) };
}
