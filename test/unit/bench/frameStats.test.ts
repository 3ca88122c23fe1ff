import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attributeLongFrames, formatMB, frameIntervals, frameStats, percentile } from '../../bench/frameStats';

describe('bench frame statistics', () => {
  it('nearest-rank percentiles, input left untouched', () => {
    const input = [50, 10, 40, 20, 30];
    assert.equal(percentile(input, 0), 10);
    assert.equal(percentile(input, 20), 10);
    assert.equal(percentile(input, 21), 20);
    assert.equal(percentile(input, 50), 30);
    assert.equal(percentile(input, 95), 50);
    assert.equal(percentile(input, 100), 50);
    assert.deepEqual(input, [50, 10, 40, 20, 30]);
    // 100 values 1..100: p95 is the 95th.
    assert.equal(percentile(Array.from({ length: 100 }, (_, i) => 100 - i), 95), 95);
  });

  it('percentile refuses empty lists, bad p and non-finite values', () => {
    assert.throws(() => percentile([], 50), RangeError);
    assert.throws(() => percentile([1], -1), RangeError);
    assert.throws(() => percentile([1], 101), RangeError);
    assert.throws(() => percentile([1], NaN), RangeError);
    assert.throws(() => percentile([1, Infinity], 50), RangeError);
  });

  it('percentile lies between min and max and grows with p', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 100, noNaN: true }), (xs, p) => {
        const v = percentile(xs, p);
        assert.ok(v >= Math.min(...xs) && v <= Math.max(...xs));
        assert.ok(xs.includes(v));
        assert.ok(percentile(xs, Math.min(100, p + 10)) >= v);
      }),
    );
  });

  it('frame intervals from rAF timestamps', () => {
    assert.deepEqual(frameIntervals([0, 16.5, 33, 100]), [16.5, 16.5, 67]);
    assert.throws(() => frameIntervals([5]), RangeError);
    assert.throws(() => frameIntervals([5, 4]), /must increase/);
    assert.throws(() => frameIntervals([0, NaN]), RangeError);
  });

  it('frame stats: median, p95, max and long frames (strictly above the threshold)', () => {
    const intervals = [...Array<number>(18).fill(16), 50, 120];
    const s = frameStats(intervals, 50);
    assert.deepEqual(s, { frames: 20, medianMs: 16, p95Ms: 50, maxMs: 120, longFrames: 1 });
    assert.equal(frameStats([10, 20]).medianMs, 15);
    assert.equal(frameStats([60, 70], 65).longFrames, 1);
    assert.throws(() => frameStats([]), RangeError);
  });

  it('long frames split by whether an event happened within them', () => {
    // Intervals: (0,16] 16 ms, (16,100] 84 ms, (100,116] 16 ms, (116,200] 84 ms.
    const ts = [0, 16, 100, 116, 200];
    const r = attributeLongFrames(ts, [150, 50, 10, 300, -5], 50);
    // 10 → short frame 1; 50 → long frame 2; 150 → long frame 4; 300 and -5 are outside.
    assert.deepEqual(r, { framesWithEvent: 3, longWithEvent: 2, longWithoutEvent: 0 });
    assert.deepEqual(attributeLongFrames(ts, [], 50), { framesWithEvent: 0, longWithEvent: 0, longWithoutEvent: 2 });
    // An event exactly on a frame boundary belongs to the interval it ends.
    assert.deepEqual(attributeLongFrames(ts, [16], 50), { framesWithEvent: 1, longWithEvent: 0, longWithoutEvent: 2 });
  });

  it('formats MB', () => {
    assert.equal(formatMB(200 * 1024 * 1024), '200.0 MB');
    assert.equal(formatMB(1536 * 1024), '1.5 MB');
  });
});
