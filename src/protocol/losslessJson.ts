/**
 * Lossless JSON for result grids (clarification 8): numbers that a JS double cannot hold exactly
 * (int8 beyond 2^53, numeric with many digits or trailing zeros) keep their exact text.
 *
 * A result body is turned into rows of `Cell`s:
 * - `null`, booleans, strings and numbers that round-trip exactly stay as they are;
 * - any other number becomes `{ n: "<exact text>" }`;
 * - objects and arrays (json columns, embedded resources) become `{ j: "<exact JSON text>" }`,
 *   sliced from the original body, so nested big numbers survive too.
 * Cells are plain JSON data, so they cross `postMessage` unchanged.
 */

export type Cell = null | boolean | number | string | { n: string } | { j: string };

export interface RowsBody {
  kind: 'rows';
  columns: string[];
  rows: Cell[][];
  /** The body was one object (single / maybeSingle), not an array. */
  single?: boolean;
}

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
  }
}

const MAX_DEPTH = 512;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

function scanString(text: string, i: number): number {
  // text[i] === '"'
  i++;
  for (;;) {
    if (i >= text.length) throw new JsonSyntaxError('unterminated string', i);
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) throw new JsonSyntaxError('control character in string', i);
    if (c === 0x5c) {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new JsonSyntaxError('bad unicode escape', i);
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else throw new JsonSyntaxError('bad escape', i);
    } else i++;
  }
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanNumber(text: string, i: number): number {
  NUMBER_RE.lastIndex = i;
  const m = NUMBER_RE.exec(text);
  if (!m || m[0].length === 0) throw new JsonSyntaxError('bad number', i);
  return i + m[0].length;
}

function scanLiteral(text: string, i: number): number {
  for (const lit of ['true', 'false', 'null']) {
    if (text.startsWith(lit, i)) return i + lit.length;
  }
  throw new JsonSyntaxError('unexpected token', i);
}

/** Returns the index just past the JSON value starting at `i` (after whitespace). */
function scanValue(text: string, i: number, depth: number): number {
  i = skipWs(text, i);
  if (depth > MAX_DEPTH) throw new JsonSyntaxError('nested too deep', i);
  const c = text[i];
  if (c === '"') return scanString(text, i);
  if (c === '{') {
    i = skipWs(text, i + 1);
    if (text[i] === '}') return i + 1;
    for (;;) {
      i = skipWs(text, i);
      if (text[i] !== '"') throw new JsonSyntaxError('expected key', i);
      i = skipWs(text, scanString(text, i));
      if (text[i] !== ':') throw new JsonSyntaxError('expected :', i);
      i = skipWs(text, scanValue(text, i + 1, depth + 1));
      if (text[i] === ',') i++;
      else if (text[i] === '}') return i + 1;
      else throw new JsonSyntaxError('expected , or }', i);
    }
  }
  if (c === '[') {
    i = skipWs(text, i + 1);
    if (text[i] === ']') return i + 1;
    for (;;) {
      i = skipWs(text, scanValue(text, i, depth + 1));
      if (text[i] === ',') i++;
      else if (text[i] === ']') return i + 1;
      else throw new JsonSyntaxError('expected , or ]', i);
    }
  }
  if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return scanNumber(text, i);
  return scanLiteral(text, i);
}

/** A number literal → a JS number when it round-trips exactly, otherwise its exact text. */
export function numberCell(literal: string): number | { n: string } {
  const n = Number(literal);
  // Integers beyond 2^53 stay text even when this one happens to be a double (2^53 + 2):
  // its neighbours are not, and keys must be compared and sent as exact text.
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return { n: literal };
  return Number.isFinite(n) && String(n) === literal ? n : { n: literal };
}

function cellAt(text: string, start: number, end: number): Cell {
  const c = text[start];
  if (c === '"') return JSON.parse(text.slice(start, end)) as string;
  if (c === '{' || c === '[') return { j: text.slice(start, end) };
  if (c === 't') return true;
  if (c === 'f') return false;
  if (c === 'n') return null;
  return numberCell(text.slice(start, end));
}

