/** The request AST produced by the pure parser (no database knowledge). */

export interface JsonStep {
  arrow: '->' | '->>';
  /** Object key or array index text (index may be negative). */
  key: string;
  isIndex: boolean;
}

export interface Field {
  name: string;
  jsonPath: JsonStep[];
}

export type AggregateFn = 'sum' | 'avg' | 'count' | 'max' | 'min';

export type SelectItem =
  | { kind: 'star' }
  | { kind: 'column'; field: Field; alias?: string; cast?: string; aggregate?: { fn: AggregateFn; cast?: string } }
  | { kind: 'count'; alias?: string; cast?: string }
  | { kind: 'embed'; name: string; alias?: string; hint?: string; joinType?: 'inner' | 'left'; spread: boolean; select: SelectItem[] };

export type SimpleOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'match' | 'imatch' | 'isdistinct' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj';
export type FtsOp = 'fts' | 'plfts' | 'phfts' | 'wfts';
export type QuantOp = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'like' | 'ilike' | 'match' | 'imatch';

export type OpExpr =
  | { kind: 'simple'; op: SimpleOp; value: string }
  | { kind: 'quant'; op: QuantOp; quantifier: 'any' | 'all'; value: string }
  | { kind: 'in'; values: string[] }
  | { kind: 'is'; value: 'null' | 'not_null' | 'true' | 'false' | 'unknown' }
  | { kind: 'fts'; op: FtsOp; config?: string; value: string };

export interface Filter {
  kind: 'filter';
  field: Field;
  negated: boolean;
  expr: OpExpr;
}

export interface LogicTree {
  kind: 'logic';
  op: 'and' | 'or';
  negated: boolean;
  children: Condition[];
}

export type Condition = Filter | LogicTree;

export interface OrderTerm {
  /** Set for `order=rel(col)`: a to-one embedded relation name. */
  relation?: string;
  field: Field;
  direction?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

/** Per-level (root = []) query shaping, keyed by embed path joined with '.'. */
export interface LevelParams {
  conditions: Condition[];
  order?: OrderTerm[];
  limit?: number;
  offset?: number;
}

export interface QueryParams {
  select: SelectItem[];
  /** Key '' is the root, else the embed path ("cities", "roles.actors"). */
  levels: Map<string, LevelParams>;
  columns?: string[];
  onConflict?: string[];
  /** Params that are not filters (GET/HEAD rpc arguments), in order. */
  rpcArgs: [string, string][];
}

export type PreferReturn = 'minimal' | 'headers-only' | 'representation';
export type PreferCount = 'exact' | 'planned' | 'estimated';

export interface Preferences {
  return?: PreferReturn;
  count?: PreferCount;
  resolution?: 'merge-duplicates' | 'ignore-duplicates';
  missing?: 'default' | 'null';
  tx?: 'commit' | 'rollback';
  handling?: 'strict' | 'lenient';
  timezone?: string;
  maxAffected?: number;
  /** Tokens not understood. */
  invalid: string[];
}

export type MediaKind = 'json' | 'object' | 'csv' | 'geojson' | 'plan' | 'openapi' | 'array-stripped' | 'text' | 'xml' | 'octet';

export interface MediaType {
  kind: MediaKind;
  /** Normalized text as received (for error messages). */
  raw: string;
  stripNulls?: boolean;
  plan?: { format: 'text' | 'json'; for: MediaType; options: string[] };
}
