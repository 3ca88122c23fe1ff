import { Cursor, parseFieldName } from './cursor';
import { parseJsonPath } from './select';
import type { Condition, Field, Filter, FtsOp, LogicTree, OpExpr, QuantOp, SimpleOp } from './types';

const SIMPLE_OPS: SimpleOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch', 'isdistinct', 'cs', 'cd', 'ov', 'sl', 'sr', 'nxr', 'nxl', 'adj'];
const QUANT_OPS: QuantOp[] = ['eq', 'gt', 'gte', 'lt', 'lte', 'like', 'ilike', 'match', 'imatch'];
const FTS_OPS: FtsOp[] = ['fts', 'plfts', 'phfts', 'wfts'];
const ALL_OPS = [...new Set<string>([...SIMPLE_OPS, ...FTS_OPS, 'in', 'is'])].sort((a, b) => b.length - a.length);
const OP_EXPECTING = '"not" or operator (eq, gt, ...)';

/** How a value ends: at the end of the text (top-level filter) or at `,`/`)` (logic tree). */
type ValueMode = 'rest' | 'logic';

function likeValue(op: string, v: string): string {
  return op === 'like' || op === 'ilike' ? v.replace(/\*/g, '%') : v;
}

/** A logic-tree value: `"quoted"` (unquoted), `{pg array}` kept verbatim, or a run without `,` `)`. */
function logicValue(c: Cursor): string {
  if (c.peek() === '"') {
    const save = c.pos;
    const v = quoted(c);
    if (c.done || c.peek() === ',' || c.peek() === ')') return v;
    c.pos = save;
  }
  if (c.peek() === '{') {
    const save = c.pos;
    let depth = 0;
    let inQ = false;
    while (!c.done) {
      const ch = c.peek();
      if (inQ) {
        if (ch === '\\') c.pos++;
        else if (ch === '"') inQ = false;
      } else if (ch === '"') inQ = true;
      else if (ch === '{') depth++;
      else if (ch === '}' && --depth === 0) {
        c.pos++;
        break;
      }
      c.pos++;
    }
    if (depth === 0 && (c.done || c.peek() === ',' || c.peek() === ')')) return c.text.slice(save, c.pos);
    c.pos = save;
  }
  const start = c.pos;
  while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.pos++;
  return c.text.slice(start, c.pos);
}

/** `"…"` with backslash escapes (`\x` → `x`). */
function quoted(c: Cursor): string {
  c.expect('"');
  let out = '';
  for (;;) {
    const ch = c.peek();
    if (ch === '') throw c.fail('"\\"" closing quote');
    c.pos++;
    if (ch === '"') return out;
    if (ch === '\\') {
      const n = c.peek();
      if (n === '') throw c.fail('escaped character');
      out += n;
      c.pos++;
    } else out += ch;
  }
}

/** `(a,"b,c", d)` → elements. */
function inList(c: Cursor): string[] {
  c.skipSpaces();
  c.expect('(', '"("');
  c.skipSpaces();
  const out: string[] = [];
  if (c.eat(')')) return out;
  for (;;) {
    let v: string | undefined;
    if (c.peek() === '"') {
      const save = c.pos;
      v = quoted(c);
      if (c.peek() !== ',' && c.peek() !== ')') {
        c.pos = save;
        v = undefined;
      }
    }
    if (v === undefined) {
      const start = c.pos;
      while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.pos++;
      v = c.text.slice(start, c.pos);
    }
    out.push(v);
    if (c.eat(',')) continue;
    c.expect(')', '"," or ")"');
    c.skipSpaces();
    return out;
  }
}