/** Checks that `text` is exactly one JSON value (with surrounding whitespace). */
export function assertJson(text: string): void {
  const end = skipWs(text, scanValue(text, 0, 0));
  if (end !== text.length) throw new JsonSyntaxError('unexpected trailing data', end);
}

/**
 * Parses a PostgREST body into rows when it is an array of objects or one object; returns
 * `undefined` for any other JSON (scalars, arrays of scalars, explain plans). Throws
 * `JsonSyntaxError` for invalid JSON.
 */
export function parseRows(text: string): RowsBody | undefined {
  assertJson(text);
  let i = skipWs(text, 0);
  const first = text[i];
  if (first !== '[' && first !== '{') return undefined;
  const columns: string[] = [];
  const index = new Map<string, number>();
  const rows: Cell[][] = [];
  const readObject = (at: number): number => {
    const row: Cell[] = [];
    at = skipWs(text, at + 1);
    if (text[at] === '}') {
      rows.push(row);
      return at + 1;
    }
    for (;;) {
      at = skipWs(text, at);
      const keyEnd = scanString(text, at);
      const key = JSON.parse(text.slice(at, keyEnd)) as string;
      at = skipWs(text, keyEnd) + 1; // past ':'
      const vStart = skipWs(text, at);
      const vEnd = scanValue(text, vStart, 1);
      let col = index.get(key);
      if (col === undefined) {
        col = columns.length;
        columns.push(key);
        index.set(key, col);
      }
      while (row.length < col) row.push(null);
      row[col] = cellAt(text, vStart, vEnd);
      at = skipWs(text, vEnd);
      if (text[at] === ',') at++;
      else {
        rows.push(row);
        return at + 1;
      }
    }
  };
  if (first === '{') {
    readObject(i);
    return { kind: 'rows', columns, rows: padRows(rows, columns.length), single: true };
  }
  // An array: rows only when every element is an object.
  i = skipWs(text, i + 1);
  if (text[i] === ']') return { kind: 'rows', columns, rows };
  for (;;) {
    i = skipWs(text, i);
    if (text[i] !== '{') return undefined;
    i = skipWs(text, readObject(i));
    if (text[i] === ',') i++;
    else break;
  }
  return { kind: 'rows', columns, rows: padRows(rows, columns.length) };
}

function padRows(rows: Cell[][], width: number): Cell[][] {
  for (const r of rows) while (r.length < width) r.push(null);
  return rows;
}

/** The text shown in a grid cell (and copied for "copy cell"). */
export function cellText(cell: Cell): string {
  if (cell === null) return 'NULL';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  return 'n' in cell ? cell.n : cell.j;
}

/** The exact JSON text of a cell. */
export function cellJson(cell: Cell): string {
  if (cell === null || typeof cell === 'number' || typeof cell === 'boolean' || typeof cell === 'string') return JSON.stringify(cell);
  return 'n' in cell ? cell.n : cell.j;
}

/** A row as exact JSON text (`{"col":value,…}`), indent optional. */
export function rowJson(columns: readonly string[], row: readonly Cell[], indent = 0): string {
  const pad = indent > 0 ? '\n' + ' '.repeat(indent) : '';
  const parts = columns.map((c, i) => `${pad}${JSON.stringify(c)}:${indent > 0 ? ' ' : ''}${cellJson(row[i] ?? null)}`);
  return `{${parts.join(',')}${indent > 0 && parts.length ? '\n' : ''}}`;
}

/** Rows as one exact JSON array text. */
export function rowsJson(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return `[${rows.map((r) => rowJson(columns, r)).join(',')}]`;
}

/** A cell as a value for a filter or an update: big numbers go as their exact text. */
export function cellToValue(cell: Cell): null | boolean | number | string {
  if (cell === null || typeof cell !== 'object') return cell;
  return 'n' in cell ? cell.n : cell.j;
}

/** Compares two cells for sorting: nulls last, numbers numerically (exact text aware), else text. */
export function compareCells(a: Cell, b: Cell): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const na = numericText(a);
  const nb = numericText(b);
  if (na !== undefined && nb !== undefined) return compareDecimalText(na, nb);
  const ta = cellText(a);
  const tb = cellText(b);
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

