import assert from 'node:assert/strict';
import { ApiError } from '../../../stack/rest/errors';
import { parseSelect, parseColumns } from '../../../stack/rest/parse/select';
import { parseFilterValue, parseLogicTree, isOpExpr } from '../../../stack/rest/parse/filter';
import { parseOrder } from '../../../stack/rest/parse/order';
import { parsePrefer } from '../../../stack/rest/parse/prefer';
import { parseAccept, parseRangeHeader } from '../../../stack/rest/parse/accept';
import { parseQuery } from '../../../stack/rest/parse/query';

const F = (name: string) => ({ name, jsonPath: [] });

function parseErr(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError, String(e));
    return e;
  }
  assert.fail('expected a parse error');
}

describe('rest parser: select', () => {
  it('columns, aliases, casts, json paths (C2)', () => {
    assert.deepEqual(parseSelect('id,full_name:name,"first name",age::text,data->a->>b,data->arr->0'), [
      { kind: 'column', field: F('id'), alias: undefined, cast: undefined, aggregate: undefined },
      { kind: 'column', field: F('name'), alias: 'full_name', cast: undefined, aggregate: undefined },
      { kind: 'column', field: F('first name'), alias: undefined, cast: undefined, aggregate: undefined },
      { kind: 'column', field: F('age'), alias: undefined, cast: 'text', aggregate: undefined },
      { kind: 'column', field: { name: 'data', jsonPath: [{ arrow: '->', key: 'a', isIndex: false }, { arrow: '->>', key: 'b', isIndex: false }] }, alias: undefined, cast: undefined, aggregate: undefined },
      { kind: 'column', field: { name: 'data', jsonPath: [{ arrow: '->', key: 'arr', isIndex: false }, { arrow: '->', key: '0', isIndex: true }] }, alias: undefined, cast: undefined, aggregate: undefined },
    ]);
  });

  it('embeds with hints, inner, spread, nesting (C3, C4)', () => {
    const s = parseSelect('*,author:users!posts_author_id_fkey(name),users!author_id!inner(name),...categories(cat:name),a(b(c))');
    assert.deepEqual(s[0], { kind: 'star' });
    assert.deepEqual(s[1], { kind: 'embed', name: 'users', alias: 'author', hint: 'posts_author_id_fkey', joinType: undefined, spread: false, select: [{ kind: 'column', field: F('name'), alias: undefined, cast: undefined, aggregate: undefined }] });
    assert.equal((s[2] as { joinType: string }).joinType, 'inner');
    assert.equal((s[2] as { hint: string }).hint, 'author_id');
    assert.equal((s[3] as { spread: boolean }).spread, true);
    const nested = s[4] as { select: { select: unknown[] }[] };
    assert.equal(nested.select[0].select.length, 1);
  });

  it('aggregates and count() parse (C5)', () => {
    const s = parseSelect('amount.sum(),customer_id,count()');
    assert.deepEqual((s[0] as { aggregate: unknown }).aggregate, { fn: 'sum', cast: undefined });
    assert.deepEqual(s[2], { kind: 'count', alias: undefined, cast: undefined });
  });

  it('empty select and spaces', () => {
    assert.deepEqual(parseSelect(''), [{ kind: 'star' }]);
    assert.equal(parseSelect(' id , name ').length, 2);
    assert.deepEqual((parseSelect('rel()')[0] as { select: unknown[] }).select, []);
  });

  it('errors are PGRST100 with the select target', () => {
    const e = parseErr(() => parseSelect('id,(x'));
    assert.equal(e.code, 'PGRST100');
    assert.match(e.message, /^"failed to parse select parameter \(id,\(x\)" \(line 1, column 4\)$/);
    assert.equal(parseErr(() => parseSelect('a(b')).code, 'PGRST100');
  });

  it('columns / on_conflict', () => {
    assert.deepEqual(parseColumns('"id","name","my col"'), ['id', 'name', 'my col']);
    assert.deepEqual(parseColumns('id, org_id', 'on_conflict parameter'), ['id', 'org_id']);
  });
});

