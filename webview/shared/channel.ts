/**
 * Request/reply over `postMessage`: numbered request ids, one pending promise per request,
 * progress callbacks, cancel. Host messages are checked before use.
 */
import type { Progress, Reply, SerializedError } from '../../src/protocol/envelope';
import { l10n } from './l10n';

export class RequestFailed extends Error {
  override readonly name = 'RequestFailed';
  constructor(readonly error: SerializedError) {
    super(error.message);
  }
  get cancelled(): boolean {
    return this.error.code === 'CANCELLED';
  }
}

interface Pending {
  resolve(data: unknown): void;
  reject(err: RequestFailed): void;
  onProgress?: (p: Progress) => void;
}

export interface ChannelOptions {
  post(message: unknown): void;
  /** Messages that are not replies/progress (e.g. `init`). */
  onMessage(message: { type: string }): void;
}

export class Channel<ReqMap extends Record<string, unknown>, Replies extends Record<string, unknown>> {
  private seq = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly prefix = Math.random().toString(36).slice(2, 8);

  constructor(private readonly opts: ChannelOptions) {}

  /** Sends a request and resolves with its reply data; rejects with `RequestFailed`. */
  request<K extends keyof Replies & keyof ReqMap & string>(
    type: K,
    payload: ReqMap[K],
    onProgress?: (p: Progress) => void,
  ): { id: string; promise: Promise<Replies[K]> } {
    const id = `${this.prefix}-${++this.seq}`;
    const promise = new Promise<Replies[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (d: unknown) => void, reject, ...(onProgress ? { onProgress } : {}) });
    });
    this.opts.post({ ...(payload as object), type, id });
    return { id, promise };
  }

  cancel(id: string): void {
    if (this.pending.has(id)) this.opts.post({ type: 'cancel', id });
  }

  post(message: { type: string }): void {
    this.opts.post(message);
  }

  /** Entry point for `window.onmessage` data. */
  receive(data: unknown): void {
    if (!data || typeof data !== 'object') return;
    const m = data as { type?: unknown; re?: unknown };
    if (m.type === 'reply' && typeof m.re === 'string') {
      const p = this.pending.get(m.re);
      if (!p) return;
      this.pending.delete(m.re);
      const r = data as Reply<unknown>;
      if (r.ok) p.resolve(r.data);
      else p.reject(new RequestFailed(normalizeError(r.error)));
      return;
    }
    if (m.type === 'progress' && typeof m.re === 'string') {
      this.pending.get(m.re)?.onProgress?.(data as Progress);
      return;
    }
    if (typeof m.type === 'string') this.opts.onMessage(data as { type: string });
  }
}

function normalizeError(e: unknown): SerializedError {
  if (e && typeof e === 'object') {
    const o = e as Record<string, unknown>;
    return {
      name: typeof o.name === 'string' ? o.name : 'Error',
      message: typeof o.message === 'string' ? o.message : l10n.t('Unknown error'),
      ...(typeof o.code === 'string' ? { code: o.code } : {}),
      ...(o.details !== undefined ? { details: o.details as SerializedError['details'] } : {}),
      ...(typeof o.hint === 'string' || o.hint === null ? { hint: o.hint as string | null } : {}),
      ...(typeof o.status === 'number' ? { status: o.status } : {}),
    };
  }
  return { name: 'Error', message: l10n.t('Unknown error') };
}
