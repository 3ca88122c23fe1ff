/**
 * Structural schema of `ChainDescription` (src/core/database/chain.ts) for messages coming from a
 * webview. The compile-time checks at the bottom make the schema and the shared contract agree in
 * both directions, so neither can drift. Semantic rules (writes need a filter, …) are applied in
 * `checkChainSemantics`; the core's `validate()` adds its own when the host runs the chain.
 */
import type { ChainDescription } from '../core/database/chain';
import {
  array,
  boolean,
  discriminated,
  json,
  jsonObject,
  literal,
  number,
  object,
  oneOf,
  optional,
  record,
  refine,
  string,
  union,
  lazy,
  isPlainObject,
  type Infer,
  type Schema,
} from './schema';

const name = string({ min: 1, max: 1000 });
const text = string({ max: 100_000 });
const count = optional(oneOf(['exact', 'planned', 'estimated'] as const));
const rows = union([jsonObject({ maxDepth: 32 }), array(jsonObject({ maxDepth: 32 }), { max: 100_000 })]);

const target = discriminated('kind', {
  table: object({ kind: literal('table'), name }),
  rpc: object({
    kind: literal('rpc'),
    fn: name,
    args: optional(jsonObject({ maxDepth: 32 })),
    get: optional(boolean()),
    head: optional(boolean()),
    count,
  }),
});

const action = discriminated('kind', {
  select: object({ kind: literal('select'), columns: optional(text), head: optional(boolean()), count }),
  insert: object({ kind: literal('insert'), values: rows, count, defaultToNull: optional(boolean()) }),
  upsert: object({
    kind: literal('upsert'),
    values: rows,
    onConflict: optional(text),
    ignoreDuplicates: optional(boolean()),
    count,
    defaultToNull: optional(boolean()),
  }),
  update: object({ kind: literal('update'), values: jsonObject({ maxDepth: 32 }), count }),
  delete: object({ kind: literal('delete'), count }),
});

export const VALUE_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'is', 'isDistinct', 'regexMatch', 'regexIMatch'] as const;
export const PATTERN_OPS = ['likeAllOf', 'likeAnyOf', 'ilikeAllOf', 'ilikeAnyOf'] as const;
export const CONTAINMENT_OPS = ['contains', 'containedBy', 'overlaps'] as const;
export const RANGE_OPS = ['rangeGt', 'rangeGte', 'rangeLt', 'rangeLte', 'rangeAdjacent'] as const;

const value = json({ maxDepth: 32 });

type ValueOp = (typeof VALUE_OPS)[number];
type PatternOp = (typeof PATTERN_OPS)[number];
type ContainmentOp = (typeof CONTAINMENT_OPS)[number];
type RangeOp = (typeof RANGE_OPS)[number];

function valueFilter<K extends ValueOp>(op: K) {
  return object({ kind: literal('filter'), op: literal(op), column: name, value });
}
function patternFilter<K extends PatternOp>(op: K) {
  return object({ kind: literal('filter'), op: literal(op), column: name, patterns: array(text, { max: 1000 }) });
}
function containmentFilter<K extends ContainmentOp>(op: K) {
  return object({
    kind: literal('filter'),
    op: literal(op),
    column: name,
    value: union([text, array(value, { max: 10_000 }), jsonObject({ maxDepth: 32 })]),
  });
}
function rangeFilter<K extends RangeOp>(op: K) {
  return object({ kind: literal('filter'), op: literal(op), column: name, range: text });
}

