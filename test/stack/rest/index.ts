import type { Service, ServiceRequest, StackDeps } from '../shared/context';
import { sendJson } from '../shared/http';

/** PostgREST-compatible `/rest/v1` service. */
export function createRestService(deps: StackDeps): Service {
  return async ({ req, res, path, auth }: ServiceRequest) => {
    if (!auth.ok) {
      const code = auth.kind === 'decode' ? 'PGRST301' : 'PGRST303';
      sendJson(res, 401, { code, details: null, hint: null, message: auth.message }, {
        'WWW-Authenticate': `Bearer error="invalid_token", error_description="${auth.message}"`,
      });
      return;
    }
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      if (auth.role !== 'service_role') {
        sendJson(res, 403, { message: 'Access to schema is forbidden', hint: 'Accessing the schema via the Data API requires a secret key or service_role JWT.' });
        return;
      }
      sendJson(res, 200, { swagger: '2.0', info: { title: 'standard public schema', version: '14.0' }, paths: {}, definitions: {} });
      return;
    }
    void deps;
    sendJson(res, 404, { code: 'PGRST125', details: null, hint: null, message: `Invalid path specified in request URL` });
  };
}
