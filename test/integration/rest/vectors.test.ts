import assert from 'node:assert/strict';
import { useStack } from '../../helpers/stack';
import { signHs256 } from '../../stack/shared/jwt';
import { rest } from './http';

/** The server vectors of postgrest-functions.md §2.13 and the error vectors of §3.3, against the real stack. */
describe('REST server vectors (§2.13, §3.3)', () => {
  const stack = useStack();
  const get = (path: string, headers: Record<string, string> = {}) => rest(stack(), 'GET', path, { headers });

  it('S1 selects columns with a filter', async () => {
    const r = await get('/countries?select=id,name&id=eq.1');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-range'], '0-0/*');
    assert.deepEqual(r.json(), [{ id: 1, name: 'Denmark' }]);
  });

  it('S2 limit + count=exact → 206', async () => {
    const r = await get('/countries?limit=2', { prefer: 'count=exact' });
    assert.equal(r.status, 206);
    assert.equal(r.headers['content-range'], '0-1/5');
    assert.equal(r.headers['preference-applied'], 'count=exact');
    assert.equal((r.json() as unknown[]).length, 2);
  });

  it('S3 HEAD with count', async () => {
    const r = await rest(stack(), 'HEAD', '/countries', { headers: { prefer: 'count=exact' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-range'], '0-4/5');
    assert.equal(r.text, '');
  });

  it('S4 empty result with count', async () => {
    const r = await get('/countries?id=eq.99', { prefer: 'count=exact' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-range'], '*/0');
    assert.deepEqual(r.json(), []);
  });

  it('S5 offset beyond the total → 416', async () => {
    const r = await get('/countries?offset=10', { prefer: 'count=exact' });
    assert.equal(r.status, 416);
    assert.equal(r.headers['content-range'], '*/5');
    assert.deepEqual(r.json(), { code: 'PGRST103', details: 'An offset of 10 was requested, but there are only 5 rows.', hint: null, message: 'Requested range not satisfiable' });
  });

  it('S6 Range header', async () => {
    const r = await get('/countries', { range: '0-1' });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-range'], '0-1/*');
    assert.equal((r.json() as unknown[]).length, 2);
  });

  it('S7/S8 object Accept', async () => {
    const ok = await get('/countries?id=eq.1', { accept: 'application/vnd.pgrst.object+json' });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['content-type'], 'application/vnd.pgrst.object+json; charset=utf-8');
    assert.deepEqual(ok.json(), { id: 1, name: 'Denmark' });
    const none = await get('/countries?id=eq.99', { accept: 'application/vnd.pgrst.object+json' });
    assert.equal(none.status, 406);
    assert.deepEqual(none.json(), { code: 'PGRST116', details: 'The result contains 0 rows', hint: null, message: 'Cannot coerce the result to a single JSON object' });
  });

  it('S9 to-many embed', async () => {
    const r = await get('/countries?select=name,cities(name)&id=in.(1,3)&order=id');
    assert.deepEqual(r.json(), [{ name: 'Denmark', cities: [] }, { name: 'France', cities: [{ name: 'Paris' }] }]);
  });

  it('S10 to-one embed and spread', async () => {
    assert.deepEqual((await get('/cities?select=name,country:countries(name)')).json(), [{ name: 'Paris', country: { name: 'France' } }]);
    assert.deepEqual((await get('/cities?select=name,...countries(country:name)')).json(), [{ name: 'Paris', country: 'France' }]);
  });

  it('S11 !inner with an embedded filter', async () => {
    const r = await get('/countries?select=name,cities!inner(name)&cities.name=eq.Paris');
    assert.deepEqual(r.json(), [{ name: 'France', cities: [{ name: 'Paris' }] }]);
  });

  it('S12 filter on a resource not embedded → PGRST108', async () => {
    const r = await get('/countries?select=name&cities.name=eq.Paris');
    assert.equal(r.status, 400);
    const b = r.json() as { code: string; hint: string };
    assert.equal(b.code, 'PGRST108');
    assert.equal(b.hint, "Verify that 'cities' is included in the 'select' query parameter.");
  });

  it('S19 scalar rpc by POST and GET', async () => {
    const p = await rest(stack(), 'POST', '/rpc/add', { body: { a: 1, b: 2 } });
    assert.equal(p.status, 200);
    assert.equal(p.headers['content-range'], '0-0/*');
    assert.equal(p.text, '3');
    const g = await get('/rpc/add?a=1&b=2');
    assert.equal(g.text, '3');
  });

  it('S20 void function → 204', async () => {
    const r = await rest(stack(), 'POST', '/rpc/void_fn', { body: {} });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
  });

  it('S21 set-returning rpc with filters, order, limit', async () => {
    const r = await get('/rpc/list_rows?select=id&id=gt.1&order=id.desc&limit=2');
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-range'], '0-1/*');
    assert.deepEqual(r.json(), [{ id: 5 }, { id: 4 }]);
  });

  it('S22 volatile rpc by GET → 25006 405', async () => {
    const r = await get('/rpc/bump');
    assert.equal(r.status, 405);
    assert.deepEqual(r.json(), { code: '25006', details: null, hint: null, message: 'cannot execute UPDATE in a read-only transaction' });
  });

  it('S23 unknown function → PGRST202', async () => {
    const r = await rest(stack(), 'POST', '/rpc/nope', { body: { a: 1 } });
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), {
      code: 'PGRST202',
      details: 'Searched for the function public.nope with parameter a or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: null,
      message: 'Could not find the function public.nope(a) in the schema cache',
    });
    const g = (await get('/rpc/nope')).json() as { details: string; message: string };
    assert.equal(g.message, 'Could not find the function public.nope() in the schema cache');
    assert.equal(g.details, 'Searched for the function public.nope without parameters, but no matches were found in the schema cache.');
  });

  it('S24 CSV', async () => {
    const r = await get('/countries?select=id&limit=2&order=id', { accept: 'text/csv' });
    assert.equal(r.headers['content-type'], 'text/csv; charset=utf-8');
    assert.equal(r.text, 'id\n1\n2');
  });

  it('S26 bad operator → PGRST100', async () => {
    const r = await get('/countries?id=xyz.1');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), {
      code: 'PGRST100',
      details: 'unexpected "x" expecting "not" or operator (eq, gt, ...)',
      hint: null,
      message: '"failed to parse filter (xyz.1)" (line 1, column 1)',
    });
    assert.equal(r.headers['proxy-status'], 'PostgREST; error=PGRST100');
  });

  it('S27 expired JWT → PGRST303', async () => {
    const token = await signHs256({ role: 'authenticated', exp: Math.floor(Date.now() / 1000) - 3600 }, stack().jwtSecret);
    const r = await rest(stack(), 'GET', '/countries', { bearer: token });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="JWT expired"');
    assert.deepEqual(r.json(), { code: 'PGRST303', details: null, hint: null, message: 'JWT expired' });
  });

  it('S28 malformed JWT → PGRST301', async () => {
    const r = await rest(stack(), 'GET', '/countries', { bearer: 'abc' });
    assert.equal(r.status, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer error="invalid_token", error_description="Expected 3 parts in JWT; got 1"');
    assert.equal((r.json() as { code: string }).code, 'PGRST301');
  });

  it('S29 no grant → 401 for anon, 403 for authenticated', async () => {
    const a = await get('/secret');
    assert.equal(a.status, 401);
    assert.equal(a.headers['www-authenticate'], 'Bearer');
    assert.deepEqual(a.json(), { code: '42501', details: null, hint: null, message: 'permission denied for table secret' });
    const token = await signHs256({ role: 'authenticated', sub: '00000000-0000-0000-0000-000000000001' }, stack().jwtSecret, { expiresInSec: 600 });
    const b = await rest(stack(), 'GET', '/secret', { bearer: token });
    assert.equal(b.status, 403);
  });

  it('E4 bad literal → 22P02', async () => {
    const r = await get('/countries?id=eq.abc');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { code: '22P02', details: null, hint: null, message: 'invalid input syntax for type bigint: "abc"' });
  });

  it('E5 unknown column → 42703', async () => {
    const r = await get('/countries?select=nope');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { code: '42703', details: null, hint: 'Perhaps you meant to reference the column "countries.name".', message: 'column countries.nope does not exist' });
  });

  it('E6/E7 raised errors', async () => {
    const a = await rest(stack(), 'POST', '/rpc/refuse', { body: {} });
    assert.equal(a.status, 400);
    assert.deepEqual(a.json(), { code: 'P0001', details: 'Pretty simple', hint: 'Nothing to do', message: 'I refuse!' });
    const b = await rest(stack(), 'POST', '/rpc/pay', { body: {} });
    assert.equal(b.status, 402);
    assert.deepEqual(b.json(), { code: 'PT402', details: null, hint: null, message: 'Payment Required' });
    const c = await rest(stack(), 'POST', '/rpc/teapot', { body: {} });
    assert.equal(c.status, 418);
    assert.equal(c.headers['x-teapot'], 'yes');
    assert.deepEqual(c.json(), { code: '123', details: 'd', hint: 'h', message: 'short and stout' });
  });

  it('E8 handling=strict with an unknown preference → PGRST122', async () => {
    const r = await get('/countries', { prefer: 'handling=strict, foo' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json(), { code: 'PGRST122', details: 'Invalid preferences: foo', hint: null, message: 'Invalid preferences given with handling=strict' });
  });

  it('E9 ambiguous embedding → PGRST201', async () => {
    const r = await get('/orders?select=*,addresses(*)');
    assert.equal(r.status, 300);
    assert.deepEqual(r.json(), {
      code: 'PGRST201',
      details: [
        { cardinality: 'many-to-one', embedding: 'orders with addresses', relationship: 'billing using orders(billing_address_id) and addresses(id)' },
        { cardinality: 'many-to-one', embedding: 'orders with addresses', relationship: 'shipping using orders(shipping_address_id) and addresses(id)' },
      ],
      hint: "Try changing 'addresses' to one of the following: 'addresses!billing', 'addresses!shipping'. Find the desired relationship in the 'details' key.",
      message: "Could not embed because more than one relationship was found for 'orders' and 'addresses'",
    });
  });

  it('unknown table → PGRST205', async () => {
    const r = await get('/nope');
    assert.equal(r.status, 404);
    assert.deepEqual(r.json(), { code: 'PGRST205', details: null, hint: null, message: "Could not find the table 'public.nope' in the schema cache" });
  });

  describe('writes (in order)', () => {
    it('S13 insert, minimal', async () => {
      const r = await rest(stack(), 'POST', '/countries', { body: { id: 6, name: 'Italy' } });
      assert.equal(r.status, 201);
      assert.equal(r.headers['content-range'], '*/*');
      assert.equal(r.headers['content-length'], '0');
      assert.equal(r.headers['content-type'], undefined);
    });

    it('S14 insert with representation', async () => {
      const r = await rest(stack(), 'POST', '/countries?select=id', { body: { id: 7 }, headers: { prefer: 'return=representation' } });
      assert.equal(r.status, 201);
      assert.equal(r.headers['preference-applied'], 'return=representation');
      assert.deepEqual(r.json(), [{ id: 7 }]);
    });

    it('S15 insert with columns and count', async () => {
      const r = await rest(stack(), 'POST', '/countries?columns="id","name"', { body: [{ id: 8 }, { id: 9, name: 'x' }], headers: { prefer: 'count=exact' } });
      assert.equal(r.status, 201);
      assert.equal(r.headers['content-range'], '*/2');
      assert.deepEqual((await get('/countries?id=in.(8,9)&order=id')).json(), [{ id: 8, name: null }, { id: 9, name: 'x' }]);
    });

    it('S16 upsert merge-duplicates', async () => {
      const r = await rest(stack(), 'POST', '/countries', { body: [{ id: 1, name: 'DK' }], headers: { prefer: 'resolution=merge-duplicates, return=representation' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['preference-applied'], 'resolution=merge-duplicates, return=representation');
      assert.deepEqual(r.json(), [{ id: 1, name: 'DK' }]);
    });

    it('S17 patch, minimal', async () => {
      const r = await rest(stack(), 'PATCH', '/countries?id=eq.1', { body: { name: 'X' } });
      assert.equal(r.status, 204);
      assert.equal(r.headers['content-range'], '0-0/*');
      assert.deepEqual((await get('/countries?id=eq.1')).json(), [{ id: 1, name: 'X' }]);
    });

    it('S18 delete with representation', async () => {
      const r = await rest(stack(), 'DELETE', '/countries?id=eq.2', { headers: { prefer: 'return=representation' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-range'], '*/*');
      assert.deepEqual(r.json(), [{ id: 2, name: 'Sweden' }]);
    });

    it('E1 duplicate key → 409', async () => {
      const r = await rest(stack(), 'POST', '/countries', { body: { id: 1, name: 'again' } });
      assert.equal(r.status, 409);
      assert.deepEqual(r.json(), { code: '23505', details: 'Key (id)=(1) already exists.', hint: null, message: 'duplicate key value violates unique constraint "countries_pkey"' });
    });

    it('E2 missing FK target → 409', async () => {
      const r = await rest(stack(), 'POST', '/cities', { body: { id: 9, name: 'Nowhere', country_id: 5555 } });
      assert.equal(r.status, 409);
      assert.deepEqual(r.json(), {
        code: '23503',
        details: 'Key (country_id)=(5555) is not present in table "countries".',
        hint: null,
        message: 'insert or update on table "cities" violates foreign key constraint "cities_country_id_fkey"',
      });
    });

    it('E3 NOT NULL → 400 23502', async () => {
      const r = await rest(stack(), 'POST', '/cities', { body: { id: 10, name: null } });
      assert.equal(r.status, 400);
      const b = r.json() as { code: string; message: string };
      assert.equal(b.code, '23502');
      assert.equal(b.message, 'null value in column "name" of relation "cities" violates not-null constraint');
    });
  });
});

describe('REST with plans disabled and aggregates enabled', () => {
  const stack = useStack({ planEnabled: false, aggregatesEnabled: true });
  it('aggregates: count(), sum/avg/max with GROUP BY the plain columns, casts', async () => {
    const a = await rest(stack(), 'GET', '/instruments?select=section_id,count(),max_id:id.max()&section_id=not.is.null&order=section_id');
    assert.deepEqual(a.json(), [{ section_id: 1, count: 3, max_id: 3 }, { section_id: 2, count: 3, max_id: 6 }, { section_id: 3, count: 1, max_id: 7 }]);
    const b = await rest(stack(), 'GET', '/orders?select=amount.sum(),amount.avg()::int');
    assert.deepEqual(b.json(), [{ sum: 110.49, avg: 55 }]);
  });

  it('S25 plan media type → 406 PGRST107', async () => {
    const r = await rest(stack(), 'GET', '/countries', { headers: { accept: 'application/vnd.pgrst.plan+text; for="application/json"; options=;' } });
    assert.equal(r.status, 406);
    assert.deepEqual(r.json(), { code: 'PGRST107', details: null, hint: null, message: 'None of these media types are available: application/vnd.pgrst.plan+text; for="application/json"' });
  });
});