function buildFilterSchema() {
  const byOp = <const Ops extends readonly string[], S>(ops: Ops, f: (op: Ops[number]) => S) =>
    Object.fromEntries(ops.map((op) => [op, f(op)]));
  return discriminated('op', {
    ...(byOp(VALUE_OPS, valueFilter) as { [K in ValueOp]: ReturnType<typeof valueFilter<K>> }),
    ...(byOp(PATTERN_OPS, patternFilter) as { [K in PatternOp]: ReturnType<typeof patternFilter<K>> }),
    ...(byOp(CONTAINMENT_OPS, containmentFilter) as { [K in ContainmentOp]: ReturnType<typeof containmentFilter<K>> }),
    ...(byOp(RANGE_OPS, rangeFilter) as { [K in RangeOp]: ReturnType<typeof rangeFilter<K>> }),
    in: object({ kind: literal('filter'), op: literal('in'), column: name, values: array(value, { max: 10_000 }) }),
    notIn: object({ kind: literal('filter'), op: literal('notIn'), column: name, values: array(value, { max: 10_000 }) }),
    textSearch: object({
      kind: literal('filter'),
      op: literal('textSearch'),
      column: name,
      query: text,
      config: optional(text),
      type: optional(oneOf(['plain', 'phrase', 'websearch'] as const)),
    }),
    match: object({ kind: literal('filter'), op: literal('match'), query: record(value, { maxKeys: 1000 }) }),
    not: object({ kind: literal('filter'), op: literal('not'), column: name, operator: string({ min: 1, max: 100 }), value }),
    or: object({ kind: literal('filter'), op: literal('or'), filters: text, referencedTable: optional(name) }),
    filter: object({ kind: literal('filter'), op: literal('filter'), column: name, operator: string({ min: 1, max: 100 }), value }),
  });
}

const int = number({ int: true, min: 0 });

function buildTransformSchema() {
  return discriminated('kind', {
  select: object({ kind: literal('select'), columns: optional(text) }),
  order: object({
    kind: literal('order'),
    column: name,
    ascending: optional(boolean()),
    nullsFirst: optional(boolean()),
    referencedTable: optional(name),
  }),
  limit: object({ kind: literal('limit'), count: int, referencedTable: optional(name) }),
  range: object({ kind: literal('range'), from: int, to: int, referencedTable: optional(name) }),
  single: object({ kind: literal('single') }),
  maybeSingle: object({ kind: literal('maybeSingle') }),
  csv: object({ kind: literal('csv') }),
  geojson: object({ kind: literal('geojson') }),
  explain: object({
    kind: literal('explain'),
    analyze: optional(boolean()),
    verbose: optional(boolean()),
    settings: optional(boolean()),
    buffers: optional(boolean()),
    wal: optional(boolean()),
    format: optional(oneOf(['text', 'json'] as const)),
  }),
  rollback: object({ kind: literal('rollback') }),
  maxAffected: object({ kind: literal('maxAffected'), value: int }),
  stripNulls: object({ kind: literal('stripNulls') }),
  setHeader: object({
    kind: literal('setHeader'),
    name: string({ min: 1, max: 200, pattern: /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/ }),
    value: string({ max: 8000, pattern: /^[^\r\n\0]*$/ }),
  }),
  });
}

function buildChainSchema() {
  const filters = buildFilterSchema();
  const transforms = buildTransformSchema();
  type StepOut = Infer<typeof filters> | Infer<typeof transforms>;
  const step: Schema<StepOut> = {
    label: 'step',
    parse: (input, path = []) =>
      isPlainObject(input) && input.kind === 'filter' ? filters.parse(input, path) : transforms.parse(input, path),
  };
  return object({
    v: literal(1),
    schema: optional(string({ min: 1, max: 200 })),
    target,
    action: optional(action),
    steps: array(step, { max: 500 }),
  });
}

/** Semantic checks the webview must not bypass: writes on a table need a filter. */
export function checkChainSemantics(chain: ChainDescription): string | undefined {
  if (chain.target.kind === 'rpc' && chain.action) return 'an rpc target takes no action';
  if (chain.target.kind === 'table' && !chain.action) return 'a table target needs an action';
  const kind = chain.action?.kind;
  if (kind === 'update' || kind === 'delete') {
    const filtered = chain.steps.some((s) => s.kind === 'filter');
    if (!filtered) return `${kind} without a filter is refused (it would touch every row)`;
  }
  for (const s of chain.steps) {
    if (s.kind === 'range' && s.to < s.from) return `range ${s.from}-${s.to} ends before it starts`;
  }
  return undefined;
}

type ChainShape = ReturnType<typeof buildChainSchema>;
export type ValidatedChain = Infer<ChainShape>;

/** The chain schema (shape + semantics), built on first use. */
export const chainDescription: Schema<ChainDescription> = lazy(() =>
  refine(buildChainSchema(), (c) => checkChainSemantics(c)),
);

// Compile-time agreement between the schema and the shared contract, in both directions.
type Assert<T extends true> = T;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type _SchemaMatchesChain = Assert<Mutual<ValidatedChain, ChainDescription>>;
