/** The ingest function's routes: the writes. */
import { toResource } from '../core/article.js';
import { type ArticleDeps, createArticle, deleteArticle, previewArticle } from '../core/articles.js';
import { ValidationError } from '../core/errors.js';
import { extractPage, pageToInput } from '../core/extract/index.js';
import type { Authenticator } from '../core/keys.js';
import type { Logger } from '../core/ports.js';
import { parseArticleInput } from '../core/schema.js';
import type { RouteHandlers } from './app.js';
import { readArticleBody } from './body.js';
import { etagOf, type HttpRequest, json } from './types.js';

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

/** A boolean query parameter: absent or "false" is false, "true" is true, anything else a 400. */
function flag(req: HttpRequest, name: string): boolean {
  const raw = req.query.get(name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ValidationError(`${name} must be true or false.`, [
    { path: name, message: 'must be true or false' },
  ]);
}

export function writeRoutes(deps: ArticleDeps & { auth: Authenticator; log: Logger }): RouteHandlers {
  return {
    'POST /api/articles': async (req) => {
      const editor = await deps.auth.authenticate(req.headers.authorization);
      const body = readArticleBody(req);
      const input = parseArticleInput(
        body.kind === 'json' ? body.value : pageToInput(extractPage(body.text, body.mediaType)),
      );
      if (flag(req, 'dryRun'))
        return json(200, await previewArticle(deps, input), { 'cache-control': 'no-store' });
      const article = await createArticle(deps, input);
      deps.log.info('article.created', { requestId: req.requestId, id: article.id, editor: editor.name });
      return json(201, toResource(article), {
        location: `/api/articles/${article.id}`,
        etag: etagOf(article.version),
      });
    },

    'DELETE /api/articles/{id}': async (req, { id }) => {
      const editor = await deps.auth.authenticate(req.headers.authorization);
      const removed = await deleteArticle(deps, id as string, expectedVersion(req));
      deps.log.info('article.deleted', { requestId: req.requestId, id: removed.id, editor: editor.name });
      return { status: 204, headers: {}, body: '' };
    },
  };
}
