import assert from 'node:assert/strict';
import { errorFields, formatError, isNetworkError, networkCode, ServerError, unwrap, UserError } from '../../../src/commands/errors';
import { classifyValidation } from '../../../src/connections/validate';

const refused = () => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });

describe('host/errors formatError()', () => {
  it('shows the server code, message, details and hint', () => {
    const e = { code: '23505', message: 'duplicate key value violates unique constraint "countries_pkey"', details: 'Key (id)=(1) already exists.', hint: null };
    assert.equal(
      formatError(e, 409),
      'duplicate key value violates unique constraint "countries_pkey" (code 23505, HTTP 409). Details: Key (id)=(1) already exists.',
    );
    assert.equal(
      formatError(new ServerError({ message: 'permission denied for table secrets.', code: '42501', hint: 'Grant the role.' })),
      'permission denied for table secrets (code 42501). Hint: Grant the role.',
    );
  });

  it('shows the cause of a network failure', () => {
    assert.equal(formatError(refused()), 'fetch failed. Details: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1');
    assert.equal(networkCode(refused()), 'ECONNREFUSED');
    assert.equal(isNetworkError(refused()), true);
    assert.equal(isNetworkError({ message: 'Invalid API key' }, 401), false);
    assert.equal(isNetworkError({ message: 'x', details: 'y' }, 0), true);
  });

  it('reads auth/storage style fields and plain strings', () => {
    assert.deepEqual(errorFields({ msg: 'Invalid login', error_code: 'invalid_credentials', status: 400 }), {
      message: 'Invalid login',
      code: 'invalid_credentials',
      status: 400,
    });
    assert.equal(formatError('boom'), 'boom.');
    assert.equal(formatError(new UserError('Pick a table first.')), 'Pick a table first.');
  });

  it('unwrap returns data or throws a ServerError with the status', () => {
    assert.deepEqual(unwrap({ data: [1], error: null }), [1]);
    assert.throws(
      () => unwrap({ data: null, error: { message: 'JWT expired', code: 'PGRST303' }, status: 401 }),
      (e: unknown) => e instanceof ServerError && e.code === 'PGRST303' && e.status === 401,
    );
  });
});

describe('host/validate classifyValidation()', () => {
  const url = 'http://127.0.0.1:54321';
  const doc = { swagger: '2.0', info: {}, paths: { '/': {} } };

  it('accepts an admin key that reads the OpenAPI document', () => {
    const r = classifyValidation(url, 'service_role', { data: doc, error: null, status: 200 });
    assert.deepEqual(r, { ok: true, canListSchema: true, openApi: doc });
  });

  it('accepts an anon key answered 403 on the admin-only root', () => {
    const r = classifyValidation(url, 'anon', { data: null, error: { message: 'permission denied' }, status: 403 });
    assert.deepEqual(r, { ok: true, canListSchema: false });
  });

  it('says unreachable for connection failures', () => {
    const r = classifyValidation(url, 'anon', { data: null, error: refused() });
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'unreachable');
    assert.match(!r.ok ? r.message : '', /Cannot reach http:\/\/127\.0\.0\.1:54321 \(ECONNREFUSED\)/);
  });

  it('says wrong key for 401 Invalid API key and JWT errors', () => {
    for (const error of [
      { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' },
      { code: 'PGRST301', message: 'No suitable key or wrong key type', details: null, hint: null },
    ]) {
      const r = classifyValidation(url, 'anon', { data: null, error, status: 401 });
      assert.equal(!r.ok && r.reason, 'wrongKey');
      assert.match(!r.ok ? r.message : '', /rejected this key/);
    }
    const admin403 = classifyValidation(url, 'service_role', { data: null, error: { message: 'forbidden' }, status: 403 });
    assert.equal(!admin403.ok && admin403.reason, 'wrongKey');
  });

  it('says not Supabase for 404s, HTML and 2xx answers that are not an OpenAPI document', () => {
    for (const res of [
      { data: null, error: { message: 'Not Found' }, status: 404 },
      { data: null, error: { message: '<!DOCTYPE html><html>…' }, status: 500 },
      { data: { hello: 'world' }, error: null, status: 200 },
    ]) {
      const r = classifyValidation(url, 'anon', res);
      assert.equal(!r.ok && r.reason, 'notSupabase', JSON.stringify(res));
      assert.match(!r.ok ? r.message : '', /does not look like a Supabase project URL/);
    }
  });

  it('reports other server failures with their status', () => {
    const r = classifyValidation(url, 'anon', { data: null, error: { message: 'upstream down' }, status: 502 });
    assert.deepEqual(r, { ok: false, reason: 'serverError', message: 'The project at http://127.0.0.1:54321 answered with an error (HTTP 502): upstream down.' });
  });
});
