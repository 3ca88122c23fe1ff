import { SignJWT, compactVerify, errors as joseErrors } from 'jose';

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

/** Seconds of clock skew PostgREST allows on `exp`, `nbf` and `iat`. */
const ALLOWED_SKEW = 30;

/**
 * PostgREST's claim checks, in its order (exp, nbf, iat, aud), after the signature is verified:
 * absent or null claims pass; a present one of the wrong JSON type is its own PGRST303 message.
 * Like PostgREST, a time claim that is not an integer counts as 0.
 */
function claimsError(claims: Record<string, unknown>, nowSec: number): string | null {
  const time = (key: 'exp' | 'nbf' | 'iat', bad: (t: number) => boolean, message: string): string | null => {
    const v = claims[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number') return `The JWT '${key}' claim must be a number`;
    return bad(Number.isInteger(v) ? v : 0) ? message : null;
  };
  const aud = (): string | null => {
    const v = claims.aud;
    if (v === undefined || v === null || typeof v === 'string') return null;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return null;
    return "The JWT 'aud' claim must be a string or an array of strings";
  };
  return (
    time('exp', (t) => nowSec - ALLOWED_SKEW > t, 'JWT expired') ??
    time('nbf', (t) => nowSec + ALLOWED_SKEW < t, 'JWT not yet valid') ??
    time('iat', (t) => nowSec + ALLOWED_SKEW < t, 'JWT issued at future') ??
    aud()
  );
}

/** Verifies an HS256 token the way PostgREST v14 reports failures (PGRST301 decode, PGRST303 claims). */
export async function verifyHs256(token: string, secret: string): Promise<VerifyResult> {
  if (token === '') return { ok: false, kind: 'decode', message: 'Empty JWT is sent in Authorization header' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, kind: 'decode', message: `Expected 3 parts in JWT; got ${parts.length}` };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, enc.encode(secret), { algorithms: ['HS256'] }));
  } catch (e) {
    if (e instanceof joseErrors.JOSEAlgNotAllowed || e instanceof joseErrors.JOSENotSupported) {
      return { ok: false, kind: 'decode', message: 'Wrong or unsupported encoding algorithm' };
    }
    return { ok: false, kind: 'decode', message: 'JWT cryptographic operation failed' };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    claims = undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return { ok: false, kind: 'claims', message: 'Parsing claims failed' };
  const err = claimsError(claims as Record<string, unknown>, Math.floor(Date.now() / 1000));
  if (err) return { ok: false, kind: 'claims', message: err };
  return { ok: true, claims: claims as Claims };
}
