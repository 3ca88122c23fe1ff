/**
 * A virtualized, accessible results grid. Only the rows in view (plus overscan) exist in the DOM;
 * each is absolutely positioned inside a spacer as tall as all rows. ARIA grid roles with
 * `aria-rowcount`/`aria-rowindex`, `aria-activedescendant` focus, full keyboard use. Every value
 * goes in through `textContent`.
 */
import { cellText, type Cell } from '../../../src/protocol/losslessJson';
import { h, setText } from '../../shared/dom';
import {
  clampWidth,
  columnOffsets,
  displayCharCap,
  displayText,
  isScrollJump,
  moveCursor,
  renderedRowsIn,
  rowTop,
  scrollToReveal,
  spacerHeight,
  visibleColumns,
  visibleRows,
  type ColumnWindow,
  type Cursor,
  type NavKey,
  type RowWindow,
} from './virtualMath';
import { l10n } from '../../shared/l10n';

export interface GridColumn {
  name: string;
  /** Type label shown under the name (e.g. `int8`). */
  type?: string;
  width: number;
  sort?: 'ascending' | 'descending' | null;
}

export interface GridSource {
  rowCount(): number;
  /** The cells of row `i`, or undefined while its page is loading. */
  row(i: number): readonly Cell[] | undefined;
  /** A pending (unsaved) edit of a cell, shown instead of the loaded value. */
  pending?(row: number, col: number): { value: Cell; error?: string } | undefined;
  /** Called with the rows in view so missing pages get fetched. */
  needRows(first: number, end: number): void;
}

export interface GridCallbacks {
  onSort?(col: number): void;
  /** Commit an inline edit: `text` as typed, or `null` for SQL NULL. */
  onEdit?(row: number, col: number, text: string | null): void;
  onCopy?(kind: 'cell' | 'row' | 'rowJson', row: number, col: number): void;
  onOpenRow?(row: number): void;
  onActiveChange?(cursor: Cursor): void;
}

/** Rows rendered above and below the view (not after a jump, see isScrollJump). */
const OVERSCAN_ROWS = 5;
/** Columns rendered left and right of the view. */
const OVERSCAN_COLUMNS = 1;
/** After a jump, the overscan rows are added once scrolling has paused this long (ms). */
const SETTLE_MS = 150;
/** The longest tooltip of a cut cell value (characters). */
const TOOLTIP_CHARS = 2000;

