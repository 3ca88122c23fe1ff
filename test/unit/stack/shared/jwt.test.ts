import assert from 'node:assert/strict';
import { SignJWT } from 'jose';
import { signHs256, verifyHs256 } from '../../../stack/shared/jwt';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const now = () => Math.floor(Date.now() / 1000);

/** Signs any JSON payload (claims of any type, or not an object at all). */
async function signRaw(payload: Record<string, unknown>): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(SECRET));
}

async function claimsFailure(payload: Record<string, unknown>): Promise<string> {
  const r = await verifyHs256(await signRaw(payload), SECRET);
  assert.equal(r.ok, false, 'expected a failure');
  if (r.ok) throw new Error('unreachable');
  assert.equal(r.kind, 'claims', 'claims failures are PGRST303');
  return r.message;
}

describe('stack jwt: PostgREST claim checks', () => {
  it('accepts a valid token, absent or null time claims', async () => {
    const r = await verifyHs256(await signHs256({ role: 'authenticated' }, SECRET, { expiresInSec: 60 }), SECRET);
    assert.equal(r.ok, true);
    assert.equal((await verifyHs256(await signRaw({ role: 'anon', exp: null, nbf: null }), SECRET)).ok, true);
  });

  it('a non-numeric exp, nbf or iat has its own message', async () => {
    assert.equal(await claimsFailure({ exp: 'soon' }), "The JWT 'exp' claim must be a number");
    assert.equal(await claimsFailure({ exp: String(now() + 600) }), "The JWT 'exp' claim must be a number");
    assert.equal(await claimsFailure({ nbf: true }), "The JWT 'nbf' claim must be a number");
    assert.equal(await claimsFailure({ iat: [1] }), "The JWT 'iat' claim must be a number");
    assert.equal(await claimsFailure({ aud: 5 }), "The JWT 'aud' claim must be a string or an array of strings");
  });

  it('checks in PostgREST order: exp before nbf and iat', async () => {
    assert.equal(await claimsFailure({ iat: 'x', exp: 'y' }), "The JWT 'exp' claim must be a number");
    assert.equal(await claimsFailure({ nbf: now() + 3600, exp: now() - 3600 }), 'JWT expired');
    assert.equal(await claimsFailure({ iat: now() + 3600, nbf: now() + 3600 }), 'JWT not yet valid');
    assert.equal(await claimsFailure({ iat: now() + 3600 }), 'JWT issued at future');
  });

  it('allows 30 seconds of clock skew', async () => {
    assert.equal((await verifyHs256(await signRaw({ exp: now() - 10 }), SECRET)).ok, true);
    assert.equal(await claimsFailure({ exp: now() - 120 }), 'JWT expired');
  });

  it('a bad signature is a decode failure (PGRST301)', async () => {
    const r = await verifyHs256(await signRaw({ exp: 'soon' }), 'another-secret-of-at-least-32-characters');
    assert.deepEqual(r, { ok: false, kind: 'decode', message: 'JWT cryptographic operation failed' });
  });
});
