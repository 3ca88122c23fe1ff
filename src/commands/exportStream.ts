/**
 * The paging loop of an export: range requests of `pageSize` rows until the table is exhausted
 * or the row cap is reached, written as they arrive. Pure (no vscode): the page fetcher and the
 * writer are injected, so the loop is unit-tested with fakes.
 */
import { CancelledError } from './errors';
import { splitCsv, toJsonText } from './exportFormat';

export type ExportFormat = 'csv' | 'json';

/** One page: CSV text with its header line, or parsed rows; `count` from the first page only. */
export type ExportPage = { kind: 'csv'; text: string; count: number | null } | { kind: 'json'; rows: unknown[]; count: number | null };

export interface ExportOptions {
  format: ExportFormat;
  /** Most rows to write (the `supabaseExplorer.export.maxRows` setting). */
  cap: number;
  pageSize: number;
  /** Fetches rows `from`..`to` (inclusive); `withCount` asks for the exact total (first page). */
  fetchPage(from: number, to: number, withCount: boolean): Promise<ExportPage>;
  write(chunk: string): Promise<void>;
  signal?: AbortSignal;
  onProgress?(written: number, total: number | null): void;
}

export interface ExportResult {
  written: number;
  /** The table's row count when the server said (count=exact), else null. */
  total: number | null;
  /** True when rows were left out because of the cap. */
  capped: boolean;
}

export async function streamExport(o: ExportOptions): Promise<ExportResult> {
  if (o.pageSize < 1 || o.cap < 1) throw new RangeError('pageSize and cap must be at least 1');
  let written = 0;
  let total: number | null = null;
  let first = true;
  let lastPageFull = false;
  if (o.format === 'json') await o.write('[');
  while (written < o.cap) {
    if (o.signal?.aborted) throw new CancelledError();
    const from = written;
    const to = Math.min(written + o.pageSize, o.cap) - 1;
    const page = await o.fetchPage(from, to, first);
    if (o.signal?.aborted) throw new CancelledError();
    if (first && page.count !== null) total = page.count;
    let received: number;
    if (page.kind === 'csv') {
      const { header, body, records } = splitCsv(page.text);
      if (first && header) await o.write(`${header}\n`);
      if (records > 0) await o.write(body);
      received = records;
    } else {
      if (page.rows.length > 0) await o.write(`${written > 0 ? ',' : ''}\n${page.rows.map((r) => toJsonText(r)).join(',\n')}`);
      received = page.rows.length;
    }
    first = false;
    written += received;
    lastPageFull = received >= to - from + 1;
    o.onProgress?.(written, total);
    // The server's max-rows may cap a page below what was asked: stop only on an empty page or
    // when the known total is reached — never on a short page.
    if (received === 0 || (total !== null && written >= total)) break;
  }
  if (o.format === 'json') await o.write(written > 0 ? '\n]\n' : ']\n');
  const capped = written >= o.cap && (total !== null ? total > o.cap : lastPageFull);
  return { written, total, capped };
}
