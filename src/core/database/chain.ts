/**
 * The query chain as plain data: what a supabase-js style builder chain means, independent of
 * how it is sent. Shared by the core builders (which record into it), `compile()` (which turns it
 * into an HTTP request), copy-as-code generators, and the query-builder webview (type-only import).
 *
 * `steps` keeps every filter/modifier in call order, because PostgREST query-string order follows
 * call order (re-set keys such as `select`, `order`, `limit` keep their first position).
 *
 * This file must stay free of runtime imports: the webview imports its types.
 */

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type CountOption = 'exact' | 'planned' | 'estimated';

export type Target =
  | { kind: 'table'; name: string }
  | {
      kind: 'rpc';
      fn: string;
      args?: JsonObject;
      /** `rpc(fn, args, { get: true })` — GET with args in the query string. */
      get?: boolean;
      /** `rpc(fn, args, { head: true })` — HEAD, no body returned. */
      head?: boolean;
      count?: CountOption;
    };

/** The verb called on `from(table)`. Absent for rpc targets. */
export type Action =
  | { kind: 'select'; columns?: string; head?: boolean; count?: CountOption }
  | { kind: 'insert'; values: JsonObject | JsonObject[]; count?: CountOption; defaultToNull?: boolean }
  | {
      kind: 'upsert';
      values: JsonObject | JsonObject[];
      onConflict?: string;
      ignoreDuplicates?: boolean;
      count?: CountOption;
      defaultToNull?: boolean;
    }
  | { kind: 'update'; values: JsonObject; count?: CountOption }
  | { kind: 'delete'; count?: CountOption };

/** Filter methods taking (column, value). */
export type ValueFilterOp =
  | 'eq'
  | 'neq'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'like'
  | 'ilike'
  | 'is'
  | 'isDistinct'
  | 'regexMatch'
  | 'regexIMatch';

/** Filter methods taking (column, range-string). */
export type RangeFilterOp = 'rangeGt' | 'rangeGte' | 'rangeLt' | 'rangeLte' | 'rangeAdjacent';

export type Filter =
  | { kind: 'filter'; op: ValueFilterOp; column: string; value: JsonValue }
  /** `in(column, values)` / `notIn(column, values)` (postgrest-js also has `notIn`). */
  | { kind: 'filter'; op: 'in' | 'notIn'; column: string; values: JsonValue[] }
  | { kind: 'filter'; op: 'likeAllOf' | 'likeAnyOf' | 'ilikeAllOf' | 'ilikeAnyOf'; column: string; patterns: string[] }
  | {
      kind: 'filter';
      op: 'contains' | 'containedBy' | 'overlaps';
      column: string;
      /** A string is sent as is (range/array literal); arrays and objects are encoded. */
      value: string | JsonValue[] | JsonObject;
    }
  | { kind: 'filter'; op: RangeFilterOp; column: string; range: string }
  | {
      kind: 'filter';
      op: 'textSearch';
      column: string;
      query: string;
      config?: string;
      type?: 'plain' | 'phrase' | 'websearch';
    }
  | { kind: 'filter'; op: 'match'; query: Record<string, JsonValue> }
  | { kind: 'filter'; op: 'not'; column: string; operator: string; value: JsonValue }
  | { kind: 'filter'; op: 'or'; filters: string; referencedTable?: string }
  /** `.filter(column, operator, value)` — value sent verbatim (PostgREST syntax). */
  | { kind: 'filter'; op: 'filter'; column: string; operator: string; value: JsonValue };

export interface ExplainOptions {
  analyze?: boolean;
  verbose?: boolean;
  settings?: boolean;
  buffers?: boolean;
  wal?: boolean;
  format?: 'text' | 'json';
}

export type Transform =
  /** `.select(columns)` after a write (or on rpc): sets `select=` and `return=representation`. */
  | { kind: 'select'; columns?: string }
  | { kind: 'order'; column: string; ascending?: boolean; nullsFirst?: boolean; referencedTable?: string }
  | { kind: 'limit'; count: number; referencedTable?: string }
  | { kind: 'range'; from: number; to: number; referencedTable?: string }
  | { kind: 'single' }
  | { kind: 'maybeSingle' }
  | { kind: 'csv' }
  | { kind: 'geojson' }
  | ({ kind: 'explain' } & ExplainOptions)
  | { kind: 'rollback' }
  | { kind: 'maxAffected'; value: number }
  | { kind: 'stripNulls' }
  | { kind: 'setHeader'; name: string; value: string };

export type Step = Filter | Transform;

export interface ChainDescription {
  v: 1;
  /** `schema('x')`; absent → the client's default schema (`public`). */
  schema?: string;
  target: Target;
  /** Absent for rpc targets. */
  action?: Action;
  /** Filters and modifiers in call order. */
  steps: Step[];
}

export const FILTER_STEP_KIND = 'filter' as const;

export function isFilter(step: Step): step is Filter {
  return step.kind === 'filter';
}
