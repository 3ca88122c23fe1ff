/**
 * The save queue of inline edits (pure): per row, the primary key (exact text for big numbers)
 * and, per cell, old → new. Applied as updates by primary key; failed rows stay with their error.
 */
import type { JsonValue } from '../../src/core/database/chain';
import type { RowEdit } from '../../src/protocol/queryBuilder';
import { cellText, cellToValue, type Cell } from '../../src/protocol/losslessJson';
import { defaultAs } from './builderState';
import { l10n } from '../shared/l10n';

export interface CellChange {
  column: string;
  old: Cell;
  /** The new value as a grid cell (exact text for big numbers). */
  next: Cell;
  /** The value sent in the update body. */
  value: JsonValue;
}

export interface RowEntry {
  key: string;
  /** Row index in the result grid (for redraws). */
  row: number;
  pk: Record<string, string | number | boolean>;
  changes: CellChange[];
  error?: string;
}

export type EditQueue = readonly RowEntry[];

/** Reads a typed cell text according to the column type; errors for impossible values. */
export function parseEdit(text: string | null, columnType: string | undefined): { ok: true; next: Cell; value: JsonValue } | { ok: false; message: string } {
  if (text === null) return { ok: true, next: null, value: null };
  switch (defaultAs(columnType)) {
    case 'number': {
      const t = text.trim();
      if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(t)) return { ok: false, message: l10n.t('"{0}" is not a number', text) };
      const n = Number(t);
      // Exact text for values a double cannot hold: PostgreSQL casts the JSON string exactly.
      const exact = String(n) === t && !(Number.isInteger(n) && !Number.isSafeInteger(n));
      return exact ? { ok: true, next: n, value: n } : { ok: true, next: { n: t }, value: t };
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t !== 'true' && t !== 'false') return { ok: false, message: 'expected true or false' };
      return { ok: true, next: t === 'true', value: t === 'true' };
    }
    case 'json':
      try {
        const v = JSON.parse(text) as JsonValue;
        return { ok: true, next: v !== null && typeof v === 'object' ? { j: text } : (v as Cell), value: v };
      } catch (err) {
        return { ok: false, message: l10n.t('invalid JSON: {0}', (err as Error).message) };
      }
    default:
      return { ok: true, next: text, value: text };
  }
}

/** The primary key of a row, big numbers as exact text. Undefined when a key column is missing or null. */
export function primaryKeyOf(columns: readonly string[], row: readonly Cell[], pkColumns: readonly string[]): Record<string, string | number | boolean> | undefined {
  const out: Record<string, string | number | boolean> = {};
  for (const pk of pkColumns) {
    const i = columns.indexOf(pk);
    if (i < 0) return undefined;
    const v = cellToValue(row[i] ?? null);
    if (v === null) return undefined;
    out[pk] = v;
  }
  return out;
}

export function rowKey(pk: Record<string, string | number | boolean>): string {
  return JSON.stringify(Object.keys(pk).sort().map((k) => [k, pk[k]]));
}

function sameCell(a: Cell, b: Cell): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a !== 'object' || typeof b !== 'object') return a === b;
  return cellText(a) === cellText(b) && ('n' in a) === ('n' in b);
}

/** Adds (or replaces) a cell change; reverting to the old value removes it. */
export function addEdit(queue: EditQueue, entry: { row: number; pk: Record<string, string | number | boolean> }, change: CellChange): EditQueue {
  const key = rowKey(entry.pk);
  const existing = queue.find((e) => e.key === key);
  const base: RowEntry = existing ?? { key, row: entry.row, pk: entry.pk, changes: [] };
  const prior = base.changes.find((c) => c.column === change.column);
  const old = prior ? prior.old : change.old;
  const others = base.changes.filter((c) => c.column !== change.column);
  const changes = sameCell(old, change.next) ? others : [...others, { ...change, old }];
  const { error: _drop, ...rest } = base;
  const updated: RowEntry = { ...rest, changes };
  const without = queue.filter((e) => e.key !== key);
  return changes.length ? [...without, updated] : without;
}

export function discardRow(queue: EditQueue, key: string): EditQueue {
  return queue.filter((e) => e.key !== key);
}

/** The request payload for `applyEdits`. */
export function toRowEdits(queue: EditQueue): RowEdit[] {
  return queue.map((e) => ({ key: e.key, pk: e.pk, values: Object.fromEntries(e.changes.map((c) => [c.column, c.value])) }));
}

/** Applies results: successful rows leave the queue, failed ones keep their changes and get the error. */
export function applyResults(queue: EditQueue, results: readonly { key: string; ok: boolean; error?: { message: string; code?: string } }[]): EditQueue {
  const byKey = new Map(results.map((r) => [r.key, r]));
  const out: RowEntry[] = [];
  for (const e of queue) {
    const r = byKey.get(e.key);
    if (r?.ok) continue;
    if (r && !r.ok) out.push({ ...e, error: r.error ? `${r.error.code ? `${r.error.code}: ` : ''}${r.error.message}` : l10n.t('failed') });
    else out.push(e);
  }
  return out;
}

/** The pending value of one cell, if edited. */
export function pendingCell(queue: EditQueue, row: number, column: string): { value: Cell; error?: string } | undefined {
  for (const e of queue) {
    if (e.row !== row) continue;
    const c = e.changes.find((x) => x.column === column);
    if (c) return e.error ? { value: c.next, error: e.error } : { value: c.next };
  }
  return undefined;
}
