/**
 * The chain editor form. Rebuilt from state on structural changes (rows added/removed, operator
 * changed); typing only updates state, so focus and caret stay put. Stable ids/aria-labels for
 * tests: `#filter-add`, `#filter-column-<n>`, `#filter-op-<n>`, `#filter-value-<n>` (n from 1).
 */
import type { ColumnInfo, TargetInfo } from '../../src/protocol/queryBuilder';
import {
  CONDITION_OPS,
  conditionIssue,
  defaultAs,
  type Condition,
  type Action,
  type BuilderState,
  type ChainIssue,
  type ConditionOp,
  type FilterRow,
  type Mode,
  type ValueAs,
} from './builderState';
import { h, setText, type Child } from '../shared/dom';
import { l10n } from '../shared/l10n';
import { arrayItemAs, arrayItemsInput, arrayItemsText, DEFAULT_RANGE, editorKind, formatRangeLiteral, parseRangeLiteral, type RangeParts } from './valueEditors';

export interface BuilderViewContext {
  state: BuilderState;
  info: TargetInfo | undefined;
  readOnly: boolean;
  issues: ChainIssue[];
  /** `rerender: false` for keystrokes. */
  dispatch(action: Action, rerender?: boolean): void;
}

/** Operator labels, built on use so they follow the translations installed on `init`. */
const opLabels = (): Record<ConditionOp, string> => ({
  eq: '= eq',
  neq: '≠ neq',
  gt: '> gt',
  gte: '≥ gte',
  lt: '< lt',
  lte: '≤ lte',
  like: 'like',
  ilike: 'ilike',
  is: 'is',
  isDistinct: 'is distinct from',
  in: l10n.t('in (list)'),
  regexMatch: l10n.t('~ regex match'),
  regexIMatch: l10n.t('~* regex imatch'),
  likeAllOf: l10n.t('like all of'),
  likeAnyOf: l10n.t('like any of'),
  ilikeAllOf: l10n.t('ilike all of'),
  ilikeAnyOf: l10n.t('ilike any of'),
  contains: l10n.t('@> contains'),
  containedBy: l10n.t('<@ contained by'),
  overlaps: l10n.t('&& overlaps'),
  rangeGt: l10n.t('>> range right of'),
  rangeGte: l10n.t('&< range not extending left'),
  rangeLt: l10n.t('<< range left of'),
  rangeLte: l10n.t('&> range not extending right'),
  rangeAdjacent: l10n.t('-|- range adjacent'),
  textSearch: l10n.t('@@ full-text search'),
});

/** Value placeholders, built on use like the operator labels. */
const valuePlaceholders = (): Partial<Record<ConditionOp, string>> => ({
  in: l10n.t('a, b, "c,d" or a JSON array'),
  likeAllOf: '%a%, %b%',
  likeAnyOf: '%a%, %b%',
  ilikeAllOf: '%a%, %b%',
  ilikeAnyOf: '%a%, %b%',
  contains: l10n.t('{a,b}, [1,2], {"k":1} or a range'),
  containedBy: l10n.t('{a,b}, [1,2], {"k":1} or a range'),
  overlaps: l10n.t('{a,b} or [1,10)'),
  rangeGt: '[1,10)',
  rangeGte: '[1,10)',
  rangeLt: '[1,10)',
  rangeLte: '[1,10)',
  rangeAdjacent: '[1,10)',
  textSearch: "'fat' & 'rat'",
  like: l10n.t('%pattern%'),
  ilike: l10n.t('%pattern%'),
});

type Field = HTMLElement & { value: string };
type Check = HTMLElement & { checked: boolean };

export function select(id: string, label: string, options: readonly (readonly [string, string])[], value: string, onChange: (v: string) => void, disabled: readonly string[] = []): HTMLSelectElement {
  const el = h('select', { id, 'aria-label': label, class: 'select' });
  for (const [v, text] of options) {
    const o = h('option', { value: v, disabled: disabled.includes(v) }, text);
    el.appendChild(o);
  }
  el.value = value;
  el.addEventListener('change', () => onChange(el.value));
  return el;
}

