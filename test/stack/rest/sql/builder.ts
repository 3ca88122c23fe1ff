/** SQL text helpers: identifiers are quoted, values always go through parameters. */

export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

export function qualified(schema: string, name: string): string {
  return `${ident(schema)}.${ident(name)}`;
}

/** A SQL string literal (only for names from the schema cache or json path keys, never for filter values). */
export function literal(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** Collects bound values; `add()` returns the `$n` placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** A PostgreSQL array literal `{"a","b\"c"}` from elements. */
export function pgArrayLiteral(values: string[]): string {
  return '{' + values.map((v) => '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"').join(',') + '}';
}

const CAST_RE = /^[A-Za-z_][A-Za-z0-9_ ]*(\[\])*$/;

/** A user-given cast type, limited to plain type names (`text`, `double precision`, `int[]`). */
export function castType(t: string): string | null {
  const s = t.trim();
  return CAST_RE.test(s) ? s : null;
}
