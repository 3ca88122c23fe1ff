/**
 * The query builder page: chain editor, run/cancel, confirmations for writes, results (grid,
 * raw/CSV, plan, save queue, code), persisted with `setState` so hiding or reloading loses nothing.
 */
import type { ChainDescription } from '../../src/core/database/chain';
import type { Progress, SerializedError } from '../../src/protocol/envelope';
import { PROTOCOL_VERSION } from '../../src/protocol/envelope';
import { cellText, rowJson, type Cell } from '../../src/protocol/losslessJson';
import type {
  CodeLang,
  ConnectionMessage,
  InitMessage,
  PanelConnection,
  PanelTarget,
  QueryBuilderReplies,
  QueryBuilderToHost,
  RunResult,
  TargetInfo,
} from '../../src/protocol/queryBuilder';
import { isQueryBuilderToWebview } from '../../src/protocol/queryBuilder';
import { Channel, RequestFailed } from '../shared/channel';
import { h, replaceChildren, setAttrs, setText } from '../shared/dom';
import { l10n, setBundle } from '../shared/l10n';
import type { VsCodeApi } from '../shared/vscodeApi';
import {
  fromChain,
  initialState,
  isPageable,
  reduce,
  requestedWindow,
  toChain,
  type Action,
  type BuilderState,
  type ChainIssue,
} from './builderState';
import { button, renderBuilder, select } from './builderView';
import { addEdit, applyResults, discardRow, parseEdit, primaryKeyOf, rowKey, toRowEdits, type EditQueue } from './editQueue';
import { VirtualGrid, type GridColumn } from './grid/VirtualGrid';
import { renderJsonPlan, renderTextPlan } from './planView';
import { ResultStore } from './ResultStore';

type RunAsChoice = 'anon' | 'service_role';

export interface SavedState {
  v: 1;
  target: PanelTarget;
  chain?: ChainDescription;
  ui?: { builder?: BuilderState; runAs?: RunAsChoice; queue?: EditQueue };
}

type Payloads = { [K in QueryBuilderToHost['type']]: Omit<Extract<QueryBuilderToHost, { type: K }>, 'type' | 'id'> };
type Replies = QueryBuilderReplies & Record<string, unknown>;

const TAB_GRID = 0;
const TAB_RAW = 1;
const TAB_PLAN = 2;
const TAB_QUEUE = 3;
const TAB_CODE = 4;

export class QueryBuilderApp {
  private readonly channel: Channel<Payloads, Replies>;
  private init: InitMessage | undefined;
  private state: BuilderState = initialState({ schema: 'public', name: '', isRpc: false });
  private info: TargetInfo | undefined;
  private issues: ChainIssue[] = [];
  private runAs: RunAsChoice = 'anon';
  private queue: EditQueue = [];
  private store: ResultStore | undefined;
  /** The current result comes from a plain select on this table (editable once the key is known). */
  private runEditable = false;
  private storeEditable = false;
  private lastChain: ChainDescription | undefined;
  private generation = 0;
  private readonly inflight = new Set<string>();
  private rowKeyCache = new Map<number, string | undefined>();

  // DOM
  private readonly builderHost = h('div', { class: 'builder-host' });
  private readonly statusEl = h('span', { id: 'status', role: 'status', class: 'status', 'aria-live': 'polite' });
  private readonly countEl = h('span', { id: 'row-count', class: 'count', 'data-testid': 'row-count' });
  private readonly issuesEl = h('div', { id: 'issues', class: 'issues' });
  private readonly errorEl = h('div', { id: 'error-box', class: 'error-box', hidden: true });
  private readonly rawEl = h('pre', { id: 'raw-view', class: 'raw', tabindex: 0 });
  private readonly planEl = h('div', { id: 'plan-container', class: 'plan-container' });
  private readonly queueEl = h('div', { id: 'save-queue', class: 'save-queue' });
  private readonly codeEl = h('pre', { id: 'code-view', class: 'raw', tabindex: 0 });
  /** Its text (the number of pending changes) is set by `renderQueue`. */
  private readonly queueTab = h('vscode-tab-header', { slot: 'header', 'data-testid': 'tab-queue' });
  private tabs!: HTMLElement & { selectedIndex: number };
  private grid!: VirtualGrid;
  private runButton!: HTMLElement;
  private cancelButton!: HTMLElement;
  private runAsSelect!: HTMLSelectElement;
  private titleEl = h('h1', { class: 'title', id: 'title' });
  private connEl = h('span', { class: 'connection', id: 'connection' });

  constructor(
    private readonly root: HTMLElement,
    private readonly api: VsCodeApi<SavedState>,
  ) {
    this.channel = new Channel<Payloads, Replies>({
      post: (m) => this.api.postMessage(m),
      onMessage: (m) => this.onHostMessage(m),
    });
  }