function numericText(c: Cell): string | undefined {
  if (typeof c === 'number') return String(c);
  if (c !== null && typeof c === 'object' && 'n' in c) return c.n;
  return undefined;
}

/** Compares two JSON number literals exactly (falls back to doubles for exponents). */
export function compareDecimalText(a: string, b: string): number {
  if (/[eE]/.test(a) || /[eE]/.test(b)) return Math.sign(Number(a) - Number(b));
  const negA = a.startsWith('-');
  const negB = b.startsWith('-');
  if (negA !== negB) return negA ? -1 : 1;
  const mag = compareMagnitude(negA ? a.slice(1) : a, negB ? b.slice(1) : b);
  return negA ? -mag : mag;
}

function compareMagnitude(a: string, b: string): number {
  const [ia = '0', fa = ''] = a.split('.');
  const [ib = '0', fb = ''] = b.split('.');
  const intA = ia.replace(/^0+(?=\d)/, '');
  const intB = ib.replace(/^0+(?=\d)/, '');
  if (intA.length !== intB.length) return intA.length < intB.length ? -1 : 1;
  if (intA !== intB) return intA < intB ? -1 : 1;
  const len = Math.max(fa.length, fb.length);
  const fA = fa.padEnd(len, '0');
  const fB = fb.padEnd(len, '0');
  return fA < fB ? -1 : fA > fB ? 1 : 0;
}

/** A number literal JavaScript would round: an integer beyond 2^53, or more than 15 significant digits. */
export function isInexactNumber(literal: string): boolean {
  if (!/^-?(0|[1-9]\d*)(\.\d+)?$/.test(literal)) return false;
  if (!literal.includes('.')) return !Number.isSafeInteger(Number(literal));
  const digits = literal.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length > 15;
}

/**
 * Parses the JSON of rows to write (an object, or an array of objects) so that a column value
 * given as a number JavaScript cannot hold exactly (an int8 beyond 2^53, a numeric with more
 * digits than a double keeps) reaches the server as its exact text: it becomes a JSON string,
 * which PostgreSQL reads into the column's type without rounding. `keepNumber(column)` says which
 * columns must stay JSON numbers (json/jsonb, whose content a string would change). Values nested
 * deeper (inside a jsonb value) are left to JSON.parse. Throws a SyntaxError on invalid JSON.
 */
export function parseWriteJson(text: string, keepNumber: (column: string) => boolean = () => false): unknown {
  // Invalid JSON fails here, with the engine's message and positions in the text as typed.
  const parsed = JSON.parse(text) as unknown;
  // The text is valid JSON now: the module's scanners walk it to find the row values to quote.
  const exact: Array<[number, number]> = [];
  const rowObject = (at: number): number => {
    at = skipWs(text, at + 1);
    if (text[at] === '}') return at + 1;
    for (;;) {
      at = skipWs(text, at);
      const keyEnd = scanString(text, at);
      const key = JSON.parse(text.slice(at, keyEnd)) as string;
      const vStart = skipWs(text, skipWs(text, keyEnd) + 1); // past ':'
      const vEnd = scanValue(text, vStart, 1);
      const c = text[vStart]!;
      if ((c === '-' || (c >= '0' && c <= '9')) && isInexactNumber(text.slice(vStart, vEnd)) && !keepNumber(key)) exact.push([vStart, vEnd]);
      at = skipWs(text, vEnd);
      if (text[at] !== ',') return at + 1; // '}'
      at++;
    }
  };
  let i = skipWs(text, 0);
  if (text[i] === '{') rowObject(i);
  else if (text[i] === '[') {
    i = skipWs(text, i + 1);
    while (text[i] !== ']') {
      i = skipWs(text, text[i] === '{' ? rowObject(i) : scanValue(text, i, 1));
      if (text[i] === ',') i = skipWs(text, i + 1);
    }
  }
  if (exact.length === 0) return parsed;
  let out = '';
  let last = 0;
  for (const [start, end] of exact) {
    out += `${text.slice(last, start)}"${text.slice(start, end)}"`;
    last = end;
  }
  return JSON.parse(out + text.slice(last));
}
