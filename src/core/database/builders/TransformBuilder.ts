import type { ExplainOptions } from '../chain';
import { InvalidQueryError } from '../../lib/errors';
import { PostgrestBuilder } from './PostgrestBuilder';

export interface ReferencedTableOption {
  referencedTable?: string;
  /** @deprecated old name of `referencedTable` */
  foreignTable?: string;
}

type Single<R> = R extends (infer U)[] ? U : R;

/** Modifiers: select-after-write, order, limit, range, single, csv, explain… */
export class PostgrestTransformBuilder<Result> extends PostgrestBuilder<Result> {
  /** `select(columns)` after a write (or on rpc): returns the rows (`Prefer: return=representation`). */
  select<NewResult = Result extends null ? Record<string, unknown>[] : Result>(columns?: string): PostgrestTransformBuilder<NewResult> {
    this.draft.steps.push(columns === undefined ? { kind: 'select' } : { kind: 'select', columns });
    return this as unknown as PostgrestTransformBuilder<NewResult>;
  }

  order(column: string, options: { ascending?: boolean; nullsFirst?: boolean } & ReferencedTableOption = {}): this {
    const ref = options.referencedTable ?? options.foreignTable;
    const step: { kind: 'order'; column: string; ascending?: boolean; nullsFirst?: boolean; referencedTable?: string } = { kind: 'order', column };
    if (options.ascending !== undefined) step.ascending = options.ascending;
    if (options.nullsFirst !== undefined) step.nullsFirst = options.nullsFirst;
    if (ref) step.referencedTable = ref;
    this.draft.steps.push(step);
    return this;
  }

  limit(count: number, options: ReferencedTableOption = {}): this {
    const ref = options.referencedTable ?? options.foreignTable;
    this.draft.steps.push(ref === undefined ? { kind: 'limit', count } : { kind: 'limit', count, referencedTable: ref });
    return this;
  }

  /** Rows `from`…`to` inclusive (0-based). */
  range(from: number, to: number, options: ReferencedTableOption = {}): this {
    const ref = options.referencedTable ?? options.foreignTable;
    this.draft.steps.push(ref === undefined ? { kind: 'range', from, to } : { kind: 'range', from, to, referencedTable: ref });
    return this;
  }

  abortSignal(signal: AbortSignal): this {
    this.signal = signal;
    return this;
  }

  /** Exactly one row as an object (PGRST116 otherwise). */
  single<R = Single<Result>>(): PostgrestTransformBuilder<R> {
    this.draft.steps.push({ kind: 'single' });
    return this as unknown as PostgrestTransformBuilder<R>;
  }

  /** Zero or one row: `null` for none (client-side, as postgrest-js). */
  maybeSingle<R = Single<Result> | null>(): PostgrestTransformBuilder<R> {
    this.draft.steps.push({ kind: 'maybeSingle' });
    return this as unknown as PostgrestTransformBuilder<R>;
  }

  csv(): PostgrestTransformBuilder<string> {
    this.draft.steps.push({ kind: 'csv' });
    return this as unknown as PostgrestTransformBuilder<string>;
  }

  geojson(): PostgrestTransformBuilder<Record<string, unknown>> {
    this.draft.steps.push({ kind: 'geojson' });
    return this as unknown as PostgrestTransformBuilder<Record<string, unknown>>;
  }

  explain(options: ExplainOptions = {}): PostgrestTransformBuilder<unknown> {
    const step: { kind: 'explain' } & ExplainOptions = { kind: 'explain' };
    for (const k of ['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const) if (options[k]) step[k] = true;
    if (options.format) step.format = options.format;
    this.draft.steps.push(step);
    return this as unknown as PostgrestTransformBuilder<unknown>;
  }

  /**
   * Type-only: replaces the result type and stays a transform builder, so modifiers can follow
   * (`.select('id').returns<Row[]>().limit(1)`), as in postgrest-js 2.119.
   * @deprecated Use `overrideTypes<T, { merge: false }>()` at the end of the chain instead.
   */
  override returns<NewResult>(): PostgrestTransformBuilder<NewResult> {
    return this as unknown as PostgrestTransformBuilder<NewResult>;
  }

  rollback(): this {
    this.draft.steps.push({ kind: 'rollback' });
    return this;
  }

  maxAffected(value: number): this {
    this.draft.steps.push({ kind: 'maxAffected', value });
    return this;
  }

  /** Strips null-valued keys server-side. Throws after `csv()`, as postgrest-js does. */
  stripNulls(): this {
    let accept: string | undefined;
    for (const s of this.draft.steps) {
      if (s.kind === 'csv') accept = 'text/csv';
      else if (s.kind === 'single') accept = 'application/vnd.pgrst.object+json';
      else if (s.kind === 'geojson') accept = 'application/geo+json';
      else if (s.kind === 'explain') accept = 'plan';
      else if (s.kind === 'setHeader' && s.name.toLowerCase() === 'accept') accept = s.value;
    }
    if (accept === 'text/csv') {
      throw new InvalidQueryError('stripNulls() cannot be used with csv()', [{ path: ['steps'], message: 'stripNulls() after csv()' }]);
    }
    this.draft.steps.push({ kind: 'stripNulls' });
    return this;
  }
}
