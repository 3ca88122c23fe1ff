/**
 * Helpers for streamed exports: splitting PostgREST CSV pages, JSON framing, the rows-template of
 * an insert, the params-template of a function call, and JSON input checks. Pure (no vscode).
 */
import type { ColumnModel, ParamModel } from '../trees/schemaModel';
import { l10n } from '../l10n';
import { UserError } from './errors';

/**
 * Walks CSV text from `from` (a position outside quotes) counting the newlines outside quotes,
 * and stops at the `stopAt`-th: `index` is its position (-1 when there are fewer).
 * `endsWithNewline`: the last character scanned was such a newline (true when nothing was scanned).
 */
function scanCsvNewlines(text: string, from: number, stopAt: number): { count: number; index: number; endsWithNewline: boolean } {
  let inQuotes = false;
  let count = 0;
  let endsWithNewline = true;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n' && !inQuotes) {
      endsWithNewline = true;
      if (++count === stopAt) return { count, index: i, endsWithNewline };
      continue;
    }
    if (ch === '"') inQuotes = !inQuotes;
    endsWithNewline = false;
  }
  return { count, index: -1, endsWithNewline };
}

/** Splits CSV text into its header line and the records after it, counting records (quotes aware). */
export function splitCsv(text: string): { header: string; body: string; records: number } {
  const headerEnd = scanCsvNewlines(text, 0, 1).index;
  if (headerEnd < 0) return { header: text.replace(/\r$/, ''), body: '', records: 0 };
  const rest = scanCsvNewlines(text, headerEnd + 1, Infinity);
  // A last record without a trailing newline still counts.
  const records = rest.count + (rest.endsWithNewline ? 0 : 1);
  const header = text.slice(0, headerEnd).replace(/\r$/, '');
  let body = text.slice(headerEnd + 1);
  if (body.length > 0 && !body.endsWith('\n')) body += '\n';
  return { header, body, records };
}

/** The first `n` records of a CSV body (as split by splitCsv), each ending in a newline. */
export function firstCsvRecords(body: string, n: number): string {
  if (n <= 0) return '';
  const end = scanCsvNewlines(body, 0, n).index;
  return end < 0 ? body : body.slice(0, end + 1);
}

/** Columns to order an export by so range pages are stable: the primary key, else none. */
export function stableOrder(columns: readonly ColumnModel[]): string[] {
  return columns.filter((c) => c.isPrimaryKey).map((c) => c.name);
}

/** A placeholder for a column or parameter type, so the template is valid JSON to edit. */
export function placeholderFor(type: string): unknown {
  const t = type.toLowerCase();
  if (t.endsWith('[]') || t.startsWith('array') || t.startsWith('_')) return [];
  if (/^(smallint|integer|bigint|int[248]?|numeric|decimal|real|double precision|float[48]?)/.test(t)) return 0;
  if (t.startsWith('bool')) return false;
  if (t === 'json' || t === 'jsonb') return {};
  return '';
}

/** One row to edit before an insert: the columns without a default (required first). */
export function insertTemplate(columns: readonly ColumnModel[]): Record<string, unknown>[] {
  const row: Record<string, unknown> = {};
  const cols = columns.filter((c) => c.default === undefined);
  const ordered = [...cols.filter((c) => !c.nullable), ...cols.filter((c) => c.nullable)];
  for (const c of ordered) row[c.name] = c.nullable ? null : placeholderFor(c.type);
  return [row];
}

export function paramsTemplate(params: readonly ParamModel[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) out[p.name] = p.required ? placeholderFor(p.type) : null;
  return out;
}

function parseJson(text: string, what: 'rows' | 'arguments'): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new UserError(
      what === 'rows' ? l10n.t('The rows are not valid JSON: {0}', reason) : l10n.t('The arguments are not valid JSON: {0}', reason),
    );
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Rows to insert: a JSON object or a non-empty array of objects. */
export function parseRows(text: string): Record<string, unknown>[] {
  const value = parseJson(text, 'rows');
  const rows = Array.isArray(value) ? value : [value];
  if (rows.length === 0) throw new UserError(l10n.t('There are no rows to insert: the array is empty.'));
  rows.forEach((r, i) => {
    if (!isPlainObject(r)) throw new UserError(l10n.t('Row {0} is not a JSON object.', i + 1));
  });
  return rows as Record<string, unknown>[];
}

/** Function arguments: a JSON object (empty text means no arguments). */
export function parseArgs(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  const value = parseJson(text, 'arguments');
  if (!isPlainObject(value)) throw new UserError(l10n.t('The arguments must be a JSON object, e.g. {"name": "value"}.'));
  return value;
}

/** A core `LosslessNumber` (duck-typed: the core is a separate bundle). */
function losslessText(v: unknown): string | undefined {
  if (v && typeof v === 'object' && (v as { isLosslessNumber?: unknown }).isLosslessNumber === true) {
    const text = String((v as { value: unknown }).value);
    return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? text : JSON.stringify(text);
  }
  return undefined;
}

/**
 * JSON text of a value where the core's LosslessNumbers are written as the exact number text
 * (clarification 8: values beyond 2^53 stay exact in exports and result editors).
 */
export function toJsonText(value: unknown, indent = 0): string {
  const pad = (depth: number) => (indent > 0 ? `\n${' '.repeat(indent * depth)}` : '');
  const sep = indent > 0 ? ': ' : ':';
  const walk = (v: unknown, depth: number): string | undefined => {
    const raw = losslessText(v);
    if (raw !== undefined) return raw;
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'bigint') return v.toString();
      return JSON.stringify(v);
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return walk((v as { toJSON(): unknown }).toJSON(), depth);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      const items = v.map((x) => walk(x, depth + 1) ?? 'null');
      return `[${items.map((x) => `${pad(depth + 1)}${x}`).join(',')}${pad(depth)}]`;
    }
    const entries: string[] = [];
    for (const [k, x] of Object.entries(v)) {
      const text = walk(x, depth + 1);
      if (text !== undefined) entries.push(`${pad(depth + 1)}${JSON.stringify(k)}${sep}${text}`);
    }
    return entries.length === 0 ? '{}' : `{${entries.join(',')}${pad(depth)}}`;
  };
  return walk(value, 0) ?? 'null';
}
