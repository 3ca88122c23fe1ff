// Realistic result pages for the results-grid bench: PostgREST-shaped JSON text of a 10-column
// table with mixed types (bigint beyond 2^53 as exact JSON numbers, uuid, short and long text,
// numeric, timestamptz, boolean, jsonb, nullable columns), deterministic per row index.

export const GRID_COLUMNS = [
  { name: 'id', type: 'bigint', primaryKey: true },
  { name: 'uuid', type: 'uuid' },
  { name: 'name', type: 'text' },
  { name: 'email', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'created_at', type: 'timestamp with time zone' },
  { name: 'active', type: 'boolean' },
  { name: 'tags', type: 'jsonb' },
  { name: 'note', type: 'text' },
] as const;

/** First id: 2^53 + 1, not representable as a double (clarification 8: exact text). */
export const GRID_ID_BASE = 9007199254740993n;

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa'];

/** A small deterministic integer hash (xorshift-multiply) of a row index and a salt. */
function hash(i: number, salt: number): number {
  let x = (i * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

function words(i: number, salt: number, n: number): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(WORDS[hash(i, salt + k) % WORDS.length]!);
  return out.join(' ');
}

/** The JSON text of row `i` (one object, keys in GRID_COLUMNS order). */
export function gridRowJson(i: number): string {
  if (!Number.isInteger(i) || i < 0) throw new RangeError(`row index must be a non-negative integer, got ${i}`);
  const h = hash(i, 1);
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const uuid = `${hex(h)}-${hex(hash(i, 2)).slice(0, 4)}-4${hex(hash(i, 3)).slice(0, 3)}-a${hex(hash(i, 4)).slice(0, 3)}-${hex(hash(i, 5))}${hex(hash(i, 6)).slice(0, 4)}`;
  const name = `${words(i, 7, 2)} ${i}`;
  // Long text: 20–60 words (roughly 120–400 characters) with characters that need escaping.
  const description = `${words(i, 11, 20 + (h % 41))} "quoted" \\ line\nbreak é ✓ #${i}`;
  const amount = `${(h % 1_000_000) / 100}`;
  const created = new Date(Date.UTC(2024, 0, 1) + (i % 31_536_000) * 1000).toISOString().replace('Z', '+00:00');
  const tags = `{"tier":${h % 5},"labels":${JSON.stringify(words(i, 13, 3).split(' '))}}`;
  const note = h % 3 === 0 ? 'null' : JSON.stringify(words(i, 17, 4));
  return (
    `{"id":${(GRID_ID_BASE + BigInt(i)).toString()},"uuid":"${uuid}","name":${JSON.stringify(name)},` +
    `"email":"user${i}@example.com","description":${JSON.stringify(description)},"amount":${amount},` +
    `"created_at":"${created}","active":${h % 2 === 0},"tags":${tags},"note":${note}}`
  );
}

/**
 * The body and Content-Range of rows [from, to] of a `total`-row table, as PostgREST answers a
 * range request (the end clamped to the last row; an empty page past the end).
 */
export function gridPage(from: number, to: number, total: number): { text: string; contentRange: string } {
  if (!Number.isInteger(from) || !Number.isInteger(to) || !Number.isInteger(total) || from < 0 || to < from || total < 0) {
    throw new RangeError(`bad page request ${from}-${to} of ${total}`);
  }
  const end = Math.min(to, total - 1);
  if (end < from) return { text: '[]', contentRange: `*/${total}` };
  const rows: string[] = [];
  for (let i = from; i <= end; i++) rows.push(gridRowJson(i));
  return { text: `[${rows.join(',')}]`, contentRange: `${from}-${end}/${total}` };
}
