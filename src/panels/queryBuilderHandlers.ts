/**
 * The query builder's request handlers, free of `vscode`: they turn validated webview requests
 * into chains for the `QueryRunner`, parse results losslessly and shape the replies.
 */
import type { ChainDescription, Filter, Step } from '../core/database/chain';
import { checkChainSemantics } from '../protocol/chainSchema';
import type { SerializedError } from '../protocol/envelope';
import { cellToValue, JsonSyntaxError, parseRows, rowJson, type Cell } from '../protocol/losslessJson';
import type {
  EditResult,
  PanelTarget,
  QueryBuilderReplies,
  QueryBuilderToHost,
  ResultBody,
  RunAs,
  RunResult,
  TargetInfo,
} from '../protocol/queryBuilder';
import { walkPages } from '../export/pageWalk';
import { l10n } from '../l10n';
import type { HandlerMap, RequestContext } from './MessageRouter';
import type { CodeGenerator, PanelSettings, PanelUi, QueryRunner, RawResponse } from './QueryRunner';

export interface QueryBuilderDeps {
  target: PanelTarget;
  runner: QueryRunner;
  ui: PanelUi;
  settings(): PanelSettings;
  /** The connection is read-only: every write is refused here, whatever the webview sends. */
  readOnly(): boolean;
  /** service_role may be used (a service key is configured). */
  serviceRoleAvailable(): boolean;
  codegen?: CodeGenerator;
  /** Extra semantic validation (the core's `validate()`); returns issue text or undefined. */
  validate?(chain: ChainDescription): string | undefined;
  now?(): number;
}

/** A request failure carried to the webview as a `SerializedError`. */
export class PanelRequestError extends Error {
  override name: string;
  code?: string;
  details?: SerializedError['details'];
  hint?: string | null;
  status?: number;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    if (error.code !== undefined) this.code = error.code;
    if (error.details !== undefined) this.details = error.details;
    if (error.hint !== undefined) this.hint = error.hint;
    if (error.status !== undefined) this.status = error.status;
  }
}

function refuse(message: string, code = 'REFUSED'): PanelRequestError {
  return new PanelRequestError({ name: 'RequestRefused', message, code });
}

const WRITE_KINDS = new Set(['insert', 'upsert', 'update', 'delete']);

export function isWrite(chain: ChainDescription): boolean {
  if (chain.action && WRITE_KINDS.has(chain.action.kind)) return true;
  // An rpc may write; a read-only connection only allows rpc through GET (`get: true`).
  return chain.target.kind === 'rpc' && !chain.target.get && !chain.target.head;
}

/** Parses `Content-Range` (`0-9/100`, `*\/42`, `0-9/*`). */
export function parseContentRange(header: string | null): { range?: { from: number; to: number }; total: number | null } {
  if (!header) return { total: null };
  const m = /^\s*(?:(\d+)-(\d+)|\*)\/(\d+|\*)\s*$/.exec(header);
  if (!m) return { total: null };
  const out: { range?: { from: number; to: number }; total: number | null } = {
    total: m[3] === '*' ? null : Number(m[3]),
  };
  if (m[1] !== undefined && m[2] !== undefined) out.range = { from: Number(m[1]), to: Number(m[2]) };
  return out;
}

/** Turns a raw response into a grid-ready body, exact numbers kept. */
export function toResultBody(res: RawResponse): ResultBody {
  const text = res.text;
  const type = (res.contentType ?? '').toLowerCase();
  if (text.trim() === '') return { kind: 'empty' };
  if (type.includes('text/csv') || type.startsWith('text/plain') || type.includes('plan+text')) {
    return { kind: 'text', text, contentType: res.contentType ?? 'text/plain' };
  }
  try {
    const rows = parseRows(text);
    return rows ?? { kind: 'json', text };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { kind: 'text', text, contentType: res.contentType ?? 'text/plain' };
    throw err;
  }
}

function explainBody(res: RawResponse, format: 'text' | 'json'): ResultBody {
  if (res.text.trim() === '') return { kind: 'empty' };
  return format === 'json' ? { kind: 'json', text: res.text } : { kind: 'text', text: res.text, contentType: res.contentType ?? 'text/plain' };
}

