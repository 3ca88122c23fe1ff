import { parseError, type ParseTarget, type ApiError } from '../errors';

/** A character cursor producing PostgREST-style PGRST100 errors. */
export class Cursor {
  pos = 0;
  constructor(readonly text: string, readonly target: ParseTarget) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }
  peek(n = 0): string {
    return this.text[this.pos + n] ?? '';
  }
  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }
  eat(s: string): boolean {
    if (this.startsWith(s)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  fail(expecting: string, at = this.pos): ApiError {
    const ch = this.text[at];
    const unexpected = ch === undefined ? 'end of input' : `"${ch}"`;
    return parseError(this.target, this.text, at + 1, `unexpected ${unexpected} expecting ${expecting}`);
  }
  expect(s: string, expecting = `"${s}"`): void {
    if (!this.eat(s)) throw this.fail(expecting);
  }
}

const IDENT_CHAR = /[\p{L}\p{N}_$ ]/u;

export function isIdentChar(ch: string): boolean {
  return ch !== '' && IDENT_CHAR.test(ch);
}

/** `"quoted \" name"` or `ident(-ident)*` (a `-` before `>` ends the name: json arrow). */
export function parseFieldName(c: Cursor, expecting = 'field name (* or [a..z0..9_$])'): string {
  if (c.peek() === '"') {
    c.pos++;
    let out = '';
    for (;;) {
      const ch = c.peek();
      if (ch === '') throw c.fail('"\\"" closing quote');
      c.pos++;
      if (ch === '"') break;
      if (ch === '\\' && c.peek() !== '') {
        out += c.peek();
        c.pos++;
        continue;
      }
      out += ch;
    }
    return out;
  }
  const start = c.pos;
  for (;;) {
    const ch = c.peek();
    if (isIdentChar(ch)) {
      c.pos++;
      continue;
    }
    if (ch === '-' && c.peek(1) !== '>' && isIdentChar(c.peek(1)) && c.pos > start) {
      c.pos++;
      continue;
    }
    break;
  }
  if (c.pos === start) throw c.fail(expecting);
  return c.text.slice(start, c.pos).trim();
}
