/**
 * What the query builder panel needs from the rest of the extension. No `vscode` import: the
 * handlers are unit-tested with fakes, and the host implements these over the core
 * (see `src/connections/coreQueryRunner.ts`).
 */
import type { ChainDescription } from '../core/database/chain';
import type { SerializedError } from '../protocol/envelope';
import type { CodeLang, PanelTarget, RunAs, TargetInfo } from '../protocol/queryBuilder';

/** A response as received, body unparsed, so the host can parse it losslessly. */
export interface RawResponse {
  status: number;
  statusText: string;
  /** The raw body text ('' when there is none, e.g. HEAD or 204). */
  text: string;
  contentType: string | null;
  /** `Content-Range` header, e.g. `0-99/1234` or `*\/42`. */
  contentRange: string | null;
}

export type RunOutcome = { ok: true; response: RawResponse } | { ok: false; error: SerializedError };

export interface QueryRunner {
  /**
   * Runs a chain as the given role. Resolves with the raw response on 2xx, or with the error
   * (PostgREST `code/message/details/hint` + HTTP `status`) otherwise. Rejects only when
   * aborted through `signal` (with an `AbortError`) or on a programming error.
   */
  run(chain: ChainDescription, runAs: RunAs, signal: AbortSignal): Promise<RunOutcome>;
  /** Columns, primary key and relations of the target (from the cached OpenAPI document). */
  describe(target: PanelTarget, signal: AbortSignal): Promise<TargetInfo>;
}

/** Copy-as-code generators (src/core/database/codegen) behind a seam. */
export interface CodeGenerator {
  generate(chain: ChainDescription, lang: CodeLang): string | Promise<string>;
}

/** Where an export goes (the host shows a save dialog and streams to the file). */
export interface ExportSink {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
  /** Removes a partial file after cancel/failure. */
  abort(): Promise<void>;
  readonly destination: string;
}

/** The editor-side services the panel uses. */
export interface PanelUi {
  /** Opens exact JSON text in an untitled JSON editor. */
  openJson(title: string, text: string): Promise<void>;
  /** Asks where to export; undefined when the user cancels. */
  openExport(format: 'csv' | 'json', suggestedName: string): Promise<ExportSink | undefined>;
}

export interface PanelSettings {
  pageSize: number;
  exportRowCap: number;
  /** Rows per range request while exporting (`supabaseExplorer.export.pageSize`); else `pageSize`. */
  exportPageSize?: number;
}
