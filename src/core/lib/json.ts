/**
 * JSON helpers: a parse that never throws, and a lossless parse that keeps numbers a double cannot
 * hold exactly (int8 beyond 2^53, long numerics) as `LosslessNumber` wrappers carrying the exact
 * text. The grid uses the lossless mode (`builder.losslessNumbers()` or `parseJsonLossless`).
 */

export type SafeParseResult = { ok: true; value: unknown } | { ok: false; error: SyntaxError };

export function safeJsonParse(text: string): SafeParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: e instanceof SyntaxError ? e : new SyntaxError(String(e)) };
  }
}

/**
 * A JSON number kept as its exact source text. `toJSON()` gives the text as a JSON string, which
 * PostgREST accepts for numeric columns, so rows can be written back without loss.
 */
export class LosslessNumber {
  readonly isLosslessNumber = true as const;
  constructor(readonly value: string) {}
  valueOf(): number {
    return Number(this.value);
  }
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

export function isLosslessNumber(v: unknown): v is LosslessNumber {
  return typeof v === 'object' && v !== null && (v as { isLosslessNumber?: unknown }).isLosslessNumber === true;
}

/**
 * True when `Number(text)` would not keep the value exactly: integers beyond ±(2^53−1), or
 * decimals with more than 15 significant digits.
 */
export function isUnsafeNumberText(text: string): boolean {
  let digits = 0;
  let integer = true;
  let leading = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (leading && c === 48) continue;
      leading = false;
      digits++;
    } else if (c === 46) {
      integer = false;
    } else if (c === 101 || c === 69) {
      integer = false;
      break;
    }
  }
  if (integer) {
    if (digits < 16) return false;
    if (digits > 16) return true;
    const n = Number(text);
    return !Number.isSafeInteger(n);
  }
  if (digits <= 15) return false;
  // Trailing zeros of a fraction do not carry precision.
  const mantissa = text.split(/[eE]/)[0]!;
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '') : mantissa;
  let sig = 0;
  let seen = false;
  for (const ch of trimmed) {
    if (ch >= '0' && ch <= '9') {
      if (!seen && ch === '0') continue;
      seen = true;
      sig++;
    }
  }
  return sig > 15;
}

class LosslessParser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): unknown {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) this.fail('Unexpected trailing content');
    return v;
  }

  private fail(msg: string): never {
    throw new SyntaxError(`${msg} in JSON at position ${this.i}`);
  }

  private ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  private value(): unknown {
    const c = this.s[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.word('true', true);
      case 'f':
        return this.word('false', false);
      case 'n':
        return this.word('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(c === undefined ? 'Unexpected end' : `Unexpected token ${c}`);
    }
  }

  private word<T>(w: string, v: T): T {
    if (this.s.startsWith(w, this.i)) {
      this.i += w.length;
      return v;
    }
    return this.fail('Unexpected token');
  }

  private number(): number | LosslessNumber {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const r = m.exec(this.s);
    if (!r) return this.fail('Bad number');
    this.i += r[0].length;
    const text = r[0];
    return isUnsafeNumberText(text) ? new LosslessNumber(text) : Number(text);
  }

  private string(): string {
    const s = this.s;
    const start = ++this.i;
    // Fast path: no escapes.
    let j = start;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c === 34) {
        this.i = j + 1;
        return s.slice(start, j);
      }
      if (c === 92 || c < 32) break;
      j++;
    }
    // Slow path: delegate the exact escape rules to JSON.parse on the string token.
    const re = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    re.lastIndex = start - 1;
    const r = re.exec(s);
    if (!r) {
      this.i = j;
      return this.fail('Bad string');
    }
    this.i = start - 1 + r[0].length;
    return JSON.parse(r[0]) as string;
  }

  private array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') return this.fail('Expected , or ]');
    }
  }

  private object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') return this.fail('Expected string key');
      const k = this.string();
      this.ws();
      if (this.s[this.i++] !== ':') return this.fail('Expected :');
      this.ws();
      const v = this.value();
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') return this.fail('Expected , or }');
    }
  }
}

/** Parses JSON, keeping unsafe numbers as `LosslessNumber`. Throws SyntaxError like JSON.parse. */
export function parseJsonLossless(text: string): unknown {
  return new LosslessParser(text).parse();
}

export function safeJsonParseLossless(text: string): SafeParseResult {
  try {
    return { ok: true, value: parseJsonLossless(text) };
  } catch (e) {
    return { ok: false, error: e instanceof SyntaxError ? e : new SyntaxError(String(e)) };
  }
}

/** `JSON.stringify` as supabase-js sends bodies: bigint → decimal string. */
export function stringifyBody(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
