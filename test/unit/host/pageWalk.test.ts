import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CancelledError } from '../../../src/commands/errors';
import { walkPages } from '../../../src/export/pageWalk';

interface Page {
  ids: number[];
  total: number | null;
  last?: boolean;
}

/** A table of `n` rows; the server cuts pages at `maxRows` and gives the total when `counted`. */
function server(n: number, maxRows: number, counted: boolean) {
  const calls: Array<[number, number]> = [];
  return {
    calls,
    fetch: async (offset: number, size: number): Promise<Page> => {
      calls.push([offset, size]);
      const end = Math.min(n, offset + Math.min(size, maxRows));
      return { ids: Array.from({ length: Math.max(0, end - offset) }, (_, k) => offset + k), total: counted ? n : null };
    },
  };
}

async function walk(s: ReturnType<typeof server>, cap: number, pageSize: number, probe: boolean) {
  const out: number[] = [];
  const writes: Array<[number, number]> = [];
  const r = await walkPages<Page>({
    cap,
    pageSize,
    probe,
    fetch: s.fetch,
    measure: (p) => ({ rows: p.ids.length, total: p.total, ...(p.last ? { last: true } : {}) }),
    write: async (p, take, before) => {
      writes.push([take, before]);
      out.push(...p.ids.slice(0, take));
    },
  });
  return { r, out, writes };
}

describe('export/pageWalk', () => {
  it('probes one row past the cap only when asked to, and only on the last request', async () => {
    const probed = server(10, Infinity, false);
    const a = await walk(probed, 5, 2, true);
    assert.deepEqual(probed.calls, [
      [0, 2],
      [2, 2],
      [4, 2],
    ]);
    assert.deepEqual(a.r, { written: 5, total: null, capped: true });
    assert.deepEqual(a.out, [0, 1, 2, 3, 4]);
    const plain = server(10, Infinity, false);
    const b = await walk(plain, 5, 2, false);
    assert.deepEqual(plain.calls, [
      [0, 2],
      [2, 2],
      [4, 1],
    ]);
    assert.deepEqual(b.r, { written: 5, total: null, capped: false }, "the query's own limit cuts nothing");
  });

  it('writes the first page even when it is empty (a CSV header), and nothing after an empty page', async () => {
    const s = server(0, Infinity, true);
    const { r, writes } = await walk(s, 100, 10, true);
    assert.deepEqual(r, { written: 0, total: 0, capped: false });
    assert.deepEqual(writes, [[0, 0]]);
    assert.equal(s.calls.length, 1);
  });

  it('stops after a last page (one object) and fetches nothing for a cap of 0', async () => {
    let calls = 0;
    const r = await walkPages<Page>({
      cap: 100,
      pageSize: 10,
      probe: true,
      fetch: async () => (calls++, { ids: [7], total: null, last: true }),
      measure: (p) => ({ rows: p.ids.length, total: p.total, last: p.last === true }),
      write: async () => undefined,
    });
    assert.deepEqual(r, { written: 1, total: null, capped: false });
    assert.equal(calls, 1);
    const none = server(5, Infinity, true);
    assert.deepEqual((await walk(none, 0, 10, true)).r, { written: 0, total: null, capped: false });
    assert.equal(none.calls.length, 0);
    await assert.rejects(walk(none, 10, 0, true), RangeError);
  });

  it('is cancelled between pages with CancelledError, writing nothing more', async () => {
    const ac = new AbortController();
    const s = server(100, Infinity, true);
    const written: number[] = [];
    await assert.rejects(
      walkPages<Page>({
        cap: 100,
        pageSize: 10,
        probe: true,
        signal: ac.signal,
        fetch: async (o, size) => {
          const p = await s.fetch(o, size);
          if (s.calls.length === 2) ac.abort();
          return p;
        },
        measure: (p) => ({ rows: p.ids.length, total: p.total }),
        write: async (p, take) => void written.push(...p.ids.slice(0, take)),
      }),
      CancelledError,
    );
    assert.equal(written.length, 10, 'the page that arrived after the abort is not written');
  });

  it('writes exactly the first min(n, cap) rows in order and says capped iff rows beyond the cap exist (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(60),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 15 }),
        fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined }),
        fc.boolean(),
        async (n, cap, pageSize, maxRows, counted) => {
          const s = server(n, maxRows ?? Infinity, counted);
          const { r, out } = await walk(s, cap, pageSize, true);
          const want = Math.min(n, cap);
          assert.deepEqual(out, Array.from({ length: want }, (_, k) => k));
          assert.equal(r.written, want);
          assert.equal(r.total, counted ? n : null);
          // Without a count, a max-rows below the probe page can hide the extra row; with a count
          // or a server that answers whole pages, capped is exact.
          if (counted || maxRows === undefined) assert.equal(r.capped, n > cap);
          else assert.ok(!r.capped || n > cap, 'never capped when nothing is left out');
          // Requests walk forward without gaps or overlaps and never ask past cap + 1.
          let next = 0;
          for (const [offset, size] of s.calls) {
            assert.equal(offset, next);
            assert.ok(offset + size <= cap + 1);
            next = Math.min(n, offset + Math.min(size, maxRows ?? Infinity));
          }
        },
      ),
    );
  });
});