describe('rest parser: filters', () => {
  const v = (text: string) => parseFilterValue(F('c'), text);

  it('simple operators keep the value verbatim (no unquoting)', () => {
    assert.deepEqual(v('eq."a,b"').expr, { kind: 'simple', op: 'eq', value: '"a,b"' });
    assert.deepEqual(v('neq.x.y').expr, { kind: 'simple', op: 'neq', value: 'x.y' });
    assert.deepEqual(v('gte.').expr, { kind: 'simple', op: 'gte', value: '' });
    assert.deepEqual(v('isdistinct.null').expr, { kind: 'simple', op: 'isdistinct', value: 'null' });
  });

  it('like turns * into %; quantifiers', () => {
    assert.deepEqual(v('like.*ab_*').expr, { kind: 'simple', op: 'like', value: '%ab_%' });
    assert.deepEqual(v('ilike(any).{x*,y}').expr, { kind: 'quant', op: 'ilike', quantifier: 'any', value: '{x%,y}' });
    assert.deepEqual(v('like(all).{%a%,%b%}').expr, { kind: 'quant', op: 'like', quantifier: 'all', value: '{%a%,%b%}' });
    assert.deepEqual(v('match.^a*').expr, { kind: 'simple', op: 'match', value: '^a*' });
  });

  it('in lists: quoting, escapes, empty (C31)', () => {
    assert.deepEqual(v('in.("a,b","c(d)",e.f,g"h,i\\j,k l,m:n)').expr, { kind: 'in', values: ['a,b', 'c(d)', 'e.f', 'g"h', 'i\\j', 'k l', 'm:n'] });
    assert.deepEqual(v('in.("say \\"hi\\"","back\\\\slash")').expr, { kind: 'in', values: ['say "hi"', 'back\\slash'] });
    assert.deepEqual(v('in.()').expr, { kind: 'in', values: [] });
    assert.deepEqual(v('not.in.(1,2)'), { kind: 'filter', field: F('c'), negated: true, expr: { kind: 'in', values: ['1', '2'] } });
    assert.equal(parseErr(() => v('not.in.1,2')).code, 'PGRST100');
  });

  it('text after an in list is ignored, as in PostgREST (its filter parser has no eof)', () => {
    // PostgREST v12–v14 pRequestFilter: P.parse (pOpExpr pSingleVal) without eof; pListVal stops at ")".
    assert.deepEqual(v('in.(1,2)junk').expr, { kind: 'in', values: ['1', '2'] });
    assert.deepEqual(v('in.(1,2) ').expr, { kind: 'in', values: ['1', '2'] });
    // …but inside a logic tree the next character must be "," or ")".
    assert.equal(parseErr(() => parseLogicTree('or', false, '(c.in.(1,2)junk)')).code, 'PGRST100');
  });

  it('is: case-insensitive values, else PGRST100', () => {
    assert.deepEqual(v('is.NULL').expr, { kind: 'is', value: 'null' });
    assert.deepEqual(v('is.not_null').expr, { kind: 'is', value: 'not_null' });
    assert.deepEqual(v('is.True').expr, { kind: 'is', value: 'true' });
    assert.equal(parseErr(() => v('is.maybe')).code, 'PGRST100');
  });

  it('full text search with config (C34)', () => {
    assert.deepEqual(v("fts.'fat' & 'cat'").expr, { kind: 'fts', op: 'fts', config: undefined, value: "'fat' & 'cat'" });
    assert.deepEqual(v('plfts(english).fat cat').expr, { kind: 'fts', op: 'plfts', config: 'english', value: 'fat cat' });
    assert.deepEqual(v('wfts(simple)."fat cat" -rat').expr, { kind: 'fts', op: 'wfts', config: 'simple', value: '"fat cat" -rat' });
    assert.deepEqual(v('phfts.x').expr, { kind: 'fts', op: 'phfts', config: undefined, value: 'x' });
  });

  it('arrays, ranges, json for cs/cd/ov and range operators (C32, C33)', () => {
    assert.deepEqual(v('cs.{a,"b,c"}').expr, { kind: 'simple', op: 'cs', value: '{a,"b,c"}' });
    assert.deepEqual(v('cd.[1,5)').expr, { kind: 'simple', op: 'cd', value: '[1,5)' });
    assert.deepEqual(v('cs.{"a":1,"c":"x,y"}').expr, { kind: 'simple', op: 'cs', value: '{"a":1,"c":"x,y"}' });
    for (const op of ['sr', 'nxl', 'sl', 'nxr', 'adj', 'ov']) assert.equal((v(`${op}.[2,5)`).expr as { op: string }).op, op);
  });

  it('S26: unknown operator error text', () => {
    const e = parseErr(() => v('xyz.1'));
    assert.equal(e.message, '"failed to parse filter (xyz.1)" (line 1, column 1)');
    assert.equal(e.details, 'unexpected "x" expecting "not" or operator (eq, gt, ...)');
  });

  it('isOpExpr distinguishes rpc args from filters', () => {
    assert.equal(isOpExpr('eq.5'), true);
    assert.equal(isOpExpr('5'), false);
    assert.equal(isOpExpr('{1,2}'), false);
    assert.equal(isOpExpr('hello'), false);
  });
});

