import { Cursor, isIdentChar, parseFieldName } from './cursor';
import type { AggregateFn, Field, JsonStep, SelectItem } from './types';

const AGGREGATES: AggregateFn[] = ['sum', 'avg', 'count', 'max', 'min'];

/** Parses json arrows after a field name: `->a->>b`, `->0`, `->-1`. */
export function parseJsonPath(c: Cursor): JsonStep[] {
  const steps: JsonStep[] = [];
  for (;;) {
    let arrow: '->' | '->>';
    if (c.startsWith('->>')) arrow = '->>';
    else if (c.startsWith('->')) arrow = '->';
    else break;
    c.pos += arrow.length;
    const m = /^-?\d+(?=$|[^\p{L}\p{N}_$])/u.exec(c.text.slice(c.pos));
    if (m && c.peek() !== '"') {
      c.pos += m[0].length;
      steps.push({ arrow, key: m[0], isIndex: true });
    } else {
      steps.push({ arrow, key: parseFieldName(c), isIndex: false });
    }
  }
  return steps;
}

export function parseField(c: Cursor): Field {
  const name = parseFieldName(c);
  return { name, jsonPath: parseJsonPath(c) };
}

function parseCast(c: Cursor): string | undefined {
  if (!c.eat('::')) return undefined;
  const start = c.pos;
  while (/[\p{L}\p{N}_ ]/u.test(c.peek()) && c.peek() !== '') c.pos++;
  const t = c.text.slice(start, c.pos).trim();
  if (!t) throw c.fail('cast type');
  return t;
}

/** Tries `alias:` (not `::`) at the cursor; restores when absent. */
function tryAlias(c: Cursor): string | undefined {
  const save = c.pos;
  if (c.peek() !== '"' && !isIdentChar(c.peek())) return undefined;
  try {
    const name = parseFieldName(c);
    if (c.peek() === ':' && c.peek(1) !== ':') {
      c.pos++;
      return name;
    }
  } catch {
    /* not an alias */
  }
  c.pos = save;
  return undefined;
}

function parseItem(c: Cursor): SelectItem {
  c.skipSpaces();
  if (c.eat('*')) return { kind: 'star' };
  const spread = c.eat('...');
  const alias = spread ? undefined : tryAlias(c);
  if (!spread && c.startsWith('count()')) {
    c.pos += 'count()'.length;
    const cast = parseCast(c);
    return { kind: 'count', alias, cast };
  }
  const name = parseFieldName(c);
  if (spread || c.peek() === '!' || c.peek() === '(') {
    let hint: string | undefined;
    let joinType: 'inner' | 'left' | undefined;
    let hints = 0;
    while (c.eat('!')) {
      if (++hints > 2) throw c.fail('"("');
      const h = parseFieldName(c, 'embed hint');
      if (h === 'inner' || h === 'left') joinType = h;
      else hint = h;
    }
    c.expect('(', '"(" for the embedded resource');
    c.skipSpaces();
    const select = c.peek() === ')' ? [] : parseList(c);
    c.expect(')', '")" or ","');
    return { kind: 'embed', name, alias, hint, joinType, spread, select };
  }
  const jsonPath = parseJsonPath(c);
  const cast = parseCast(c);
  let aggregate: { fn: AggregateFn; cast?: string } | undefined;
  if (c.peek() === '.') {
    const m = /^\.(sum|avg|count|max|min)\(\)/.exec(c.text.slice(c.pos));
    if (!m) throw c.fail('aggregate function');
    c.pos += m[0].length;
    aggregate = { fn: m[1] as AggregateFn, cast: parseCast(c) };
    if (!AGGREGATES.includes(aggregate.fn)) throw c.fail('aggregate function');
  }
  return { kind: 'column', field: { name, jsonPath }, alias, cast, aggregate };
}

function parseList(c: Cursor): SelectItem[] {
  const items: SelectItem[] = [parseItem(c)];
  c.skipSpaces();
  while (c.eat(',')) {
    items.push(parseItem(c));
    c.skipSpaces();
  }
  return items;
}

/** Parses the `select` parameter. An empty value selects `*`. */
export function parseSelect(text: string): SelectItem[] {
  if (text.trim() === '') return [{ kind: 'star' }];
  const c = new Cursor(text, 'select parameter');
  const items = parseList(c);
  c.skipSpaces();
  if (!c.done) throw c.fail('"," or end of input');
  return items;
}

/** `columns=a,"b c"` → names. */
export function parseColumns(text: string, target: 'columns parameter' | 'on_conflict parameter' = 'columns parameter'): string[] {
  const c = new Cursor(text, target);
  const out: string[] = [];
  for (;;) {
    c.skipSpaces();
    out.push(parseFieldName(c));
    c.skipSpaces();
    if (c.done) break;
    c.expect(',', '","');
  }
  return out;
}
