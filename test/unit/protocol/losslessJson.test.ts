import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  assertJson,
  cellJson,
  cellText,
  compareCells,
  compareDecimalText,
  JsonSyntaxError,
  parseRows,
  isInexactNumber,
  parseWriteJson,
  rowJson,
  rowsJson,
} from '../../../src/protocol/losslessJson';

describe('protocol/losslessJson', () => {
  it('keeps int8 values beyond 2^53 exact', () => {
    assert.deepEqual(parseRows('[{"a": 9007199254740994, "b": 9007199254740991}]')!.rows[0], [{ n: '9007199254740994' }, 9007199254740991]);
    const body = '[{"id": 9007199254740993, "n": 1.10, "x": 1, "f": 0.5}]';
    const r = parseRows(body)!;
    assert.deepEqual(r.columns, ['id', 'n', 'x', 'f']);
    assert.deepEqual(r.rows[0], [{ n: '9007199254740993' }, { n: '1.10' }, 1, 0.5]);
    assert.equal(cellText(r.rows[0]![0]!), '9007199254740993');
    assert.equal(rowJson(r.columns, r.rows[0]!), '{"id":9007199254740993,"n":1.10,"x":1,"f":0.5}');
  });

  it('keeps nested JSON as exact text (big numbers inside jsonb and embeds)', () => {
    const r = parseRows('[{"doc": {"big": 123456789012345678901234567890, "s": "é\\n"}, "emb": [{"id": 1}]}]')!;
    assert.deepEqual(r.rows[0], [{ j: '{"big": 123456789012345678901234567890, "s": "é\\n"}' }, { j: '[{"id": 1}]' }]);
  });

  it('unions columns across rows, padding with null', () => {
    const r = parseRows('[{"a":1},{"b":"x"},{"a":2,"b":null}]')!;
    assert.deepEqual(r.columns, ['a', 'b']);
    assert.deepEqual(r.rows, [[1, null], [null, 'x'], [2, null]]);
  });

  it('single objects become one row; scalars and scalar arrays are not rows', () => {
    assert.deepEqual(parseRows('{"a":true}'), { kind: 'rows', columns: ['a'], rows: [[true]], single: true });
    assert.equal(parseRows('3'), undefined);
    assert.equal(parseRows('[1,2]'), undefined);
    assert.deepEqual(parseRows('[]'), { kind: 'rows', columns: [], rows: [] });
  });

  it('rejects invalid JSON with a typed error', () => {
    for (const bad of ['', '[', '{"a":}', '[1,]', '{"a":1} x', '"\\x"', 'nul', '[01]', '{"a" 1}', '"a\u0001"']) {
      assert.throws(() => parseRows(bad), JsonSyntaxError, bad);
    }
  });

  it('agrees with JSON.parse on arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }), { maxLength: 5 }), (rows) => {
        const text = JSON.stringify(rows);
        assertJson(text);
        const r = parseRows(text)!;
        const back = JSON.parse(rowsJson(r.columns, r.rows)) as Record<string, unknown>[];
        // Compare with what the JSON text says (JSON has no -0: the generator's -0 reads back as 0).
        const expected = JSON.parse(text) as Record<string, unknown>[];
        expected.forEach((row, i) => {
          for (const [k, v] of Object.entries(row)) {
            if (k === '__proto__') continue;
            assert.deepEqual(back[i]![k], v);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('compares exact decimals', () => {
    assert.equal(compareDecimalText('9007199254740993', '9007199254740992'), 1);
    assert.equal(compareDecimalText('-10', '-9'), -1);
    assert.equal(compareDecimalText('1.10', '1.1'), 0);
    assert.equal(compareDecimalText('0.001', '0.01'), -1);
    assert.equal(compareCells(null, 1), 1);
    assert.equal(compareCells({ n: '18446744073709551616' }, 5), 1);
    assert.equal(cellJson('a"b'), '"a\\"b"');
  });

  it('parseWriteJson keeps big row values exact as text and leaves the rest to JSON.parse', () => {
    assert.deepEqual(parseWriteJson('{"id": 9007199254740993, "n": 12.5, "s": "9007199254740993", "ok": true}'), {
      id: '9007199254740993',
      n: 12.5,
      s: '9007199254740993',
      ok: true,
    });
    assert.deepEqual(parseWriteJson('[{"id":-9223372036854775808},{"id":1,"price":1234567890.123456789012}]'), [
      { id: '-9223372036854775808' },
      { id: 1, price: '1234567890.123456789012' },
    ]);
    // Inside a jsonb value, and inside strings with escapes, nothing is rewritten.
    assert.deepEqual(parseWriteJson('{"doc": {"big": 1}, "t": "a \\" 9007199254740993 \\""}'), { doc: { big: 1 }, t: 'a " 9007199254740993 "' });
    assert.deepEqual(parseWriteJson('{"e": 1e3, "z": 0, "neg": -0.5}'), { e: 1000, z: 0, neg: -0.5 });
    assert.throws(() => parseWriteJson('{"a": }'), SyntaxError);
    // Plain doubles stay numbers; json/jsonb columns keep even big numbers as numbers.
    assert.deepEqual(parseWriteJson('{"a": 1.0, "b": 0.50, "c": 0.1}'), { a: 1, b: 0.5, c: 0.1 });
    assert.deepEqual(parseWriteJson('{"doc": 9007199254740993, "id": 9007199254740993}', (c) => c === 'doc'), { doc: 9007199254740992, id: '9007199254740993' });
    assert.equal(isInexactNumber('0.30000000000000004'), true);
    assert.equal(isInexactNumber('123456789012345'), false);
    assert.equal(isInexactNumber('1e400'), false);
  });

  it('parseWriteJson agrees with JSON.parse except that inexact row numbers become their text (property)', () => {
    const value = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.string(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), value, { maxKeys: 5 }), { maxLength: 4 }), (rows) => {
        const text = `[${rows.map((r) => `{${Object.entries(r).map(([k, v]) => `${JSON.stringify(k)}:${typeof v === 'bigint' ? v.toString() : JSON.stringify(v)}`).join(',')}}`).join(',')}]`;
        const expected = (JSON.parse(text) as Record<string, unknown>[]).map((row, i) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => {
              const src = rows[i]![k];
              const literal = typeof src === 'bigint' ? src.toString() : JSON.stringify(src);
              return [k, typeof v === 'number' && isInexactNumber(literal) ? literal : v];
            }),
          ),
        );
        assert.deepEqual(parseWriteJson(text), expected);
      }),
      { numRuns: 200 },
    );
  });
});
