import type { ServerResponse } from 'node:http';
import { ApiError } from './errors';
import type { MediaType } from './parse/types';

/** SQL expression aggregating the rows of `_pgrst_t` into the response body for a media type. */
export function bodyAggregate(media: MediaType, opts: { scalarColumn?: string; setOfScalar?: boolean } = {}): string {
  if (opts.scalarColumn !== undefined) {
    const col = `_pgrst_t.${opts.scalarColumn}`;
    if (opts.setOfScalar) return `coalesce(json_agg(${col}), '[]')::text`;
    return `coalesce((json_agg(${col}) -> 0)::text, 'null')`;
  }
  switch (media.kind) {
    case 'object':
      return media.stripNulls ? `coalesce(json_strip_nulls(json_agg(_pgrst_t) -> 0)::text, 'null')` : `coalesce((json_agg(_pgrst_t) -> 0)::text, 'null')`;
    case 'array-stripped':
      return `coalesce(json_strip_nulls(json_agg(_pgrst_t)), '[]')::text`;
    case 'geojson':
      // Without PostGIS there is no geometry column to extract: each row becomes a Feature's properties.
      return `json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object('type', 'Feature', 'geometry', NULL, 'properties', to_json(_pgrst_t))), '[]'))::text`;
    case 'csv':
      return `coalesce((SELECT string_agg(h.k, ',') FROM (SELECT json_object_keys(row_to_json(_h)) AS k FROM (SELECT * FROM pgrst_rows LIMIT 1) _h) h), '') || E'\\n' || coalesce(string_agg(substring(_pgrst_t::text, 2, length(_pgrst_t::text) - 2), E'\\n'), '')`;
    default:
      return `coalesce(json_agg(_pgrst_t), '[]')::text`;
  }
}

export function contentTypeFor(media: MediaType): string {
  switch (media.kind) {
    case 'object':
      return media.stripNulls ? 'application/vnd.pgrst.object+json; nulls=stripped; charset=utf-8' : 'application/vnd.pgrst.object+json; charset=utf-8';
    case 'array-stripped':
      return 'application/vnd.pgrst.array+json; nulls=stripped; charset=utf-8';
    case 'csv':
      return 'text/csv; charset=utf-8';
    case 'geojson':
      return 'application/geo+json; charset=utf-8';
    case 'openapi':
      return 'application/openapi+json; charset=utf-8';
    default:
      return 'application/json; charset=utf-8';
  }
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export function send(res: ServerResponse, reply: Reply, head: boolean): void {
  const headers: Record<string, string> = { ...reply.headers };
  // PostgREST adds Content-Profile only to responses that carry a Content-Type.
  if (!headers['Content-Type']) delete headers['Content-Profile'];
  if (reply.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(reply.body));
  else headers['Content-Length'] = '0';
  res.writeHead(reply.status, headers);
  res.end(head || reply.body === undefined ? undefined : reply.body);
}

export function sendError(res: ServerResponse, e: ApiError, extra: Record<string, string> = {}, head = false): void {
  const body = JSON.stringify(e.body());
  send(res, {
    status: e.status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Proxy-Status': `PostgREST; error=${e.code}`, ...extra, ...e.headers },
    body,
  }, head);
}

/** `Content-Range` per PostgREST: `<from>-<to>/<total|*>` or `*\/<total|*>`. */
export function contentRange(offset: number, n: number, total: number | null): string {
  const t = total === null ? '*' : String(total);
  if (n > 0 && total !== 0) return `${offset}-${offset + n - 1}/${t}`;
  return `*/${t}`;
}