/** Parses `[not.]op[(…)].value` at the cursor. */
export function parseOpExpr(c: Cursor, mode: ValueMode): { negated: boolean; expr: OpExpr } {
  const negated = c.eat('not.');
  const opStart = c.pos;
  const op = ALL_OPS.find((o) => c.startsWith(o) && /[.(]/.test(c.text[c.pos + o.length] ?? ''));
  if (!op) throw c.fail(negated ? 'operator (eq, gt, ...)' : OP_EXPECTING, opStart);
  c.pos += op.length;
  const value = (): string => {
    if (mode === 'rest') {
      const v = c.text.slice(c.pos);
      c.pos = c.text.length;
      return v;
    }
    return logicValue(c);
  };
  if (op === 'in') {
    c.expect('.', '"."');
    return { negated, expr: { kind: 'in', values: inList(c) } };
  }
  if (op === 'is') {
    c.expect('.', '"."');
    const start = c.pos;
    const v = value().toLowerCase();
    if (!['null', 'not_null', 'true', 'false', 'unknown'].includes(v)) {
      throw c.fail('null or trilean value (unknown, true, false)', start);
    }
    return { negated, expr: { kind: 'is', value: v as 'null' | 'not_null' | 'true' | 'false' | 'unknown' } };
  }
  if ((FTS_OPS as string[]).includes(op)) {
    let config: string | undefined;
    if (c.eat('(')) {
      const start = c.pos;
      while (!c.done && c.peek() !== ')') c.pos++;
      config = c.text.slice(start, c.pos);
      c.expect(')', '")"');
    }
    c.expect('.', '"."');
    return { negated, expr: { kind: 'fts', op: op as FtsOp, config, value: value() } };
  }
  if (c.peek() === '(') {
    if (!(QUANT_OPS as string[]).includes(op)) throw c.fail('"."');
    let quantifier: 'any' | 'all';
    if (c.eat('(any)')) quantifier = 'any';
    else if (c.eat('(all)')) quantifier = 'all';
    else throw c.fail('"(any)" or "(all)"');
    c.expect('.', '"."');
    return { negated, expr: { kind: 'quant', op: op as QuantOp, quantifier, value: likeValue(op, value()) } };
  }
  c.expect('.', '"."');
  return { negated, expr: { kind: 'simple', op: op as SimpleOp, value: likeValue(op, value()) } };
}

/** A top-level filter value, e.g. `eq.5` for key `id`. */
export function parseFilterValue(field: Field, text: string): Filter {
  const c = new Cursor(text, 'filter');
  const { negated, expr } = parseOpExpr(c, 'rest');
  return { kind: 'filter', field, negated, expr };
}

/** True when `text` parses as an operator expression (used to tell rpc args from filters). */
export function isOpExpr(text: string): boolean {
  try {
    parseOpExpr(new Cursor(text, 'filter'), 'rest');
    return true;
  } catch {
    return false;
  }
}

function parseCondition(c: Cursor): Condition {
  const save = c.pos;
  const negated = c.eat('not.');
  for (const op of ['and', 'or'] as const) {
    if (c.startsWith(op + '(')) {
      c.pos += op.length;
      return parseLogicBody(c, op, negated);
    }
  }
  c.pos = save;
  const name = parseFieldName(c);
  const field: Field = { name, jsonPath: parseJsonPath(c) };
  c.expect('.', '"."');
  const { negated: n2, expr } = parseOpExpr(c, 'logic');
  return { kind: 'filter', field, negated: n2, expr };
}

function parseLogicBody(c: Cursor, op: 'and' | 'or', negated: boolean): LogicTree {
  c.expect('(', '"("');
  const children: Condition[] = [];
  for (;;) {
    c.skipSpaces();
    children.push(parseCondition(c));
    c.skipSpaces();
    if (c.eat(',')) continue;
    c.expect(')', '"," or ")"');
    return { kind: 'logic', op, negated, children };
  }
}

/** `or=(a.eq.1,and(b.gt.2,c.is.null))` with key op/negation from the param name. */
export function parseLogicTree(op: 'and' | 'or', negated: boolean, text: string): LogicTree {
  const c = new Cursor(text, 'logic tree');
  const tree = parseLogicBody(c, op, negated);
  if (!c.done) throw c.fail('end of input');
  return tree;
}
