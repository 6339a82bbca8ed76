/**
 * The API as one function from request to response. The Lambda handlers and
 * the local server both call it; it never knows which one did.
 */

import { type ArticleDeps, createArticle, deleteArticle, getArticle, listLatest } from '../core/articles.js';
import { MethodNotAllowedError, NotFoundError, ValidationError } from '../core/errors.js';
import type { Authenticator } from '../core/keys.js';
import type { Logger } from '../core/ports.js';
import { parseArticleInput } from '../core/schema.js';
import { readJsonObject } from './body.js';
import { problem } from './problem.js';
import { API_ROUTES, matchPath, type RouteSpec } from './routes.js';
import { type HttpRequest, type HttpResponse, json } from './types.js';

export interface AppDeps {
  articles: ArticleDeps;
  auth: Authenticator;
  log: Logger;
}

export type App = (req: HttpRequest) => Promise<HttpResponse>;

type Handler = (req: HttpRequest, params: Record<string, string>) => Promise<HttpResponse>;

const etagOf = (version: number) => `"${version}"`;

/** `If-Match: "3"` to 3; `*` or absent to undefined. */
function expectedVersion(req: HttpRequest): number | undefined {
  const raw = req.headers['if-match']?.trim();
  if (raw === undefined || raw === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(raw);
  if (match?.[1] === undefined) {
    throw new ValidationError('If-Match must be an ETag this API gave out, such as "3".', [
      { path: 'If-Match', message: 'is not a valid ETag' },
    ]);
  }
  return Number(match[1]);
}

function limitOf(req: HttpRequest): number {
  const raw = req.query.get('limit');
  if (raw === null) return 20;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > 100) {
    throw new ValidationError('limit must be a whole number from 1 to 100.', [
      { path: 'limit', message: 'must be a whole number from 1 to 100' },
    ]);
  }
  return limit;
}

export function createApp(deps: AppDeps): App {
  const { articles, auth } = deps;

  const handlers: Record<string, Handler> = {
    'GET /api/health': async () => json(200, { status: 'ok' }, { 'cache-control': 'no-store' }),

    'GET /api/latest': async (req) => {
      const page = await listLatest(articles, {
        limit: limitOf(req),
        cursor: req.query.get('cursor') ?? undefined,
        category: req.query.get('category') ?? undefined,
      });
      return json(200, page, { 'cache-control': 'public, max-age=30, stale-while-revalidate=60' });
    },

    'POST /api/articles': async (req) => {
      const editor = await auth.authenticate(req.headers.authorization);
      const input = parseArticleInput(readJsonObject(req));
      const article = await createArticle(articles, input);
      deps.log.info('article.created', { requestId: req.requestId, id: article.id, editor: editor.name });
      return json(201, article, { location: `/api/articles/${article.id}`, etag: etagOf(article.version) });
    },

    'GET /api/articles/{id}': async (req, { id }) => {
      const asEditor = req.headers.authorization !== undefined;
      if (asEditor) await auth.authenticate(req.headers.authorization);
      const article = await getArticle(articles, id as string, asEditor);
      return json(200, article, {
        etag: etagOf(article.version),
        'cache-control': asEditor ? 'private, no-store' : 'public, max-age=60',
      });
    },

    'DELETE /api/articles/{id}': async (req, { id }) => {
      const editor = await auth.authenticate(req.headers.authorization);
      const removed = await deleteArticle(articles, id as string, expectedVersion(req));
      deps.log.info('article.deleted', { requestId: req.requestId, id: removed.id, editor: editor.name });
      return { status: 204, headers: {}, body: '' };
    },
  };

  const route = (req: HttpRequest): { spec: RouteSpec; params: Record<string, string> } => {
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
  };

  return async (req) => {
    try {
      const { spec, params } = route(req);
      const handler = handlers[`${spec.method} ${spec.path}`];
      if (handler === undefined) throw new Error(`Route ${spec.method} ${spec.path} has no handler`);
      const response = await handler(req, params);
      return req.method === 'HEAD' ? { ...response, body: '' } : response;
    } catch (error) {
      const response = problem(error, deps.log, req.requestId);
      return req.method === 'HEAD' ? { ...response, body: '' } : response;
    }
  };
}
