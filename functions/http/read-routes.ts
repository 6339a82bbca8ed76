/**
 * The read function's routes: GET /api/health, /api/latest, /api/articles (the
 * editors' desk), /api/articles/{id} and its page preview.
 */
import { toResource } from '../core/article.js';
import { MEDIA_TYPES, PAGE_CSP } from '../core/documents.js';
import { ValidationError } from '../core/errors.js';
import type { Authenticator } from '../core/keys.js';
import { getArticle, listLatest, listUnpublished, previewNotice, type ReadDeps } from '../core/reading.js';
import { mainChannelOf, pageSiteOf } from '../core/render/channels.js';
import { renderArticlePage } from '../core/render/pages.js';
import type { SiteConfig } from '../core/site.js';
import type { RouteHandlers } from './app.js';
import { limitOf } from './query.js';
import { etagOf, json } from './types.js';

export function readRoutes(deps: ReadDeps & { auth: Authenticator; site: SiteConfig }): RouteHandlers {
  return {
    'GET /api/health': async () => json(200, { status: 'ok' }, { 'cache-control': 'no-store' }),

    'GET /api/latest': async (req) => {
      const page = await listLatest(deps, {
        limit: limitOf(req, { fallback: 20, max: 100 }),
        cursor: req.query.get('cursor') ?? undefined,
        category: req.query.get('category') ?? undefined,
      });
      return json(200, page, { 'cache-control': 'public, max-age=30, stale-while-revalidate=60' });
    },

    'GET /api/articles': async (req) => {
      await deps.auth.authenticate(req.headers.authorization, req.client);
      const status = req.query.get('status');
      if (status !== 'draft' && status !== 'scheduled') {
        throw new ValidationError(
          'status must be draft or scheduled (the newest published articles are at /api/latest).',
          [{ path: 'status', message: 'must be draft or scheduled' }],
        );
      }
      const page = await listUnpublished(deps, {
        status,
        limit: limitOf(req, { fallback: 20, max: 100 }),
        cursor: req.query.get('cursor') ?? undefined,
      });
      return json(200, page, { 'cache-control': 'private, no-store' });
    },

    'GET /api/articles/{id}/preview': async (req, { id }) => {
      await deps.auth.authenticate(req.headers.authorization, req.client);
      const article = await getArticle(deps, id as string, true);
      const notice = previewNotice(article, deps.clock.now());
      return {
        status: 200,
        headers: {
          'content-type': MEDIA_TYPES.html,
          'cache-control': 'private, no-store',
          'content-security-policy': PAGE_CSP,
          'x-robots-tag': 'noindex',
        },
        body: renderArticlePage(mainChannelOf(deps.site), article, pageSiteOf(deps.site), { notice }),
      };
    },

    'GET /api/articles/{id}': async (req, { id }) => {
      const asEditor = req.headers.authorization !== undefined;
      if (asEditor) await deps.auth.authenticate(req.headers.authorization, req.client);
      const article = await getArticle(deps, id as string, asEditor);
      const cacheControl = asEditor ? 'private, no-store' : 'public, max-age=60';
      if (req.headers['if-none-match'] === etagOf(article.version)) {
        return {
          status: 304,
          headers: { etag: etagOf(article.version), 'cache-control': cacheControl },
          body: '',
        };
      }
      return json(200, toResource(article), {
        etag: etagOf(article.version),
        'cache-control': cacheControl,
      });
    },
  };
}