  start(): void {
    this.buildLayout();
    this.root.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void this.run();
      }
    });
    window.addEventListener('message', (e: MessageEvent) => {
      if (isQueryBuilderToWebview(e.data)) this.channel.receive(e.data);
    });
    this.api.postMessage({ type: 'ready', v: PROTOCOL_VERSION });
  }

  // ——— layout ———

  /**
   * Builds the page's controls with the current translations: once at start (English), and again
   * when `init` brings a translation bundle, before anything else is shown.
   */
  private buildLayout(): void {
    setAttrs(this.rawEl, { 'aria-label': l10n.t('Raw result') });
    setAttrs(this.codeEl, { 'aria-label': l10n.t('Generated code') });
    this.runButton = button('run', l10n.t('Run'), () => void this.run(), { title: l10n.t('Run query (Ctrl+Enter)') });
    this.cancelButton = button('cancel', l10n.t('Cancel'), () => this.cancelAll(), { secondary: true, disabled: true });
    this.runAsSelect = select('run-as', l10n.t('Run as'), [['anon', l10n.t('run as anon')], ['service_role', l10n.t('run as service_role')]], this.runAs, (v) => {
      this.runAs = v as RunAsChoice;
      this.save();
    });
    const codeLang = select('code-lang', l10n.t('Code language'), [['supabase-js', 'supabase-js'], ['supabase-py', 'supabase-py'], ['curl', 'curl']], 'supabase-js', () => undefined);
    const header = h(
      'header',
      { class: 'toolbar' },
      this.titleEl,
      this.connEl,
      this.runAsSelect,
      this.runButton,
      this.cancelButton,
      codeLang,
      button('copy-code', l10n.t('Copy as code'), () => void this.copyAsCode(codeLang.value as CodeLang), { secondary: true }),
      this.statusEl,
    );
    this.grid = new VirtualGrid(
      {
        rowCount: () => this.store?.rowCount() ?? 0,
        row: (i) => this.store?.row(i),
        pending: (i, j) => this.pendingFor(i, j),
        needRows: (first, end) => this.fetchRows(first, end),
      },
      {
        onSort: (j) => this.sortBy(j),
        onEdit: (i, j, text) => this.editCell(i, j, text),
        onCopy: (kind, i, j) => void this.copy(kind, i, j),
        onOpenRow: (i) => void this.openRow(i),
      },
    );
    const resultToolbar = h(
      'div',
      { class: 'row result-toolbar' },
      this.countEl,
      button('copy-cell', l10n.t('Copy cell'), () => this.copyActive('cell'), { secondary: true, title: l10n.t('Copy cell (Ctrl+C)') }),
      button('copy-row', l10n.t('Copy row'), () => this.copyActive('row'), { secondary: true, title: l10n.t('Copy row as tab-separated text (Ctrl+Alt+C)') }),
      button('copy-json', l10n.t('Copy row JSON'), () => this.copyActive('rowJson'), { secondary: true, title: l10n.t('Copy row as JSON (Ctrl+Shift+C)') }),
      button('open-json', l10n.t('Open row as JSON'), () => void this.openRow(this.grid.activeCell.row), { secondary: true, title: l10n.t('Open row as JSON in an editor (Alt+Enter)') }),
      button('export-csv', l10n.t('Export CSV'), () => void this.exportRows('csv'), { secondary: true }),
      button('export-json', l10n.t('Export JSON'), () => void this.exportRows('json'), { secondary: true }),
    );
    this.tabs = h(
      'vscode-tabs',
      { id: 'result-tabs', 'aria-label': l10n.t('Results') },
      h('vscode-tab-header', { slot: 'header', 'data-testid': 'tab-grid' }, l10n.t('Grid')),
      h('vscode-tab-panel', { 'data-testid': 'panel-grid' }, this.grid.element),
      h('vscode-tab-header', { slot: 'header', 'data-testid': 'tab-raw' }, l10n.t('Raw / CSV')),
      h('vscode-tab-panel', { 'data-testid': 'panel-raw' }, this.rawEl),
      h('vscode-tab-header', { slot: 'header', 'data-testid': 'tab-plan' }, l10n.t('Plan')),
      h('vscode-tab-panel', { 'data-testid': 'panel-plan' }, this.planEl),
      this.queueTab,
      h('vscode-tab-panel', { 'data-testid': 'panel-queue' }, this.queueEl),
      h('vscode-tab-header', { slot: 'header', 'data-testid': 'tab-code' }, l10n.t('Code')),
      h('vscode-tab-panel', { 'data-testid': 'panel-code' }, this.codeEl),
    ) as HTMLElement & { selectedIndex: number };
    const results = h('section', { class: 'results', 'aria-label': l10n.t('Results') }, this.errorEl, resultToolbar, this.tabs);
    replaceChildren(this.root, header, h('main', { class: 'layout' }, this.builderHost, this.issuesEl, results), this.dialog());
    this.root.removeAttribute('aria-busy');
    this.renderQueue();
  }

  private readonly dialogEl = h('dialog', { id: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message', class: 'dialog' });

  private dialog(): HTMLElement {
    return this.dialogEl;
  }

  /** A modal confirmation; resolves true only on the confirm button. */
  confirm(title: string, message: string, confirmLabel: string): Promise<boolean> {
    const dlg = this.dialogEl as HTMLDialogElement;
    return new Promise((resolve) => {
      let done = false;
      const finish = (v: boolean) => {
        if (done) return;
        done = true;
        if (dlg.open) dlg.close();
        resolve(v);
      };
      const ok = button('confirm-ok', confirmLabel, () => finish(true));
      const cancel = button('confirm-cancel', l10n.t('Cancel'), () => finish(false), { secondary: true });
      replaceChildren(
        dlg,
        h('h2', { id: 'confirm-title' }, title),
        h('p', { id: 'confirm-message' }, message),
        h('div', { class: 'row dialog-buttons' }, ok, cancel),
      );
      dlg.addEventListener('close', () => finish(false), { once: true });
      dlg.showModal();
      cancel.focus();
    });
  }

  // ——— host messages ———

  /** Keys, read-only flag and name of the connection: the run-as choices and write controls follow. */
  private applyConnection(c: PanelConnection): void {
    const anonAvailable = c.anonAvailable !== false;
    if (!c.serviceRoleAvailable) this.runAs = 'anon';
    else if (!anonAvailable) this.runAs = 'service_role';
    const srOption = this.runAsSelect.querySelector('option[value=service_role]') as HTMLOptionElement | null;
    if (srOption) srOption.disabled = !c.serviceRoleAvailable;
    const anonOption = this.runAsSelect.querySelector('option[value=anon]') as HTMLOptionElement | null;
    if (anonOption) anonOption.disabled = !anonAvailable;
    this.runAsSelect.value = this.runAs;
    setText(this.connEl, c.readOnly ? l10n.t('{0} (read-only)', c.name) : c.name);
  }

  private onConnectionChanged(c: PanelConnection): void {
    if (!this.init) return;
    const before = this.init.connection;
    this.init = { ...this.init, connection: c };
    // The connection's run-as role was switched: follow it.
    if (c.runAs && c.runAs !== before.runAs) this.runAs = c.runAs;
    this.applyConnection(c);
    // Only a read-only toggle changes the form (write modes) and the grid (inline editing); other
    // changes leave what the user is typing alone.
    if (c.readOnly !== before.readOnly) {
      this.renderBuilder();
      this.runEditable = this.lastChain ? this.canEdit(this.lastChain) : false;
      this.setGridColumns();
    }
    this.save();
  }

  private onHostMessage(m: { type: string }): void {
    if (m.type === 'connection') {
      this.onConnectionChanged((m as ConnectionMessage).connection);
      return;
    }
    if (m.type !== 'init') return;
    const init = m as InitMessage;
    this.init = init;
    // Translations come with `init`: the controls are built again in the display language.
    if (init.l10n) {
      setBundle(init.l10n);
      this.buildLayout();
    }
    const saved = this.api.getState();
    const sameTarget = saved && JSON.stringify(saved.target) === JSON.stringify(init.target);
    const isRpc = init.target.kind === 'function';
    if (sameTarget && saved.ui?.builder) {
      this.state = { ...initialState({ schema: init.target.schema, name: init.target.name, isRpc }), ...saved.ui.builder };
      this.queue = saved.ui.queue ?? [];
      this.runAs = saved.ui.runAs ?? this.runAs;
    } else if (init.chain) {
      this.state = fromChain(init.chain);
    } else {
      this.state = initialState({ schema: init.target.schema, name: init.target.name, isRpc });
    }
    // A restored state always targets this panel's table/function.
    this.state = { ...this.state, schema: init.target.schema, name: init.target.name, isRpc };
    // A new panel starts on the connection's run-as role; a restored one keeps its own choice.
    if (!(sameTarget && saved.ui?.runAs) && init.connection.runAs) this.runAs = init.connection.runAs;
    this.applyConnection(init.connection);
    setText(this.titleEl, init.target.kind === 'function' ? `${init.target.schema}.${init.target.name}()` : `${init.target.schema}.${init.target.name}`);
    this.renderBuilder();
    this.renderQueue();
    void this.loadColumns();
    // No retained context: show the data again when the panel comes back.
    if (this.state.mode === 'select' || (this.state.mode === 'rpc' && this.state.rpcGet)) void this.run();
  }

  private async loadColumns(): Promise<void> {
    try {
      this.info = await this.channel.request('loadColumns', {}).promise;
      if (!this.info.known && this.info.note) this.setStatus(this.info.note);
      this.renderBuilder();
      if (this.store) this.setGridColumns();
    } catch (err) {
      this.setStatus(l10n.t('Columns unavailable: {0}', err instanceof RequestFailed ? err.error.message : String(err)));
    }
  }

  // ——— state ———

  private dispatch = (action: Action, rerender = true): void => {
    this.state = reduce(this.state, action);
    if (rerender) this.renderBuilder();
    this.save();
  };

  private renderBuilder(): void {
    const active = document.activeElement?.id;
    replaceChildren(
      this.builderHost,
      renderBuilder({ state: this.state, info: this.info, readOnly: this.init?.connection.readOnly ?? false, issues: this.issues, dispatch: this.dispatch }),
    );
    if (active) (document.getElementById(active) as HTMLElement | null)?.focus();
  }

  private save(): void {
    if (!this.init) return;
    const r = toChain(this.state, this.info?.columns);
    const saved: SavedState = { v: 1, target: this.init.target, ui: { builder: this.state, runAs: this.runAs, queue: this.queue } };
    if (r.ok) saved.chain = r.chain;
    else if (this.lastChain) saved.chain = this.lastChain;
    this.api.setState(saved);
  }

  private setStatus(text: string): void {
    setText(this.statusEl, text);
  }

  private showIssues(): void {
    if (!this.issues.length) {
      replaceChildren(this.issuesEl);
      return;
    }
    replaceChildren(
      this.issuesEl,
      h('div', { role: 'alert', class: 'issue-list', id: 'issue-list' }, h('strong', {}, l10n.t('The query is not complete:')), h('ul', {}, ...this.issues.map((i) => h('li', {}, i.message)))),
    );
  }

  private showError(e: SerializedError | undefined): void {
    if (!e) {
      this.errorEl.hidden = true;
      replaceChildren(this.errorEl);
      return;
    }
    this.errorEl.hidden = false;
    const rows: [string, string][] = [];
    if (e.code) rows.push([l10n.t('Code'), e.code]);
    if (e.status !== undefined) rows.push([l10n.t('HTTP status'), String(e.status)]);
    rows.push([l10n.t('Message'), e.message]);
    if (e.details !== undefined && e.details !== null) rows.push([l10n.t('Details'), typeof e.details === 'string' ? e.details : JSON.stringify(e.details)]);
    if (e.hint) rows.push([l10n.t('Hint'), e.hint]);
    const dl = h('dl', { class: 'error-fields' });
    for (const [k, v] of rows) dl.append(h('dt', {}, k), h('dd', { 'data-field': k.toLowerCase().replace(/\s/g, '-') }, v));
    replaceChildren(this.errorEl, h('div', { role: 'alert', id: 'error-alert' }, h('strong', { class: 'error-name' }, e.name === 'AbortError' ? l10n.t('Cancelled') : e.name), dl));
  }

  // ——— running ———

  private track<T>(req: { id: string; promise: Promise<T> }): Promise<T> {
    this.inflight.add(req.id);
    this.updateBusy();
    return req.promise.finally(() => {
      this.inflight.delete(req.id);
      this.updateBusy();
    });
  }

  private updateBusy(): void {
    const busy = this.inflight.size > 0;
    (this.cancelButton as HTMLElement & { disabled: boolean }).disabled = !busy;
    this.root.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  private cancelAll(): void {
    for (const id of this.inflight) this.channel.cancel(id);
  }

  /** Builds the chain, confirms writes with the number of rows affected, then runs. */
  async run(): Promise<void> {
    if (!this.init) return;
    const r = toChain(this.state, this.info?.columns);
    this.issues = r.ok ? [] : r.issues;
    this.showIssues();
    this.renderBuilder();
    if (!r.ok) return;
    const chain = r.chain;
    this.showError(undefined);
    if (!(await this.confirmWrite(chain))) {
      this.setStatus(l10n.t('Cancelled; nothing was written.'));
      return;
    }
    this.lastChain = chain;
    this.save();
    this.generation++;
    this.rowKeyCache.clear();
    replaceChildren(this.planEl);
    if (isPageable(chain)) this.startPaged(chain);
    else await this.runOnce(chain);
  }

  private async confirmWrite(chain: ChainDescription): Promise<boolean> {
    const a = chain.action;
    const name = chain.target.kind === 'table' ? chain.target.name : chain.target.fn;
    if (!a || a.kind === 'select') return true;
    if (a.kind === 'insert' || a.kind === 'upsert') {
      const n = Array.isArray(a.values) ? a.values.length : 1;
      const one = n === 1;
      if (a.kind === 'insert') {
        return this.confirm(
          one ? l10n.t('Insert {0} row?', n) : l10n.t('Insert {0} rows?', n),
          one ? l10n.t('Insert {0} row into {1}.', n, name) : l10n.t('Insert {0} rows into {1}.', n, name),
          one ? l10n.t('Insert {0} row', n) : l10n.t('Insert {0} rows', n),
        );
      }
      return this.confirm(
        one ? l10n.t('Upsert {0} row?', n) : l10n.t('Upsert {0} rows?', n),
        one ? l10n.t('Upsert {0} row into {1} (existing rows with the same key are updated).', n, name) : l10n.t('Upsert {0} rows into {1} (existing rows with the same key are updated).', n, name),
        one ? l10n.t('Upsert {0} row', n) : l10n.t('Upsert {0} rows', n),
      );
    }
    this.setStatus(l10n.t('Counting the rows affected…'));
    let count: number | null;
    try {
      count = (await this.track(this.channel.request('count', { chain, runAs: this.runAs }))).count;
    } catch (err) {
      this.showError(err instanceof RequestFailed ? err.error : { name: 'Error', message: String(err) });
      this.setStatus(l10n.t('Could not count the rows affected; nothing was written.'));
      return false;
    }
    const n = count ?? 0;
    const one = n === 1;
    if (a.kind === 'update') {
      return this.confirm(
        one ? l10n.t('Update {0} row?', n) : l10n.t('Update {0} rows?', n),
        n === 0
          ? l10n.t('No row of {0} matches the filters; nothing would change.', name)
          : one
            ? l10n.t('Update {0} row of {1}. The old values are lost.', n, name)
            : l10n.t('Update {0} rows of {1}. The old values are lost.', n, name),
        one ? l10n.t('Update {0} row', n) : l10n.t('Update {0} rows', n),
      );
    }
    return this.confirm(
      one ? l10n.t('Delete {0} row?', n) : l10n.t('Delete {0} rows?', n),
      n === 0
        ? l10n.t('No row of {0} matches the filters; nothing would change.', name)
        : one
          ? l10n.t('Delete {0} row of {1}. The deleted rows are lost.', n, name)
          : l10n.t('Delete {0} rows of {1}. The deleted rows are lost.', n, name),
      one ? l10n.t('Delete {0} row', n) : l10n.t('Delete {0} rows', n),
    );
  }

  private startPaged(chain: ChainDescription): void {
    const { offset, limit } = requestedWindow(chain);
    const pageSize = Math.max(1, this.init?.settings.pageSize ?? 1000);
    this.store = new ResultStore(pageSize, offset, limit);
    this.runEditable = this.canEdit(chain);
    this.storeEditable = false;
    this.grid.setColumns([], false);
    this.selectTab(TAB_GRID);
    this.setStatus(l10n.t('Running…'));
    const first = this.store.claim(0, 1)[0];
    if (first) void this.fetchPage(chain, first, this.generation);
  }

  private fetchRows(first: number, end: number): void {
    const store = this.store;
    const chain = this.lastChain;
    if (!store || !chain || !isPageable(chain) || store.columns.length === 0) return;
    for (const p of store.claim(first, end)) void this.fetchPage(chain, p, this.generation);
  }

  private async fetchPage(chain: ChainDescription, p: { page: number; from: number; size: number }, gen: number): Promise<void> {
    const store = this.store!;
    // The count is asked once, with the first page.
    const pageChain = p.page === 0 ? chain : withoutCount(chain);
    try {
      const res = await this.track(this.channel.request('run', { chain: pageChain, runAs: this.runAs, page: { from: p.from, size: p.size } }));
      if (gen !== this.generation) return;
      if (res.body.kind !== 'rows') {
        this.showBody(res);
        return;
      }
      if (p.page === 0 && res.count !== null) store.total = res.count;
      store.put(p.page, res.body.columns, res.body.rows, p.size);
      if (p.page === 0) {
        this.setGridColumns();
        this.setStatus(l10n.t('{0} {1} · {2} ms', res.status, res.statusText, res.elapsedMs));
      }
      this.updateCount();
      // Page 0 rebuilt the columns (a full redraw); a later page redraws only its own rows in view.
      if (p.page === 0) this.grid.invalidate();
      else this.grid.invalidateRows(store.rowsOfPage(p.page));
    } catch (err) {
      if (gen !== this.generation) return;
      store.release(p.page);
      this.showError(err instanceof RequestFailed ? err.error : { name: 'Error', message: String(err) });
      this.setStatus(err instanceof RequestFailed && err.cancelled ? l10n.t('Cancelled.') : l10n.t('Failed.'));
    }
  }

  private async runOnce(chain: ChainDescription): Promise<void> {
    const gen = this.generation;
    this.setStatus(l10n.t('Running…'));
    try {
      const res = await this.track(this.channel.request('run', { chain, runAs: this.runAs }));
      if (gen !== this.generation) return;
      this.showBody(res);
      this.setStatus(
        res.count !== null
          ? l10n.t('{0} {1} · {2} ms · count {3}', res.status, res.statusText, res.elapsedMs, res.count)
          : l10n.t('{0} {1} · {2} ms', res.status, res.statusText, res.elapsedMs),
      );
    } catch (err) {
      if (gen !== this.generation) return;
      this.showError(err instanceof RequestFailed ? err.error : { name: 'Error', message: String(err) });
      this.setStatus(err instanceof RequestFailed && err.cancelled ? l10n.t('Cancelled.') : l10n.t('Failed.'));
    }
  }

  private showBody(res: RunResult): void {
    const body = res.body;
    setText(this.countEl, res.count !== null ? l10n.t('count: {0}', res.count) : '');
    if (body.kind === 'rows') {
      this.store = new ResultStore(Math.max(1, body.rows.length), 0, body.rows.length);
      this.store.total = body.rows.length;
      this.store.put(0, body.columns, body.rows, body.rows.length + 1);
      this.runEditable = false;
      this.setGridColumns();
      this.grid.invalidate();
      setText(this.rawEl, body.single ? rowJson(body.columns, body.rows[0] ?? [], 2) : `[\n${body.rows.map((r) => rowJson(body.columns, r)).join(',\n')}\n]`);
      this.updateCount(res.count);
      this.selectTab(TAB_GRID);
      return;
    }
    this.store = undefined;
    this.runEditable = false;
    this.storeEditable = false;
    this.grid.setColumns([], false);
    if (body.kind === 'empty') {
      setText(this.rawEl, '');
      setText(this.countEl, res.count !== null ? (res.count === 1 ? l10n.t('{0} row affected', res.count) : l10n.t('{0} rows affected', res.count)) : l10n.t('no content'));
      this.selectTab(TAB_RAW);
      return;
    }
    if (res.explain) {
      replaceChildren(this.planEl, body.kind === 'json' && res.explain === 'json' ? renderJsonPlan(body.text) : renderTextPlan(body.text));
      setText(this.rawEl, body.text);
      this.selectTab(TAB_PLAN);
      return;
    }
    setText(this.rawEl, body.kind === 'json' ? prettyJson(body.text) : body.text);
    this.selectTab(TAB_RAW);
  }

  private updateCount(count?: number | null): void {
    const s = this.store;
    if (!s) return;
    const shown = s.rowCount();
    const total = count ?? s.total;
    setText(this.countEl, total !== null && total !== undefined ? l10n.t('{0} of {1} rows', shown, total) : l10n.t('{0} rows loaded', shown));
  }

  private selectTab(i: number): void {
    this.tabs.selectedIndex = i;
  }

  private setGridColumns(): void {
    const s = this.store;
    if (!s) return;
    const pkSort = new Map<string, 'ascending' | 'descending'>();
    const firstOrder = this.state.orders[0];
    if (firstOrder && !firstOrder.referencedTable) pkSort.set(firstOrder.column, firstOrder.ascending ? 'ascending' : 'descending');
    const cols: GridColumn[] = s.columns.map((name, j) => {
      const info = this.info?.columns.find((c) => c.name === name);
      return {
        name,
        ...(info ? { type: info.format ?? info.type } : {}),
        width: initialWidth(name, s, j),
        sort: pkSort.get(name) ?? null,
      };
    });
    this.storeEditable = this.runEditable && !!this.info?.primaryKey.length && this.info.primaryKey.every((k) => s.columns.includes(k));
    this.grid.setColumns(cols, this.storeEditable);
  }

  private canEdit(chain: ChainDescription): boolean {
    return (
      !this.init?.connection.readOnly &&
      this.init?.target.kind === 'table' &&
      chain.target.kind === 'table' &&
      chain.action?.kind === 'select'
    );
  }

  private sortBy(j: number): void {
    const name = this.store?.columns[j];
    if (!name) return;
    const first = this.state.orders[0];
    let orders = this.state.orders.filter((o) => o.referencedTable);
    if (first && first.column === name && !first.referencedTable) {
      if (first.ascending) orders = [{ ...first, ascending: false }, ...orders];
    } else orders = [{ id: `o${this.state.seq}`, column: name, ascending: true, nulls: 'default', referencedTable: '' }, ...orders];
    this.state = { ...this.state, orders, seq: this.state.seq + 1 };
    this.renderBuilder();
    void this.run();
  }

  // ——— inline edits ———

  private keyOfRow(i: number): string | undefined {
    if (this.rowKeyCache.has(i)) return this.rowKeyCache.get(i);
    const s = this.store;
    const cells = s?.row(i);
    if (!s || !cells || !this.info) return undefined;
    const pk = primaryKeyOf(s.columns, cells, this.info.primaryKey);
    const key = pk ? rowKey(pk) : undefined;
    this.rowKeyCache.set(i, key);
    return key;
  }

  private pendingFor(i: number, j: number): { value: Cell; error?: string } | undefined {
    if (!this.queue.length || !this.storeEditable) return undefined;
    const key = this.keyOfRow(i);
    if (!key) return undefined;
    const entry = this.queue.find((e) => e.key === key);
    const column = this.store?.columns[j];
    const change = entry?.changes.find((c) => c.column === column);
    if (!entry || !change) return undefined;
    return entry.error ? { value: change.next, error: entry.error } : { value: change.next };
  }

  private editCell(i: number, j: number, text: string | null): void {
    const s = this.store;
    const cells = s?.row(i);
    if (!s || !cells || !this.info || !this.storeEditable) return;
    const column = s.columns[j]!;
    const pk = primaryKeyOf(s.columns, cells, this.info.primaryKey);
    if (!pk) {
      this.setStatus(l10n.t('This row has no primary key value; it cannot be edited.'));
      return;
    }
    const type = this.info.columns.find((c) => c.name === column)?.type;
    const parsed = parseEdit(text, type);
    if (!parsed.ok) {
      this.setStatus(l10n.t('Not queued: {0}', parsed.message));
      return;
    }
    this.queue = addEdit(this.queue, { row: i, pk }, { column, old: cells[j] ?? null, next: parsed.next, value: parsed.value });
    this.save();
    this.renderQueue();
    this.grid.invalidateRow(i);
  }

  private renderQueue(): void {
    const n = this.queue.reduce((a, e) => a + e.changes.length, 0);
    setText(this.queueTab, n ? l10n.t('Changes ({0})', n) : l10n.t('Changes'));
    if (!this.queue.length) {
      replaceChildren(this.queueEl, h('p', { class: 'muted' }, l10n.t('No pending changes. Edit a cell with Enter, F2 or a double click (tables with a primary key).')));
      return;
    }
    const list = h('ul', { class: 'queue-list', 'aria-label': l10n.t('Pending changes') });
    this.queue.forEach((e, idx) => {
      const pkText = Object.entries(e.pk).map(([k, v]) => `${k} = ${String(v)}`).join(', ');
      const changes = h('ul', {}, ...e.changes.map((c) => h('li', { class: 'change' }, h('span', { class: 'col' }, c.column), ': ', h('span', { class: 'old' }, cellText(c.old)), ' → ', h('span', { class: 'new' }, cellText(c.next)))));
      list.appendChild(
        h(
          'li',
          { class: e.error ? 'queue-row failed' : 'queue-row', 'data-row-key': e.key },
          h('strong', {}, pkText),
          changes,
          e.error ? h('div', { role: 'alert', class: 'issue' }, l10n.t('Not saved: {0}', e.error)) : null,
          button(`save-discard-${idx + 1}`, l10n.t('Discard'), () => {
            this.queue = discardRow(this.queue, e.key);
            this.save();
            this.renderQueue();
            this.grid.invalidate();
          }, { secondary: true, title: l10n.t('Discard changes to {0}', pkText) }),
        ),
      );
    });
    replaceChildren(
      this.queueEl,
      h(
        'div',
        { class: 'row' },
        button('save-apply', n === 1 ? l10n.t('Save {0} change', n) : l10n.t('Save {0} changes', n), () => void this.applyEdits()),
        button('save-discard', l10n.t('Discard all'), () => void this.discardAll(n), { secondary: true }),
      ),
      list,
    );
  }

  /** Empties the save queue once the user confirms: the changes are not kept anywhere else. */
  private async discardAll(n: number): Promise<void> {
    const rows = this.queue.length;
    const ok = await this.confirm(
      n === 1 ? l10n.t('Discard {0} change?', n) : l10n.t('Discard {0} changes?', n),
      n === 1
        ? l10n.t('The unsaved change to {0} row will be lost; nothing is written to the database.', rows)
        : rows === 1
          ? l10n.t('The unsaved changes to {0} row will be lost; nothing is written to the database.', rows)
          : l10n.t('The unsaved changes to {0} rows will be lost; nothing is written to the database.', rows),
      l10n.t('Discard all'),
    );
    if (!ok) return;
    this.queue = [];
    this.save();
    this.renderQueue();
    this.grid.invalidate();
    this.setStatus(l10n.t('Changes discarded.'));
  }

  private async applyEdits(): Promise<void> {
    if (!this.queue.length) return;
    const edits = toRowEdits(this.queue);
    this.setStatus(edits.length === 1 ? l10n.t('Saving {0} row…', edits.length) : l10n.t('Saving {0} rows…', edits.length));
    try {
      const { results } = await this.track(this.channel.request('applyEdits', { edits, runAs: this.runAs }));
      const s = this.store;
      for (const r of results) {
        if (!r.ok || !r.row || !s) continue;
        const entry = this.queue.find((e) => e.key === r.key);
        if (entry && this.keyOfRow(entry.row) === r.key) {
          const cells = s.columns.map((c) => {
            const i = r.row!.columns.indexOf(c);
            return i < 0 ? (s.row(entry.row)?.[s.columns.indexOf(c)] ?? null) : (r.row!.cells[i] ?? null);
          });
          s.setRow(entry.row, cells);
        }
      }
      this.queue = applyResults(this.queue, results);
      const failed = results.filter((r) => !r.ok).length;
      this.setStatus(
        failed
          ? l10n.t('{0} saved, {1} failed (kept in the queue).', results.length - failed, failed)
          : results.length === 1
            ? l10n.t('{0} row saved.', results.length)
            : l10n.t('{0} rows saved.', results.length),
      );
    } catch (err) {
      this.showError(err instanceof RequestFailed ? err.error : { name: 'Error', message: String(err) });
    }
    this.rowKeyCache.clear();
    this.save();
    this.renderQueue();
    this.grid.invalidate();
  }

  // ——— copy, open, export, code ———

  private copyActive(kind: 'cell' | 'row' | 'rowJson'): void {
    const c = this.grid.activeCell;
    if (c.row < 0) {
      this.setStatus(l10n.t('Select a cell first.'));
      return;
    }
    void this.copy(kind, c.row, c.col);
  }

  private async copy(kind: 'cell' | 'row' | 'rowJson', i: number, j: number): Promise<void> {
    const s = this.store;
    const cells = s?.row(i);
    if (!s || !cells) return;
    const text = kind === 'cell' ? cellText(cells[j] ?? null) : kind === 'row' ? cells.map((c) => (c === null ? '' : cellText(c))).join('\t') : rowJson(s.columns, cells, 2);
    try {
      await navigator.clipboard.writeText(text);
      this.setStatus(kind === 'cell' ? l10n.t('Cell copied.') : l10n.t('Row copied.'));
    } catch {
      this.setStatus(l10n.t('The clipboard is not available.'));
    }
  }

  private async openRow(i: number): Promise<void> {
    const s = this.store;
    const cells = i >= 0 ? s?.row(i) : undefined;
    if (!s || !cells) {
      this.setStatus(l10n.t('Select a row first.'));
      return;
    }
    try {
      await this.track(this.channel.request('openJson', { title: l10n.t('{0} row {1}', this.state.name, i + 1), text: rowJson(s.columns, cells, 2) }));
    } catch (err) {
      this.showError(err instanceof RequestFailed ? err.error : { name: 'Error', message: String(err) });
    }
  }

  private async exportRows(format: 'csv' | 'json'): Promise<void> {
    const r = toChain(this.state, this.info?.columns);
    if (!r.ok || r.chain.action?.kind !== 'select') {
      this.setStatus(l10n.t('Export needs a valid select query.'));
      return;
    }
    const onProgress = (p: Progress) => this.setStatus(l10n.t('Exporting… {0}', p.message ?? ''));
    try {
      const res = await this.track(this.channel.request('export', { chain: withoutCount(r.chain), runAs: this.runAs, format }, onProgress));
      this.setStatus(
        res.destination
          ? res.capped
            ? l10n.t(
                'Exported {0} rows to {1}. Stopped at the export row cap ({2}); raise supabaseExplorer.export.maxRows for more.',
                res.rows,
                res.destination,
                this.init?.settings.exportRowCap ?? res.rows,
              )
            : l10n.t('Exported {0} rows to {1}.', res.rows, res.destination)
          : l10n.t('Export cancelled.'),
      );
    } catch (err) {
      this.showError(err instanceof RequestFailed ? err.error : { name: 'Error', message: String(err) });
    }
  }

  private async copyAsCode(lang: CodeLang): Promise<void> {
    const r = toChain(this.state, this.info?.columns);
    this.issues = r.ok ? [] : r.issues;
    this.showIssues();
    if (!r.ok) return;
    try {
      const { code } = await this.track(this.channel.request('copyAsCode', { chain: r.chain, lang }));
      setText(this.codeEl, code);
      this.selectTab(TAB_CODE);
      await navigator.clipboard.writeText(code).then(
        () => this.setStatus(l10n.t('{0} code copied.', lang)),
        () => this.setStatus(l10n.t('{0} code shown in the Code tab.', lang)),
      );
    } catch (err) {
      this.showError(err instanceof RequestFailed ? err.error : { name: 'Error', message: String(err) });
    }
  }

  /** For tests/bench: the grid instance. */
  get gridForTests(): VirtualGrid {
    return this.grid;
  }

  static readonly TABS = { TAB_GRID, TAB_RAW, TAB_PLAN, TAB_QUEUE, TAB_CODE };
}

/** A column's first width: fits its name and the first rows' values, within 60–360 px. */
function initialWidth(name: string, store: ResultStore, col: number): number {
  let chars = name.length + 3;
  for (let i = 0; i < 50; i++) {
    const row = store.row(i);
    if (!row) break;
    const v = row[col];
    chars = Math.max(chars, v === undefined ? 0 : Math.min(60, cellText(v).length));
  }
  return Math.min(360, Math.max(60, Math.round(chars * 7.5 + 16)));
}

function withoutCount(chain: ChainDescription): ChainDescription {
  if (chain.action && 'count' in chain.action && chain.action.count) {
    const { count: _c, ...action } = chain.action;
    return { ...chain, action: action as ChainDescription['action'] } as ChainDescription;
  }
  return chain;
}

function prettyJson(text: string): string {
  // Keep the exact text (big numbers); only indent when it is small enough to matter.
  return text.length < 2_000_000 ? indentJson(text) : text;
}

/** Re-indents JSON text without parsing numbers (exact). */
export function indentJson(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      let k = i + 1;
      while (k < text.length && /\s/.test(text[k]!)) k++;
      if (text[k] === close) {
        out += c + close;
        i = k;
        continue;
      }
      depth++;
      out += c + '\n' + '  '.repeat(depth);
    } else if (c === '}' || c === ']') {
      depth--;
      out += '\n' + '  '.repeat(Math.max(0, depth)) + c;
    } else if (c === ',') out += ',\n' + '  '.repeat(depth);
    else if (c === ':') out += ': ';
    else if (!/\s/.test(c)) out += c;
  }
  return out;
}

