import assert from 'node:assert/strict';
import { decodeJwtPayload, describeKey, detectKey, KeyFormatError, tryDetectKey } from '../../../src/connections/keys';

function jwt(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}.c2lnbmF0dXJl`;
}

describe('host/keys detectKey()', () => {
  it('reads the role of legacy JWT keys without verifying them', () => {
    assert.deepEqual(detectKey(jwt({ role: 'anon', exp: 2000000000, ref: 'abcdefghijklmnopqrst' })), {
      role: 'anon',
      format: 'jwt',
      expiresAt: 2000000000,
      projectRef: 'abcdefghijklmnopqrst',
    });
    assert.deepEqual(detectKey(jwt({ role: 'service_role' })), { role: 'service_role', format: 'jwt' });
  });

  it('classifies opaque keys by prefix', () => {
    assert.deepEqual(detectKey('sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH'), { role: 'anon', format: 'publishable' });
    assert.deepEqual(detectKey('  sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz\n'), { role: 'service_role', format: 'secret' });
  });

  it('rejects other strings with a reason', () => {
    assert.throws(() => detectKey(''), KeyFormatError);
    assert.throws(() => detectKey('hello'), /not a Supabase API key/);
    assert.throws(() => detectKey('sb_other_x'), /sb_publishable_/);
    assert.throws(() => detectKey(jwt({ role: 'authenticated', sub: 'u1' })), /role "authenticated"/);
    assert.throws(() => detectKey(jwt({ sub: 'u1' })), /no role claim/);
    assert.throws(() => detectKey('eyJ.notbase64json.x'), KeyFormatError);
    assert.equal(tryDetectKey('nope'), undefined);
    assert.equal(tryDetectKey(undefined), undefined);
  });

  it('decodeJwtPayload returns undefined for non-JWTs', () => {
    assert.equal(decodeJwtPayload('a.b'), undefined);
    assert.equal(decodeJwtPayload(`x.${Buffer.from('[1]').toString('base64url')}.y`), undefined);
  });

  it('describes keys with an admin marker for admin ones', () => {
    assert.equal(describeKey({ role: 'service_role', format: 'secret' }), 'secret key (admin)');
    assert.equal(describeKey({ role: 'service_role', format: 'jwt' }), 'service_role key (admin)');
    assert.equal(describeKey({ role: 'anon', format: 'publishable' }), 'publishable key');
  });
});