function explainFormat(chain: ChainDescription): 'text' | 'json' | undefined {
  for (const s of chain.steps) if (s.kind === 'explain') return s.format ?? 'text';
  return undefined;
}

/** The same chain restricted to one page: top-level range/limit replaced by `range(from, to)`. */
export function pageChain(chain: ChainDescription, page: { from: number; size: number }): ChainDescription {
  const steps: Step[] = chain.steps.filter((s) => !((s.kind === 'range' || s.kind === 'limit') && !s.referencedTable));
  steps.push({ kind: 'range', from: page.from, to: page.from + page.size - 1 });
  return { ...chain, steps };
}

/**
 * A HEAD count of the rows a chain would read or touch: same target and filters, `select` with
 * `count: 'exact'`, `head: true`. Used before update/delete to confirm with the number affected.
 */
export function countChain(chain: ChainDescription): ChainDescription {
  if (chain.target.kind === 'rpc') {
    return {
      ...chain,
      target: { ...chain.target, head: true, get: chain.target.get ?? false, count: 'exact' },
      steps: chain.steps.filter((s): s is Filter => s.kind === 'filter'),
    };
  }
  const out: ChainDescription = {
    v: 1,
    target: chain.target,
    action: { kind: 'select', head: true, count: 'exact' },
    steps: chain.steps.filter((s): s is Filter => s.kind === 'filter'),
  };
  if (chain.schema !== undefined) out.schema = chain.schema;
  return out;
}

/** The update of one row by primary key (exact text for big keys). */
export function editChain(target: PanelTarget, pk: Record<string, string | number | boolean>, values: Record<string, unknown>): ChainDescription {
  const keys = Object.keys(pk);
  if (keys.length === 0) throw refuse(l10n.t('an inline edit needs the primary key of its row'));
  return {
    v: 1,
    schema: target.schema,
    target: { kind: 'table', name: target.name },
    action: { kind: 'update', values: values as Record<string, never> },
    steps: [
      ...keys.map((column): Filter => ({ kind: 'filter', op: 'eq', column, value: pk[column]! })),
      { kind: 'select', columns: '*' },
    ],
  };
}

