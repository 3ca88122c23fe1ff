import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { ChainDescription } from '../../../../src/core/database/chain';
import { CodegenError, jsString, jsValue, toSupabaseJs } from '../../../../src/core/database/codegen/index';

const table = (name: string, rest: Partial<ChainDescription> = {}): ChainDescription => ({
  v: 1,
  target: { kind: 'table', name },
  action: { kind: 'select' },
  steps: [],
  ...rest,
});

/** Evaluates a JS expression in a fresh function scope. */
function evaluate(expr: string): unknown {
  return new Function(`return (${expr});`)();
}

describe('codegen: supabase-js', () => {
  it('renders a select with filters and modifiers', () => {
    const code = toSupabaseJs(
      table('countries', {
        action: { kind: 'select', columns: 'name, cities(name)' },
        steps: [
          { kind: 'filter', op: 'eq', column: 'id', value: 1 },
          { kind: 'filter', op: 'in', column: 'name', values: ['a,b', null, true, 2.5] },
          { kind: 'order', column: 'name', ascending: false, nullsFirst: true, referencedTable: 'cities' },
          { kind: 'limit', count: 5 },
          { kind: 'single' },
        ],
      }),
    );
    assert.equal(
      code,
      [
        'const { data, error } = await supabase',
        "  .from('countries')",
        "  .select('name, cities(name)')",
        "  .eq('id', 1)",
        "  .in('name', ['a,b', null, true, 2.5])",
        "  .order('name', { ascending: false, nullsFirst: true, referencedTable: 'cities' })",
        '  .limit(5)',
        '  .single()',
        '',
      ].join('\n'),
    );
  });

  it('destructures count when a count is asked for, and renders every verb', () => {
    assert.match(toSupabaseJs(table('t', { action: { kind: 'select', count: 'exact', head: true } })), /^const \{ data, error, count \} = await supabase\n  \.from\('t'\)\n  \.select\('\*', \{ count: 'exact', head: true \}\)\n$/);
    assert.equal(toSupabaseJs(table('t')).split('\n')[2], '  .select()');
    const ins = toSupabaseJs(table('t', { action: { kind: 'insert', values: [{ a: 1 }, { b: 'x' }], defaultToNull: false }, steps: [{ kind: 'select', columns: 'id' }] }));
    assert.match(ins, /\.insert\(\[\{ a: 1 \}, \{ b: 'x' \}\], \{ defaultToNull: false \}\)\n  \.select\('id'\)/);
    const up = toSupabaseJs(table('t', { action: { kind: 'upsert', values: { id: 1 }, onConflict: 'id', ignoreDuplicates: true, count: 'planned' } }));
    assert.match(up, /\.upsert\(\{ id: 1 \}, \{ onConflict: 'id', ignoreDuplicates: true, count: 'planned' \}\)/);
    const upd = toSupabaseJs(table('t', { action: { kind: 'update', values: { 'my col': 'v' } }, steps: [{ kind: 'filter', op: 'eq', column: 'id', value: 1 }, { kind: 'rollback' }, { kind: 'maxAffected', value: 1 }] }));
    assert.match(upd, /\.update\(\{ 'my col': 'v' \}\)\n  \.eq\('id', 1\)\n  \.rollback\(\)\n  \.maxAffected\(1\)/);
    assert.match(toSupabaseJs(table('t', { action: { kind: 'delete', count: 'exact' } })), /\.delete\(\{ count: 'exact' \}\)/);
    assert.match(toSupabaseJs(table('t', { action: { kind: 'delete' } })), /\.delete\(\)\n$/);
  });

  it('renders rpc, schema and every modifier', () => {
    assert.equal(toSupabaseJs({ v: 1, target: { kind: 'rpc', fn: 'hello' }, steps: [] }), "const { data, error } = await supabase\n  .rpc('hello')\n");
    const rpc = toSupabaseJs({
      v: 1,
      schema: 'private',
      target: { kind: 'rpc', fn: 'list', args: { a: [1, 2], o: { k: null } }, get: true, count: 'exact' },
      steps: [
        { kind: 'select', columns: 'id' },
        { kind: 'range', from: 0, to: 9, referencedTable: 'x' },
        { kind: 'csv' },
        { kind: 'geojson' },
        { kind: 'explain', analyze: true, format: 'json' },
        { kind: 'stripNulls' },
        { kind: 'maybeSingle' },
        { kind: 'setHeader', name: 'x-a', value: "it's" },
      ],
    });
    assert.equal(
      rpc,
      [
        'const { data, error, count } = await supabase',
        "  .schema('private')",
        // A GET sends args in the query: the object goes as its JSON text (supabase-js would send [object Object]).
        "  .rpc('list', { a: [1, 2], o: '{\"k\":null}' }, { get: true, count: 'exact' })",
        "  .select('id')",
        "  .range(0, 9, { referencedTable: 'x' })",
        '  .csv()',
        '  .geojson()',
        "  .explain({ analyze: true, format: 'json' })",
        '  .stripNulls()',
        '  .maybeSingle()',
        "  .setHeader('x-a', 'it\\'s')",
        '',
      ].join('\n'),
    );
    assert.match(toSupabaseJs({ v: 1, target: { kind: 'rpc', fn: 'f', head: true }, steps: [] }), /\.rpc\('f', \{\}, \{ head: true \}\)/);
  });

  it('renders every filter kind', () => {
    const code = toSupabaseJs(
      table('t', {
        steps: [
          { kind: 'filter', op: 'isDistinct', column: 'a', value: null },
          { kind: 'filter', op: 'regexIMatch', column: 'a', value: '^x' },
          { kind: 'filter', op: 'likeAnyOf', column: 'a', patterns: ['%a', 'b%'] },
          { kind: 'filter', op: 'contains', column: 'j', value: { a: [1] } },
          { kind: 'filter', op: 'overlaps', column: 'r', value: '[1,2)' },
          { kind: 'filter', op: 'rangeAdjacent', column: 'r', range: '[5,7)' },
          { kind: 'filter', op: 'textSearch', column: 'd', query: "'a' & 'b'", config: 'english', type: 'websearch' },
          { kind: 'filter', op: 'match', query: { a: 1, b: 'x' } },
          { kind: 'filter', op: 'not', column: 'a', operator: 'is', value: null },
          { kind: 'filter', op: 'or', filters: 'a.eq.1,b.eq.2', referencedTable: 'c' },
          { kind: 'filter', op: 'filter', column: 'a', operator: 'in', value: '(1,2)' },
        ],
      }),
    );
    for (const line of [
      ".isDistinct('a', null)",
      ".regexIMatch('a', '^x')",
      ".likeAnyOf('a', ['%a', 'b%'])",
      ".contains('j', { a: [1] })",
      ".overlaps('r', '[1,2)')",
      ".rangeAdjacent('r', '[5,7)')",
      ".textSearch('d', '\\'a\\' & \\'b\\'', { config: 'english', type: 'websearch' })",
      ".match({ a: 1, b: 'x' })",
      ".not('a', 'is', null)",
      ".or('a.eq.1,b.eq.2', { referencedTable: 'c' })",
      ".filter('a', 'in', '(1,2)')",
    ]) {
      assert.ok(code.includes(`\n  ${line}\n`), `missing ${line} in\n${code}`);
    }
  });

  it('generates code that parses for adversarial names and values', () => {
    const nasty = ["'", '\\', '\n', '\u2028', '${x}', '`', '*/', '</script>', '\ud800', '__proto__', 'constructor'];
    for (const s of nasty) {
      const code = toSupabaseJs(table(s, { action: { kind: 'insert', values: { [s]: s } }, steps: [{ kind: 'filter', op: 'eq', column: s, value: s }] }));
      // Compiles as the body of an async function.
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...a: string[]) => unknown;
      assert.doesNotThrow(() => new AsyncFunction('supabase', code), code);
    }
  });

  it('string literals round-trip for arbitrary strings (lone surrogates included)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        assert.equal(evaluate(jsString(s)), s);
      }),
      { numRuns: 300 },
    );
  });

  it('value literals round-trip for arbitrary JSON, __proto__ keys included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const back = evaluate(jsValue(v));
        assert.deepEqual(back, v);
        assert.equal(JSON.stringify(back), JSON.stringify(v));
      }),
      { numRuns: 200 },
    );
    const proto = JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    const back = evaluate(jsValue(proto)) as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(back, '__proto__'));
    assert.equal((back as { polluted?: unknown }).polluted, undefined);
  });

  it('refuses values that are not JSON with a typed error naming the place', () => {
    const bad = table('t', { steps: [{ kind: 'filter', op: 'eq', column: 'a', value: Number.NaN }] });
    assert.throws(() => toSupabaseJs(bad), (e: unknown) => e instanceof CodegenError && e.path === 'steps[0].value');
    const fn = table('t', { action: { kind: 'insert', values: { a: (() => 1) as unknown as number } } });
    assert.throws(() => toSupabaseJs(fn), (e: unknown) => e instanceof CodegenError && e.path === 'action.values.a');
    assert.throws(() => toSupabaseJs(table('t'), { client: 'a b' }), CodegenError);
    assert.throws(() => toSupabaseJs({ v: 1, target: { kind: 'table', name: 't' }, steps: [] }), CodegenError);
  });
});
