import { strict as assert } from 'node:assert';
import type { ChainDescription } from '../../../src/core/database/chain';
import type { RequestContext } from '../../../src/panels/MessageRouter';
import {
  countChain,
  createQueryBuilderHandlers,
  csvLine,
  editChain,
  pageChain,
  parseContentRange,
  toResultBody,
  type QueryBuilderDeps,
} from '../../../src/panels/queryBuilderHandlers';
import type { ExportSink, QueryRunner, RawResponse, RunOutcome } from '../../../src/panels/QueryRunner';
import type { PanelTarget, RunAs } from '../../../src/protocol/queryBuilder';

const target: PanelTarget = { connectionId: 'c', schema: 'public', kind: 'table', name: 'big' };
const ctx = (): RequestContext & { progressed: unknown[] } => {
  const progressed: unknown[] = [];
  return { signal: new AbortController().signal, progress: (p) => progressed.push(p), progressed };
};

function res(text: string, extra: Partial<RawResponse> = {}): RawResponse {
  return { status: 200, statusText: 'OK', text, contentType: 'application/json; charset=utf-8', contentRange: null, ...extra };
}

class FakeRunner implements QueryRunner {
  calls: { chain: ChainDescription; runAs: RunAs }[] = [];
  constructor(private readonly answer: (chain: ChainDescription) => RunOutcome) {}
  async run(chain: ChainDescription, runAs: RunAs): Promise<RunOutcome> {
    this.calls.push({ chain, runAs });
    return this.answer(chain);
  }
  async describe() {
    return { kind: 'table' as const, schema: 'public', name: 'big', columns: [], primaryKey: ['id'], relations: [], known: true };
  }
}

function deps(runner: QueryRunner, extra: Partial<QueryBuilderDeps> = {}): QueryBuilderDeps {
  return {
    target,
    runner,
    ui: { openJson: async () => undefined, openExport: async () => undefined },
    settings: () => ({ pageSize: 2, exportRowCap: 5 }),
    readOnly: () => false,
    serviceRoleAvailable: () => true,
    now: () => 1000,
    ...extra,
  };
}

const select: ChainDescription = { v: 1, target: { kind: 'table', name: 'big' }, action: { kind: 'select', count: 'exact' }, steps: [{ kind: 'limit', count: 50 }] };

