/**
 * Connects a `vscode.WebviewPanel` to a `MessageRouter`: messages in, posts out (buffered until
 * the webview's `ready`), and disposal of everything — listeners, running requests — when the
 * panel closes.
 */
import * as vscode from 'vscode';
import type { Progress, Reply } from '../protocol/envelope';
import { MessageRouter, type MessageRouterOptions } from './MessageRouter';

export type PanelHostOptions<M extends { type: string }, Replies, Out> = Omit<MessageRouterOptions<M, Replies, Out>, 'post'>;

export class PanelHost<M extends { type: string }, Replies, Out> implements vscode.Disposable {
  private readonly router: MessageRouter<M, Replies, Out>;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly onDisposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.onDisposeEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    options: PanelHostOptions<M, Replies, Out>,
  ) {
    this.router = new MessageRouter<M, Replies, Out>({
      ...options,
      post: (message) => {
        void this.panel.webview.postMessage(message).then(
          (delivered) => {
            if (!delivered) options.log.warn('a message to the webview was not delivered');
          },
          (err: unknown) => options.log.warn(`postMessage failed: ${String(err)}`),
        );
      },
    });
    this.disposables.push(
      this.onDisposeEmitter,
      panel.webview.onDidReceiveMessage((m: unknown) => this.router.receive(m)),
      panel.onDidChangeViewState((e) => {
        // Without retainContextWhenHidden the page is destroyed when hidden: buffer until it says ready again.
        if (!e.webviewPanel.visible) this.router.markNotReady();
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Posts to the webview (queued until it is ready). */
  send(message: Out | Reply<unknown> | Progress): void {
    this.router.send(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.router.dispose();
    this.onDisposeEmitter.fire();
    for (const d of this.disposables.splice(0)) {
      try {
        d.dispose();
      } catch {
        // keep disposing the rest
      }
    }
  }
}
