import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/commands/errors';
import { streamExport, type ExportPage } from '../../../src/commands/exportStream';

/** A table of `n` rows served in pages, with an optional server max-rows. */
function table(n: number, maxRows = Infinity) {
  const calls: Array<[number, number, boolean]> = [];
  const rows = Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `r,${i + 1}` }));
  const slice = (from: number, to: number) => rows.slice(from, Math.min(to + 1, from + maxRows));
  return {
    calls,
    csv: async (from: number, to: number, withCount: boolean): Promise<ExportPage> => {
      calls.push([from, to, withCount]);
      const part = slice(from, to);
      return { kind: 'csv', text: `id,name\n${part.map((r) => `${r.id},"${r.name}"`).join('\n')}${part.length ? '\n' : ''}`, count: withCount ? n : null };
    },
    json: async (from: number, to: number, withCount: boolean): Promise<ExportPage> => {
      calls.push([from, to, withCount]);
      return { kind: 'json', rows: slice(from, to), count: withCount ? n : null };
    },
  };
}

async function run(format: 'csv' | 'json', t: ReturnType<typeof table>, cap: number, pageSize: number, signal?: AbortSignal) {
  const chunks: string[] = [];
  const progress: number[] = [];
  const result = await streamExport({
    format,
    cap,
    pageSize,
    fetchPage: format === 'csv' ? t.csv : t.json,
    write: async (c) => void chunks.push(c),
    onProgress: (w) => progress.push(w),
    ...(signal ? { signal } : {}),
  });
  return { result, text: chunks.join(''), progress };
}

describe('host/exportStream', () => {
  it('pages through the table with range requests and writes one CSV header', async () => {
    const t = table(5);
    const { result, text, progress } = await run('csv', t, 100, 2);
    assert.deepEqual(result, { written: 5, total: 5, capped: false });
    assert.equal(text, 'id,name\n1,"r,1"\n2,"r,2"\n3,"r,3"\n4,"r,4"\n5,"r,5"\n');
    assert.deepEqual(t.calls, [
      [0, 1, true],
      [2, 3, false],
      [4, 5, false],
    ]);
    assert.deepEqual(progress, [2, 4, 5]);
  });

  it('keeps going when the server caps pages below the page size (max-rows)', async () => {
    const t = table(7, 3);
    const { result, text } = await run('json', t, 100, 5);
    assert.equal(result.written, 7);
    assert.deepEqual(JSON.parse(text).map((r: { id: number }) => r.id), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(t.calls.map((c) => c[0]), [0, 3, 6]);
  });

  it('stops at the row cap and says it was capped', async () => {
    const t = table(10);
    const { result, text } = await run('csv', t, 4, 3);
    assert.deepEqual(result, { written: 4, total: 10, capped: true });
    // The last request asks for one row past the cap (the probe); it is not written.
    assert.deepEqual(t.calls.map((c) => [c[0], c[1]]), [
      [0, 2],
      [3, 4],
    ]);
    assert.equal(text, 'id,name\n1,"r,1"\n2,"r,2"\n3,"r,3"\n4,"r,4"\n');
  });

  it('a table of exactly the cap is not capped; one row more is (with and without a count)', async () => {
    for (const format of ['csv', 'json'] as const) {
      const exact = await run(format, table(4), 4, 3);
      assert.deepEqual(exact.result, { written: 4, total: 4, capped: false }, format);
      const longer = await run(format, table(5), 4, 3);
      assert.deepEqual(longer.result, { written: 4, total: 5, capped: true }, format);
      if (format === 'json') assert.deepEqual(JSON.parse(longer.text).map((r: { id: number }) => r.id), [1, 2, 3, 4]);
    }
    // No count from the server: only the probe row tells.
    const rows = (n: number) => async (from: number, to: number): Promise<ExportPage> => ({ kind: 'json', rows: Array.from({ length: Math.max(0, Math.min(to, n - 1) - from + 1) }, (_, k) => ({ id: from + k })), count: null });
    const chunks: string[] = [];
    const write = async (c: string) => void chunks.push(c);
    assert.deepEqual(await streamExport({ format: 'json', cap: 4, pageSize: 3, fetchPage: rows(4), write }), { written: 4, total: null, capped: false });
    assert.deepEqual(await streamExport({ format: 'json', cap: 4, pageSize: 3, fetchPage: rows(9), write }), { written: 4, total: null, capped: true });
  });

  it('cuts the probe row off a CSV page whose records hold quoted newlines', async () => {
    const fetchPage = async (from: number, to: number, withCount: boolean): Promise<ExportPage> => {
      const recs = [];
      for (let i = from; i <= to; i++) recs.push(`${i},"line\nbreak ${i}"`);
      return { kind: 'csv', text: `id,note\n${recs.join('\n')}\n`, count: withCount ? 100 : null };
    };
    const chunks: string[] = [];
    const r = await streamExport({ format: 'csv', cap: 3, pageSize: 2, fetchPage, write: async (c) => void chunks.push(c) });
    assert.deepEqual(r, { written: 3, total: 100, capped: true });
    assert.equal(chunks.join(''), 'id,note\n0,"line\nbreak 0"\n1,"line\nbreak 1"\n2,"line\nbreak 2"\n');
  });

  it('writes valid JSON for empty tables and stops on an empty page when no count is known', async () => {
    const empty = table(0);
    const { result, text } = await run('json', empty, 10, 5);
    assert.deepEqual(JSON.parse(text), []);
    assert.deepEqual(result, { written: 0, total: 0, capped: false });
    const noCount = { calls: 0, fetch: async (from: number): Promise<ExportPage> => (noCount.calls++, { kind: 'json', rows: from < 4 ? [{ a: from }, { a: from + 1 }] : [], count: null }) };
    const chunks: string[] = [];
    const r = await streamExport({ format: 'json', cap: 100, pageSize: 2, fetchPage: noCount.fetch, write: async (c) => void chunks.push(c) });
    assert.deepEqual(r, { written: 4, total: null, capped: false });
    assert.equal(noCount.calls, 3);
    assert.deepEqual(JSON.parse(chunks.join('')), [{ a: 0 }, { a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it('stops with CancelledError when the signal aborts between pages', async () => {
    const ac = new AbortController();
    const t = table(100);
    let pages = 0;
    await assert.rejects(
      streamExport({
        format: 'csv',
        cap: 100,
        pageSize: 10,
        signal: ac.signal,
        fetchPage: async (f, to, c) => {
          if (++pages === 2) ac.abort();
          return t.csv(f, to, c);
        },
        write: async () => {},
      }),
      CancelledError,
    );
    assert.equal(pages, 2);
  });
});
