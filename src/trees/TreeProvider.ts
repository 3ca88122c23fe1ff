/**
 * A generic TreeDataProvider over plain-data nodes: a loader gives children, `render` gives the
 * item. Remembers the latest instance of each node by id so `refresh(id)` redraws only that
 * subtree, and `getParent` works for `reveal`.
 */
import * as vscode from 'vscode';
import type { Logger } from '../log';
import type { ItemSpec } from './render';

export interface TreeProviderOptions<N> {
  children(node: N | undefined): Promise<N[]>;
  render(node: N): ItemSpec;
  idOf(node: N): string;
  parentIdOf(node: N): string | undefined;
  log?: Logger;
  /** Turns a loader failure into a child node (so errors are never toasts). */
  errorNode?(parent: N | undefined, error: unknown): N;
}

export function toTreeItem(spec: ItemSpec): vscode.TreeItem {
  const state =
    spec.collapsible === 'none'
      ? vscode.TreeItemCollapsibleState.None
      : spec.collapsible === 'expanded'
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(spec.label, state);
  item.id = spec.id;
  if (spec.description !== undefined) item.description = spec.description;
  if (spec.tooltip !== undefined) {
    const md = new vscode.MarkdownString(spec.tooltip);
    md.supportHtml = false;
    md.isTrusted = false;
    item.tooltip = md;
  }
  if (spec.icon) {
    item.iconPath = new vscode.ThemeIcon(spec.icon.id, spec.icon.color ? new vscode.ThemeColor(spec.icon.color) : undefined);
  }
  item.contextValue = spec.contextValue;
  if (spec.command) item.command = { ...spec.command };
  if (spec.accessibilityLabel) item.accessibilityInformation = { label: spec.accessibilityLabel };
  return item;
}

export class TreeProvider<N> implements vscode.TreeDataProvider<N>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly byId = new Map<string, N>();

  constructor(private readonly opts: TreeProviderOptions<N>) {}

  getTreeItem(node: N): vscode.TreeItem {
    return toTreeItem(this.opts.render(node));
  }

  async getChildren(node?: N): Promise<N[]> {
    let kids: N[];
    try {
      kids = await this.opts.children(node);
    } catch (e) {
      this.opts.log?.error(`Loading children of ${node ? this.opts.idOf(node) : 'the root'} failed`, e);
      if (!this.opts.errorNode) return [];
      kids = [this.opts.errorNode(node, e)];
    }
    if (node) this.forgetBelow(this.opts.idOf(node));
    else this.byId.clear();
    for (const k of kids) this.byId.set(this.opts.idOf(k), k);
    return kids;
  }

  getParent(node: N): N | undefined {
    const pid = this.opts.parentIdOf(node);
    return pid === undefined ? undefined : this.byId.get(pid);
  }

  /** The latest known instance of a node id. */
  find(id: string): N | undefined {
    return this.byId.get(id);
  }

  /** Redraws one node's subtree (by node or id), or the whole tree. */
  refresh(target?: N | string): void {
    if (target === undefined) {
      this.emitter.fire(undefined);
      return;
    }
    const id = typeof target === 'string' ? target : this.opts.idOf(target);
    const known = this.byId.get(id);
    // An unknown id means the node is not shown (yet): a full refresh is the safe answer.
    this.emitter.fire(known);
  }

  private forgetBelow(id: string): void {
    const prefix = `${id}/`;
    for (const k of [...this.byId.keys()]) if (k.startsWith(prefix)) this.byId.delete(k);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
