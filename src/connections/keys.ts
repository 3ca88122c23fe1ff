/**
 * What kind of Supabase API key a string is, without verifying it: legacy JWT keys carry their
 * role in the payload; the opaque keys say it in their prefix. Pure (no vscode).
 */
import { l10n } from '../l10n';

/** `anon` = public key (anon JWT, publishable); `service_role` = admin key (service_role JWT, secret). */
export type KeyRole = 'anon' | 'service_role';

export type KeyFormat = 'jwt' | 'publishable' | 'secret';

export interface KeyInfo {
  role: KeyRole;
  format: KeyFormat;
  /** The JWT `exp` claim in seconds, when present. */
  expiresAt?: number;
  /** The JWT `ref` claim (hosted project ref), when present. */
  projectRef?: string;
}

export class KeyFormatError extends Error {
  override readonly name = 'KeyFormatError';
}

const PUBLISHABLE = /^sb_publishable_[A-Za-z0-9_-]+$/;
const SECRET = /^sb_secret_[A-Za-z0-9_-]+$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Decodes a JWT's payload (no signature check). Returns undefined when it is not a JWT. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  if (!JWT.test(token)) return undefined;
  const payload = token.split('.')[1];
  try {
    const json = Buffer.from(payload, 'base64url').toString('utf8');
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Classifies a key. Throws KeyFormatError with a user-readable reason when the string is neither
 * an opaque Supabase key nor a JWT whose role is `anon` or `service_role`.
 */
export function detectKey(raw: string): KeyInfo {
  const key = raw.trim();
  if (key.length === 0) throw new KeyFormatError(l10n.t('The key is empty.'));
  if (PUBLISHABLE.test(key)) return { role: 'anon', format: 'publishable' };
  if (SECRET.test(key)) return { role: 'service_role', format: 'secret' };
  if (key.startsWith('sb_')) {
    throw new KeyFormatError(l10n.t('Keys starting with "sb_" must be sb_publishable_… or sb_secret_… keys.'));
  }
  const payload = decodeJwtPayload(key);
  if (!payload) {
    throw new KeyFormatError(l10n.t('This is not a Supabase API key: expected a JWT (eyJ…), sb_publishable_… or sb_secret_….'));
  }
  const role = payload.role;
  const info = (r: KeyRole): KeyInfo => ({
    role: r,
    format: 'jwt',
    ...(typeof payload.exp === 'number' ? { expiresAt: payload.exp } : {}),
    ...(typeof payload.ref === 'string' ? { projectRef: payload.ref } : {}),
  });
  if (role === 'anon') return info('anon');
  if (role === 'service_role') return info('service_role');
  if (typeof role === 'string') {
    throw new KeyFormatError(l10n.t('This JWT has role "{0}"; an API key has role "anon" or "service_role".', role));
  }
  throw new KeyFormatError(l10n.t('This JWT has no role claim; an API key has role "anon" or "service_role".'));
}

/** Like detectKey, but returns undefined instead of throwing. */
export function tryDetectKey(raw: string | undefined): KeyInfo | undefined {
  if (raw === undefined) return undefined;
  try {
    return detectKey(raw);
  } catch {
    return undefined;
  }
}

export function isAdminRole(role: KeyRole): boolean {
  return role === 'service_role';
}

/** Human label of a key kind, e.g. "secret key (admin)". */
export function describeKey(info: KeyInfo): string {
  switch (info.format) {
    case 'publishable':
      return l10n.t('publishable key');
    case 'secret':
      return l10n.t('secret key (admin)');
    case 'jwt':
      return info.role === 'service_role' ? l10n.t('service_role key (admin)') : l10n.t('anon key');
  }
}
