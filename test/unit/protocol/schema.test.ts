import { strict as assert } from 'node:assert';
import {
  array,
  boolean,
  discriminated,
  formatIssues,
  json,
  literal,
  nullable,
  number,
  object,
  oneOf,
  optional,
  record,
  string,
  union,
} from '../../../src/protocol/schema';

describe('protocol/schema combinators', () => {
  const person = object({ name: string({ min: 1 }), age: optional(number({ int: true, min: 0 })), tags: array(string()) });

  it('accepts a valid object and drops absent optionals', () => {
    const r = person.parse({ name: 'a', tags: ['x'] });
    assert.deepEqual(r, { ok: true, value: { name: 'a', tags: ['x'] } });
    assert.ok(!('age' in (r.ok ? r.value : {})));
  });

  it('reports every issue with its path', () => {
    const r = person.parse({ name: '', age: -1, tags: ['ok', 3], extra: true });
    assert.equal(r.ok, false);
    if (r.ok) return;
    const paths = r.issues.map((i) => i.path.join('.')).sort();
    assert.deepEqual(paths, ['age', 'extra', 'name', 'tags.1']);
    assert.match(formatIssues(r.issues), /tags\[1\]: expected string/);
  });

  it('rejects non-plain objects, arrays and class instances', () => {
    assert.equal(person.parse([]).ok, false);
    assert.equal(person.parse(new Date()).ok, false);
    assert.equal(person.parse(Object.assign(Object.create({ polluted: true }), { name: 'a', tags: [] })).ok, false);
    assert.equal(person.parse(null).ok, false);
  });

  it('refuses __proto__ keys in records and JSON', () => {
    const hostile = JSON.parse('{"__proto__": {"admin": true}}') as unknown;
    assert.equal(record(json()).parse(hostile).ok, false);
    assert.equal(json().parse({ a: hostile }).ok, false);
    assert.equal(({} as Record<string, unknown>).admin, undefined);
  });

  it('numbers must be finite; ints must be safe', () => {
    assert.equal(number().parse(NaN).ok, false);
    assert.equal(number().parse(Infinity).ok, false);
    assert.equal(number({ int: true }).parse(2 ** 60).ok, false);
    assert.equal(number({ int: true }).parse(1.5).ok, false);
    assert.equal(number().parse('1').ok, false);
  });

  it('literal, oneOf, nullable, boolean', () => {
    assert.equal(literal('a').parse('a').ok, true);
    assert.equal(literal('a').parse('b').ok, false);
    assert.equal(oneOf(['x', 'y'] as const).parse('y').ok, true);
    assert.equal(oneOf(['x', 'y'] as const).parse('z').ok, false);
    assert.equal(nullable(string()).parse(null).ok, true);
    assert.equal(boolean().parse(0).ok, false);
  });

  it('discriminated unions dispatch on the tag', () => {
    const u = discriminated('type', { a: object({ type: literal('a'), x: number() }), b: object({ type: literal('b') }) });
    assert.equal(u.parse({ type: 'a', x: 1 }).ok, true);
    const bad = u.parse({ type: 'c' });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.deepEqual(bad.issues[0]!.path, ['type']);
    assert.equal(u.parse({ type: 'toString' }).ok, false);
  });

  it('union tries members in order', () => {
    const u = union([string(), array(number())]);
    assert.equal(u.parse('s').ok, true);
    assert.equal(u.parse([1]).ok, true);
    assert.equal(u.parse({}).ok, false);
  });

  it('json limits depth and refuses functions/undefined/symbols', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    assert.equal(json({ maxDepth: 64 }).parse(deep).ok, false);
    assert.equal(json().parse({ f: () => 1 }).ok, false);
    assert.equal(json().parse(undefined).ok, false);
    assert.equal(json().parse(Symbol('x')).ok, false);
    assert.equal(json().parse({ a: [1, 'b', null, true, { c: 2.5 }] }).ok, true);
  });

  it('string limits', () => {
    assert.equal(string({ max: 3 }).parse('abcd').ok, false);
    assert.equal(string({ pattern: /^a+$/ }).parse('aab').ok, false);
  });
});
