// Pure helpers for `npm run bench`: summaries, verdicts and plain-text tables.

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median of a non-empty list of finite numbers (mean of the two middle values for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('median needs finite numbers');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const m = median(values);
  return { median: m, min: Math.min(...values), max: Math.max(...values), n: values.length };
}

/** Integer with thousands separators: 12345.6 → "12,346". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const rounded = Math.round(n);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Ratio with two decimals and a multiplication sign: 2.345 → "2.35×". */
export function formatRatio(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : 'n/a';
}

/** Bytes as KB (1 KB = 1024 bytes) with one decimal. */
export function formatKB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export type Verdict = 'PASS' | 'FAIL' | 'N/A';

/** `at least` targets: PASS when `value ≥ target`; N/A when the value could not be measured. */
export function atLeast(value: number | undefined, target: number): Verdict {
  if (value === undefined || !Number.isFinite(value)) return 'N/A';
  return value >= target ? 'PASS' : 'FAIL';
}

/** `at most` targets (sizes, latencies): PASS when `value ≤ target`. */
export function atMost(value: number | undefined, target: number): Verdict {
  if (value === undefined || !Number.isFinite(value)) return 'N/A';
  return value <= target ? 'PASS' : 'FAIL';
}

/**
 * A plain-text table: columns padded to their widest cell, numbers-looking cells right-aligned,
 * a dashed rule under the header.
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => /^[-+]?[\d,.]+(\s?(×|%|KB|MB|ms|µs))?$/.test(s);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric(c) ? c.padStart(width[i]!) : c.padEnd(width[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