/** A `vscode-textfield`; the inner input gets `label` as its aria-label. */
export function textfield(id: string, label: string, value: string, onInput: (v: string) => void, placeholder = ''): Field {
  const el = h('vscode-textfield', { id, placeholder, 'data-testid': id }) as Field & { label: string };
  el.label = label;
  el.value = value;
  el.addEventListener('input', () => onInput(el.value));
  return el;
}

export function textarea(id: string, label: string, value: string, onInput: (v: string) => void, rows = 6): Field {
  const el = h('vscode-textarea', { id, rows, resize: 'vertical', 'data-testid': id, monospace: true, class: 'json-editor' }) as Field & { label: string };
  el.label = label;
  el.value = value;
  el.addEventListener('input', () => onInput(el.value));
  return el;
}

export function checkbox(id: string, label: string, checked: boolean, onChange: (v: boolean) => void, disabled = false): Check {
  const el = h('vscode-checkbox', { id, 'data-testid': id, disabled }, label) as Check;
  el.checked = checked;
  el.addEventListener('change', () => onChange(el.checked));
  return el;
}

export function button(id: string, label: string, onClick: () => void, opts: { secondary?: boolean; icon?: string; title?: string; disabled?: boolean } = {}): HTMLElement {
  const el = h('vscode-button', { id, 'data-testid': id, secondary: opts.secondary, 'aria-label': opts.title ?? label, title: opts.title ?? label, disabled: opts.disabled }, label);
  el.addEventListener('click', () => {
    if (!(el as HTMLElement & { disabled?: boolean }).disabled) onClick();
  });
  return el;
}

function columnSuggestions(info: TargetInfo | undefined): HTMLDataListElement {
  const list = h('datalist', { id: 'column-suggestions' });
  for (const c of info?.columns ?? []) list.appendChild(h('option', { value: c.name }, c.type));
  return list;
}

function columnType(info: TargetInfo | undefined, name: string): ColumnInfo | undefined {
  return info?.columns.find((c) => c.name === name);
}

function columnInput(id: string, label: string, value: string, onInput: (v: string) => void, onCommit?: (v: string) => void): HTMLInputElement {
  const el = h('input', { id, type: 'text', list: 'column-suggestions', 'aria-label': label, class: 'input', placeholder: l10n.t('column'), autocomplete: 'off', spellcheck: 'false', 'data-testid': id });
  el.value = value;
  el.addEventListener('input', () => onInput(el.value));
  if (onCommit) el.addEventListener('change', () => onCommit(el.value));
  return el;
}

function section(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'section', 'aria-labelledby': `${id}-title`, id }, h('h2', { id: `${id}-title`, class: 'section-title' }, title), ...children);
}

function issueFor(issues: ChainIssue[], where: string): HTMLElement | null {
  const i = issues.find((x) => x.where === where);
  return i ? h('div', { class: 'issue', role: 'alert' }, i.message) : null;
}

