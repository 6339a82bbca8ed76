/**
 * The API as one function from request to response: route matching against
 * the shared route table, 404/405, HEAD, and every error through problem+json.
 * Each Lambda function builds one from the route handlers it serves; the
 * local server builds the same ones. Nothing here knows which world it is in.
 */
import { MethodNotAllowedError, NotFoundError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import { problem } from './problem.js';
import { API_ROUTES, matchPath, type RouteSpec } from './routes.js';
import type { HttpRequest, HttpResponse } from './types.js';

export type App = (req: HttpRequest) => Promise<HttpResponse>;

type RouteHandler = (req: HttpRequest, params: Record<string, string>) => Promise<HttpResponse>;

/** Handlers keyed by `METHOD /path/{param}`, exactly as in API_ROUTES. */
export type RouteHandlers = Partial<Record<string, RouteHandler>>;

const routeKey = (spec: Pick<RouteSpec, 'method' | 'path'>) => `${spec.method} ${spec.path}`;

function route(req: HttpRequest): { spec: RouteSpec; params: Record<string, string> } {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const matching = API_ROUTES.flatMap((spec) => {
    const params = matchPath(spec.path, req.path);
    return params === null ? [] : [{ spec, params }];
  });
  if (matching.length === 0) throw new NotFoundError(`No route ${req.path}.`);
  const found = matching.find((m) => m.spec.method === method);
  if (found === undefined) {
    const allowed = [
      ...new Set(matching.flatMap((m) => (m.spec.method === 'GET' ? ['GET', 'HEAD'] : [m.spec.method]))),
    ];
    throw new MethodNotAllowedError(
      `${req.method} is not allowed on ${req.path}; use ${allowed.join(', ')}.`,
      allowed,
    );
  }
  return found;
}

export function createApp(handlers: RouteHandlers, log: Logger): App {
  return async (req) => {
    let response: HttpResponse;
    try {
      const { spec, params } = route(req);
      const handler = handlers[routeKey(spec)];
      // API Gateway (and the local server, from the same table) routes each request to the function that
      // serves it; a path spelled so that the router and the app read it differently lands here.
      if (handler === undefined) {
        log.warn('http.misrouted', { route: routeKey(spec), path: req.path });
        throw new NotFoundError(`No route ${req.path} here.`);
      }
      response = await handler(req, params);
    } catch (error) {
      response = problem(error, log, req.requestId);
    }
    return req.method === 'HEAD' ? { ...response, body: '' } : response;
  };
}