const NAV_KEYS = new Set<string>(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End']);

let gridSeq = 0;

export class VirtualGrid {
  readonly element: HTMLElement;
  private readonly header: HTMLElement;
  private readonly headerRow: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly status: HTMLElement;
  private readonly id = `grid${++gridSeq}`;
  private columns: GridColumn[] = [];
  private offsets: number[] = [0];
  private rows = new Map<number, HTMLElement>();
  private cursor: Cursor = { row: -1, col: 0 };
  private editing: { row: number; col: number; input: HTMLInputElement } | undefined;
  private frame = 0;
  /** The columns the rendered rows hold cells for. */
  private colWin: ColumnWindow = { first: 0, end: 0 };
  /** scrollTop at the last render, to tell a jump from a step. */
  private lastTop: number | undefined;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The element that has the `active` class (and, for a data cell, the only cell `id`). */
  private activeEl: HTMLElement | undefined;
  /** Row count at the last render (-1 before the first), to notice a count change. */
  private renderedCount = -1;
  private editable = false;
  /** An empty data cell that every cell is cloned from: the attributes all cells share. */
  private cellProto = this.cellPrototype();

  constructor(
    private readonly source: GridSource,
    private readonly callbacks: GridCallbacks,
    private readonly rowHeight = 24,
    label = l10n.t('Query results'),
  ) {
    this.headerRow = h('div', { role: 'row', 'aria-rowindex': 1, class: 'grid-row grid-header-row' });
    this.header = h('div', { role: 'rowgroup', class: 'grid-header' }, this.headerRow);
    this.spacer = h('div', { role: 'rowgroup', class: 'grid-spacer' });
    this.viewport = h('div', { class: 'grid-viewport' }, this.spacer);
    this.status = h('div', { class: 'visually-hidden', 'aria-live': 'polite' });
    this.element = h(
      'div',
      {
        role: 'grid',
        id: this.id,
        class: 'grid',
        tabindex: 0,
        'aria-label': label,
        'aria-rowcount': 1,
        'aria-colcount': 0,
        'aria-multiselectable': 'false',
        'data-testid': 'results-grid',
      },
      this.header,
      this.viewport,
      this.status,
    );
    this.viewport.addEventListener('scroll', () => {
      this.header.scrollLeft = this.viewport.scrollLeft;
      this.schedule();
    });
    this.element.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.spacer.addEventListener('click', (e) => this.onClickCell(e));
    this.spacer.addEventListener('dblclick', (e) => {
      const pos = this.cellFromEvent(e);
      if (pos) this.beginEdit(pos.row, pos.col);
    });
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  /** Sets columns (keeps widths of columns with the same name) and whether cells can be edited. */
  setColumns(columns: GridColumn[], editable: boolean): void {
    const old = new Map(this.columns.map((c) => [c.name, c.width]));
    this.columns = columns.map((c) => ({ ...c, width: old.get(c.name) ?? c.width }));
    this.editable = editable;
    this.cellProto = this.cellPrototype();
    this.offsets = columnOffsets(this.columns.map((c) => c.width));
    this.cancelEdit();
    this.cursor = { row: -1, col: 0 };
    this.renderHeader();
    this.invalidate();
  }

  get columnCount(): number {
    return this.columns.length;
  }

  get activeCell(): Cursor {
    return { ...this.cursor };
  }

  /** Redraws every visible row (data changed). */
  invalidate(): void {
    for (const el of this.rows.values()) el.remove();
    this.rows.clear();
    this.schedule();
  }

  /** Redraws one row if it is visible. */
  invalidateRow(i: number): void {
    const el = this.rows.get(i);
    if (el) {
      el.remove();
      this.rows.delete(i);
    }
    this.schedule();
  }

  /**
   * Redraws only the rendered rows in `range` (rows whose data just arrived). When none of them is
   * rendered, nothing is redrawn; a render is still scheduled if the row count changed, so the
   * scrollbar and `aria-rowcount` follow.
   */
  invalidateRows(range: RowWindow): void {
    const stale = renderedRowsIn(this.rows.keys(), range);
    for (const i of stale) {
      this.rows.get(i)!.remove();
      this.rows.delete(i);
    }
    if (stale.length > 0 || this.source.rowCount() !== this.renderedCount) this.schedule();
  }

  /** Renders again once scrolling pauses, so the overscan rows skipped by a jump are added. */
  private settleLater(): void {
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.schedule();
    }, SETTLE_MS);
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Synchronous render (also used by tests and after key moves). */
  render(): void {
    const count = this.source.rowCount();
    this.renderedCount = count;
    this.element.setAttribute('aria-rowcount', String(count + 1));
    this.element.setAttribute('aria-colcount', String(this.columns.length));
    const totalWidth = this.offsets[this.offsets.length - 1] ?? 0;
    this.spacer.style.height = `${spacerHeight(count, this.rowHeight)}px`;
    this.spacer.style.width = `${totalWidth}px`;
    this.headerRow.style.width = `${totalWidth}px`;
    const view = { scrollTop: this.viewport.scrollTop, height: this.viewport.clientHeight || 400 };
    const jump = isScrollJump(this.lastTop, view.scrollTop, view.height);
    this.lastTop = view.scrollTop;
    if (jump) this.settleLater();
    const win = visibleRows(view, this.rowHeight, count, jump ? 0 : OVERSCAN_ROWS);
    const cols = visibleColumns(this.offsets, this.viewport.scrollLeft, this.viewport.clientWidth || 800, OVERSCAN_COLUMNS);
    const colsChanged = cols.first !== this.colWin.first || cols.end !== this.colWin.end;
    this.colWin = cols;
    for (const [i, el] of this.rows) {
      if ((i < win.first || i >= win.end) && this.editing?.row !== i) {
        el.remove();
        this.rows.delete(i);
      } else if (colsChanged) this.syncColumns(el, i);
    }
    for (let i = win.first; i < win.end; i++) {
      if (!this.rows.has(i)) {
        const el = this.renderRow(i);
        this.rows.set(i, el);
        this.spacer.appendChild(el);
      }
    }
    this.updateActive();
    if (win.end > win.first) this.source.needRows(win.first, win.end);
  }

  private renderHeader(): void {
    this.headerRow.replaceChildren();
    this.columns.forEach((c, j) => {
      const name = h('span', { class: 'grid-col-name' }, c.name);
      const type = c.type ? h('span', { class: 'grid-col-type' }, c.type) : null;
      const sortMark = h('span', { class: 'grid-sort', 'aria-hidden': 'true' }, c.sort === 'ascending' ? '▲' : c.sort === 'descending' ? '▼' : '');
      const resizer = h('div', { class: 'grid-resizer', role: 'separator', 'aria-orientation': 'vertical', 'aria-label': l10n.t('Resize column {0}', c.name) });
      const cell = h(
        'div',
        {
          role: 'columnheader',
          id: `${this.id}-h-${j}`,
          class: 'grid-cell grid-header-cell',
          'aria-colindex': j + 1,
          'aria-sort': c.sort ?? 'none',
          'data-col': j,
          title: c.type ? `${c.name} (${c.type})` : c.name,
        },
        name,
        type,
        sortMark,
        resizer,
      );
      cell.style.left = `${this.offsets[j]}px`;
      cell.style.width = `${c.width}px`;
      cell.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).classList.contains('grid-resizer')) return;
        this.cursor = { row: -1, col: j };
        this.updateActive();
        this.callbacks.onSort?.(j);
      });
      resizer.addEventListener('pointerdown', (e) => this.startResize(e, j));
      this.headerRow.appendChild(cell);
    });
  }

  private startResize(e: PointerEvent, j: number): void {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const startW = this.columns[j]!.width;
    const target = e.target as HTMLElement;
    target.setPointerCapture(e.pointerId);
    const move = (ev: PointerEvent) => this.resizeColumn(j, startW + ev.clientX - startX);
    const up = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  }

  resizeColumn(j: number, width: number): void {
    const c = this.columns[j];
    if (!c) return;
    c.width = clampWidth(width);
    this.offsets = columnOffsets(this.columns.map((x) => x.width));
    this.renderHeader();
    this.invalidate();
  }

  private renderRow(i: number): HTMLElement {
    const cells = this.source.row(i);
    const row = h('div', { role: 'row', class: i % 2 === 1 ? 'grid-row odd' : 'grid-row', 'aria-rowindex': i + 2, 'data-row': i });
    row.style.top = `${rowTop(i, this.rowHeight)}px`;
    row.style.height = `${this.rowHeight}px`;
    if (!cells) row.setAttribute('aria-busy', 'true');
    for (let j = this.colWin.first; j < this.colWin.end; j++) row.appendChild(this.renderCell(i, j, cells));
    return row;
  }

  /** The cell prototype for the current `editable` (made again only when that changes). */
  private cellPrototype(): HTMLElement {
    return h('div', { role: 'gridcell', class: 'grid-cell', 'aria-readonly': this.editable ? 'false' : 'true' });
  }

  /** The cell of row `i`, column `j` (only `textContent` ever carries the value). */
  private renderCell(i: number, j: number, cells: readonly Cell[] | undefined): HTMLElement {
    const c = this.columns[j]!;
    const pending = this.source.pending?.(i, j);
    const value = pending ? pending.value : cells ? (cells[j] ?? null) : undefined;
    const cell = this.cellProto.cloneNode(false) as HTMLElement;
    cell.setAttribute('aria-colindex', String(j + 1));
    cell.setAttribute('data-col', String(j));
    cell.style.left = `${this.offsets[j]}px`;
    cell.style.width = `${c.width}px`;
    if (value === undefined) {
      cell.classList.add('loading');
      cell.textContent = '…';
      return cell;
    }
    if (value === null) cell.classList.add('null');
    else if (typeof value === 'number' || (typeof value === 'object' && 'n' in value)) cell.classList.add('num');
    // textContent only: data never reaches an HTML parser. Only what the cell can show goes in;
    // a cut value is whole in the tooltip (an attribute: no text shaping while scrolling).
    const text = cellText(value);
    const shown = displayText(text, displayCharCap(c.width));
    cell.textContent = shown;
    if (shown !== text) cell.title = displayText(text, TOOLTIP_CHARS);
    if (pending) {
      cell.classList.add('dirty');
      if (pending.error) {
        cell.classList.add('failed');
        cell.setAttribute('aria-description', l10n.t('Save failed: {0}', pending.error));
      } else cell.setAttribute('aria-description', l10n.t('Edited, not saved'));
    }
    return cell;
  }

  /**
   * Brings a rendered row's cells to the current column window after a horizontal scroll: cells
   * that left it are removed, new ones are inserted in column order. The cell being edited stays.
   */
  private syncColumns(row: HTMLElement, i: number): void {
    const { first, end } = this.colWin;
    const keep = this.editing?.row === i ? this.editing.col : -1;
    const present = new Map<number, Element>();
    for (const cell of Array.from(row.children)) {
      const j = Number(cell.getAttribute('data-col'));
      if ((j < first || j >= end) && j !== keep) cell.remove();
      else present.set(j, cell);
    }
    const cells = this.source.row(i);
    // Columns in order over the window and the kept cell, so new cells go before the right one.
    const lo = keep < 0 ? first : Math.min(first, keep);
    const hi = keep < 0 ? end : Math.max(end, keep + 1);
    let next: Element | null = row.firstElementChild;
    for (let j = lo; j < hi; j++) {
      const have = present.get(j);
      if (have) next = have.nextElementSibling;
      else if (j >= first && j < end) row.insertBefore(this.renderCell(i, j, cells), next);
    }
  }

  private cellId(c: Cursor): string {
    return c.row < 0 ? `${this.id}-h-${c.col}` : `${this.id}-r${c.row}-c${c.col}`;
  }

  /** The rendered element of a cell (header cells for row -1), if it is in the DOM. */
  private cellElement(c: Cursor): HTMLElement | undefined {
    if (c.row < 0) return (this.headerRow.children[c.col] as HTMLElement | undefined) ?? undefined;
    const row = this.rows.get(c.row);
    if (!row) return undefined;
    for (const cell of Array.from(row.children)) if (Number(cell.getAttribute('data-col')) === c.col) return cell as HTMLElement;
    return undefined;
  }

  /**
   * Marks the active cell. Only the active data cell carries an `id` (what aria-activedescendant
   * points at); building thousands of ids per second while scrolling would be wasted work.
   */
  private updateActive(): void {
    const el = this.columns.length === 0 ? undefined : this.cellElement(this.cursor);
    const prev = this.activeEl;
    if (prev && prev !== el) {
      prev.classList.remove('active');
      if (prev.getAttribute('role') === 'gridcell') prev.removeAttribute('id');
    }
    this.activeEl = el;
    if (!el) {
      this.element.removeAttribute('aria-activedescendant');
      return;
    }
    el.classList.add('active');
    const id = this.cellId(this.cursor);
    if (el.id !== id) el.id = id;
    this.element.setAttribute('aria-activedescendant', id);
  }

  /** Moves the active cell (keyboard or programmatic) and scrolls it into view. */
  setActive(c: Cursor): void {
    this.cursor = { row: Math.max(-1, Math.min(c.row, this.source.rowCount() - 1)), col: Math.max(0, Math.min(c.col, this.columns.length - 1)) };
    if (this.cursor.row >= 0) {
      const view = { scrollTop: this.viewport.scrollTop, height: this.viewport.clientHeight || 400 };
      const top = scrollToReveal(this.cursor.row, view, this.rowHeight);
      if (top !== this.viewport.scrollTop) this.viewport.scrollTop = top;
      const left = this.offsets[this.cursor.col] ?? 0;
      const right = this.offsets[this.cursor.col + 1] ?? left;
      if (left < this.viewport.scrollLeft) this.viewport.scrollLeft = left;
      else if (right > this.viewport.scrollLeft + this.viewport.clientWidth) this.viewport.scrollLeft = right - this.viewport.clientWidth;
    }
    this.render();
    this.callbacks.onActiveChange?.(this.activeCell);
    const col = this.columns[this.cursor.col];
    if (col && this.cursor.row >= 0) {
      const cells = this.source.row(this.cursor.row);
      const v = cells?.[this.cursor.col];
      setText(this.status, v === undefined ? '' : `${col.name}: ${cellText(v)}`);
    }
  }

  private onClickCell(e: MouseEvent): void {
    const pos = this.cellFromEvent(e);
    if (!pos) return;
    this.element.focus();
    this.setActive(pos);
  }

  private cellFromEvent(e: Event): Cursor | undefined {
    const cell = (e.target as HTMLElement).closest('[role=gridcell]');
    const row = cell?.parentElement;
    if (!cell || !row) return undefined;
    return { row: Number(row.getAttribute('data-row')), col: Number(cell.getAttribute('data-col')) };
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (this.editing) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (NAV_KEYS.has(e.key)) {
      if (ctrl && e.shiftKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        const c = this.columns[this.cursor.col];
        if (c) this.resizeColumn(this.cursor.col, c.width + (e.key === 'ArrowLeft' ? -20 : 20));
        e.preventDefault();
        return;
      }
      e.preventDefault();
      const pageRows = Math.max(1, Math.floor((this.viewport.clientHeight || 400) / this.rowHeight) - 1);
      this.setActive(moveCursor(this.cursor, e.key as NavKey, ctrl, this.source.rowCount(), this.columns.length, pageRows));
      return;
    }
    if (this.cursor.row < 0) {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        this.callbacks.onSort?.(this.cursor.col);
      }
      return;
    }
    if (ctrl && (e.key === 'c' || e.key === 'C')) {
      e.preventDefault();
      this.callbacks.onCopy?.(e.shiftKey ? 'rowJson' : e.altKey ? 'row' : 'cell', this.cursor.row, this.cursor.col);
    } else if (e.key === 'Enter' && e.altKey) {
      e.preventDefault();
      this.callbacks.onOpenRow?.(this.cursor.row);
    } else if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      this.beginEdit(this.cursor.row, this.cursor.col);
    } else if (e.key === 'Delete' && e.shiftKey && this.editable) {
      e.preventDefault();
      this.callbacks.onEdit?.(this.cursor.row, this.cursor.col, null);
    }
  }

  /** Opens the inline editor on a cell (tables with a primary key only). */
  beginEdit(row: number, col: number): void {
    if (!this.editable || !this.callbacks.onEdit) return;
    const cells = this.source.row(row);
    if (!cells) return;
    this.setActive({ row, col });
    const cellEl = this.cellElement({ row, col });
    if (!cellEl) return;
    const pending = this.source.pending?.(row, col);
    const current = pending ? pending.value : (cells[col] ?? null);
    const input = h('input', {
      class: 'grid-editor',
      type: 'text',
      'aria-label': l10n.t('Edit {0} (Enter saves to the queue, Escape cancels, Shift+Delete sets NULL)', this.columns[col]?.name ?? ''),
      'data-testid': 'cell-editor',
    });
    input.value = current === null ? '' : cellText(current);
    cellEl.replaceChildren(input);
    this.editing = { row, col, input };
    input.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commitEdit(input.value);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.cancelEdit();
      } else if (e.key === 'Delete' && e.shiftKey) {
        e.preventDefault();
        this.commitEdit(null);
      }
    });
    input.addEventListener('blur', () => {
      if (this.editing?.input === input) this.cancelEdit();
    });
    input.focus();
    input.select();
  }

  private commitEdit(text: string | null): void {
    const ed = this.editing;
    if (!ed) return;
    this.editing = undefined;
    this.callbacks.onEdit?.(ed.row, ed.col, text);
    this.invalidateRow(ed.row);
    this.element.focus();
  }

  private cancelEdit(): void {
    const ed = this.editing;
    if (!ed) return;
    this.editing = undefined;
    this.invalidateRow(ed.row);
    this.element.focus();
  }

  /** Rows currently in the DOM (for tests and the bench). */
  get renderedRowCount(): number {
    return this.rows.size;
  }
}
