import assert from 'node:assert/strict';
import pg from 'pg';
import { request } from 'undici';
import { SignJWT } from 'jose';
import { useStack } from '../../helpers/stack';

describe('stack gateway', () => {
  const stack = useStack();

  it('runs a real PostgreSQL with the Supabase roles and sample data', async () => {
    const c = new pg.Client({ connectionString: stack().dbUrl });
    await c.connect();
    try {
      const roles = await c.query(`select rolname from pg_roles where rolname in ('anon','authenticated','service_role','authenticator') order by 1`);
      assert.deepEqual(roles.rows.map((r) => r.rolname), ['anon', 'authenticated', 'authenticator', 'service_role']);
      const planets = await c.query('select count(*)::int as n from public.planets');
      assert.ok(planets.rows[0].n > 0);
    } finally {
      await c.end();
    }
  });

  it('rejects a request without an apikey', async () => {
    const r = await request(`${stack().url}/rest/v1/planets`);
    assert.equal(r.statusCode, 401);
    assert.equal(((await r.body.json()) as { message: string }).message, 'No API key found in request');
  });

  it('rejects an unknown apikey', async () => {
    const r = await request(`${stack().url}/rest/v1/planets`, { headers: { apikey: 'nope' } });
    assert.equal(r.statusCode, 401);
    assert.equal(((await r.body.json()) as { message: string }).message, 'Invalid API key');
  });

  it('answers a bad bearer JWT with PGRST301', async () => {
    const r = await request(`${stack().url}/rest/v1/planets`, { headers: { apikey: stack().anonKey, authorization: 'Bearer a.b' } });
    assert.equal(r.statusCode, 401);
    const body = (await r.body.json()) as { code: string; message: string };
    assert.equal(body.code, 'PGRST301');
    assert.equal(body.message, 'Expected 3 parts in JWT; got 2');
  });

  it("answers a non-numeric 'exp' claim with PGRST303 and PostgREST's message", async () => {
    const claims: Record<string, unknown> = { role: 'authenticated', exp: 'tomorrow' };
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(stack().jwtSecret));
    const r = await request(`${stack().url}/rest/v1/planets`, { headers: { apikey: stack().anonKey, authorization: `Bearer ${token}` } });
    assert.equal(r.statusCode, 401);
    assert.equal(r.headers['www-authenticate'], `Bearer error="invalid_token", error_description="The JWT 'exp' claim must be a number"`);
    assert.deepEqual(await r.body.json(), { code: 'PGRST303', details: null, hint: null, message: "The JWT 'exp' claim must be a number" });
  });

  it('serves the OpenAPI root only to admin credentials', async () => {
    const anon = await request(`${stack().url}/rest/v1/`, { headers: { apikey: stack().publishableKey } });
    assert.equal(anon.statusCode, 403);
    await anon.body.dump();
    const admin = await request(`${stack().url}/rest/v1/`, { headers: { apikey: stack().secretKey } });
    assert.equal(admin.statusCode, 200);
    const doc = (await admin.body.json()) as { swagger: string; definitions: Record<string, { properties: Record<string, unknown> }>; paths: Record<string, unknown> };
    assert.equal(doc.swagger, '2.0');
    assert.ok(doc.definitions.planets.properties.name, 'planets.name described');
    assert.ok(doc.paths['/planets'], 'planets path listed');
    assert.ok(doc.paths['/rpc/hello_world'], 'hello_world rpc listed');
  });
});

describe('stack gateway: OPTIONS', () => {
  const stack = useStack({ sampleData: true });

  it('answers a CORS preflight itself', async () => {
    const r = await request(`${stack().url}/rest/v1/countries`, { method: 'OPTIONS', headers: { origin: 'http://x', 'access-control-request-method': 'GET' } });
    assert.equal(r.statusCode, 204);
    assert.equal(r.headers['access-control-allow-origin'], '*');
    await r.body.dump();
  });

  it('a preflight allows the headers it asks for (custom ones too)', async () => {
    const asked = 'authorization, x-client-info, apikey, accept, x-my-custom-header';
    const r = await request(`${stack().url}/rest/v1/countries`, {
      method: 'OPTIONS',
      headers: { origin: 'http://x', 'access-control-request-method': 'POST', 'access-control-request-headers': asked },
    });
    assert.equal(r.statusCode, 204);
    assert.equal(r.headers['access-control-allow-headers'], asked);
    await r.body.dump();
    const plain = await request(`${stack().url}/rest/v1/countries`, { method: 'OPTIONS', headers: { origin: 'http://x', 'access-control-request-method': 'GET' } });
    assert.match(String(plain.headers['access-control-allow-headers']), /\bapikey\b/, 'without a request list the default list stays');
    await plain.body.dump();
  });

  it('passes a plain OPTIONS to the REST service (S30: Allow header)', async () => {
    const r = await request(`${stack().url}/rest/v1/countries`, { method: 'OPTIONS', headers: { apikey: stack().anonKey } });
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers['allow'], 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE');
    await r.body.dump();
  });
});
