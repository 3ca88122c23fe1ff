import assert from 'node:assert/strict';
import fc from 'fast-check';
import { atLeast, atMost, formatCount, formatKB, formatRatio, median, renderTable, summarize } from '../../bench/stats';

describe('bench stats helpers', () => {
  it('median of odd and even lists, unsorted input left untouched', () => {
    const input = [5, 1, 3];
    assert.equal(median(input), 3);
    assert.deepEqual(input, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.equal(median([-2, -8]), -5);
  });

  it('median refuses empty lists and non-finite values', () => {
    assert.throws(() => median([]), RangeError);
    assert.throws(() => median([1, NaN]), RangeError);
    assert.throws(() => median([Infinity]), RangeError);
  });

  it('median lies between min and max and splits the list in halves', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 50 }), (xs) => {
        const m = median(xs);
        const below = xs.filter((x) => x < m).length;
        const above = xs.filter((x) => x > m).length;
        return m >= Math.min(...xs) && m <= Math.max(...xs) && below <= xs.length / 2 && above <= xs.length / 2;
      }),
    );
  });

  it('summarize gives median, min, max and count', () => {
    assert.deepEqual(summarize([3, 9, 1, 4]), { median: 3.5, min: 1, max: 9, n: 4 });
  });

  it('formats counts, ratios and sizes', () => {
    assert.equal(formatCount(1234567.4), '1,234,567');
    assert.equal(formatCount(999.5), '1,000');
    assert.equal(formatCount(12), '12');
    assert.equal(formatCount(-45678), '-45,678');
    assert.equal(formatRatio(2.345), '2.35×');
    assert.equal(formatRatio(NaN), 'n/a');
    assert.equal(formatKB(409600), '400.0 KB');
    assert.equal(formatKB(1536), '1.5 KB');
  });

  it('verdicts for at-least and at-most targets', () => {
    assert.equal(atLeast(2, 2), 'PASS');
    assert.equal(atLeast(1.99, 2), 'FAIL');
    assert.equal(atLeast(undefined, 2), 'N/A');
    assert.equal(atLeast(NaN, 0.8), 'N/A');
    assert.equal(atMost(400 * 1024, 400 * 1024), 'PASS');
    assert.equal(atMost(400 * 1024 + 1, 400 * 1024), 'FAIL');
    assert.equal(atMost(undefined, 1), 'N/A');
  });

  it('renders an aligned table with numbers on the right', () => {
    const t = renderTable(
      ['client', 'req/s'],
      [
        ['raw undici', '12,345'],
        ['core', '987'],
      ],
    );
    assert.equal(t, ['client      req/s', '----------  ------', 'raw undici  12,345', 'core           987'].join('\n'));
    assert.equal(renderTable(['a'], []), 'a\n-');
  });
});
