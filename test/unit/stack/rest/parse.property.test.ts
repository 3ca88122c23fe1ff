import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ApiError } from '../../../stack/rest/errors';
import { parseQuery } from '../../../stack/rest/parse/query';
import { parseFilterValue } from '../../../stack/rest/parse/filter';
import { parseAccept } from '../../../stack/rest/parse/accept';
import { parsePrefer } from '../../../stack/rest/parse/prefer';
import { pgArrayLiteral } from '../../../stack/rest/sql/builder';

const alphabet = fc.constantFrom(...'abc.,()"\\{}[]:!*->_ 0123456789eqnotinlikeorand%'.split(''));
const noisy = fc.array(alphabet, { maxLength: 40 }).map((a) => a.join(''));

describe('rest parser properties', () => {
  it('any query string either parses or fails with a typed PGRST100-family ApiError', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('select', 'order', 'or', 'id', 'a.b', 'not.and', 'limit', 'cities.limit', 'columns', 'on_conflict', 'x->>y'), noisy), { maxLength: 5 }), (pairs) => {
        const p = new URLSearchParams();
        for (const [k, v] of pairs) p.append(k, v);
        for (const isRpcRead of [false, true]) {
          try {
            parseQuery(p, { isRpcRead });
          } catch (e) {
            assert.ok(e instanceof ApiError, `non-typed error: ${String(e)}`);
            assert.ok(e.status >= 400 && e.status < 500);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('in-lists round-trip every string the client quotes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }).filter((s) => !/[\\"]/.test(s) && s.trim() === s && s !== ''), { minLength: 1, maxLength: 5 }), (values) => {
        const text = 'in.(' + values.map((v) => (/[,()]/.test(v) ? `"${v}"` : v)).join(',') + ')';
        const f = parseFilterValue({ name: 'c', jsonPath: [] }, text);
        assert.deepEqual(f.expr, { kind: 'in', values });
      }),
      { numRuns: 500 },
    );
  });

  it('pgArrayLiteral quotes every element so PostgreSQL reads it back verbatim', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), (values) => {
        const lit = pgArrayLiteral(values);
        // decode as PostgreSQL would for a fully quoted array literal
        const inner = lit.slice(1, -1);
        const out: string[] = [];
        let i = 0;
        while (i < inner.length) {
          assert.equal(inner[i], '"');
          i++;
          let s = '';
          while (inner[i] !== '"') {
            if (inner[i] === '\\') i++;
            s += inner[i++];
          }
          i++;
          out.push(s);
          if (inner[i] === ',') i++;
        }
        assert.deepEqual(out, values);
      }),
      { numRuns: 500 },
    );
  });

  it('Accept and Prefer never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (h) => {
        parseAccept(h);
        parsePrefer([h]);
      }),
      { numRuns: 1000 },
    );
  });
});
