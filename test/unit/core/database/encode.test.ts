/**
 * The value encoder. Property tests read our output back with the server's grammar (PostgreSQL
 * array literals, PostgREST `in` lists) to prove no value is misread, and check the query-string
 * serialization against WHATWG URLSearchParams. Deviations from postgrest-js are pinned here.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { arrayLiteral, cleanColumns, filterValue, formEncode, formEncodePairs, inList, operatorValue, toJsonValue } from '../../../../src/core/database/encode';

/** PostgreSQL array_in for one dimension of text elements (NULL → null). */
function parsePgArray(s: string): (string | null)[] {
  assert.ok(s.startsWith('{') && s.endsWith('}'), s);
  const out: (string | null)[] = [];
  let i = 1;
  if (s === '{}') return out;
  for (;;) {
    let v = '';
    let quoted = false;
    while (s[i] === ' ') i++;
    if (s[i] === '"') {
      quoted = true;
      i++;
      while (s[i] !== '"') {
        if (s[i] === '\\') i++;
        v += s[i++];
      }
      i++;
    } else {
      while (s[i] !== ',' && s[i] !== '}') {
        assert.ok(!'{"\\'.includes(s[i]!), `unquoted special char in ${s}`);
        v += s[i++];
      }
      v = v.trim();
    }
    out.push(!quoted && v.toUpperCase() === 'NULL' ? null : v);
    if (s[i] === '}') return out;
    assert.equal(s[i], ',');
    i++;
  }
}

/**
 * PostgREST's list grammar for `in.(…)` (pListElement): a quoted value is tried first and kept
 * only when its closing quote is followed by `,` or the end; otherwise the text up to the next
 * `,` is taken as is. (PostgREST also skips blanks after `(`; the generator avoids leading blanks.)
 */
function parseInList(s: string): string[] {
  assert.ok(s.startsWith('(') && s.endsWith(')'));
  const body = s.slice(1, -1);
  const out: string[] = [];
  let i = 0;
  if (body === '') return [];
  for (;;) {
    let v: string | undefined;
    if (body[i] === '"') {
      let j = i + 1;
      let q = '';
      while (j < body.length && body[j] !== '"') {
        if (body[j] === '\\') j++;
        q += body[j++] ?? '';
      }
      if (j < body.length && (j + 1 === body.length || body[j + 1] === ',')) {
        v = q;
        i = j + 1;
      }
    }
    if (v === undefined) {
      v = '';
      while (i < body.length && body[i] !== ',') v += body[i++];
    }
    out.push(v);
    if (i >= body.length) return out;
    assert.equal(body[i], ',');
    i++;
  }
}

describe('encode', () => {
  it('formEncode equals URLSearchParams for any string (incl. lone surrogates)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        const u = new URLSearchParams([[a, b]]).toString();
        assert.equal(formEncodePairs([[a, b]]), u);
      }),
      { numRuns: 500 },
    );
    assert.equal(formEncode("~!'()*-._ +/?&=#%"), '%7E%21%27%28%29*-._+%2B%2F%3F%26%3D%23%25');
  });

  it('array literals read back exactly (PostgreSQL array_in)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('NULL', 'null', '', ' a ', 'a,b', '{x}', 'q"q', 'b\\s'))), (xs) => {
        assert.deepEqual(parsePgArray(arrayLiteral(xs)), xs);
      }),
      { numRuns: 500 },
    );
  });

  it('array literals equal postgrest-js `{a,b}` when no element needs quoting', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9%_.-]+$/).filter((s) => s.toUpperCase() !== 'NULL')), (xs) => {
        assert.equal(arrayLiteral(xs), `{${xs.join(',')}}`);
      }),
    );
    assert.equal(arrayLiteral([1, 2.5, true]), '{1,2.5,true}');
    assert.equal(arrayLiteral([null, [1, 2]]), '{NULL,{1,2}}');
  });

  it('in lists read back exactly (PostgREST list grammar) and match postgrest-js for plain strings', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string().filter((x) => !/^\s/.test(x)), { minLength: 1 }), (xs) => {
        assert.deepEqual(parseInList(inList(xs)), xs);
      }),
      { numRuns: 500 },
    );
    // postgrest-js: quote only for , ( ) and without escaping — equal whenever no " or \ is quoted.
    assert.equal(inList(['a,b', 'c(d)', 'e.f', 'g"h', 'i\\j', 'a,b']), '("a,b","c(d)",e.f,g"h,i\\j)');
    assert.equal(inList([1, '1', null, true]), '(1,1,null,true)');
  });

  it('deviation: a quoted in-list element escapes " and \\ (postgrest-js: `"a,"b"` is misread)', () => {
    assert.equal(inList(['a,"b']), '("a,\\"b")');
    assert.equal(inList(['x,\\y']), '("x,\\\\y")');
    assert.equal(inList(['"quoted"']), '("\\"quoted\\"")');
  });

  it('deviation: array elements with , { } " \\ or edge spaces, empty, and "NULL" text are quoted', () => {
    assert.equal(arrayLiteral(['a', 'b,c']), '{a,"b,c"}');
    assert.equal(arrayLiteral(['', 'NULL', ' x']), '{"","NULL"," x"}');
    assert.equal(arrayLiteral(['c d']), '{c d}');
  });

  it('deviation: objects as JSON, arrays as literals in scalar filters; Dates as ISO text', () => {
    assert.equal(filterValue({ k: 1 }), '{"k":1}');
    assert.equal(filterValue([1, 2]), '{1,2}');
    assert.equal(toJsonValue(new Date(0)), '1970-01-01T00:00:00.000Z');
    assert.equal(toJsonValue(undefined), 'undefined');
    assert.equal(toJsonValue(10n), '10');
    assert.equal(operatorValue('in', [1, 2]), '(1,2)');
    assert.equal(operatorValue('cs', ['a', 'b']), '{a,b}');
    assert.equal(operatorValue('in', '(1,2)'), '(1,2)');
  });

  it('scalars stringify as postgrest-js does', () => {
    assert.equal(filterValue(null), 'null');
    assert.equal(filterValue(true), 'true');
    assert.equal(filterValue(1e21), '1e+21');
    assert.equal(filterValue('x y'), 'x y');
  });

  it('select() cleaning removes whitespace outside quotes only', () => {
    assert.equal(cleanColumns(' id, "first name" ,\tage '), 'id,"first name",age');
    assert.equal(cleanColumns(undefined), '*');
  });
});
