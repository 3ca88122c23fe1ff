/**
 * A small validator-combinator library for the host ↔ webview protocol.
 *
 * Each combinator returns a `Schema<T>`: a function from `unknown` to a typed result carrying the
 * validated value or a list of issues with their paths. The TypeScript type of a message is derived
 * from its schema (`Infer<typeof schema>`), so the two cannot drift.
 *
 * Validators never throw and never trust prototypes: objects are checked to be plain, unknown keys
 * are rejected (strict by default), and keys such as `__proto__` never reach the output.
 */

export type Path = ReadonlyArray<string | number>;

export interface Issue {
  path: Path;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export interface Schema<T> {
  /** Validate `input`; `path` prefixes issue paths. */
  parse(input: unknown, path?: Path): Result<T>;
  /** A human-readable description used in issue messages. */
  readonly label: string;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

const MAX_DEPTH = 64;

function fail<T>(path: Path, message: string): Result<T> {
  return { ok: false, issues: [{ path, message }] };
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

export function isPlainObject(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const proto = Object.getPrototypeOf(input) as unknown;
  return proto === Object.prototype || proto === null;
}

function make<T>(label: string, parse: (input: unknown, path: Path) => Result<T>): Schema<T> {
  return { label, parse: (input, path = []) => parse(input, path) };
}

export interface StringOptions {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

export function string(opts: StringOptions = {}): Schema<string> {
  return make('string', (input, path) => {
    if (typeof input !== 'string') return fail(path, `expected string, got ${describe(input)}`);
    if (opts.min !== undefined && input.length < opts.min) return fail(path, `expected at least ${opts.min} characters`);
    if (opts.max !== undefined && input.length > opts.max) return fail(path, `expected at most ${opts.max} characters`);
    if (opts.pattern && !opts.pattern.test(input)) return fail(path, `does not match ${String(opts.pattern)}`);
    return { ok: true, value: input };
  });
}

export interface NumberOptions {
  int?: boolean;
  min?: number;
  max?: number;
}

export function number(opts: NumberOptions = {}): Schema<number> {
  return make(opts.int ? 'integer' : 'number', (input, path) => {
    if (typeof input !== 'number' || !Number.isFinite(input)) return fail(path, `expected finite number, got ${describe(input)}`);
    if (opts.int && !Number.isSafeInteger(input)) return fail(path, 'expected a safe integer');
    if (opts.min !== undefined && input < opts.min) return fail(path, `expected ≥ ${opts.min}`);
    if (opts.max !== undefined && input > opts.max) return fail(path, `expected ≤ ${opts.max}`);
    return { ok: true, value: input };
  });
}

export function boolean(): Schema<boolean> {
  return make('boolean', (input, path) =>
    typeof input === 'boolean' ? { ok: true, value: input } : fail(path, `expected boolean, got ${describe(input)}`),
  );
}

export function literal<const L extends string | number | boolean | null>(value: L): Schema<L> {
  return make(JSON.stringify(value), (input, path) =>
    input === value ? { ok: true, value } : fail(path, `expected ${JSON.stringify(value)}`),
  );
}

export function oneOf<const L extends readonly string[]>(values: L): Schema<L[number]> {
  const set = new Set<string>(values);
  return make(values.map((v) => JSON.stringify(v)).join(' | '), (input, path) =>
    typeof input === 'string' && set.has(input)
      ? { ok: true, value: input as L[number] }
      : fail(path, `expected one of ${values.join(', ')}`),
  );
}

export function array<T>(item: Schema<T>, opts: { max?: number; min?: number } = {}): Schema<T[]> {
  return make(`${item.label}[]`, (input, path) => {
    if (!Array.isArray(input)) return fail(path, `expected array, got ${describe(input)}`);
    if (opts.max !== undefined && input.length > opts.max) return fail(path, `expected at most ${opts.max} items`);
    if (opts.min !== undefined && input.length < opts.min) return fail(path, `expected at least ${opts.min} items`);
    const out: T[] = [];
    const issues: Issue[] = [];
    for (let i = 0; i < input.length; i++) {
      const r = item.parse(input[i], [...path, i]);
      if (r.ok) out.push(r.value);
      else issues.push(...r.issues);
      if (issues.length > 20) break;
    }
    return issues.length ? { ok: false, issues } : { ok: true, value: out };
  });
}

/** Marks a property as optional (may be absent or `undefined`). */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  readonly optional: true;
}

export function optional<T>(inner: Schema<T>): OptionalSchema<T> {
  return {
    label: `${inner.label}?`,
    optional: true,
    parse: (input, path = []) => (input === undefined ? { ok: true, value: undefined } : inner.parse(input, path)),
  };
}

export function nullable<T>(inner: Schema<T>): Schema<T | null> {
  return make<T | null>(`${inner.label} | null`, (input, path) => (input === null ? { ok: true, value: null } : inner.parse(input, path)));
}

type Shape = Record<string, Schema<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalSchema<unknown> ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOf<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOf<S>> {
  readonly shape: S;
}

/** A strict object: unknown keys are an issue. Absent optional keys stay absent in the output. */
export function object<S extends Shape>(shape: S): ObjectSchema<S> {
  const keys = Object.keys(shape);
  const parse = (input: unknown, path: Path = []): Result<ObjectOf<S>> => {
    if (!isPlainObject(input)) return fail(path, `expected object, got ${describe(input)}`);
    const issues: Issue[] = [];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) issues.push({ path: [...path, key], message: 'unexpected key' });
    }
    for (const key of keys) {
      const schema = shape[key]!;
      const present = Object.prototype.hasOwnProperty.call(input, key);
      const value = present ? input[key] : undefined;
      if (!present && !(schema as Partial<OptionalSchema<unknown>>).optional) {
        issues.push({ path: [...path, key], message: 'missing' });
        continue;
      }
      const r = schema.parse(value, [...path, key]);
      if (!r.ok) issues.push(...r.issues);
      else if (r.value !== undefined) out[key] = r.value;
    }
    return issues.length ? { ok: false, issues } : { ok: true, value: out as ObjectOf<S> };
  };
  return { label: 'object', shape, parse };
}

/** A record with string keys (no `__proto__`), every value matching `value`. */
export function record<T>(value: Schema<T>, opts: { maxKeys?: number } = {}): Schema<Record<string, T>> {
  return make(`record<${value.label}>`, (input, path) => {
    if (!isPlainObject(input)) return fail(path, `expected object, got ${describe(input)}`);
    const keys = Object.keys(input);
    if (opts.maxKeys !== undefined && keys.length > opts.maxKeys) return fail(path, `expected at most ${opts.maxKeys} keys`);
    const out: Record<string, T> = Object.create(null) as Record<string, T>;
    const issues: Issue[] = [];
    for (const key of keys) {
      if (key === '__proto__') {
        issues.push({ path: [...path, key], message: 'forbidden key' });
        continue;
      }
      const r = value.parse(input[key], [...path, key]);
      if (r.ok) out[key] = r.value;
      else issues.push(...r.issues);
    }
    return issues.length ? { ok: false, issues } : { ok: true, value: { ...out } };
  });
}

/** A union discriminated by the literal property `key` (e.g. `type` or `kind`). */
export function discriminated<K extends string, const M extends Record<string, Schema<unknown>>>(
  key: K,
  members: M,
): Schema<Infer<M[keyof M]>> {
  const tags = Object.keys(members);
  return make(`${key} ∈ {${tags.join(', ')}}`, (input, path) => {
    if (!isPlainObject(input)) return fail(path, `expected object, got ${describe(input)}`);
    const tag = input[key];
    if (typeof tag !== 'string' || !Object.prototype.hasOwnProperty.call(members, tag)) {
      return fail([...path, key], `expected one of ${tags.join(', ')}`);
    }
    return members[tag]!.parse(input, path) as Result<Infer<M[keyof M]>>;
  });
}

/** The first member that accepts wins; otherwise the issues of every member are reported. */
export function union<const S extends readonly Schema<unknown>[]>(members: S): Schema<Infer<S[number]>> {
  return make(members.map((m) => m.label).join(' | '), (input, path) => {
    const issues: Issue[] = [];
    for (const m of members) {
      const r = m.parse(input, path);
      if (r.ok) return r as Result<Infer<S[number]>>;
      issues.push(...r.issues);
    }
    return { ok: false, issues: [{ path, message: `no variant matched (${members.map((m) => m.label).join(' | ')})` }, ...issues.slice(0, 6)] };
  });
}

/** Adds a semantic check after the structural one. `check` returns an issue message or undefined. */
export function refine<T>(inner: Schema<T>, check: (value: T) => string | undefined): Schema<T> {
  return make(inner.label, (input, path) => {
    const r = inner.parse(input, path);
    if (!r.ok) return r;
    const message = check(r.value);
    return message === undefined ? r : fail(path, message);
  });
}

/** Lazily resolved schema, for recursive types. */
export function lazy<T>(get: () => Schema<T>): Schema<T> {
  let cached: Schema<T> | undefined;
  return make('lazy', (input, path) => (cached ??= get()).parse(input, path));
}

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

export interface JsonLimits {
  maxDepth?: number;
  maxStringLength?: number;
}

/** Any JSON value (finite numbers, plain objects, no `__proto__` keys, bounded depth). */
export function json(limits: JsonLimits = {}): Schema<JsonValue> {
  const maxDepth = limits.maxDepth ?? MAX_DEPTH;
  const maxString = limits.maxStringLength ?? 10_000_000;
  const walk = (input: unknown, path: Path, depth: number): Issue | undefined => {
    if (depth > maxDepth) return { path, message: `nested deeper than ${maxDepth}` };
    if (input === null || typeof input === 'boolean') return undefined;
    if (typeof input === 'number') return Number.isFinite(input) ? undefined : { path, message: 'non-finite number' };
    if (typeof input === 'string') return input.length <= maxString ? undefined : { path, message: 'string too long' };
    if (Array.isArray(input)) {
      for (let i = 0; i < input.length; i++) {
        const issue = walk(input[i], [...path, i], depth + 1);
        if (issue) return issue;
      }
      return undefined;
    }
    if (isPlainObject(input)) {
      for (const key of Object.keys(input)) {
        if (key === '__proto__') return { path: [...path, key], message: 'forbidden key' };
        const issue = walk(input[key], [...path, key], depth + 1);
        if (issue) return issue;
      }
      return undefined;
    }
    return { path, message: `not JSON: ${describe(input)}` };
  };
  return make('json', (input, path) => {
    const issue = walk(input, path, 0);
    return issue ? { ok: false, issues: [issue] } : { ok: true, value: input as JsonValue };
  });
}

export function jsonObject(limits: JsonLimits = {}): Schema<{ [key: string]: JsonValue }> {
  const inner = json(limits);
  return make('json object', (input, path) => {
    if (!isPlainObject(input)) return fail(path, `expected object, got ${describe(input)}`);
    return inner.parse(input, path) as Result<{ [key: string]: JsonValue }>;
  });
}

/** Formats issues as `a.b[2]: message` lines. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((i) => {
      const p = i.path.map((s, n) => (typeof s === 'number' ? `[${s}]` : n === 0 ? s : `.${s}`)).join('');
      return `${p || '(root)'}: ${i.message}`;
    })
    .join('; ');
}