describe('rest parser: logic trees', () => {
  it('nested and/or/not with quoted values, arrays and in lists', () => {
    const t = parseLogicTree('or', false, '(a.eq.1,b.gt.2,and(c.is.null,not.or(d.in.(1,"x,y"),e.eq."q,r")),tags.cs.{a,b},f.not.like.*x*)');
    assert.equal(t.op, 'or');
    assert.equal(t.children.length, 5);
    const and = t.children[2] as { kind: string; op: string; children: { negated: boolean; children: { expr: unknown }[] }[] };
    assert.equal(and.op, 'and');
    assert.equal(and.children[1].negated, true);
    assert.deepEqual(and.children[1].children[0].expr, { kind: 'in', values: ['1', 'x,y'] });
    assert.deepEqual(and.children[1].children[1].expr, { kind: 'simple', op: 'eq', value: 'q,r' });
    assert.deepEqual((t.children[3] as { expr: unknown }).expr, { kind: 'simple', op: 'cs', value: '{a,b}' });
    assert.deepEqual(t.children[4], { kind: 'filter', field: F('f'), negated: true, expr: { kind: 'simple', op: 'like', value: '%x%' } });
  });

  it('json path fields inside trees; errors', () => {
    const t = parseLogicTree('and', true, '(data->>k.eq.v)');
    assert.equal(t.negated, true);
    assert.deepEqual((t.children[0] as { field: unknown }).field, { name: 'data', jsonPath: [{ arrow: '->>', key: 'k', isIndex: false }] });
    const e = parseErr(() => parseLogicTree('or', false, '(a.eq.1'));
    assert.match(e.message, /^"failed to parse logic tree/);
    assert.equal(parseErr(() => parseLogicTree('or', false, 'a.eq.1')).code, 'PGRST100');
  });
});

describe('rest parser: order, prefer, accept, range, query', () => {
  it('order terms', () => {
    assert.deepEqual(parseOrder('a.desc.nullsfirst,c.asc.nullslast,d,e.nullslast,rel(col).desc,data->>k.asc'), [
      { field: F('a'), direction: 'desc', nulls: 'first' },
      { field: F('c'), direction: 'asc', nulls: 'last' },
      { field: F('d') },
      { field: F('e'), nulls: 'last' },
      { relation: 'rel', field: F('col'), direction: 'desc' },
      { field: { name: 'data', jsonPath: [{ arrow: '->>', key: 'k', isIndex: false }] }, direction: 'asc' },
    ]);
    assert.equal(parseErr(() => parseOrder('a.sideways')).code, 'PGRST100');
  });

  it('Prefer: first of a kind wins, invalid tokens collected', () => {
    const p = parsePrefer(['resolution=merge-duplicates, count=exact, missing=default, return=representation', 'return=minimal, tx=rollback, handling=strict, max-affected=5, foo, count=nope']);
    assert.equal(p.resolution, 'merge-duplicates');
    assert.equal(p.return, 'representation');
    assert.equal(p.count, 'exact');
    assert.equal(p.missing, 'default');
    assert.equal(p.tx, 'rollback');
    assert.equal(p.handling, 'strict');
    assert.equal(p.maxAffected, 5);
    assert.deepEqual(p.invalid, ['foo', 'count=nope']);
  });

  it('Accept: object, csv, plan with for and options (C47–C50)', () => {
    assert.equal(parseAccept(undefined).candidates[0].kind, 'json');
    assert.equal(parseAccept('*/*').candidates[0].kind, 'json');
    assert.equal(parseAccept('application/vnd.pgrst.object+json').candidates[0].kind, 'object');
    assert.equal(parseAccept('application/vnd.pgrst.object+json;nulls=stripped').candidates[0].stripNulls, true);
    assert.equal(parseAccept('application/vnd.pgrst.array+json;nulls=stripped').candidates[0].kind, 'array-stripped');
    assert.equal(parseAccept('text/csv').candidates[0].kind, 'csv');
    const plan = parseAccept('application/vnd.pgrst.plan+json; for="application/vnd.pgrst.object+json"; options=analyze|verbose|settings|buffers|wal;').candidates[0];
    assert.equal(plan.kind, 'plan');
    assert.equal(plan.plan!.format, 'json');
    assert.equal(plan.plan!.for.kind, 'object');
    assert.deepEqual(plan.plan!.options, ['analyze', 'verbose', 'settings', 'buffers', 'wal']);
    assert.equal(parseAccept('application/vnd.pgrst.plan+text; for="application/json"; options=;').candidates[0].raw, 'application/vnd.pgrst.plan+text; for="application/json"');
    assert.deepEqual(parseAccept('image/png').candidates, []);
    assert.equal(parseAccept('text/csv;q=0.5, application/json').candidates[0].kind, 'json');
  });

  it('Range header', () => {
    assert.deepEqual(parseRangeHeader('0-9'), { offset: 0, limit: 10 });
    assert.deepEqual(parseRangeHeader('5-'), { offset: 5 });
    assert.equal(parseRangeHeader('9-2'), 'invalid');
    assert.equal(parseRangeHeader(undefined), undefined);
  });

  it('query: per-level filters, order, limit, logic keys, reserved params', () => {
    const q = parseQuery(new URLSearchParams('select=name,cities(name)&cities.name=eq.Paris&cities.order=name.desc&cities.limit=2&cities.offset=1&limit=5&offset=3&or=(a.eq.1,b.eq.2)&cities.not.and=(x.gt.1,y.lt.2)&id=in.(1,2)&columns="a","b"&on_conflict=id&data->>k=eq.v'));
    const root = q.levels.get('')!;
    assert.equal(root.limit, 5);
    assert.equal(root.offset, 3);
    assert.equal(root.conditions.length, 3);
    const cities = q.levels.get('cities')!;
    assert.equal(cities.limit, 2);
    assert.equal(cities.offset, 1);
    assert.deepEqual(cities.order, [{ field: F('name'), direction: 'desc' }]);
    assert.equal(cities.conditions.length, 2);
    assert.equal((cities.conditions[1] as { negated: boolean }).negated, true);
    assert.deepEqual(q.columns, ['a', 'b']);
    assert.deepEqual(q.onConflict, ['id']);
    assert.deepEqual((root.conditions[2] as { field: unknown }).field, { name: 'data', jsonPath: [{ arrow: '->>', key: 'k', isIndex: false }] });
  });

  it('query: rpc reads split args from filters', () => {
    const q = parseQuery(new URLSearchParams('a=1&tags={x,y}&id=gt.1&q=a,b c&select=id'), { isRpcRead: true });
    assert.deepEqual(q.rpcArgs, [['a', '1'], ['tags', '{x,y}'], ['q', 'a,b c']]);
    assert.equal(q.levels.get('')!.conditions.length, 1);
  });

  it('query: bad limit → PGRST100', () => {
    assert.equal(parseErr(() => parseQuery(new URLSearchParams('limit=abc'))).code, 'PGRST100');
  });
});