function conditionRow(f: Extract<FilterRow, { type: 'cond' }>, n: number, ctx: BuilderViewContext): HTMLElement {
  // The condition as edited since this row was drawn (typing does not redraw it).
  let cur: Condition = { ...f };
  const update = (patch: Extract<Action, { type: 'updateFilter' }>['patch'], rerender = false) => {
    cur = { ...cur, ...(patch as Partial<Condition>) };
    ctx.dispatch({ type: 'updateFilter', id: f.id, patch }, rerender);
  };
  const colType = columnType(ctx.info, f.column)?.type;
  const kind = editorKind(f.op, f.as, colType);
  const col = columnInput(`filter-column-${n}`, l10n.t('Filter {0} column', n), f.column, (v) => update({ column: v }), (v) => {
    const info = columnType(ctx.info, v);
    if (!info || f.op === 'is') return;
    const as = defaultAs(info.type);
    // `change` fires on blur, while the focus is moving to the next field: redraw once it has
    // moved (the redraw keeps the focused field), and only when the value editor changes.
    setTimeout(() => update({ column: v, as }, as !== f.as || editorKind(f.op, as, info.type) !== kind), 0);
  });
  const labels = opLabels();
  const op = select(`filter-op-${n}`, l10n.t('Filter {0} operator', n), CONDITION_OPS.map((o) => [o, labels[o]] as const), f.op, (v) => update({ op: v as ConditionOp }, true));
  const not = checkbox(`filter-not-${n}`, l10n.t('not'), f.negate, (v) => update({ negate: v }, true));
  const parts: Child[] = [not, col, op];
  const valueId = `filter-value-${n}`;
  const valueLabel = l10n.t('Filter {0} value', n);

  // The row's issue: the one of the last run, then checked live as the value is typed.
  const issueEl = h('div', { class: 'issue', role: 'alert', id: `filter-issue-${n}`, 'data-testid': `filter-issue-${n}` });
  const fields: (HTMLElement & { invalid?: boolean })[] = [];
  const showIssue = (message: string | undefined) => {
    setText(issueEl, message ?? '');
    issueEl.hidden = !message;
    for (const el of fields) {
      el.invalid = !!message;
      if (message) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
  };
  const check = () => showIssue(conditionIssue(cur));
  const valueField = (id: string, label: string, value: string, onInput: (v: string) => void, placeholder: string) => {
    const el = textfield(id, label, value, onInput, placeholder);
    el.setAttribute('aria-describedby', `filter-issue-${n}`);
    fields.push(el);
    return el;
  };

  if (f.op === 'is') {
    const current = f.as === 'null' ? 'null' : f.as === 'boolean' ? f.input.toLowerCase() : 'unknown';
    parts.push(
      select(valueId, valueLabel, [['null', 'NULL'], ['true', 'TRUE'], ['false', 'FALSE'], ['unknown', 'UNKNOWN']], current, (v) =>
        update(v === 'null' ? { as: 'null', input: '' } : v === 'unknown' ? { as: 'text', input: 'unknown' } : { as: 'boolean', input: v }, true),
      ),
    );
  } else if (kind === 'range') {
    parts.push(rangeEditor(f, n, colType, update, check, valueField));
  } else if (kind === 'array') {
    const itemAs = arrayItemAs(colType);
    parts.push(
      valueField(valueId, colType ? l10n.t('{0} (items of {1})', valueLabel, colType) : l10n.t('{0} (items of the array)', valueLabel), arrayItemsText(f.input, f.as), (v) => {
        const r = arrayItemsInput(v, itemAs);
        if (r.ok) {
          update({ input: r.input, as: 'json' });
          check();
        } else {
          // Kept as typed (the run is refused until it reads); the item's problem is shown.
          update({ input: v, as: 'json' });
          showIssue(colType ? l10n.t('{0} (items of {1}, comma separated)', r.message, colType) : l10n.t('{0} (items of the array, comma separated)', r.message));
        }
      }, itemAs === 'number' ? l10n.t('items: 1, 2, 3') : itemAs === 'boolean' ? l10n.t('items: true, false') : l10n.t('items: a, b, "c,d"')),
    );
  } else if (f.as === 'boolean' && !['in', 'contains', 'containedBy', 'overlaps'].includes(f.op)) {
    parts.push(select(valueId, valueLabel, [['true', 'true'], ['false', 'false']], f.input === 'false' ? 'false' : 'true', (v) => update({ input: v })));
    if (f.input !== 'true' && f.input !== 'false') queueMicrotask(() => update({ input: 'true' }));
  } else if (f.as === 'null') {
    parts.push(h('span', { class: 'muted', id: valueId }, 'NULL'));
  } else if (kind === 'number') {
    const el = valueField(valueId, l10n.t('{0} (number)', valueLabel), f.input, (v) => {
      update({ input: v });
      check();
    }, colType ? l10n.t('number ({0})', colType) : l10n.t('number'));
    numericKeyboard(el);
    parts.push(el);
  } else {
    const placeholder =
      kind === 'list' && f.as === 'number' ? l10n.t('1, 2, 3 or [1,2,3]') : f.as === 'json' ? (valuePlaceholders()[f.op] ?? l10n.t('JSON value')) : (valuePlaceholders()[f.op] ?? l10n.t('value'));
    parts.push(valueField(valueId, valueLabel, f.input, (v) => {
      update({ input: v });
      check();
    }, placeholder));
  }
  if (f.op !== 'is' && kind !== 'range' && kind !== 'array' && f.op !== 'textSearch' && !f.op.includes('ikeA')) {
    const kinds: [ValueAs, string][] =
      f.op === 'contains' || f.op === 'containedBy' || f.op === 'overlaps'
        ? [['text', l10n.t('literal')], ['json', 'JSON']]
        : [['text', l10n.t('text')], ['number', l10n.t('number')], ['boolean', l10n.t('boolean')], ['null', 'null'], ['json', 'JSON']];
    parts.push(select(`filter-as-${n}`, l10n.t('Filter {0} value type', n), kinds, f.as, (v) => update({ as: v as ValueAs }, true)));
  }
  if (f.op === 'textSearch') {
    parts.push(
      textfield(`filter-fts-config-${n}`, l10n.t('Filter {0} text search config', n), f.ftsConfig, (v) => update({ ftsConfig: v }), l10n.t('config (e.g. english)')),
      select(`filter-fts-type-${n}`, l10n.t('Filter {0} text search type', n), [['', 'to_tsquery'], ['plain', 'plain'], ['phrase', 'phrase'], ['websearch', 'websearch']], f.ftsType, (v) =>
        update({ ftsType: v as typeof f.ftsType }),
      ),
    );
  }
  showIssue(ctx.issues.find((x) => x.where === f.id)?.message);
  return h('div', { class: 'row filter-row', role: 'group', 'aria-label': l10n.t('Filter {0}', n), 'data-filter-id': f.id }, ...parts, rowControls(f.id, n, ctx), issueEl);
}

/** Numeric keyboards on touch devices; the text stays exact (big numbers are not rounded). */
function numericKeyboard(el: HTMLElement): void {
  const apply = () => el.shadowRoot?.querySelector('input')?.setAttribute('inputmode', 'decimal');
  const done = (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete;
  if (done) void done.then(apply);
  else queueMicrotask(apply);
}

/**
 * The range editor: lower and upper bound (empty: unbounded) with their inclusivity, written as
 * the PostgreSQL range literal (`[1,10)`), shown next to it. Text that is not a range with two
 * bounds (e.g. `empty`) keeps the plain literal field.
 */
function rangeEditor(
  f: Condition,
  n: number,
  colType: string | undefined,
  update: (patch: Partial<Condition>) => void,
  check: () => void,
  valueField: (id: string, label: string, value: string, onInput: (v: string) => void, placeholder: string) => HTMLElement,
): HTMLElement {
  const valueId = `filter-value-${n}`;
  const parsed = f.input.trim() === '' ? DEFAULT_RANGE : parseRangeLiteral(f.input);
  if (!parsed) {
    return valueField(valueId, l10n.t('Filter {0} range literal', n), f.input, (v) => {
      update({ input: v, as: 'text' });
      check();
    }, '[1,10)');
  }
  let parts: RangeParts = { ...parsed };
  const literal = h('code', { class: 'range-literal', id: `filter-range-literal-${n}`, 'data-testid': `filter-range-literal-${n}`, 'aria-label': l10n.t('Filter {0} range literal', n) });
  const emptyish = () => parts.lower === '' && parts.upper === '' && f.input.trim() === '';
  const write = () => {
    const text = formatRangeLiteral(parts);
    setText(literal, text);
    update({ input: text, as: 'text' });
    check();
  };
  setText(literal, emptyish() ? '' : formatRangeLiteral(parts));
  const bound = (which: 'lower' | 'upper') => {
    const incKey = which === 'lower' ? 'lowerInc' : 'upperInc';
    const options: [string, string][] = which === 'lower' ? [['[', l10n.t('[ inclusive')], ['(', l10n.t('( exclusive')]] : [[']', l10n.t('] inclusive')], [')', l10n.t(') exclusive')]];
    const inc = select(`filter-range-${which}-inc-${n}`, which === 'lower' ? l10n.t('Filter {0} lower bound', n) : l10n.t('Filter {0} upper bound', n), options, parts[incKey] ? options[0]![0] : options[1]![0], (v) => {
      parts = { ...parts, [incKey]: v === '[' || v === ']' };
      write();
    });
    const value = valueField(`filter-range-${which}-${n}`, which === 'lower' ? l10n.t('Filter {0} range lower value', n) : l10n.t('Filter {0} range upper value', n), parts[which], (v) => {
      parts = { ...parts, [which]: v };
      write();
    }, which === 'lower'
      ? colType ? l10n.t('lower ({0}), empty: unbounded', colType.replace(/range$/, '')) : l10n.t('lower, empty: unbounded')
      : colType ? l10n.t('upper ({0}), empty: unbounded', colType.replace(/range$/, '')) : l10n.t('upper, empty: unbounded'));
    return which === 'lower' ? [inc, value] : [value, inc];
  };
  return h('span', { class: 'row range-editor', role: 'group', id: valueId, 'aria-label': l10n.t('Filter {0} range', n) }, ...bound('lower'), h('span', { class: 'muted' }, ','), ...bound('upper'), literal);
}

function rowControls(id: string, n: number, ctx: BuilderViewContext): HTMLElement {
  return h(
    'span',
    { class: 'row-controls' },
    button(`filter-up-${n}`, '↑', () => ctx.dispatch({ type: 'moveFilter', id, delta: -1 }), { secondary: true, title: l10n.t('Move filter {0} up', n) }),
    button(`filter-down-${n}`, '↓', () => ctx.dispatch({ type: 'moveFilter', id, delta: 1 }), { secondary: true, title: l10n.t('Move filter {0} down', n) }),
    button(`filter-remove-${n}`, '✕', () => ctx.dispatch({ type: 'removeFilter', id }), { secondary: true, title: l10n.t('Remove filter {0}', n) }),
  );
}

function filterRow(f: FilterRow, n: number, ctx: BuilderViewContext): HTMLElement {
  const upd = (patch: Record<string, string>) => ctx.dispatch({ type: 'updateFilter', id: f.id, patch }, false);
  switch (f.type) {
    case 'cond':
      return conditionRow(f, n, ctx);
    case 'or':
      return h(
        'div',
        { class: 'row filter-row', role: 'group', 'aria-label': l10n.t('Filter {0} (OR group)', n) },
        h('span', { class: 'tag' }, 'or'),
        textfield(`filter-or-${n}`, l10n.t('Filter {0} OR conditions', n), f.expr, (v) => upd({ expr: v }), 'id.eq.1,name.ilike.*ann*,and(a.gt.1,b.lt.5)'),
        columnInput(`filter-or-table-${n}`, l10n.t('Filter {0} referenced table', n), f.referencedTable, (v) => upd({ referencedTable: v })),
        rowControls(f.id, n, ctx),
        issueFor(ctx.issues, f.id),
      );
    case 'raw':
      return h(
        'div',
        { class: 'row filter-row', role: 'group', 'aria-label': l10n.t('Filter {0} (raw)', n) },
        h('span', { class: 'tag' }, f.not ? 'not()' : 'filter()'),
        columnInput(`filter-column-${n}`, l10n.t('Filter {0} column', n), f.column, (v) => upd({ column: v })),
        textfield(`filter-operator-${n}`, l10n.t('Filter {0} raw operator', n), f.operator, (v) => upd({ operator: v }), l10n.t('operator, e.g. in or not.eq')),
        textfield(`filter-value-${n}`, l10n.t('Filter {0} value', n), f.value, (v) => upd({ value: v }), l10n.t('value in PostgREST syntax, e.g. (1,2)')),
        rowControls(f.id, n, ctx),
        issueFor(ctx.issues, f.id),
      );
    case 'match':
      return h(
        'div',
        { class: 'row filter-row', role: 'group', 'aria-label': l10n.t('Filter {0} (match)', n) },
        h('span', { class: 'tag' }, 'match()'),
        textfield(`filter-match-${n}`, l10n.t('Filter {0} match object', n), f.query, (v) => upd({ query: v }), '{"column": "value"}'),
        rowControls(f.id, n, ctx),
        issueFor(ctx.issues, f.id),
      );
  }
}

export function renderBuilder(ctx: BuilderViewContext): HTMLElement {
  const s = ctx.state;
  const d = ctx.dispatch;
  const isWrite = s.mode === 'insert' || s.mode === 'upsert' || s.mode === 'update' || s.mode === 'delete';
  const root = h('div', { class: 'builder', id: 'builder' });
  root.appendChild(columnSuggestions(ctx.info));

  // Action
  const modes: [Mode, string][] = s.isRpc
    ? [['rpc', l10n.t('call function (rpc)')]]
    : [
        ['select', 'select'],
        ['insert', 'insert'],
        ['upsert', 'upsert'],
        ['update', 'update'],
        ['delete', 'delete'],
      ];
  const writeDisabled: string[] = [];
  if (ctx.readOnly) writeDisabled.push('insert', 'upsert', 'update', 'delete');
  const actionRow = h(
    'div',
    { class: 'row' },
    select('mode', l10n.t('Action'), modes, s.mode, (v) => d({ type: 'setMode', mode: v as Mode }), writeDisabled),
    select('count', l10n.t('Count'), [['', l10n.t('no count')], ['exact', l10n.t('count: exact')], ['planned', l10n.t('count: planned')], ['estimated', l10n.t('count: estimated')]], s.count, (v) =>
      d({ type: 'set', patch: { count: v as BuilderState['count'] } }, false),
    ),
    s.mode === 'select' || s.mode === 'rpc' ? checkbox('head', l10n.t('head (count only)'), s.head, (v) => d({ type: 'set', patch: { head: v } }, false)) : null,
    ctx.readOnly ? h('span', { class: 'badge', role: 'status' }, l10n.t('read-only connection')) : null,
  );
  root.appendChild(section(l10n.t('Action'), 'section-action', actionRow));

  if (s.isRpc) {
    const params = ctx.info?.params?.map((p) => `${p.name}${p.required ? '' : '?'}: ${p.type}`).join(', ');
    root.appendChild(
      section(
        l10n.t('Arguments'),
        'section-args',
        params ? h('p', { class: 'muted' }, params) : null,
        textarea('rpc-args', l10n.t('Function arguments (JSON object)'), s.args, (v) => d({ type: 'set', patch: { args: v } }, false), 4),
        checkbox('rpc-get', l10n.t('GET (read-only function, arguments in the URL)'), s.rpcGet, (v) => d({ type: 'set', patch: { rpcGet: v } }, false)),
        issueFor(ctx.issues, 'args'),
      ),
    );
  }

  // Values for writes
  if (s.mode === 'insert' || s.mode === 'upsert' || s.mode === 'update') {
    const label = s.mode === 'update' ? l10n.t('New values (JSON object: column → value)') : l10n.t('Rows (JSON object or array of objects)');
    root.appendChild(
      section(
        s.mode === 'update' ? l10n.t('Update values') : l10n.t('Rows to write'),
        'section-values',
        textarea('write-values', label, s.values, (v) => d({ type: 'set', patch: { values: v } }, false), 8),
        s.mode === 'upsert'
          ? h(
              'div',
              { class: 'row' },
              textfield('upsert-on-conflict', l10n.t('On conflict columns'), s.onConflict, (v) => d({ type: 'set', patch: { onConflict: v } }, false), l10n.t('onConflict: id or a,b')),
              checkbox('upsert-ignore-duplicates', l10n.t('ignore duplicates'), s.ignoreDuplicates, (v) => d({ type: 'set', patch: { ignoreDuplicates: v } }, false)),
            )
          : null,
        s.mode !== 'update'
          ? checkbox('default-to-null', l10n.t('missing columns become NULL (defaultToNull)'), s.defaultToNull, (v) => d({ type: 'set', patch: { defaultToNull: v } }, false))
          : null,
        issueFor(ctx.issues, 'values'),
      ),
    );
  }

  // Columns
  const colHelpers = h('div', { class: 'row' });
  if (ctx.info?.columns.length) {
    colHelpers.appendChild(
      select('column-add', l10n.t('Add a column to the select list'), [['', l10n.t('add column…')], ...ctx.info.columns.map((c) => [c.name, `${c.name} (${c.type})`] as const)], '', (v) => {
        if (!v) return;
        const cur = s.select.trim();
        d({ type: 'set', patch: { select: !cur || cur === '*' ? v : `${cur}, ${v}` } });
      }),
    );
  }
  if (ctx.info?.relations.length) {
    colHelpers.appendChild(
      select('embed-add', l10n.t('Embed a related table'), [['', l10n.t('embed related…')], ...ctx.info.relations.map((r) => [r, r] as const)], '', (v) => {
        if (!v) return;
        const cur = s.select.trim() || '*';
        d({ type: 'set', patch: { select: `${cur}, ${v}(*)` } });
      }),
    );
  }
  if (!isWrite || s.mode !== 'delete' || s.returning) {
    root.appendChild(
      section(
        isWrite ? l10n.t('Returning columns') : l10n.t('Columns'),
        'section-columns',
        h(
          'div',
          { class: 'row' },
          textfield('select-columns', l10n.t('Select columns'), s.select, (v) => d({ type: 'set', patch: { select: v } }, false), '*, alias:col, col::text, data->a->>b, other_table(*)'),
          isWrite ? checkbox('returning', l10n.t('return rows'), s.returning, (v) => d({ type: 'set', patch: { returning: v } })) : null,
        ),
        colHelpers,
      ),
    );
  } else {
    root.appendChild(section(l10n.t('Returning columns'), 'section-columns', checkbox('returning', l10n.t('return rows'), s.returning, (v) => d({ type: 'set', patch: { returning: v } }))));
  }

  // Filters
  if (s.mode !== 'insert') {
    const rows = s.filters.map((f, i) => filterRow(f, i + 1, ctx));
    root.appendChild(
      section(
        l10n.t('Filters'),
        'section-filters',
        ...rows,
        issueFor(ctx.issues, 'filters'),
        h(
          'div',
          { class: 'row' },
          button('filter-add', l10n.t('Add filter'), () => d({ type: 'addCondition' }), { secondary: true }),
          button('filter-add-or', l10n.t('Add OR group'), () => d({ type: 'addOr' }), { secondary: true }),
          button('filter-add-raw', l10n.t('Add raw filter()'), () => d({ type: 'addRaw' }), { secondary: true }),
          button('filter-add-match', l10n.t('Add match()'), () => d({ type: 'addMatch' }), { secondary: true }),
        ),
      ),
    );
  }

  // Modifiers
  const orderRows = s.orders.map((o, i) => {
    const n = i + 1;
    return h(
      'div',
      { class: 'row', role: 'group', 'aria-label': l10n.t('Order {0}', n) },
      columnInput(`order-column-${n}`, l10n.t('Order {0} column', n), o.column, (v) => d({ type: 'updateOrder', id: o.id, patch: { column: v } }, false)),
      select(`order-dir-${n}`, l10n.t('Order {0} direction', n), [['asc', l10n.t('ascending')], ['desc', l10n.t('descending')]], o.ascending ? 'asc' : 'desc', (v) =>
        d({ type: 'updateOrder', id: o.id, patch: { ascending: v === 'asc' } }, false),
      ),
      select(`order-nulls-${n}`, l10n.t('Order {0} nulls', n), [['default', l10n.t('nulls: default')], ['first', l10n.t('nulls first')], ['last', l10n.t('nulls last')]], o.nulls, (v) =>
        d({ type: 'updateOrder', id: o.id, patch: { nulls: v as 'default' | 'first' | 'last' } }, false),
      ),
      textfield(`order-table-${n}`, l10n.t('Order {0} referenced table', n), o.referencedTable, (v) => d({ type: 'updateOrder', id: o.id, patch: { referencedTable: v } }, false), l10n.t('referenced table (optional)')),
      button(`order-remove-${n}`, '✕', () => d({ type: 'removeOrder', id: o.id }), { secondary: true, title: l10n.t('Remove order {0}', n) }),
      issueFor(ctx.issues, o.id),
    );
  });
  const pagingRows = s.paging.map((p, i) => {
    const n = i + 1;
    const upd = (patch: Record<string, string>) => d({ type: 'updatePaging', id: p.id, patch }, false);
    return h(
      'div',
      { class: 'row', role: 'group', 'aria-label': p.kind === 'limit' ? l10n.t('limit {0}', n) : l10n.t('range {0}', n) },
      h('span', { class: 'tag' }, p.kind),
      p.kind === 'limit'
        ? textfield(`limit-count-${n}`, l10n.t('Limit {0} rows', n), p.count, (v) => upd({ count: v }), l10n.t('rows'))
        : h(
            'span',
            { class: 'row' },
            textfield(`range-from-${n}`, l10n.t('Range {0} from', n), p.from, (v) => upd({ from: v }), l10n.t('from')),
            textfield(`range-to-${n}`, l10n.t('Range {0} to', n), p.to, (v) => upd({ to: v }), l10n.t('to (inclusive)')),
          ),
      textfield(`paging-table-${n}`, p.kind === 'limit' ? l10n.t('limit {0} referenced table', n) : l10n.t('range {0} referenced table', n), p.referencedTable, (v) => upd({ referencedTable: v }), l10n.t('referenced table (optional)')),
      button(`paging-remove-${n}`, '✕', () => d({ type: 'removePaging', id: p.id }), { secondary: true, title: p.kind === 'limit' ? l10n.t('Remove limit {0}', n) : l10n.t('Remove range {0}', n) }),
      issueFor(ctx.issues, p.id),
    );
  });
  const ex = s.explain;
  const explainRow = h(
    'div',
    { class: 'row', role: 'group', 'aria-label': l10n.t('Explain') },
    checkbox('explain', l10n.t('explain'), ex !== null, (v) => d({ type: 'setExplain', explain: v ? { format: 'json' } : null })),
    ...(ex
      ? [
          ...(['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const).map((k) =>
            // A patch, not `{ ...ex }`: the form is not redrawn between clicks, so `ex` is stale.
            checkbox(`explain-${k}`, k, ex[k] === true, (v) => d({ type: 'patchExplain', patch: { [k]: v } }, false)),
          ),
          select('explain-format', l10n.t('Explain format'), [['json', l10n.t('json (tree)')], ['text', l10n.t('text')]], ex.format, (v) =>
            d({ type: 'patchExplain', patch: { format: v as 'json' | 'text' } }, false),
          ),
        ]
      : []),
  );
  root.appendChild(
    section(
      l10n.t('Modifiers'),
      'section-modifiers',
      ...orderRows,
      ...pagingRows,
      h(
        'div',
        { class: 'row' },
        button('order-add', l10n.t('Add order'), () => d({ type: 'addOrder' }), { secondary: true }),
        button('limit-add', l10n.t('Add limit'), () => d({ type: 'addPaging', kind: 'limit' }), { secondary: true }),
        button('range-add', l10n.t('Add range'), () => d({ type: 'addPaging', kind: 'range' }), { secondary: true }),
        select('result-shape', l10n.t('Result shape'), [['rows', l10n.t('rows')], ['single', 'single()'], ['maybeSingle', 'maybeSingle()'], ['csv', 'csv()']], s.shape, (v) =>
          d({ type: 'set', patch: { shape: v as BuilderState['shape'] } }, false),
        ),
      ),
      explainRow,
      s.extraSteps.length ? h('p', { class: 'muted' }, l10n.t('Also kept from the restored chain: {0}', s.extraSteps.map((x) => x.kind).join(', '))) : null,
    ),
  );
  return root;
}
