import assert from 'node:assert/strict';
import pg from 'pg';
import { useStack } from '../../helpers/stack';
import { rest } from './http';

describe('REST schema profiles over several exposed schemas', () => {
  const stack = useStack({ schemas: ['public', 'private'], maxRows: 1000 });

  before(async function () {
    this.timeout(30_000);
    const c = new pg.Client({ connectionString: stack().dbUrl });
    await c.connect();
    try {
      await c.query(`
        create table private.notes (id int primary key, body text);
        grant all on private.notes to anon, authenticated, service_role;
        insert into private.notes values (1, 'hidden'), (2, 'also hidden');
        create function private.note_count() returns int language sql stable as $$ select count(*)::int from private.notes $$;
        grant execute on function private.note_count() to anon;
        notify pgrst, 'reload schema';`);
    } finally {
      await c.end();
    }
    // wait until the reload is visible
    for (let i = 0; i < 100; i++) {
      const r = await rest(stack(), 'GET', '/notes', { headers: { 'accept-profile': 'private' } });
      if (r.status === 200) return;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('schema reload not observed');
  });

  it('reads a table of the second schema with Accept-Profile and echoes Content-Profile', async () => {
    const r = await rest(stack(), 'GET', '/notes?order=id', { headers: { 'accept-profile': 'private' } });
    assert.deepEqual(r.json(), [{ id: 1, body: 'hidden' }, { id: 2, body: 'also hidden' }]);
    assert.equal(r.headers['content-profile'], 'private');
  });

  it('the default schema is the first; several schemas → Content-Profile always sent', async () => {
    const r = await rest(stack(), 'GET', '/notes');
    assert.equal(r.status, 404);
    assert.equal((r.json() as { message: string }).message, "Could not find the table 'public.notes' in the schema cache");
    const p = await rest(stack(), 'GET', '/planets?limit=1');
    assert.equal(p.headers['content-profile'], 'public');
  });

  it('writes use Content-Profile; rpc resolves in the profile schema', async () => {
    const w = await rest(stack(), 'POST', '/notes', { headers: { 'content-profile': 'private', prefer: 'return=representation' }, body: { id: 3, body: 'new' } });
    assert.equal(w.status, 201);
    assert.deepEqual(w.json(), [{ id: 3, body: 'new' }]);
    const f = await rest(stack(), 'GET', '/rpc/note_count', { headers: { 'accept-profile': 'private' } });
    assert.equal(f.text, '3');
    const nf = await rest(stack(), 'GET', '/rpc/note_count');
    assert.equal((nf.json() as { code: string }).code, 'PGRST202');
  });

  it('unlisted schema → PGRST106 naming both exposed schemas', async () => {
    const r = await rest(stack(), 'GET', '/notes', { headers: { 'accept-profile': 'auth' } });
    assert.equal(r.status, 406);
    assert.deepEqual(r.json(), { code: 'PGRST106', details: null, hint: 'Only the following schemas are exposed: public, private', message: 'Invalid schema: auth' });
  });
});
