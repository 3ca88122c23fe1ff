import { strict as assert } from 'node:assert';
import type { Reply } from '../../../src/protocol/envelope';
import { parseQueryBuilderToHost, salvageRequestId, type QueryBuilderReplies, type QueryBuilderToHost } from '../../../src/protocol/queryBuilder';
import { waitFor as poll } from '../../helpers/waitFor';
import { MessageRouter, type HandlerMap, type RequestContext } from '../../../src/panels/MessageRouter';

const waitFor = (cond: () => boolean) => poll(cond, { timeoutMs: 2000, intervalMs: 0 });

function setup(overrides: Partial<HandlerMap<QueryBuilderToHost, QueryBuilderReplies>> = {}) {
  const posted: unknown[] = [];
  const logs: string[] = [];
  let readyCalls = 0;
  const fail = async () => {
    throw new Error('not used');
  };
  const handlers: HandlerMap<QueryBuilderToHost, QueryBuilderReplies> = {
    loadColumns: async () => ({ kind: 'table', schema: 'public', name: 't', columns: [], primaryKey: [], relations: [], known: true }),
    run: fail,
    count: fail,
    applyEdits: fail,
    copyAsCode: fail,
    openJson: async () => null,
    export: fail,
    ...overrides,
  };
  const router = new MessageRouter<QueryBuilderToHost, QueryBuilderReplies, { type: 'init' }>({
    parse: parseQueryBuilderToHost,
    salvageId: salvageRequestId,
    handlers,
    post: (m) => posted.push(m),
    onReady: () => {
      readyCalls++;
      router.send({ type: 'init' });
    },
    log: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
  });
  return { router, posted, logs, readyCalls: () => readyCalls };
}

const chain = { v: 1, target: { kind: 'table', name: 't' }, action: { kind: 'select' }, steps: [] };

describe('panels/MessageRouter', () => {
  it('buffers posts until ready, then sends init first and the queue after', () => {
    const { router, posted, readyCalls } = setup();
    router.send({ type: 'init' });
    assert.equal(posted.length, 0);
    router.receive({ type: 'ready', v: 1 });
    assert.equal(readyCalls(), 1);
    assert.equal(posted.length, 2);
  });

  it('answers an invalid message that carries an id with a ProtocolError and logs it', async () => {
    const { router, posted, logs } = setup();
    router.receive({ type: 'ready', v: 1 });
    posted.length = 0;
    router.receive({ type: 'run', id: 'x1', chain: { ...chain, v: 9 }, runAs: 'anon' });
    const reply = posted[0] as Reply<unknown>;
    assert.equal(reply.ok, false);
    if (!reply.ok) {
      assert.equal(reply.re, 'x1');
      assert.equal(reply.error.name, 'ProtocolError');
      assert.match(reply.error.message, /chain\.v/);
    }
    assert.ok(logs.some((l) => l.includes('rejected webview message')));
    // Without a usable id: logged, nothing posted, nothing thrown.
    posted.length = 0;
    assert.doesNotThrow(() => router.receive({ type: 'nonsense' }));
    assert.doesNotThrow(() => router.receive(Object.create(null)));
    assert.equal(posted.length, 0);
  });

  it('dispatches requests and replies with data', async () => {
    const { router, posted } = setup();
    router.receive({ type: 'ready', v: 1 });
    router.receive({ type: 'loadColumns', id: 'a1' });
    await waitFor(() => posted.some((p) => (p as Reply<unknown>).re === 'a1'));
    const reply = posted.find((p) => (p as Reply<unknown>).re === 'a1') as Reply<unknown>;
    assert.equal(reply.ok, true);
  });

  it('serializes handler errors (PostgREST shape kept)', async () => {
    const { router, posted } = setup({
      count: async () => {
        throw Object.assign(new Error('permission denied for table t'), { name: 'PostgrestError', code: '42501', hint: 'grant it', details: null, status: 401 });
      },
    });
    router.receive({ type: 'ready', v: 1 });
    router.receive({ type: 'count', id: 'c1', chain });
    await waitFor(() => posted.some((p) => (p as Reply<unknown>).re === 'c1'));
    const reply = posted.find((p) => (p as Reply<unknown>).re === 'c1') as Reply<unknown>;
    assert.equal(reply.ok, false);
    if (!reply.ok) assert.deepEqual(reply.error, { name: 'PostgrestError', message: 'permission denied for table t', code: '42501', details: null, hint: 'grant it', status: 401 });
  });

  it('cancel aborts the request signal and replies with a cancellation', async () => {
    let seen: RequestContext | undefined;
    const { router, posted } = setup({
      run: (_m, ctx) => {
        seen = ctx;
        return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      },
    });
    router.receive({ type: 'ready', v: 1 });
    router.receive({ type: 'run', id: 'r1', chain, runAs: 'anon' });
    await waitFor(() => seen !== undefined);
    assert.equal(router.pending, 1);
    router.receive({ type: 'cancel', id: 'r1' });
    await waitFor(() => posted.some((p) => (p as Reply<unknown>).re === 'r1'));
    const reply = posted.find((p) => (p as Reply<unknown>).re === 'r1') as Reply<unknown>;
    assert.equal(seen!.signal.aborted, true);
    assert.equal(reply.ok, false);
    if (!reply.ok) assert.equal(reply.error.code, 'CANCELLED');
    assert.equal(router.pending, 0);
  });

  it('refuses a duplicate running id and aborts everything on dispose', async () => {
    const signals: AbortSignal[] = [];
    const { router, posted } = setup({
      run: (_m, ctx) => {
        signals.push(ctx.signal);
        return new Promise(() => undefined);
      },
    });
    router.receive({ type: 'ready', v: 1 });
    router.receive({ type: 'run', id: 'd1', chain, runAs: 'anon' });
    router.receive({ type: 'run', id: 'd1', chain, runAs: 'anon' });
    await waitFor(() => posted.length > 1);
    assert.match(JSON.stringify(posted), /already running/);
    router.dispose();
    assert.equal(signals[0]!.aborted, true);
    const before = posted.length;
    router.receive({ type: 'loadColumns', id: 'z' });
    router.send({ type: 'init' });
    assert.equal(posted.length, before);
  });

  it('buffers again after markNotReady (hidden panel) until the next ready', () => {
    const { router, posted, readyCalls } = setup();
    router.receive({ type: 'ready', v: 1 });
    router.markNotReady();
    const n = posted.length;
    router.send({ type: 'init' });
    assert.equal(posted.length, n);
    router.receive({ type: 'ready', v: 1 });
    assert.equal(readyCalls(), 2);
    assert.equal(posted.length, n + 2);
  });
});
