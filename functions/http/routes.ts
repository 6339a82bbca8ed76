/**
 * The API's routes and which function serves each: the app dispatches on
 * this table, the local server mirrors it, and the CDK stack creates one
 * HTTP API route per entry, so the three cannot drift apart.
 */
export type FunctionName = 'ingest' | 'read';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway route syntax: {name} matches one path segment. */
  path: string;
  fn: FunctionName;
}

export const API_ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/api/health', fn: 'read' },
  { method: 'GET', path: '/api/latest', fn: 'read' },
  { method: 'POST', path: '/api/articles', fn: 'ingest' },
  { method: 'GET', path: '/api/articles', fn: 'read' },
  { method: 'GET', path: '/api/articles/{id}', fn: 'read' },
  { method: 'GET', path: '/api/articles/{id}/preview', fn: 'read' },
  { method: 'PUT', path: '/api/articles/{id}', fn: 'ingest' },
  { method: 'PATCH', path: '/api/articles/{id}', fn: 'ingest' },
  { method: 'DELETE', path: '/api/articles/{id}', fn: 'ingest' },
  { method: 'POST', path: '/api/import', fn: 'ingest' },
  // Editor-only reads of the table's key and audit items live with the writes, which own those permissions.
  { method: 'GET', path: '/api/keys', fn: 'ingest' },
  { method: 'POST', path: '/api/keys', fn: 'ingest' },
  { method: 'DELETE', path: '/api/keys/{id}', fn: 'ingest' },
  { method: 'GET', path: '/api/audit', fn: 'ingest' },
];

/** The header CloudFront adds to every request it sends the API, holding the origin secret. */
export const ORIGIN_HEADER = 'x-origin-verify';

/** Anything else under /api goes to `read`, which answers 404 or 405 as problem+json. */
export const FALLBACK_FUNCTION: FunctionName = 'read';

/** Matches a concrete path against a route pattern; returns its parameters or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith('{') && w.endsWith('}')) {
      if (g.length === 0) return null;
      params[w.slice(1, -1)] = g;
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

/** The function that serves a request, as API Gateway would route it. */
export function functionFor(method: string, path: string): FunctionName {
  const route = API_ROUTES.find(
    (r) =>
      (r.method === method || (method === 'HEAD' && r.method === 'GET')) && matchPath(r.path, path) !== null,
  );
  return route?.fn ?? FALLBACK_FUNCTION;
}