export function createQueryBuilderHandlers(deps: QueryBuilderDeps): HandlerMap<QueryBuilderToHost, QueryBuilderReplies> {
  const now = deps.now ?? (() => Date.now());

  const checkChain = (chain: ChainDescription, runAs: RunAs | undefined): void => {
    const semantic = checkChainSemantics(chain) ?? deps.validate?.(chain);
    if (semantic) throw refuse(semantic, 'INVALID_CHAIN');
    const t = deps.target;
    if ((chain.schema ?? 'public') !== t.schema) throw refuse(l10n.t('this panel queries schema "{0}"', t.schema));
    const name = chain.target.kind === 'table' ? chain.target.name : chain.target.fn;
    const wantKind = t.kind === 'function' ? 'rpc' : 'table';
    if (chain.target.kind !== wantKind || name !== t.name) {
      throw refuse(
        t.kind === 'function'
          ? l10n.t('this panel queries function "{0}" only', t.name)
          : t.kind === 'view'
            ? l10n.t('this panel queries view "{0}" only', t.name)
            : l10n.t('this panel queries table "{0}" only', t.name),
      );
    }
    if (t.kind === 'view' || t.kind === 'table' || t.kind === 'function') {
      if (deps.readOnly() && isWrite(chain)) throw refuse(l10n.t('the connection is read-only: writes are disabled'), 'READ_ONLY');
    }
    if (runAs === 'service_role' && !deps.serviceRoleAvailable()) throw refuse(l10n.t('no service_role key is configured for this connection'));
  };

  const runRaw = async (chain: ChainDescription, runAs: RunAs, ctx: RequestContext): Promise<RawResponse> => {
    const outcome = await deps.runner.run(chain, runAs, ctx.signal);
    if (!outcome.ok) throw new PanelRequestError(outcome.error);
    return outcome.response;
  };

  const toRunResult = (chain: ChainDescription, res: RawResponse, started: number): RunResult => {
    const cr = parseContentRange(res.contentRange);
    const explain = explainFormat(chain);
    const result: RunResult = {
      status: res.status,
      statusText: res.statusText,
      // A plan is shown as a plan, never as a grid: keep its text.
      body: explain ? explainBody(res, explain) : toResultBody(res),
      count: cr.total,
      elapsedMs: Math.max(0, now() - started),
    };
    if (cr.range) result.range = cr.range;
    if (explain) result.explain = explain;
    return result;
  };

  return {
    loadColumns: async (_msg, ctx) => deps.runner.describe(deps.target, ctx.signal),

    run: async (msg, ctx) => {
      checkChain(msg.chain, msg.runAs);
      const chain = msg.page ? pageChain(msg.chain, msg.page) : msg.chain;
      const started = now();
      const res = await runRaw(chain, msg.runAs, ctx);
      return toRunResult(chain, res, started);
    },

    count: async (msg, ctx) => {
      checkChain(msg.chain, msg.runAs);
      const res = await runRaw(countChain(msg.chain), msg.runAs ?? 'anon', ctx);
      return { count: parseContentRange(res.contentRange).total };
    },

    applyEdits: async (msg, ctx) => {
      if (deps.target.kind !== 'table') throw refuse(l10n.t('inline edits apply to tables only'));
      if (deps.readOnly()) throw refuse(l10n.t('the connection is read-only: writes are disabled'), 'READ_ONLY');
      const runAs = msg.runAs ?? 'anon';
      if (runAs === 'service_role' && !deps.serviceRoleAvailable()) throw refuse(l10n.t('no service_role key is configured for this connection'));
      const results: EditResult[] = [];
      for (const edit of msg.edits) {
        if (ctx.signal.aborted) break;
        try {
          const res = await runRaw(editChain(deps.target, edit.pk, edit.values), runAs, ctx);
          const body = toResultBody(res);
          if (body.kind !== 'rows' || body.rows.length === 0) {
            results.push({
              key: edit.key,
              ok: false,
              error: {
                name: 'EditNotApplied',
                message: 'no row was updated: it was deleted or its key changed, or the role may not update it (RLS)',
                code: 'NO_ROW',
              },
            });
          } else {
            results.push({ key: edit.key, ok: true, row: { columns: body.columns, cells: body.rows[0]! } });
          }
        } catch (err) {
          if (ctx.signal.aborted) throw err;
          const e = err instanceof PanelRequestError ? err : new PanelRequestError({ name: 'Error', message: String(err) });
          const error: SerializedError = { name: e.name, message: e.message };
          if (e.code !== undefined) error.code = e.code;
          if (e.details !== undefined) error.details = e.details;
          if (e.hint !== undefined) error.hint = e.hint;
          if (e.status !== undefined) error.status = e.status;
          results.push({ key: edit.key, ok: false, error });
        }
      }
      return { results };
    },

    copyAsCode: async (msg) => {
      if (!deps.codegen) throw refuse(l10n.t('copy as code is not available in this build'), 'UNAVAILABLE');
      checkChain(msg.chain, undefined);
      return { code: await deps.codegen.generate(msg.chain, msg.lang) };
    },

    openJson: async (msg) => {
      await deps.ui.openJson(msg.title, msg.text);
      return null;
    },

    export: async (msg, ctx) => {
      checkChain(msg.chain, msg.runAs);
      if (msg.chain.action && msg.chain.action.kind !== 'select') throw refuse(l10n.t('only reads can be exported'));
      const settings = deps.settings();
      const pageSize = settings.exportPageSize ?? settings.pageSize;
      // The user's own limit/range bounds the export; pages walk inside that window.
      // The export writes rows itself: a csv() modifier is not needed, and single()/maybeSingle()
      // mean one row (asked for as a one-row window of the array form).
      const oneRow = msg.chain.steps.some((s) => s.kind === 'single' || s.kind === 'maybeSingle');
      const exportSteps = msg.chain.steps.filter((s) => s.kind !== 'csv' && s.kind !== 'single' && s.kind !== 'maybeSingle');
      const window = exportWindow({ ...msg.chain, steps: exportSteps });
      if (oneRow) window.max = Math.min(window.max, 1);
      const cap = Math.min(settings.exportRowCap, window.max);
      const chain = await withStableOrder({ ...msg.chain, steps: exportSteps }, () => deps.runner.describe(deps.target, ctx.signal));
      const sink = await deps.ui.openExport(msg.format, `${deps.target.name}.${msg.format}`);
      if (!sink) return { rows: 0, destination: null, capped: false };
      let columns: string[] | undefined;
      let result;
      try {
        if (msg.format === 'json') await sink.write('[');
        result = await walkPages({
          cap,
          pageSize,
          // The export row cap (the setting, not the user's own limit) is binding: the walk asks
          // for one row more at the end, to tell a table of exactly `cap` rows from a longer one.
          probe: cap < window.max,
          signal: ctx.signal,
          fetch: async (offset, size) => {
            const res = await runRaw(pageChain(chain, { from: window.from + offset, size }), msg.runAs, ctx);
            const body = toResultBody(res);
            if (body.kind !== 'rows' && body.kind !== 'empty') throw refuse(l10n.t('the result is not a table of rows; it cannot be exported'));
            return { body, total: parseContentRange(res.contentRange).total };
          },
          measure: ({ body, total }) => ({
            rows: body.kind === 'rows' ? body.rows.length : 0,
            total: total === null ? null : Math.max(0, total - window.from),
            // A single object (a function returning one row) has no further pages.
            last: body.kind === 'rows' && body.single === true,
          }),
          write: async ({ body }, take, before) => {
            if (body.kind !== 'rows') return;
            if (!columns) {
              columns = body.columns;
              if (msg.format === 'csv') await sink.write(csvLine(columns) + '\n');
            }
            const rows = body.rows.slice(0, take);
            const cols = columns;
            const chunk =
              msg.format === 'csv'
                ? rows.map((r) => csvLine(cols.map((c) => cellCsv(r[body.columns.indexOf(c)] ?? null)))).join('\n') + (rows.length ? '\n' : '')
                : rows.map((r, i) => (before + i > 0 ? ',' : '') + rowJson(body.columns, r)).join('');
            await sink.write(chunk);
          },
          onProgress: (written, total) => ctx.progress({ message: `${written} rows`, done: written, total: total === null ? null : Math.min(total, cap) }),
        });
        if (msg.format === 'json') await sink.write(']\n');
        await sink.close();
      } catch (err) {
        await sink.abort().catch(() => undefined);
        throw err;
      }
      return { rows: result.written, destination: sink.destination, capped: result.capped };
    },
  };
}

