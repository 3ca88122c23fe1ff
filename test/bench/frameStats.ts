// Pure helpers of the results-grid bench: percentiles and frame-time statistics.

/**
 * Nearest-rank percentile (p in [0, 100]) of a non-empty list of finite numbers: the smallest
 * value such that at least p% of the values are ≤ it. p = 0 gives the minimum, p = 100 the maximum.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of an empty list');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be within [0, 100], got ${p}`);
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('percentile needs finite numbers');
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

export interface FrameStats {
  frames: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  /** Frames longer than the long-frame threshold. */
  longFrames: number;
}

/**
 * Frame intervals (ms) from a list of increasing requestAnimationFrame timestamps. Needs at least
 * two timestamps; a timestamp going backwards is a measurement error.
 */
export function frameIntervals(timestamps: readonly number[]): number[] {
  if (timestamps.length < 2) throw new RangeError('frame intervals need at least two timestamps');
  const out: number[] = [];
  for (let i = 1; i < timestamps.length; i++) {
    const d = timestamps[i]! - timestamps[i - 1]!;
    if (!Number.isFinite(d) || d < 0) throw new RangeError(`frame timestamps must increase (index ${i})`);
    out.push(d);
  }
  return out;
}

/** Median, p95, max and the count of intervals strictly above `longMs`. */
export function frameStats(intervals: readonly number[], longMs = 50): FrameStats {
  if (intervals.length === 0) throw new RangeError('frame statistics of no frame');
  const s = [...intervals].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return {
    frames: s.length,
    medianMs: s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2,
    p95Ms: percentile(s, 95),
    maxMs: s[s.length - 1]!,
    longFrames: s.filter((d) => d > longMs).length,
  };
}

/** Bytes as MB (1 MB = 1024² bytes) with one decimal. */
export function formatMB(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface EventAttribution {
  /** Frame intervals during which at least one event happened. */
  framesWithEvent: number;
  /** Long intervals (> longMs) with at least one event / without any. */
  longWithEvent: number;
  longWithoutEvent: number;
}

/**
 * Splits the long frames by whether an event (e.g. a page reply reaching the page) happened within
 * them: interval i spans (timestamps[i-1], timestamps[i]]. Events outside every interval are ignored.
 */
export function attributeLongFrames(timestamps: readonly number[], events: readonly number[], longMs = 50): EventAttribution {
  const intervals = frameIntervals(timestamps);
  const sorted = [...events].sort((a, b) => a - b);
  let e = 0;
  const out: EventAttribution = { framesWithEvent: 0, longWithEvent: 0, longWithoutEvent: 0 };
  for (let i = 1; i < timestamps.length; i++) {
    const start = timestamps[i - 1]!;
    const end = timestamps[i]!;
    while (e < sorted.length && sorted[e]! <= start) e++;
    let hit = false;
    while (e < sorted.length && sorted[e]! <= end) {
      hit = true;
      e++;
    }
    if (hit) out.framesWithEvent++;
    if (intervals[i - 1]! > longMs) {
      if (hit) out.longWithEvent++;
      else out.longWithoutEvent++;
    }
  }
  return out;
}
