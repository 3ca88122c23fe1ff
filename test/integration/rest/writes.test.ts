import assert from 'node:assert/strict';
import pg from 'pg';
import { useStack } from '../../helpers/stack';
import { signHs256 } from '../../stack/shared/jwt';
import { rest } from './http';

describe('REST writes, rpc, RLS and schema reload', () => {
  const stack = useStack();
  const svc = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => rest(stack(), method, path, { body, headers, key: stack().serviceRoleKey });
  const userToken = (sub: string) => signHs256({ role: 'authenticated', sub, aud: 'authenticated' }, stack().jwtSecret, { expiresInSec: 600 });
  const U1 = '00000000-0000-0000-0000-000000000001';
  const U2 = '00000000-0000-0000-0000-000000000002';

  describe('insert', () => {
    it('array with columns and missing=default uses column defaults', async () => {
      const r = await svc('POST', '/instruments?columns="name","section_id"&select=name,section_id', [{ name: 'tuba' }, { name: 'horn', section_id: 3 }], { prefer: 'missing=default, return=representation' });
      assert.equal(r.status, 201);
      assert.deepEqual(r.json(), [{ name: 'tuba', section_id: null }, { name: 'horn', section_id: 3 }]);
      assert.equal(r.headers['preference-applied'], 'missing=default, return=representation');
      const withDefault = await svc('POST', '/issues?columns="id","title","tags"&select=id,tags', [{ id: 50, title: 'x' }], { prefer: 'missing=default, return=representation' });
      assert.deepEqual(withDefault.json(), [{ id: 50, tags: [] }]);
      const withNull = await svc('POST', '/issues?columns="id","title","tags"', [{ id: 51, title: 'y' }]);
      assert.equal(withNull.status, 400, 'tags is NOT NULL so missing=null fails');
      assert.equal((withNull.json() as { code: string }).code, '23502');
    });

    it('representation with an embed and object Accept', async () => {
      const r = await svc('POST', '/cities?select=name,countries(name)', { id: 20, name: 'Lyon', country_id: 3 }, { prefer: 'return=representation', accept: 'application/vnd.pgrst.object+json' });
      assert.equal(r.status, 201);
      assert.deepEqual(r.json(), { name: 'Lyon', countries: { name: 'France' } });
      const two = await svc('POST', '/cities', [{ id: 21, name: 'A', country_id: 1 }, { id: 22, name: 'B', country_id: 1 }], { prefer: 'return=representation', accept: 'application/vnd.pgrst.object+json' });
      assert.equal(two.status, 406);
      assert.deepEqual((await svc('GET', '/cities?id=in.(21,22)')).json(), [], 'rolled back');
    });

    it('headers-only sets Location', async () => {
      const r = await svc('POST', '/orchestral_sections', { id: 9, name: 'keyboards' }, { prefer: 'return=headers-only' });
      assert.equal(r.status, 201);
      assert.equal(r.headers['location'], '/orchestral_sections?id=eq.9');
    });

    it('bigint above 2^53 inserted from JSON text exactly', async () => {
      const r = await svc('POST', '/big_numbers', '{"id": 9007199254740995, "label": "big", "amount": 98765432109876543210.5}', { prefer: 'return=representation' });
      assert.match(r.text, /"id":9007199254740995/);
      assert.match(r.text, /98765432109876543210\.5/);
      const edit = await svc('PATCH', '/big_numbers?id=eq.9007199254740993&select=id,label', { label: 'edited exactly' }, { prefer: 'return=representation' });
      assert.equal(edit.text.replace(/\s/g, ''), '[{"id":9007199254740993,"label":"editedexactly"}]');
      const other = await svc('GET', '/big_numbers?id=eq.9007199254740992');
      assert.deepEqual(other.json(), [], 'the neighbouring double value does not match');
    });

    it('upsert: merge, ignore, on_conflict', async () => {
      const m = await svc('POST', '/planets', [{ id: 1, name: 'Mercury' }, { id: 90, name: 'Pluto' }], { prefer: 'resolution=merge-duplicates, return=representation' });
      assert.equal(m.status, 201);
      assert.deepEqual(m.json(), [{ id: 1, name: 'Mercury' }, { id: 90, name: 'Pluto' }]);
      const ig = await svc('POST', '/planets', [{ id: 90, name: 'Nope' }], { prefer: 'resolution=ignore-duplicates, return=representation' });
      assert.equal(ig.status, 201);
      assert.deepEqual(ig.json(), []);
      const oc = await svc('POST', '/users?on_conflict=id', { id: 3, name: 'Kimberly' }, { prefer: 'resolution=merge-duplicates, return=representation' });
      assert.equal(oc.status, 200);
      assert.deepEqual(oc.json(), [{ id: 3, name: 'Kimberly', address: null }]);
    });

    it('bad bodies → PGRST102 / PGRST204', async () => {
      const a = await svc('POST', '/planets', '{bad');
      assert.deepEqual(a.json(), { code: 'PGRST102', details: null, hint: null, message: 'Empty or invalid json' });
      const b = await svc('POST', '/planets', [{ id: 1 }, { name: 'x' }]);
      assert.equal((b.json() as { message: string }).message, 'All object keys must match');
      const c = await svc('POST', '/planets', { nope: 1 });
      assert.deepEqual(c.json(), { code: 'PGRST204', details: null, hint: null, message: "Could not find the 'nope' column of 'planets' in the schema cache" });
    });

    it('text/csv body', async () => {
      const r = await svc('POST', '/planets', 'id,name\n300,"Comet, big"\n301,NULL', { 'content-type': 'text/csv', prefer: 'return=representation' });
      assert.equal(r.status, 400, 'name is NOT NULL');
      const ok = await svc('POST', '/planets?select=name', 'id,name\n300,"Comet, big"\n301,Halley', { 'content-type': 'text/csv', prefer: 'return=representation' });
      assert.deepEqual(ok.json(), [{ name: 'Comet, big' }, { name: 'Halley' }]);
    });
  });

  describe('update / delete', () => {
    it('PATCH with count and representation', async () => {
      const r = await svc('PATCH', '/instruments?section_id=eq.2&select=name', { section_id: 2 }, { prefer: 'count=exact, return=representation' });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-range'], '0-2/3');
      assert.equal((r.json() as unknown[]).length, 3);
    });

    it('tx=rollback leaves no trace', async () => {
      const r = await svc('PATCH', '/planets?id=eq.2', { name: 'Rolled' }, { prefer: 'tx=rollback, return=representation' });
      assert.deepEqual(r.json(), [{ id: 2, name: 'Rolled' }]);
      assert.equal(r.headers['preference-applied'], 'return=representation, tx=rollback');
      assert.deepEqual((await svc('GET', '/planets?id=eq.2&select=name')).json(), [{ name: 'Venus' }]);
    });

    it('max-affected with handling=strict', async () => {
      const r = await svc('DELETE', '/planets?id=gte.1', undefined, { prefer: 'handling=strict, max-affected=1' });
      assert.equal(r.status, 400);
      assert.equal((r.json() as { code: string }).code, 'PGRST124');
      const ok = await svc('PATCH', '/planets?id=eq.3', { name: 'Earth' }, { prefer: 'handling=strict, max-affected=1' });
      assert.equal(ok.status, 204);
      assert.equal((await svc('GET', '/planets?select=id', undefined, { prefer: 'count=exact' })).headers['content-range'].split('/')[1] !== '0', true);
    });

    it('PATCH with order and limit', async () => {
      const r = await svc('PATCH', '/instruments?section_id=eq.1&order=id.desc&limit=1&select=name', { name: 'double bass' }, { prefer: 'return=representation' });
      assert.deepEqual(r.json(), [{ name: 'double bass' }]);
      assert.deepEqual((await svc('GET', '/instruments?id=eq.3&select=name')).json(), [{ name: 'double bass' }]);
    });

    it('explain on a write shows the plan and keeps no effect, even with analyze', async () => {
      const r = await svc('DELETE', '/instruments?id=eq.1', undefined, { accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=analyze;' });
      assert.equal(r.status, 200);
      assert.match(r.text, /Delete on instruments/);
      assert.deepEqual((await svc('GET', '/instruments?id=eq.1&select=name')).json(), [{ name: 'violin' }]);
    });

    it('DELETE with order and limit removes only the first rows', async () => {
      await svc('POST', '/orchestral_sections', [{ id: 20, name: 'a' }, { id: 21, name: 'b' }, { id: 22, name: 'c' }]);
      const r = await svc('DELETE', '/orchestral_sections?id=gte.20&order=id.desc&limit=2&select=id', undefined, { prefer: 'return=representation' });
      assert.deepEqual((r.json() as { id: number }[]).map((x) => x.id).sort(), [21, 22]);
      assert.deepEqual((await svc('GET', '/orchestral_sections?id=gte.20&select=id')).json(), [{ id: 20 }]);
    });

    it('DELETE with count, minimal', async () => {
      const r = await svc('DELETE', '/planets?id=in.(90,300,301)', undefined, { prefer: 'count=exact' });
      assert.equal(r.status, 204);
      assert.equal(r.headers['content-range'], '*/3');
    });

    it('PUT upserts one row by primary key', async () => {
      const a = await svc('PUT', '/users?id=eq.10', { id: 10, name: 'Zed', address: null }, { prefer: 'return=representation' });
      assert.equal(a.status, 201);
      const b = await svc('PUT', '/users?id=eq.10', { id: 10, name: 'Zed2', address: null }, { prefer: 'return=representation' });
      assert.equal(b.status, 200);
      assert.deepEqual(b.json(), [{ id: 10, name: 'Zed2', address: null }]);
      const bad = await svc('PUT', '/users?id=eq.11', { id: 12, name: 'x', address: null });
      assert.equal((bad.json() as { code: string }).code, 'PGRST115');
      const noPk = await svc('PUT', '/users?name=eq.x', { id: 12, name: 'x' });
      assert.equal((noPk.json() as { code: string }).code, 'PGRST105');
    });
  });

  describe('rpc', () => {
    it('scalar, setof scalar, single composite, table-returning, json, variadic, arrays', async () => {
      assert.equal((await rest(stack(), 'POST', '/rpc/hello_world', { body: {} })).text, '"Hello world"');
      assert.deepEqual((await rest(stack(), 'GET', '/rpc/planet_names?limit=2')).json(), ['Mercury', 'Venus']);
      assert.deepEqual((await rest(stack(), 'GET', '/rpc/get_country?country_id=3')).json(), { id: 3, name: 'France' });
      assert.deepEqual((await rest(stack(), 'GET', '/rpc/instrument_counts?n=gt.2&order=section')).json(), [{ section: 'strings', n: 3 }, { section: 'woodwinds', n: 3 }]);
      assert.deepEqual((await rest(stack(), 'POST', '/rpc/json_echo', { body: { x: [1, 2] } })).json(), { x: [1, 2] });
      assert.equal((await rest(stack(), 'GET', '/rpc/sum_all?nums=1&nums=2&nums=3')).text, '6');
      assert.deepEqual((await rest(stack(), 'POST', '/rpc/add_one_each', { body: { arr: [1, 2, 3] } })).json(), [2, 3, 4]);
      assert.deepEqual((await rest(stack(), 'GET', '/rpc/add_one_each?arr=%7B1%2C2%7D')).json(), [2, 3]);
      assert.equal((await rest(stack(), 'GET', '/rpc/echo?say=a%2Cb+c')).text, '"a,b c"');
    });

    it('set-returning rpc with embed, count and HEAD', async () => {
      const r = await rest(stack(), 'POST', '/rpc/countries_named?select=name,cities(name)&order=id&cities.order=id', { body: { pattern: 'fr%' }, headers: { prefer: 'count=exact' } });
      assert.deepEqual(r.json(), [{ name: 'France', cities: [{ name: 'Paris' }, { name: 'Lyon' }] }], 'Lyon was inserted above');
      assert.equal(r.headers['content-range'], '0-0/1');
      const h = await rest(stack(), 'HEAD', '/rpc/list_stored_countries?limit=2', { headers: { prefer: 'count=exact' } });
      assert.equal(h.status, 206);
      assert.equal(h.text, '');
      assert.match(h.headers['content-range'], /^0-1\/\d+$/);
    });

    it('missing required argument → PGRST202; extra argument → PGRST202', async () => {
      const r = await rest(stack(), 'POST', '/rpc/add', { body: { a: 1 } });
      assert.equal(r.status, 404);
      assert.equal((r.json() as { code: string }).code, 'PGRST202');
      const e = await rest(stack(), 'POST', '/rpc/add', { body: { a: 1, b: 2, c: 3 } });
      assert.equal((e.json() as { message: string }).message, 'Could not find the function public.add(a, b, c) in the schema cache');
    });

    it('response.headers and response.status set by SQL', async () => {
      const r = await rest(stack(), 'POST', '/rpc/created_with_header', { body: {} });
      assert.equal(r.status, 201);
      assert.equal(r.headers['x-made-by'], 'sql');
      assert.equal(r.headers['location'], '/planets?id=eq.1');
      assert.equal(r.text, '"made"');
    });

    it('overloads are chosen by argument names', async () => {
      assert.equal((await rest(stack(), 'POST', '/rpc/greet', { body: {} })).text, '"Hello, stranger"');
      assert.equal((await rest(stack(), 'POST', '/rpc/greet', { body: { name: 'Ann' } })).text, '"Hello, Ann"');
      assert.equal((await rest(stack(), 'GET', '/rpc/greet?name=Bo&times=2')).text, '"Hello, Bo Hello, Bo "');
      const nf = await rest(stack(), 'GET', '/rpc/greet?nick=x');
      assert.equal(nf.status, 404);
    });

    it('claims reach SQL through request.jwt.claims', async () => {
      const t = await userToken(U1);
      const r = await rest(stack(), 'GET', '/rpc/whoami', { bearer: t });
      assert.deepEqual(r.json(), { role: 'authenticated', uid: U1 });
      assert.deepEqual((await rest(stack(), 'GET', '/rpc/whoami')).json(), { role: 'anon', uid: null });
    });
  });

  describe('row level security', () => {
    it('each user sees only own rows; anon sees none; service_role sees all', async () => {
      const t1 = await userToken(U1);
      const r1 = await rest(stack(), 'GET', '/todos?select=task&order=id', { bearer: t1 });
      assert.deepEqual(r1.json(), [{ task: 'Buy milk' }, { task: 'Walk dog' }]);
      const r2 = await rest(stack(), 'GET', '/todos?select=task', { bearer: await userToken(U2) });
      assert.deepEqual(r2.json(), [{ task: 'Write report' }]);
      assert.deepEqual((await rest(stack(), 'GET', '/todos')).json(), []);
      assert.equal(((await svc('GET', '/todos')).json() as unknown[]).length, 3);
    });

    it('insert with default auth.uid(); WITH CHECK violation → 42501 403', async () => {
      const t2 = await userToken(U2);
      const ok = await rest(stack(), 'POST', '/todos?select=task,user_id', { bearer: t2, body: { task: 'Mine' }, headers: { prefer: 'return=representation' } });
      assert.equal(ok.status, 201);
      assert.deepEqual(ok.json(), [{ task: 'Mine', user_id: U2 }]);
      const bad = await rest(stack(), 'POST', '/todos', { bearer: t2, body: { task: 'Not mine', user_id: U1 } });
      assert.equal(bad.status, 403);
      assert.equal((bad.json() as { code: string }).code, '42501');
      const anon = await rest(stack(), 'POST', '/todos', { body: { task: 'anon' } });
      assert.equal(anon.status, 401);
    });

    it('update of other users rows affects nothing', async () => {
      const r = await rest(stack(), 'PATCH', '/todos?id=eq.1', { bearer: await userToken(U2), body: { done: true }, headers: { prefer: 'count=exact' } });
      assert.equal(r.status, 204);
      assert.equal(r.headers['content-range'], '*/0');
    });
  });

  describe('schema cache reload', () => {
    it('picks up a new table after NOTIFY pgrst', async () => {
      const before = await rest(stack(), 'GET', '/gadgets');
      assert.equal(before.status, 404);
      const c = new pg.Client({ connectionString: stack().dbUrl });
      await c.connect();
      try {
        await c.query(`create table public.gadgets (id int primary key, label text); insert into public.gadgets values (1, 'g'); notify pgrst, 'reload schema'`);
      } finally {
        await c.end();
      }
      let r = await rest(stack(), 'GET', '/gadgets');
      for (let i = 0; i < 50 && r.status === 404; i++) {
        await new Promise((res) => setTimeout(res, 50));
        r = await rest(stack(), 'GET', '/gadgets');
      }
      assert.deepEqual(r.json(), [{ id: 1, label: 'g' }]);
    });
  });
});
