/**
 * The paging loop every export shares (the Tables tree's and the query builder's): range requests
 * of at most `pageSize` rows until the rows run out or the row cap is reached, each page written
 * as it arrives. Free of `vscode` and of any output format: fetching, measuring and writing a
 * page are injected, so the loop is unit-tested with fakes and both exports behave the same.
 */
import { CancelledError } from '../commands/errors';

/** What the loop needs to know of a fetched page. */
export interface PageFacts {
  /** Rows the page holds (the probe row included, when one was asked for). */
  rows: number;
  /** Rows the whole export window holds, when the server said (Content-Range total). */
  total: number | null;
  /** Nothing can follow this page (a function that returned one object). */
  last?: boolean;
}

export interface PageWalkOptions<P> {
  /** Most rows to write. */
  cap: number;
  pageSize: number;
  /**
   * The cap is a setting below what the query itself could return: the last request asks for one
   * row more, so a table of exactly `cap` rows is told from a longer one (only the longer one is
   * "capped"). False when the cap is the query's own limit: nothing is cut then.
   */
  probe: boolean;
  /** Fetches `size` rows from `offset` (0 = the first row of the export); `first` for the first page. */
  fetch(offset: number, size: number, first: boolean): Promise<P>;
  measure(page: P): PageFacts;
  /**
   * Writes the first `take` rows of `page`; `before` rows were written already. Called for every
   * page with rows to keep, and for the first page even when it has none (a CSV header).
   */
  write(page: P, take: number, before: number): Promise<void>;
  signal?: AbortSignal;
  onProgress?(written: number, total: number | null): void;
}

export interface PageWalkResult {
  written: number;
  /** The export window's row count when the server said, else null. */
  total: number | null;
  /** True only when rows beyond the cap exist (the probe row came back, or the total says so). */
  capped: boolean;
}

export async function walkPages<P>(o: PageWalkOptions<P>): Promise<PageWalkResult> {
  if (!(o.pageSize >= 1) || !(o.cap >= 0)) throw new RangeError('pageSize must be at least 1 and cap at least 0');
  let written = 0;
  let total: number | null = null;
  let capped = false;
  let first = true;
  while (written < o.cap) {
    if (o.signal?.aborted) throw new CancelledError();
    const size = Math.min(o.pageSize, o.cap - written);
    const extra = o.probe && written + size >= o.cap ? 1 : 0;
    const page = await o.fetch(written, size + extra, first);
    if (o.signal?.aborted) throw new CancelledError();
    const facts = o.measure(page);
    if (facts.total !== null) total = facts.total;
    if (extra && facts.rows > size) capped = true;
    const take = Math.min(facts.rows, size);
    if (take > 0 || first) await o.write(page, take, written);
    first = false;
    written += take;
    o.onProgress?.(written, total);
    // The server's max-rows may cut a page short of what was asked: only an empty page, the
    // known total or a last page ends the walk, never a short page.
    if (facts.last || take === 0 || (total !== null && written >= total)) break;
  }
  // A probe page cut short by max-rows says nothing; a known total still does.
  if (!capped && o.probe && total !== null) capped = total > written && written >= o.cap;
  return { written, total, capped };
}
