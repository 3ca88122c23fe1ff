import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseJsonLossless, safeJsonParse, isLosslessNumber, isUnsafeNumberText, LosslessNumber } from '../../../../src/core/lib/json';
import { CoreError, PostgrestError, HttpError, FetchError, isCoreError, isPostgrestError, isHttpError, isFetchError } from '../../../../src/core/lib/errors';

describe('lib/json', () => {
  it('safeJsonParse never throws', () => {
    assert.deepEqual(safeJsonParse('[1]'), { ok: true, value: [1] });
    const r = safeJsonParse('<html>');
    assert.ok(!r.ok && r.error instanceof SyntaxError);
  });

  it('parseJsonLossless equals JSON.parse on safe documents', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (v) => {
        const text = JSON.stringify(v);
        const plain = JSON.parse(text);
        const lossless = parseJsonLossless(text);
        const unwrap = (x: unknown): unknown =>
          isLosslessNumber(x) ? Number(x.value) : Array.isArray(x) ? x.map(unwrap) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, unwrap(y)])) : x;
        const norm = JSON.parse(JSON.stringify(unwrap(lossless)));
        assert.deepEqual(norm, JSON.parse(JSON.stringify(plain)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps int8 beyond 2^53 and long numerics exact', () => {
    const v = parseJsonLossless('{"id":9007199254740993,"neg":-12345678901234567890,"ok":9007199254740991,"dec":3.141592653589793238,"s":"x\\u00e9"}') as Record<string, unknown>;
    assert.ok(isLosslessNumber(v.id) && (v.id as LosslessNumber).value === '9007199254740993');
    assert.equal(String(v.neg), '-12345678901234567890');
    assert.equal(v.ok, 9007199254740991);
    assert.ok(isLosslessNumber(v.dec));
    assert.equal(v.s, 'xé');
    assert.equal(JSON.stringify({ id: v.id }), '{"id":"9007199254740993"}');
    assert.equal(isUnsafeNumberText('1.50000000000000000000'), false);
    assert.throws(() => parseJsonLossless('{"a":1,}'), SyntaxError);
    assert.throws(() => parseJsonLossless('[1] x'), SyntaxError);
  });
});

describe('lib/errors', () => {
  it('brand guards work without instanceof (cross-bundle) and toJSON is plain', () => {
    const e = new PostgrestError({ message: 'm', details: 'd', hint: null, code: '23505', status: 409 });
    const foreign = Object.assign(Object.create(null), { ...e, name: 'PostgrestError' });
    foreign[Object.getOwnPropertySymbols(e)[0] ?? '__supabaseExplorerCore'] = true;
    assert.ok(isCoreError(e) && isPostgrestError(e) && !isFetchError(e));
    assert.ok(isCoreError(foreign) && isPostgrestError(foreign));
    assert.ok(!isCoreError(new Error('x')) && !isCoreError(null) && !isCoreError({ name: 'PostgrestError' }));
    assert.deepEqual(e.toJSON(), { name: 'PostgrestError', message: 'm', details: 'd', hint: null, code: '23505', status: 409, kind: 'postgrest' });
    const h = new HttpError({ message: 'Invalid API key', status: 401, statusText: 'Unauthorized', body: '{"message":"Invalid API key"}' });
    assert.ok(h instanceof PostgrestError && isPostgrestError(h) && isHttpError(h) && !isHttpError(e));
    assert.deepEqual(h.toJSON(), { name: 'HttpError', message: 'Invalid API key', details: null, hint: null, code: '', status: 401, kind: 'http' });
    const foreignHttp = Object.assign(Object.create(null), { ...h, name: 'HttpError' });
    assert.ok(isPostgrestError(foreignHttp) && isHttpError(foreignHttp));
    const f = new FetchError('down', { kind: 'refused', code: 'ECONNREFUSED', cause: new Error('c') });
    assert.ok(f instanceof CoreError && isFetchError(f));
    assert.equal((f.cause as Error).message, 'c');
    assert.equal(f.toJSON().kind, 'refused');
  });
});
