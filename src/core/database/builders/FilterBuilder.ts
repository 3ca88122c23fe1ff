import type { JsonObject, JsonValue } from '../chain';
import { toJsonValue } from '../encode';
import { PostgrestTransformBuilder, type ReferencedTableOption } from './TransformBuilder';

type ValueOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'is' | 'isDistinct' | 'regexMatch' | 'regexIMatch';

/** Filters: each appends one `column=op.value` to the query string, in call order. */
export class PostgrestFilterBuilder<Result> extends PostgrestTransformBuilder<Result> {
  private value(op: ValueOp, column: string, value: unknown): this {
    this.draft.steps.push({ kind: 'filter', op, column, value: toJsonValue(value) });
    return this;
  }

  eq(column: string, value: unknown): this {
    return this.value('eq', column, value);
  }
  neq(column: string, value: unknown): this {
    return this.value('neq', column, value);
  }
  gt(column: string, value: unknown): this {
    return this.value('gt', column, value);
  }
  gte(column: string, value: unknown): this {
    return this.value('gte', column, value);
  }
  lt(column: string, value: unknown): this {
    return this.value('lt', column, value);
  }
  lte(column: string, value: unknown): this {
    return this.value('lte', column, value);
  }
  like(column: string, pattern: string): this {
    return this.value('like', column, pattern);
  }
  ilike(column: string, pattern: string): this {
    return this.value('ilike', column, pattern);
  }
  is(column: string, value: boolean | null | string): this {
    return this.value('is', column, value);
  }
  isDistinct(column: string, value: unknown): this {
    return this.value('isDistinct', column, value);
  }
  regexMatch(column: string, pattern: string): this {
    return this.value('regexMatch', column, pattern);
  }
  regexIMatch(column: string, pattern: string): this {
    return this.value('regexIMatch', column, pattern);
  }

  private patterns(op: 'likeAllOf' | 'likeAnyOf' | 'ilikeAllOf' | 'ilikeAnyOf', column: string, patterns: readonly string[]): this {
    this.draft.steps.push({ kind: 'filter', op, column, patterns: patterns.map((p) => String(p)) });
    return this;
  }
  likeAllOf(column: string, patterns: readonly string[]): this {
    return this.patterns('likeAllOf', column, patterns);
  }
  likeAnyOf(column: string, patterns: readonly string[]): this {
    return this.patterns('likeAnyOf', column, patterns);
  }
  ilikeAllOf(column: string, patterns: readonly string[]): this {
    return this.patterns('ilikeAllOf', column, patterns);
  }
  ilikeAnyOf(column: string, patterns: readonly string[]): this {
    return this.patterns('ilikeAnyOf', column, patterns);
  }

  in(column: string, values: readonly unknown[]): this {
    this.draft.steps.push({ kind: 'filter', op: 'in', column, values: Array.from(values, toJsonValue) });
    return this;
  }
  notIn(column: string, values: readonly unknown[]): this {
    this.draft.steps.push({ kind: 'filter', op: 'notIn', column, values: Array.from(values, toJsonValue) });
    return this;
  }

  private container(op: 'contains' | 'containedBy' | 'overlaps', column: string, value: unknown): this {
    const v = typeof value === 'string' ? value : (toJsonValue(value) as JsonValue[] | JsonObject);
    this.draft.steps.push({ kind: 'filter', op, column, value: v });
    return this;
  }
  /** string → sent as is (range/array literal); array → `{a,b}`; object → JSON. */
  contains(column: string, value: string | readonly unknown[] | Record<string, unknown>): this {
    return this.container('contains', column, value);
  }
  containedBy(column: string, value: string | readonly unknown[] | Record<string, unknown>): this {
    return this.container('containedBy', column, value);
  }
  overlaps(column: string, value: string | readonly unknown[]): this {
    return this.container('overlaps', column, value);
  }

  private rangeOp(op: 'rangeGt' | 'rangeGte' | 'rangeLt' | 'rangeLte' | 'rangeAdjacent', column: string, range: string): this {
    this.draft.steps.push({ kind: 'filter', op, column, range: String(range) });
    return this;
  }
  rangeGt(column: string, range: string): this {
    return this.rangeOp('rangeGt', column, range);
  }
  rangeGte(column: string, range: string): this {
    return this.rangeOp('rangeGte', column, range);
  }
  rangeLt(column: string, range: string): this {
    return this.rangeOp('rangeLt', column, range);
  }
  rangeLte(column: string, range: string): this {
    return this.rangeOp('rangeLte', column, range);
  }
  rangeAdjacent(column: string, range: string): this {
    return this.rangeOp('rangeAdjacent', column, range);
  }

  textSearch(column: string, query: string, options: { config?: string; type?: 'plain' | 'phrase' | 'websearch' } = {}): this {
    const step: { kind: 'filter'; op: 'textSearch'; column: string; query: string; config?: string; type?: 'plain' | 'phrase' | 'websearch' } = {
      kind: 'filter',
      op: 'textSearch',
      column,
      query: String(query),
    };
    if (options.config !== undefined) step.config = options.config;
    if (options.type !== undefined) step.type = options.type;
    this.draft.steps.push(step);
    return this;
  }

  /** `eq` on every key (keys whose value is `undefined` are skipped). */
  match(query: Record<string, unknown>): this {
    const q: Record<string, JsonValue> = {};
    for (const [k, v] of Object.entries(query)) if (v !== undefined) q[k] = toJsonValue(v);
    this.draft.steps.push({ kind: 'filter', op: 'match', query: q });
    return this;
  }

  /** `not(column, operator, value)`: value in PostgREST syntax, e.g. `not('id', 'in', '(1,2)')`. */
  not(column: string, operator: string, value: unknown): this {
    this.draft.steps.push({ kind: 'filter', op: 'not', column, operator, value: toJsonValue(value) });
    return this;
  }

  /** `or('a.eq.1,b.gt.2', { referencedTable })` */
  or(filters: string, options: ReferencedTableOption = {}): this {
    const ref = options.referencedTable ?? options.foreignTable;
    this.draft.steps.push(ref ? { kind: 'filter', op: 'or', filters, referencedTable: ref } : { kind: 'filter', op: 'or', filters });
    return this;
  }

  /** Raw PostgREST filter: `filter('id', 'in', '(1,2)')`. */
  filter(column: string, operator: string, value: unknown): this {
    this.draft.steps.push({ kind: 'filter', op: 'filter', column, operator, value: toJsonValue(value) });
    return this;
  }
}
