import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pool } from './db';
import type { Claims } from './jwt';

export interface StackKeys {
  anonKey: string;
  serviceRoleKey: string;
  publishableKey: string;
  secretKey: string;
}

export interface StackDeps {
  pool: Pool;
  jwtSecret: string;
  keys: StackKeys;
  /** Exposed schemas, first is the default. */
  schemas: string[];
  /** Public URL of the stack, e.g. http://127.0.0.1:54321 */
  url: string;
  log: (line: string) => void;
}

export type AuthResult =
  | { ok: true; role: string; claims: Claims; token: string; via: 'apikey' | 'jwt' }
  | { ok: false; kind: 'decode' | 'claims'; message: string };

export interface ServiceRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path after the service prefix, always starting with `/`. */
  path: string;
  auth: AuthResult;
}

export type Service = (r: ServiceRequest) => Promise<void>;
