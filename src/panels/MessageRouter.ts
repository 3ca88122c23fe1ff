/**
 * The vscode-free heart of a panel: validates every incoming message, buffers outgoing posts
 * until the webview says `ready`, dispatches requests to a handler map (one handler per request
 * type, enforced by the compiler), gives each request an `AbortController` for `cancel`, and
 * answers every request exactly once — with data or a `SerializedError`, never a throw.
 */
import {
  CANCELLED_ERROR,
  errorReply,
  okReply,
  protocolError,
  serializeError,
  type Progress,
  type Reply,
  type SerializedError,
} from '../protocol/envelope';
import { formatIssues, type Result } from '../protocol/schema';

export interface RequestContext {
  signal: AbortSignal;
  /** Posts a progress message for this request. */
  progress(update: Omit<Progress, 'type' | 're'>): void;
}

type Message = { type: string };
type RequestOf<M extends Message> = Extract<M, { id: string }>;

/** One handler per request type; the reply type is looked up in `Replies`. */
export type HandlerMap<M extends Message, Replies> = {
  [K in Exclude<RequestOf<M>['type'], 'cancel'>]: (
    msg: Extract<M, { type: K }>,
    ctx: RequestContext,
  ) => Promise<K extends keyof Replies ? Replies[K] : never>;
};

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface MessageRouterOptions<M extends Message, Replies, Out> {
  parse(input: unknown): Result<M>;
  salvageId(input: unknown): string | undefined;
  handlers: HandlerMap<M, Replies>;
  /** Actually posts to the webview. */
  post(message: Out | Reply<unknown> | Progress): void;
  /** Called once per `ready` (after a reload the webview says it again). */
  onReady(): void;
  log: Logger;
}

export class MessageRouter<M extends Message, Replies, Out = never> {
  private ready = false;
  private readonly queue: unknown[] = [];
  private readonly inflight = new Map<string, AbortController>();
  private disposed = false;

  constructor(private readonly opts: MessageRouterOptions<M, Replies, Out>) {}

  get isReady(): boolean {
    return this.ready;
  }

  /** Number of requests still running (for tests and disposal). */
  get pending(): number {
    return this.inflight.size;
  }

  /** Posts now if the webview is ready, else queues until `ready`. */
  send(message: Out | Reply<unknown> | Progress): void {
    if (this.disposed) return;
    if (this.ready) this.opts.post(message);
    else this.queue.push(message);
  }

  /** The webview went away (hidden without retained context, or reloading): buffer again. */
  markNotReady(): void {
    this.ready = false;
  }

  /** Entry point for `webview.onDidReceiveMessage`. Never throws. */
  receive(input: unknown): void {
    if (this.disposed) return;
    let parsed: Result<M>;
    try {
      parsed = this.opts.parse(input);
    } catch (err) {
      parsed = { ok: false, issues: [{ path: [], message: String(err) }] };
    }
    if (!parsed.ok) {
      const text = formatIssues(parsed.issues);
      this.opts.log.warn(`rejected webview message: ${text}`);
      const id = this.opts.salvageId(input);
      if (id !== undefined) this.send(errorReply(id, protocolError(`invalid message: ${text}`, parsed.issues)));
      return;
    }
    const msg = parsed.value;
    if (msg.type === 'ready') {
      this.ready = true;
      const queued = this.queue.splice(0);
      try {
        this.opts.onReady();
      } catch (err) {
        this.opts.log.error(`onReady failed: ${String(err)}`);
      }
      for (const m of queued) this.opts.post(m as Out);
      return;
    }
    if (msg.type === 'cancel') {
      const id = (msg as unknown as { id: string }).id;
      this.inflight.get(id)?.abort();
      return;
    }
    void this.dispatch(msg as RequestOf<M>);
  }

  private async dispatch(msg: RequestOf<M>): Promise<void> {
    const id = msg.id;
    if (this.inflight.has(id)) {
      this.send(errorReply(id, protocolError(`request id ${id} is already running`)));
      return;
    }
    const controller = new AbortController();
    this.inflight.set(id, controller);
    const handler = (this.opts.handlers as Record<string, (m: unknown, c: RequestContext) => Promise<unknown>>)[msg.type];
    const ctx: RequestContext = {
      signal: controller.signal,
      progress: (update) => {
        if (!controller.signal.aborted) this.send({ type: 'progress', re: id, ...update });
      },
    };
    try {
      if (!handler) throw Object.assign(new Error(`no handler for ${msg.type}`), { name: 'ProtocolError' });
      const data = await handler(msg, ctx);
      if (controller.signal.aborted) this.send(errorReply(id, cancelled()));
      else this.send(okReply(id, data));
    } catch (err) {
      const error: SerializedError = controller.signal.aborted ? cancelled() : serializeError(err);
      if (!controller.signal.aborted) this.opts.log.error(`${msg.type} failed: ${error.name}: ${error.message}`);
      this.send(errorReply(id, error));
    } finally {
      this.inflight.delete(id);
    }
  }

  /** Aborts every running request and drops queued posts. */
  dispose(): void {
    if (this.disposed) return;
    for (const c of this.inflight.values()) c.abort();
    this.inflight.clear();
    this.queue.length = 0;
    this.disposed = true;
  }
}

function cancelled(): SerializedError {
  return { name: CANCELLED_ERROR, message: 'Cancelled', code: 'CANCELLED' };
}
