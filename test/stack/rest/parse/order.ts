import { Cursor, parseFieldName } from './cursor';
import { parseJsonPath } from './select';
import type { OrderTerm } from './types';

/** `order=a.desc.nullsfirst,rel(col).asc,data->>k` */
export function parseOrder(text: string): OrderTerm[] {
  const c = new Cursor(text, 'order');
  const out: OrderTerm[] = [];
  for (;;) {
    c.skipSpaces();
    const first = parseFieldName(c);
    const term: OrderTerm = { field: { name: first, jsonPath: [] } };
    if (c.eat('(')) {
      term.relation = first;
      term.field = { name: parseFieldName(c), jsonPath: parseJsonPath(c) };
      c.expect(')', '")"');
    } else {
      term.field.jsonPath = parseJsonPath(c);
    }
    if (c.eat('.')) {
      if (c.eat('asc')) term.direction = 'asc';
      else if (c.eat('desc')) term.direction = 'desc';
      else if (c.eat('nullsfirst')) term.nulls = 'first';
      else if (c.eat('nullslast')) term.nulls = 'last';
      else throw c.fail('"asc", "desc", "nullsfirst" or "nullslast"');
      if (term.direction && c.eat('.')) {
        if (c.eat('nullsfirst')) term.nulls = 'first';
        else if (c.eat('nullslast')) term.nulls = 'last';
        else throw c.fail('"nullsfirst" or "nullslast"');
      }
    }
    out.push(term);
    c.skipSpaces();
    if (c.done) return out;
    c.expect(',', '"," or end of input');
  }
}
