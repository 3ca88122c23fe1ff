/**
 * The Tables tree's export of a whole table as CSV or JSON, on the shared paging loop
 * (src/export/pageWalk.ts): PostgREST CSV pages are joined under one header, JSON rows into one
 * array. Pure (no vscode): the page fetcher and the writer are injected.
 */
import { walkPages } from '../export/pageWalk';
import { firstCsvRecords, splitCsv, toJsonText } from './exportFormat';

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
  type Page = ExportPage & { csv?: { header: string; body: string; records: number } };
  if (o.format === 'json') await o.write('[');
  const r = await walkPages<Page>({
    cap: o.cap,
    pageSize: o.pageSize,
    // The whole table is exported: the cap is the setting, so the last request probes one row
    // past it, and only a table longer than the cap is reported as capped.
    probe: true,
    ...(o.signal ? { signal: o.signal } : {}),
    fetch: async (from, size, first) => {
      const page: Page = await o.fetchPage(from, from + size - 1, first);
      if (page.kind === 'csv') page.csv = splitCsv(page.text);
      return page;
    },
    measure: (page) => ({ rows: page.csv ? page.csv.records : page.kind === 'json' ? page.rows.length : 0, total: page.count }),
    write: async (page, take, before) => {
      if (page.csv) {
        // Only the first page is written with nothing before it (an empty page ends the walk).
        if (before === 0 && page.csv.header) await o.write(`${page.csv.header}\n`);
        if (take > 0) await o.write(take < page.csv.records ? firstCsvRecords(page.csv.body, take) : page.csv.body);
      } else if (page.kind === 'json' && take > 0) {
        await o.write(`${before > 0 ? ',' : ''}\n${page.rows.slice(0, take).map((row) => toJsonText(row)).join(',\n')}`);
      }
    },
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  if (o.format === 'json') await o.write(r.written > 0 ? '\n]\n' : ']\n');
  return r;
}
