/**
 * Rows of the current result, fetched page by page with range requests as the grid scrolls.
 * Pure bookkeeping (no DOM, no messaging): the app asks which pages to fetch and stores them.
 */
import type { Cell } from '../../src/protocol/losslessJson';
import { displayedRowCount, pageRows, pagesToFetch, type RowWindow } from './grid/virtualMath';

export class ResultStore {
  columns: string[] = [];
  private readonly pages = new Map<number, Cell[][]>();
  private readonly loading = new Set<number>();
  /** Total rows of the query (from the count), when known. */
  total: number | null = null;
  /** The last page came back full: there may be more rows. */
  private mayHaveMore = true;
  private loadedRows = 0;

  constructor(
    readonly pageSize: number,
    /** Offset of the user's own range, added to every page request. */
    readonly offset: number,
    /** The user's own limit (rows), or null. */
    readonly cap: number | null,
  ) {}

  rowCount(): number {
    const total = this.total === null ? null : Math.max(0, this.total - this.offset);
    return displayedRowCount(this.loadedRows, total, this.mayHaveMore, this.pageSize, this.cap);
  }

  row(i: number): Cell[] | undefined {
    return this.pages.get(Math.floor(i / this.pageSize))?.[i % this.pageSize];
  }

  setRow(i: number, cells: Cell[]): void {
    const page = this.pages.get(Math.floor(i / this.pageSize));
    if (page && page[i % this.pageSize]) page[i % this.pageSize] = cells;
  }

  /** Grid row indexes [first, end) that page `page` holds (or would hold when full). */
  rowsOfPage(page: number): RowWindow {
    return pageRows(page, this.pageSize);
  }

  isLoaded(page: number): boolean {
    return this.pages.has(page) || this.loading.has(page);
  }

  /** Pages to request for rows [first, end); marks them loading. */
  claim(first: number, end: number): { page: number; from: number; size: number }[] {
    const count = this.rowCount();
    const pages = pagesToFetch({ first, end: Math.min(end, count) }, this.pageSize, (p) => this.isLoaded(p));
    const out: { page: number; from: number; size: number }[] = [];
    for (const p of pages) {
      const start = p * this.pageSize;
      const size = this.cap === null ? this.pageSize : Math.min(this.pageSize, this.cap - start);
      if (size <= 0) continue;
      this.loading.add(p);
      out.push({ page: p, from: this.offset + start, size });
    }
    return out;
  }

  /** Stores a page; `columns` of later pages are mapped onto the first page's order. */
  put(page: number, columns: string[], rows: Cell[][], size: number): void {
    this.loading.delete(page);
    if (this.columns.length === 0) this.columns = columns.slice();
    let mapped = rows;
    if (columns.join('\u0000') !== this.columns.join('\u0000')) {
      for (const c of columns) if (!this.columns.includes(c)) this.columns.push(c);
      const idx = this.columns.map((c) => columns.indexOf(c));
      mapped = rows.map((r) => idx.map((i) => (i < 0 ? null : (r[i] ?? null))));
    }
    this.pages.set(page, mapped);
    const end = page * this.pageSize + rows.length;
    if (end >= this.loadedRows) {
      this.loadedRows = end;
      this.mayHaveMore = rows.length >= size;
    }
  }

  /** A page request failed: allow a retry. */
  release(page: number): void {
    this.loading.delete(page);
  }

  /** All loaded rows in order (for copy/raw views). */
  loadedRowsInOrder(): Cell[][] {
    const out: Cell[][] = [];
    const keys = [...this.pages.keys()].sort((a, b) => a - b);
    for (const k of keys) out.push(...this.pages.get(k)!);
    return out;
  }
}
