import type { Action, CountOption, JsonObject } from '../chain';
import type { RestContext } from '../context';
import { toBodyValue } from '../encode';
import { PostgrestFilterBuilder } from './FilterBuilder';

type Row = Record<string, unknown>;

/** `from(relation)`: pick a verb; each returns a filter builder. */
export class PostgrestQueryBuilder<R extends Row = Row> {
  constructor(
    private readonly ctx: RestContext,
    readonly relation: string,
    /** Recorded in the description when it differs from the client's default. */
    private readonly schemaName: string | undefined,
  ) {}

  private start<T>(action: Action): PostgrestFilterBuilder<T> {
    const draft = { v: 1 as const, target: { kind: 'table' as const, name: this.relation }, action, steps: [] };
    return new PostgrestFilterBuilder<T>(this.ctx, this.schemaName === undefined ? draft : { ...draft, schema: this.schemaName });
  }

  select<T = R[]>(columns?: string, options: { head?: boolean; count?: CountOption } = {}): PostgrestFilterBuilder<T> {
    const a: Extract<Action, { kind: 'select' }> = { kind: 'select' };
    if (columns !== undefined) a.columns = columns;
    if (options.head) a.head = true;
    if (options.count) a.count = options.count;
    return this.start<T>(a);
  }

  insert<T = null>(values: Partial<R> | Partial<R>[], options: { count?: CountOption; defaultToNull?: boolean } = {}): PostgrestFilterBuilder<T> {
    const a: Extract<Action, { kind: 'insert' }> = { kind: 'insert', values: toBodyValue(values) as JsonObject | JsonObject[] };
    if (options.count) a.count = options.count;
    if (options.defaultToNull === false) a.defaultToNull = false;
    return this.start<T>(a);
  }

  upsert<T = null>(
    values: Partial<R> | Partial<R>[],
    options: { onConflict?: string; ignoreDuplicates?: boolean; count?: CountOption; defaultToNull?: boolean } = {},
  ): PostgrestFilterBuilder<T> {
    const a: Extract<Action, { kind: 'upsert' }> = { kind: 'upsert', values: toBodyValue(values) as JsonObject | JsonObject[] };
    if (options.onConflict !== undefined) a.onConflict = options.onConflict;
    if (options.ignoreDuplicates) a.ignoreDuplicates = true;
    if (options.count) a.count = options.count;
    if (options.defaultToNull === false) a.defaultToNull = false;
    return this.start<T>(a);
  }

  /** PATCH; refused (nothing sent) unless a filter follows. */
  update<T = null>(values: Partial<R>, options: { count?: CountOption } = {}): PostgrestFilterBuilder<T> {
    const a: Extract<Action, { kind: 'update' }> = { kind: 'update', values: toBodyValue(values) as JsonObject };
    if (options.count) a.count = options.count;
    return this.start<T>(a);
  }

  /** DELETE; refused (nothing sent) unless a filter follows. */
  delete<T = null>(options: { count?: CountOption } = {}): PostgrestFilterBuilder<T> {
    const a: Extract<Action, { kind: 'delete' }> = { kind: 'delete' };
    if (options.count) a.count = options.count;
    return this.start<T>(a);
  }
}
