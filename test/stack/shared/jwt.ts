import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export type Claims = Record<string, unknown> & { role?: string; sub?: string; exp?: number };

const enc = new TextEncoder();

export async function signHs256(claims: Claims, secret: string, opts: { expiresInSec?: number } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(now);
  if (opts.expiresInSec !== undefined) jwt.setExpirationTime(now + opts.expiresInSec);
  return jwt.sign(enc.encode(secret));
}

export type VerifyResult =
  | { ok: true; claims: Claims }
  | { ok: false; kind: 'decode' | 'claims'; message: string };

/** Verifies an HS256 token the way PostgREST v14 reports failures (PGRST301 decode, PGRST303 claims). */
export async function verifyHs256(token: string, secret: string): Promise<VerifyResult> {
  if (token === '') return { ok: false, kind: 'decode', message: 'Empty JWT is sent in Authorization header' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, kind: 'decode', message: `Expected 3 parts in JWT; got ${parts.length}` };
  try {
    const { payload } = await jwtVerify(token, enc.encode(secret), { algorithms: ['HS256'], clockTolerance: 30 });
    return { ok: true, claims: payload as Claims };
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) return { ok: false, kind: 'claims', message: 'JWT expired' };
    if (e instanceof joseErrors.JWTClaimValidationFailed) {
      if (e.claim === 'nbf') return { ok: false, kind: 'claims', message: 'JWT not yet valid' };
      if (e.claim === 'iat') return { ok: false, kind: 'claims', message: 'JWT issued at future' };
      if (e.claim === 'aud') return { ok: false, kind: 'claims', message: 'JWT not in audience' };
      return { ok: false, kind: 'claims', message: 'Parsing claims failed' };
    }
    if (e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JOSENotSupported) {
      return { ok: false, kind: 'decode', message: 'Wrong or unsupported encoding algorithm' };
    }
    return { ok: false, kind: 'decode', message: 'JWT cryptographic operation failed' };
  }
}
