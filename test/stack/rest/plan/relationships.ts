import { errors } from '../errors';
import { relKey, type ForeignKey, type Relation, type SchemaCache } from '../schemaCache';

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

/** A resolved relationship from a parent relation to an embedded one. */
export interface Relationship {
  cardinality: Cardinality;
  target: Relation;
  /** Join pairs: [parent column, target column] (direct FK). */
  pairs: [string, string][];
  fk: ForeignKey;
  /** For many-to-many: the junction table and its pairs [parent col, junction col], [junction col, target col]. */
  junction?: { rel: Relation; fk2: ForeignKey; parentPairs: [string, string][]; targetPairs: [string, string][] };
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function isUnique(rel: Relation, cols: string[]): boolean {
  return rel.uniques.some((u) => sameSet(u, cols));
}

function zip(a: string[], b: string[]): [string, string][] {
  return a.map((x, i) => [x, b[i]]);
}

function candidates(cache: SchemaCache, parent: Relation, target: Relation): Relationship[] {
  const out: Relationship[] = [];
  const pk = relKey(parent.schema, parent.name);
  const tk = relKey(target.schema, target.name);
  for (const fk of cache.foreignKeys) {
    const from = relKey(fk.schema, fk.table);
    const to = relKey(fk.refSchema, fk.refTable);
    if (from === pk && to === tk) {
      out.push({ cardinality: isUnique(parent, fk.columns) ? 'one-to-one' : 'many-to-one', target, pairs: zip(fk.columns, fk.refColumns), fk });
    }
    if (to === pk && from === tk && !(from === to)) {
      out.push({ cardinality: isUnique(target, fk.columns) ? 'one-to-one' : 'one-to-many', target, pairs: zip(fk.refColumns, fk.columns), fk });
    }
    if (from === pk && to === tk && from === to) {
      // self reference: also the reverse direction
      out.push({ cardinality: isUnique(target, fk.columns) ? 'one-to-one' : 'one-to-many', target, pairs: zip(fk.refColumns, fk.columns), fk });
    }
  }
  // many-to-many through a junction whose FK columns are part of a unique key / PK
  for (const j of cache.relations.values()) {
    if (j.kind !== 'table' && j.kind !== 'partitioned table') continue;
    const jk = relKey(j.schema, j.name);
    if (jk === pk || jk === tk) continue;
    const jfks = cache.foreignKeys.filter((f) => relKey(f.schema, f.table) === jk);
    for (const f1 of jfks) {
      if (relKey(f1.refSchema, f1.refTable) !== pk) continue;
      for (const f2 of jfks) {
        if (f2 === f1 || relKey(f2.refSchema, f2.refTable) !== tk) continue;
        const keyCols = [...f1.columns, ...f2.columns];
        if (!j.pk.length || !keyCols.every((c) => j.pk.includes(c))) continue;
        out.push({
          cardinality: 'many-to-many', target, pairs: [], fk: f1,
          junction: { rel: j, fk2: f2, parentPairs: zip(f1.refColumns, f1.columns), targetPairs: zip(f2.columns, f2.refColumns) },
        });
      }
    }
  }
  return out;
}

function describe(parent: Relation, r: Relationship): { cardinality: string; embedding: string; relationship: string } {
  const a = parent.name;
  const b = r.target.name;
  if (r.junction) {
    const j = r.junction;
    return {
      cardinality: 'many-to-many', embedding: `${a} with ${b}`,
      relationship: `${j.rel.name} using ${r.fk.name}(${r.fk.columns.join(', ')}) and ${j.fk2.name}(${j.fk2.columns.join(', ')})`,
    };
  }
  const [left, right] = r.cardinality === 'many-to-one' || (r.cardinality === 'one-to-one' && r.fk.table === a) ? [a, b] : [b, a];
  return {
    cardinality: r.cardinality, embedding: `${a} with ${b}`,
    relationship: `${r.fk.name} using ${left}(${r.fk.columns.join(', ')}) and ${right}(${r.fk.refColumns.join(', ')})`,
  };
}

function matchesHint(r: Relationship, hint: string): boolean {
  if (r.fk.name === hint) return true;
  if (r.junction) return r.junction.rel.name === hint || r.junction.fk2.name === hint;
  return r.fk.columns.length === 1 && r.fk.columns[0] === hint || r.fk.refColumns.length === 1 && r.fk.refColumns[0] === hint;
}

/** Resolves `name!hint` from `parent`, the way PostgREST picks an embedding relationship. */
export function resolveRelationship(cache: SchemaCache, parent: Relation, name: string, hint: string | undefined): Relationship {
  const schema = parent.schema;
  let list: Relationship[] = [];
  const target = cache.relations.get(relKey(schema, name));
  if (target) list = candidates(cache, parent, target);
  if (list.length === 0) {
    // `name` may be a FK constraint name or a FK column of the parent.
    for (const fk of cache.foreignKeys) {
      const isParentSide = fk.schema === parent.schema && fk.table === parent.name;
      const isRefSide = fk.refSchema === parent.schema && fk.refTable === parent.name;
      if (fk.name === name || (isParentSide && fk.columns.length === 1 && fk.columns[0] === name)) {
        const otherKey = isParentSide ? relKey(fk.refSchema, fk.refTable) : isRefSide ? relKey(fk.schema, fk.table) : undefined;
        const other = otherKey ? cache.relations.get(otherKey) : undefined;
        if (other) list.push(...candidates(cache, parent, other).filter((r) => r.fk === fk));
      }
    }
  }
  if (hint !== undefined) list = list.filter((r) => matchesHint(r, hint));
  if (list.length === 0) throw errors.noRelationship(parent.name, name, schema);
  if (list.length > 1) {
    const hints = list.map((r) => `${name}!${r.junction ? r.junction.rel.name : r.fk.name}`);
    throw errors.ambiguousRelationship(parent.name, name, list.map((r) => describe(parent, r)), hints);
  }
  return list[0];
}

export function isToOne(r: Relationship): boolean {
  return r.cardinality === 'many-to-one' || r.cardinality === 'one-to-one';
}
