// Mutation rules checked against PostgREST's source (Plan.hs readPlan/mutatePlan, Response.hs,
// QueryBuilder.hs): embedded-path filters on writes, upsert status codes, missing=default.
import assert from 'node:assert/strict';
import { useStack } from '../../helpers/stack';
import { rest } from './http';

describe('REST write rules (PostgREST parity)', () => {
  const stack = useStack();
  const svc = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => rest(stack(), method, path, { body, headers, key: stack().serviceRoleKey });
  const planets = async () => (await svc('GET', '/planets?select=id,name&order=id')).json();

  describe('filters on a path that is not embedded → PGRST108, whatever the return preference', () => {
    const notEmbedded = (name: string) => ({
      code: 'PGRST108',
      details: null,
      hint: `Verify that '${name}' is included in the 'select' query parameter.`,
      message: `'${name}' is not an embedded resource in this request`,
    });

    it('DELETE with return=minimal (default) deletes nothing', async () => {
      const before = await planets();
      for (const prefer of [undefined, 'return=minimal', 'return=headers-only', 'return=representation']) {
        const r = await svc('DELETE', '/planets?foo.id=eq.1', undefined, prefer ? { prefer } : {});
        assert.equal(r.status, 400, String(prefer));
        assert.deepEqual(r.json(), notEmbedded('foo'), String(prefer));
      }
      assert.deepEqual(await planets(), before, 'the table is untouched');
    });

    it('PATCH with return=minimal updates nothing', async () => {
      const before = await planets();
      for (const prefer of [undefined, 'return=minimal', 'return=headers-only', 'return=representation']) {
        const r = await svc('PATCH', '/planets?cities.id=eq.1', { name: 'Everywhere' }, prefer ? { prefer } : {});
        assert.equal(r.status, 400, String(prefer));
        assert.deepEqual(r.json(), notEmbedded('cities'), String(prefer));
      }
      const ordered = await svc('PATCH', '/planets?foo.order=id&foo.limit=1', { name: 'Everywhere' });
      assert.deepEqual(ordered.json(), notEmbedded('foo'), 'order/limit on a path that is not embedded');
      assert.deepEqual(await planets(), before, 'the table is untouched');
    });

    it('POST inserts nothing', async () => {
      const r = await svc('POST', '/planets?foo.id=eq.1', { id: 700, name: 'Nowhere' });
      assert.deepEqual(r.json(), notEmbedded('foo'));
      assert.deepEqual((await svc('GET', '/planets?id=eq.700')).json(), []);
    });

    it('a filter on an embedded path passes with return=minimal and does not narrow the mutation', async () => {
      const r = await svc('PATCH', '/orchestral_sections?id=eq.4&select=id,instruments(name)&instruments.name=eq.nothing', { name: 'drums' });
      assert.equal(r.status, 204);
      assert.deepEqual((await svc('GET', '/orchestral_sections?id=eq.4&select=name')).json(), [{ name: 'drums' }]);
      const rep = await svc('PATCH', '/orchestral_sections?id=eq.4&select=id,instruments(name)&instruments.name=eq.nothing', { name: 'percussion' }, { prefer: 'return=headers-only' });
      assert.equal(rep.status, 204);
      assert.deepEqual((await svc('GET', '/orchestral_sections?id=eq.4&select=name')).json(), [{ name: 'percussion' }]);
    });
  });

  describe('upsert status: 201 only when a row was inserted', () => {
    it('merge-duplicates updating only existing rows → 200 with every return preference', async () => {
      for (const ret of ['minimal', 'headers-only', 'representation']) {
        const r = await svc('POST', '/planets', [{ id: 1, name: 'Mercury' }, { id: 2, name: 'Venus' }], { prefer: `resolution=merge-duplicates, return=${ret}` });
        assert.equal(r.status, 200, ret);
        assert.equal(r.headers['preference-applied'], `resolution=merge-duplicates, return=${ret}`);
      }
      const noPrefer = await svc('POST', '/planets', { id: 3, name: 'Earth' }, { prefer: 'resolution=merge-duplicates' });
      assert.equal(noPrefer.status, 200, 'no return preference is minimal');
      assert.equal(noPrefer.text, '');
    });

    it('merge-duplicates inserting at least one row → 201; empty payload → 200', async () => {
      const r = await svc('POST', '/planets', [{ id: 1, name: 'Mercury' }, { id: 701, name: 'Vulcan' }], { prefer: 'resolution=merge-duplicates, return=minimal' });
      assert.equal(r.status, 201);
      assert.deepEqual((await svc('GET', '/planets?id=eq.701&select=name')).json(), [{ name: 'Vulcan' }]);
      const empty = await svc('POST', '/planets', [], { prefer: 'resolution=merge-duplicates' });
      assert.equal(empty.status, 200);
    });

    it('ignore-duplicates and plain inserts stay 201', async () => {
      const ig = await svc('POST', '/planets', [{ id: 1, name: 'Nope' }], { prefer: 'resolution=ignore-duplicates' });
      assert.equal(ig.status, 201);
      const plain = await svc('POST', '/planets', { id: 702, name: 'Nibiru' });
      assert.equal(plain.status, 201);
      assert.deepEqual((await svc('GET', '/planets?id=eq.1&select=name')).json(), [{ name: 'Mercury' }]);
    });
  });

  describe('missing=default', () => {
    it('rows with different key sets are inserted in payload order by one statement', async () => {
      const r = await svc(
        'POST',
        '/instruments?columns=id,name,section_id&select=id,name,section_id',
        [{ name: 'tuba', section_id: 3 }, { id: 800, name: 'horn' }, { name: 'bassoon' }, { id: 801, name: 'piccolo', section_id: 2 }],
        { prefer: 'missing=default, return=representation' },
      );
      assert.equal(r.status, 201);
      assert.equal(r.headers['preference-applied'], 'missing=default, return=representation');
      const rows = r.json() as { id: number; name: string; section_id: number | null }[];
      assert.deepEqual(rows.map((x) => x.name), ['tuba', 'horn', 'bassoon', 'piccolo'], 'payload order');
      assert.deepEqual(rows.map((x) => x.section_id), [3, null, null, 2]);
      assert.equal(rows[1].id, 800);
      assert.equal(rows[3].id, 801);
      assert.ok(rows[0].id < rows[2].id, 'identity defaults are drawn in payload order');
      const d = await svc('POST', '/issues?columns=id,title,tags&select=id,tags', [{ id: 60, title: 'a' }, { id: 61, title: 'b', tags: ['x'] }, { id: 62, title: 'c' }], {
        prefer: 'missing=default, return=representation',
      });
      assert.deepEqual(d.json(), [{ id: 60, tags: [] }, { id: 61, tags: ['x'] }, { id: 62, tags: [] }], 'column DEFAULT for the absent key');
    });

    it('with merge-duplicates the absent keys take their defaults on update too', async () => {
      await svc('POST', '/issues', { id: 63, title: 'tagged', tags: ['keep?'] });
      const r = await svc('POST', '/issues?columns=id,title,tags&select=id,title,tags', [{ id: 63, title: 'retitled' }, { id: 64, title: 'new', tags: ['n'] }], {
        prefer: 'resolution=merge-duplicates, missing=default, return=representation',
      });
      assert.equal(r.status, 201);
      assert.equal(r.headers['preference-applied'], 'resolution=merge-duplicates, missing=default, return=representation');
      assert.deepEqual(r.json(), [{ id: 63, title: 'retitled', tags: [] }, { id: 64, title: 'new', tags: ['n'] }]);
    });

    it('PATCH with columns applies the defaults and says so', async () => {
      await svc('POST', '/issues', { id: 65, title: 'patch me', tags: ['old'] });
      const r = await svc('PATCH', '/issues?id=eq.65&columns=title,tags', { title: 'patched' }, { prefer: 'missing=default, return=representation' });
      assert.equal(r.status, 200);
      assert.equal(r.headers['preference-applied'], 'missing=default, return=representation');
      assert.deepEqual(r.json(), [{ id: 65, title: 'patched', tags: [] }]);
      const nulls = await svc('PATCH', '/instruments?id=eq.8&columns=name,section_id', { name: 'concert harp' }, { prefer: 'missing=default, return=representation' });
      assert.deepEqual(nulls.json(), [{ id: 8, name: 'concert harp', section_id: null }], 'no DEFAULT → null');
    });

    it('PUT ignores missing=default, as PostgREST does', async () => {
      const r = await svc('PUT', '/issues?id=eq.66&columns=id,title,tags', { id: 66, title: 'put' }, { prefer: 'missing=default' });
      assert.equal(r.status, 400, 'tags is NOT NULL: the absent key is null, not its default');
      assert.equal((r.json() as { code: string }).code, '23502');
    });
  });
});
