/**
 * The only way the webviews build DOM: elements from a tag and attributes, text through
 * `textContent`/text nodes. There is no path from data to HTML parsing: no innerHTML, no
 * `insertAdjacentHTML`, and attributes that could run code (`on*`, `href`, `src`, `style`,
 * `srcdoc`, `formaction`) are refused.
 */

export type Child = Node | string | null | undefined | false;

export type Attrs = Record<string, string | number | boolean | null | undefined>;

const FORBIDDEN_ATTR = /^(on|href$|src$|srcdoc$|style$|formaction$|action$|xlink:href$)/i;

export function isSafeAttributeName(name: string): boolean {
  return /^[a-z][a-z0-9-]*$/i.test(name) && !FORBIDDEN_ATTR.test(name);
}

export function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (!isSafeAttributeName(name)) throw new Error(`refused attribute ${name}`);
    if (value === null || value === undefined || value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Creates an element; string children become text nodes (never parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

/** Replaces all children (text via text nodes). */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** Sets text safely, only touching the DOM when it changes. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

let idSeq = 0;
export function uid(prefix: string): string {
  return `${prefix}-${++idSeq}`;
}