/** The rows a chain's own top-level `range`/`limit` select: start offset and most rows. */
export function exportWindow(chain: ChainDescription): { from: number; max: number } {
  let from = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const s of chain.steps) {
    if (s.kind === 'range' && !s.referencedTable) {
      from = s.from;
      max = Math.max(0, s.to - s.from + 1);
    } else if (s.kind === 'limit' && !s.referencedTable) {
      max = Math.max(0, s.count);
    }
  }
  return { from, max };
}

/**
 * Paging needs a total order, or pages may repeat or skip rows. A chain without a top-level order
 * gets one by the primary key when the target has one (unknown columns: left as it is).
 */
export async function withStableOrder(chain: ChainDescription, describe: () => Promise<TargetInfo>): Promise<ChainDescription> {
  if (chain.target.kind !== 'table') return chain;
  if (chain.steps.some((s) => s.kind === 'order' && !s.referencedTable)) return chain;
  let pk: string[] = [];
  try {
    const info = await describe();
    pk = info.known ? info.primaryKey : [];
  } catch {
    return chain;
  }
  if (pk.length === 0) return chain;
  return { ...chain, steps: [...chain.steps, ...pk.map((column): Step => ({ kind: 'order', column, ascending: true }))] };
}

function cellCsv(cell: Cell): string | null {
  if (cell === null) return null;
  const v = cellToValue(cell);
  return typeof v === 'string' ? v : String(v);
}

/** One CSV line (RFC 4180 quoting); null → empty field, '' → `""` so the two stay distinct. */
export function csvLine(fields: readonly (string | null)[]): string {
  return fields.map((f) => (f === null ? '' : /[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}
