import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AuthResult, Service, StackDeps } from './shared/context';
import { verifyHs256 } from './shared/jwt';
import { sendJson } from './shared/http';

export interface Routes {
  [prefix: string]: Service;
}

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'authorization, x-client-info, apikey, content-type, prefer, accept-profile, content-profile, range, x-upsert, x-retry-count',
  'Access-Control-Expose-Headers': 'content-range, content-location, preference-applied',
};

/** Maps the presented API key to a role, or null when it is not one of ours. */
async function roleForApiKey(deps: StackDeps, key: string): Promise<AuthResult | null> {
  const k = deps.keys;
  if (key === k.publishableKey) return { ok: true, role: 'anon', claims: { role: 'anon' }, token: key, via: 'apikey' };
  if (key === k.secretKey) return { ok: true, role: 'service_role', claims: { role: 'service_role' }, token: key, via: 'apikey' };
  const v = await verifyHs256(key, deps.jwtSecret);
  if (v.ok && typeof v.claims.role === 'string') return { ok: true, role: v.claims.role, claims: v.claims, token: key, via: 'apikey' };
  return null;
}

/** Resolves the request's effective role: bearer token first (a configured key maps directly), else the apikey. */
export async function authenticate(deps: StackDeps, apikeyAuth: AuthResult, authorization: string | undefined): Promise<AuthResult> {
  if (authorization === undefined) return apikeyAuth;
  const m = /^Bearer\s*(.*)$/i.exec(authorization.trim());
  if (!m) return apikeyAuth;
  const token = m[1].trim();
  const asKey = token === deps.keys.publishableKey || token === deps.keys.secretKey ? await roleForApiKey(deps, token) : null;
  if (asKey) return asKey;
  const v = await verifyHs256(token, deps.jwtSecret);
  if (!v.ok) return v;
  const role = typeof v.claims.role === 'string' && v.claims.role !== '' ? v.claims.role : 'anon';
  return { ok: true, role, claims: v.claims, token, via: 'jwt' };
}

export function createGateway(deps: StackDeps, routes: Routes): Server {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [h, v] of Object.entries(CORS_HEADERS)) res.setHeader(h, v);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      // Like Supabase's gateway (and PostgREST's own CORS policy), allow whatever headers the preflight
      // asks for, so browser clients sending custom headers pass; the fixed list only when none are asked.
      const asked = req.headers['access-control-request-headers'];
      if (asked !== undefined && asked.trim() !== '') res.setHeader('Access-Control-Allow-Headers', asked);
      res.writeHead(204);
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', deps.url);
    const prefix = prefixes.find((p) => url.pathname === p || url.pathname.startsWith(p + '/'));
    if (!prefix) {
      sendJson(res, 404, { message: 'no Route matched with those values' });
      return;
    }
    const apikey = (req.headers['apikey'] as string | undefined) ?? url.searchParams.get('apikey') ?? undefined;
    if (!apikey) {
      sendJson(res, 401, { message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
      return;
    }
    const keyAuth = await roleForApiKey(deps, apikey);
    if (!keyAuth) {
      sendJson(res, 401, { message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
      return;
    }
    const auth = await authenticate(deps, keyAuth, req.headers['authorization']);
    const path = url.pathname.slice(prefix.length) || '/';
    await routes[prefix]({ req, res, url, path, auth });
  };
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      deps.log(`[gateway] unhandled: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal server error' });
      else res.destroy();
    });
  });
}