describe('panels/queryBuilderHandlers', () => {
  it('parses Content-Range', () => {
    assert.deepEqual(parseContentRange('0-9/100'), { range: { from: 0, to: 9 }, total: 100 });
    assert.deepEqual(parseContentRange('*/42'), { total: 42 });
    assert.deepEqual(parseContentRange('0-9/*'), { range: { from: 0, to: 9 }, total: null });
    assert.deepEqual(parseContentRange(null), { total: null });
    assert.deepEqual(parseContentRange('garbage'), { total: null });
  });

  it('pages replace the top-level limit/range but keep embedded ones', () => {
    const c: ChainDescription = { ...select, steps: [{ kind: 'range', from: 0, to: 4, referencedTable: 'x' }, { kind: 'limit', count: 50 }] };
    assert.deepEqual(pageChain(c, { from: 100, size: 50 }).steps, [
      { kind: 'range', from: 0, to: 4, referencedTable: 'x' },
      { kind: 'range', from: 100, to: 149 },
    ]);
  });

  it('counts with a HEAD select carrying only the filters', () => {
    const del: ChainDescription = {
      v: 1,
      schema: 's',
      target: { kind: 'table', name: 'big' },
      action: { kind: 'delete' },
      steps: [{ kind: 'filter', op: 'gt', column: 'id', value: 3 }, { kind: 'select', columns: '*' }, { kind: 'order', column: 'id' }],
    };
    assert.deepEqual(countChain(del), {
      v: 1,
      schema: 's',
      target: { kind: 'table', name: 'big' },
      action: { kind: 'select', head: true, count: 'exact' },
      steps: [{ kind: 'filter', op: 'gt', column: 'id', value: 3 }],
    });
  });

  it('runs a page and returns exact rows with count and range', async () => {
    const runner = new FakeRunner(() => ({ ok: true, response: res('[{"id":9007199254740993,"n":"a"}]', { status: 206, contentRange: '10-10/11' }) }));
    const h = createQueryBuilderHandlers(deps(runner));
    const out = await h.run({ type: 'run', id: 'r', chain: select, runAs: 'anon', page: { from: 10, size: 5 } }, ctx());
    assert.deepEqual(out.body, { kind: 'rows', columns: ['id', 'n'], rows: [[{ n: '9007199254740993' }, 'a']] });
    assert.equal(out.count, 11);
    assert.deepEqual(out.range, { from: 10, to: 10 });
    assert.deepEqual(runner.calls[0]!.chain.steps, [{ kind: 'range', from: 10, to: 14 }]);
  });

  it('turns server errors into PostgREST-shaped errors', async () => {
    const runner = new FakeRunner(() => ({ ok: false, error: { name: 'PostgrestError', message: 'bad', code: 'PGRST100', details: 'd', hint: 'h', status: 400 } }));
    const h = createQueryBuilderHandlers(deps(runner));
    await assert.rejects(h.run({ type: 'run', id: 'r', chain: select, runAs: 'anon' }, ctx()), (e: Error & { code?: string; hint?: string; status?: number }) => {
      assert.equal(e.code, 'PGRST100');
      assert.equal(e.hint, 'h');
      assert.equal(e.status, 400);
      return true;
    });
  });

  it('refuses other targets, writes on read-only connections, and service_role without a key', async () => {
    const runner = new FakeRunner(() => ({ ok: true, response: res('[]') }));
    const h = createQueryBuilderHandlers(deps(runner, { readOnly: () => true, serviceRoleAvailable: () => false }));
    const other = { ...select, target: { kind: 'table' as const, name: 'secrets' } };
    await assert.rejects(h.run({ type: 'run', id: 'r', chain: other, runAs: 'anon' }, ctx()), /queries table "big" only/);
    const ins: ChainDescription = { v: 1, target: { kind: 'table', name: 'big' }, action: { kind: 'insert', values: { id: 1 } }, steps: [] };
    await assert.rejects(h.run({ type: 'run', id: 'r', chain: ins, runAs: 'anon' }, ctx()), /read-only/);
    await assert.rejects(h.run({ type: 'run', id: 'r', chain: select, runAs: 'service_role' }, ctx()), /service_role/);
    await assert.rejects(h.applyEdits({ type: 'applyEdits', id: 'e', edits: [{ key: 'k', pk: { id: 1 }, values: { a: 1 } }] }, ctx()), /read-only/);
    assert.equal(runner.calls.length, 0);
  });

  it('applies edits by exact primary key; failed rows report their error, others succeed', async () => {
    const runner = new FakeRunner((chain) => {
      const id = (chain.steps[0] as { value: unknown }).value;
      if (id === '9007199254740993') return { ok: true, response: res('[{"id":9007199254740993,"name":"new"}]') };
      if (id === 2) return { ok: true, response: res('[]') };
      return { ok: false, error: { name: 'PostgrestError', message: 'value too long', code: '22001' } };
    });
    const h = createQueryBuilderHandlers(deps(runner));
    const out = await h.applyEdits(
      {
        type: 'applyEdits',
        id: 'e',
        edits: [
          { key: 'a', pk: { id: '9007199254740993' }, values: { name: 'new' } },
          { key: 'b', pk: { id: 2 }, values: { name: 'x' } },
          { key: 'c', pk: { id: 3 }, values: { name: 'y'.repeat(10) } },
        ],
      },
      ctx(),
    );
    assert.deepEqual(runner.calls[0]!.chain, editChain(target, { id: '9007199254740993' }, { name: 'new' }));
    assert.deepEqual(runner.calls[0]!.chain.steps[0], { kind: 'filter', op: 'eq', column: 'id', value: '9007199254740993' });
    assert.equal(out.results[0]!.ok, true);
    assert.deepEqual(out.results[0]!.row, { columns: ['id', 'name'], cells: [{ n: '9007199254740993' }, 'new'] });
    assert.equal(out.results[1]!.ok, false);
    assert.equal(out.results[1]!.error!.code, 'NO_ROW');
    assert.equal(out.results[2]!.error!.code, '22001');
  });

  it('classifies bodies: csv/explain text, json plans, empty, rows', () => {
    assert.deepEqual(toResultBody(res('id\n1', { contentType: 'text/csv; charset=utf-8' })), { kind: 'text', text: 'id\n1', contentType: 'text/csv; charset=utf-8' });
    assert.equal(toResultBody(res('Seq Scan', { contentType: 'application/vnd.pgrst.plan+text; charset=utf-8' })).kind, 'text');
    assert.deepEqual(toResultBody(res('[{"Plan":{"Node Type":"Seq Scan"}}]', { contentType: 'application/vnd.pgrst.plan+json' })).kind, 'rows');
    assert.deepEqual(toResultBody(res('3')), { kind: 'json', text: '3' });
    assert.deepEqual(toResultBody(res('')), { kind: 'empty' });
    assert.deepEqual(toResultBody(res('{oops', { contentType: 'application/json' })).kind, 'text');
  });

  it('exports pages up to the cap as exact CSV with progress', async () => {
    const pages = ['[{"id":1,"s":"a,b"},{"id":9007199254740993,"s":null}]', '[{"id":3,"s":""},{"id":4,"s":"q\\"x"}]', '[{"id":5,"s":"z"}]'];
    const runner = new FakeRunner((chain) => {
      const r = chain.steps.find((s) => s.kind === 'range') as { from: number };
      return { ok: true, response: res(pages[r.from / 2] ?? '[]', { contentRange: '0-1/9' }) };
    });
    let written = '';
    const sink: ExportSink = { destination: '/tmp/x.csv', write: async (c) => void (written += c), close: async () => undefined, abort: async () => undefined };
    const c = ctx();
    const h = createQueryBuilderHandlers(deps(runner, { ui: { openJson: async () => undefined, openExport: async () => sink } }));
    const out = await h.export({ type: 'export', id: 'x', chain: select, runAs: 'anon', format: 'csv' }, c);
    assert.deepEqual(out, { rows: 5, destination: '/tmp/x.csv', capped: true });
    assert.equal(written, 'id,s\n1,"a,b"\n9007199254740993,\n3,""\n4,"q""x"\n5,z\n');
    assert.equal(c.progressed.length, 3);
    assert.equal(runner.calls.length, 3);
  });

  /** A 20-row table `big` (id 0..19) whose server caps every response at `maxRows`. */
  function tableRunner(maxRows: number) {
    return new FakeRunner((chain) => {
      const r = chain.steps.find((s) => s.kind === 'range' && !s.referencedTable) as { from: number; to: number };
      const ids: number[] = [];
      for (let i = r.from; i <= Math.min(r.to, 19) && ids.length < maxRows; i++) ids.push(i);
      const body = JSON.stringify(ids.map((id) => ({ id })));
      return { ok: true, response: res(body, { contentRange: ids.length ? `${r.from}-${r.from + ids.length - 1}/*` : '*/*' }) };
    });
  }
  async function exportIds(runner: FakeRunner, chain: ChainDescription, settings = { pageSize: 2, exportRowCap: 100, exportPageSize: 4 }) {
    let written = '';
    const sink: ExportSink = { destination: '/tmp/x.json', write: async (c) => void (written += c), close: async () => undefined, abort: async () => undefined };
    const h = createQueryBuilderHandlers(deps(runner, { settings: () => settings, ui: { openJson: async () => undefined, openExport: async () => sink } }));
    const out = await h.export({ type: 'export', id: 'x', chain, runAs: 'anon', format: 'json' }, ctx());
    return { out, ids: (JSON.parse(written) as { id: number }[]).map((r) => r.id) };
  }
  const plain = (steps: ChainDescription['steps']): ChainDescription => ({ v: 1, target: { kind: 'table', name: 'big' }, action: { kind: 'select' }, steps });

  it('exports only the rows of the user\'s limit, in export-page-size requests', async () => {
    const runner = tableRunner(1000);
    const { out, ids } = await exportIds(runner, plain([{ kind: 'limit', count: 5 }]));
    assert.deepEqual(ids, [0, 1, 2, 3, 4]);
    assert.equal(out.capped, false);
    const ranges = runner.calls.map((c) => c.chain.steps.find((s) => s.kind === 'range'));
    assert.deepEqual(ranges, [{ kind: 'range', from: 0, to: 3 }, { kind: 'range', from: 4, to: 4 }]);
  });

  it('exports the window of the user\'s range', async () => {
    const { ids } = await exportIds(tableRunner(1000), plain([{ kind: 'range', from: 6, to: 10 }]));
    assert.deepEqual(ids, [6, 7, 8, 9, 10]);
  });

  it('goes on past pages the server cut short (max-rows below the page size)', async () => {
    const { out, ids } = await exportIds(tableRunner(3), plain([]));
    assert.deepEqual(ids, Array.from({ length: 20 }, (_, i) => i));
    assert.deepEqual({ rows: out.rows, capped: out.capped }, { rows: 20, capped: false });
  });

  it('says when the export row cap stopped it', async () => {
    const { out, ids } = await exportIds(tableRunner(1000), plain([]), { pageSize: 2, exportRowCap: 7, exportPageSize: 4 });
    assert.equal(ids.length, 7);
    assert.equal(out.capped, true);
  });

  it('a table of exactly the cap is not reported as capped (the last request asks one row more)', async () => {
    const runner = tableRunner(1000);
    const { out, ids } = await exportIds(runner, plain([]), { pageSize: 2, exportRowCap: 20, exportPageSize: 8 });
    assert.equal(ids.length, 20);
    assert.equal(out.capped, false);
    const last = runner.calls.at(-1)!.chain.steps.find((s) => s.kind === 'range');
    assert.deepEqual(last, { kind: 'range', from: 16, to: 20 }, 'the final request probes one row past the cap');
  });

  it('exports single()/maybeSingle() as one row and drops csv(): one request', async () => {
    for (const kind of ['single', 'maybeSingle'] as const) {
      const runner = tableRunner(1000);
      const { out, ids } = await exportIds(runner, plain([{ kind: 'filter', op: 'eq', column: 'id', value: 3 }, { kind }, { kind: 'csv' }]));
      assert.deepEqual(ids, [0]);
      assert.equal(out.capped, false);
      assert.equal(runner.calls.length, 1);
      assert.ok(!runner.calls[0]!.chain.steps.some((s) => s.kind === kind || s.kind === 'csv'));
    }
  });

  it('stops after a single object (a function returning one row)', async () => {
    const runner = new FakeRunner(() => ({ ok: true, response: res('{"id":1,"name":"one"}') }));
    const { out, ids } = await exportIds(runner, plain([]));
    assert.deepEqual(ids, [1]);
    assert.equal(out.rows, 1);
    assert.equal(runner.calls.length, 1);
  });

  it('orders the pages by the primary key when the query has no order of its own', async () => {
    const runner = tableRunner(1000);
    await exportIds(runner, plain([{ kind: 'limit', count: 2 }]));
    assert.deepEqual(runner.calls[0]!.chain.steps.filter((s) => s.kind === 'order'), [{ kind: 'order', column: 'id', ascending: true }]);
    const ordered = tableRunner(1000);
    await exportIds(ordered, plain([{ kind: 'order', column: 'name', ascending: false }, { kind: 'limit', count: 2 }]));
    assert.deepEqual(ordered.calls[0]!.chain.steps.filter((s) => s.kind === 'order'), [{ kind: 'order', column: 'name', ascending: false }]);
  });

  it('copyAsCode goes through the generator seam', async () => {
    const runner = new FakeRunner(() => ({ ok: true, response: res('[]') }));
    const h = createQueryBuilderHandlers(deps(runner));
    await assert.rejects(h.copyAsCode({ type: 'copyAsCode', id: 'c', chain: select, lang: 'curl' }, ctx()), /not available/);
    const h2 = createQueryBuilderHandlers(deps(runner, { codegen: { generate: (ch, lang) => `${lang}:${ch.target.kind}` } }));
    assert.deepEqual(await h2.copyAsCode({ type: 'copyAsCode', id: 'c', chain: select, lang: 'curl' }, ctx()), { code: 'curl:table' });
  });

  it('returns explain plans as plan text, not rows', async () => {
    const plan = '[{"Plan":{"Node Type":"Seq Scan","Relation Name":"big"}}]';
    const runner = new FakeRunner(() => ({ ok: true, response: res(plan, { contentType: 'application/vnd.pgrst.plan+json; for="application/json"' }) }));
    const h = createQueryBuilderHandlers(deps(runner));
    const chain: ChainDescription = { ...select, steps: [{ kind: 'explain', analyze: true, format: 'json' }] };
    const out = await h.run({ type: 'run', id: 'r', chain, runAs: 'anon' }, ctx());
    assert.deepEqual(out.body, { kind: 'json', text: plan });
    assert.equal(out.explain, 'json');
  });

  it('csvLine keeps NULL and empty string apart', () => {
    assert.equal(csvLine([null, '', 'a', 'b"c', 'x\ny']), ',"",a,"b""c","x\ny"');
  });
});
