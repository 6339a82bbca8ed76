/** The ingest function's routes: the writes, and the editor-only key and audit routes. */
import { createHash } from 'node:crypto';
import { type Article, toResource } from '../core/article.js';
import { patchArticle, replaceArticle } from '../core/edits.js';
import {
  FeedwrightError,
  NotFoundError,
  UnavailableError,
  UnprocessableError,
  ValidationError,
} from '../core/errors.js';
import { importFeed } from '../core/import/import.js';
import { readFeed } from '../core/import/read-feed.js';
import { type Authenticator, type Editor, generateKey, hashKey, keyId } from '../core/keys.js';
import type {
  AuditAction,
  AuditLog,
  EditorKey,
  IdempotencyStore,
  KeyStore,
  Logger,
  PageReader,
} from '../core/ports.js';
import { parseArticleInput } from '../core/schema.js';
import { ID_PATTERN } from '../core/slug.js';
import { type ArticleDeps, createArticle, deleteArticle, previewArticle } from '../core/writing.js';
import type { RouteHandlers } from './app.js';
import { readArticleBody, readFeedBody, readJsonObject } from './body.js';
import { problem } from './problem.js';
import { flag, limitOf } from './query.js';
import { etagOf, type HttpRequest, type HttpResponse, json } from './types.js';

export interface WriteDeps extends ArticleDeps {
  auth: Authenticator;
  log: Logger;
  pages: PageReader;
  keys: KeyStore;
  idempotency: IdempotencyStore;
  audit: AuditLog;
}

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

function checkId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new ValidationError(`"${id}" is not a valid article id.`, [
      { path: 'id', message: 'must be 1-80 characters of a-z, 0-9 and inner hyphens' },
    ]);
  }
}

/** Takes `minorEdit` out of a JSON body (it steers the edit; it is not part of the article). */
function takeMinorEdit(
  body: Record<string, unknown>,
  req: HttpRequest,
): { body: Record<string, unknown>; minorEdit: boolean } {
  const { minorEdit, ...rest } = body;
  if (minorEdit !== undefined && typeof minorEdit !== 'boolean') {
    throw new ValidationError('minorEdit must be true or false.', [
      { path: 'minorEdit', message: 'must be a boolean' },
    ]);
  }
  return { body: rest, minorEdit: minorEdit === true || flag(req, 'minorEdit') };
}

const articleHeaders = (article: Article) => ({ etag: etagOf(article.version), 'cache-control': 'no-store' });

function keyView(key: EditorKey) {
  return {
    id: keyId(key.hash),
    name: key.name,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt ?? null,
    revokedAt: key.revokedAt ?? null,
  };
}

export function writeRoutes(deps: WriteDeps): RouteHandlers {
  /** Audit entries are written after the change they describe; a failure to write one is logged, never undone. */
  const audit = async (editor: Editor, action: AuditAction, subject: string, version?: number) => {
    try {
      await deps.audit.record({
        at: deps.clock.now().toISOString(),
        editorId: editor.id,
        editor: editor.name,
        action,
        subject,
        ...(version === undefined ? {} : { version }),
      });
    } catch (error) {
      deps.log.error('audit.write-failed', { action, subject, error: (error as Error).message });
    }
  };

  /**
   * Runs a POST at most once per Idempotency-Key (per editor, 24 hours): a
   * retry with the same body gets the first answer again; the same key with
   * another body is a 422.
   */
  const once = async (
    req: HttpRequest,
    editor: Editor,
    run: () => Promise<HttpResponse>,
  ): Promise<HttpResponse> => {
    const key = req.headers['idempotency-key']?.trim();
    if (key === undefined) return run();
    if (key.length === 0 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
      throw new ValidationError('Idempotency-Key must be 1-255 visible ASCII characters.', [
        { path: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
      ]);
    }
    // By the key's id: two keys may share a name, never an id.
    const scope = `${editor.id}#${key}`;
    const fingerprint = createHash('sha256')
      .update(`${req.path}\n${req.headers['content-type'] ?? ''}\n${req.query.toString()}\n`)
      .update(req.body ?? Buffer.alloc(0))
      .digest('hex');
    const claim = await deps.idempotency.claim(scope, fingerprint, deps.clock.now());
    if (claim.state !== 'new' && claim.fingerprint !== fingerprint) {
      throw new UnprocessableError(
        'This Idempotency-Key was used with a different request; use a new key for a new request.',
        [{ path: 'Idempotency-Key', message: 'was used with a different body' }],
      );
    }
    if (claim.state === 'done')
      return { ...claim.response, headers: { ...claim.response.headers, 'idempotent-replayed': 'true' } };
    if (claim.state === 'pending')
      throw new UnavailableError(
        'A request with this Idempotency-Key is still being processed; retry shortly.',
      );
    try {
      const response = await run();
      await deps.idempotency.complete(scope, fingerprint, response, deps.clock.now());
      return response;
    } catch (error) {
      if (error instanceof FeedwrightError && error.status < 500) {
        // A refusal is an answer too: the same request gets the same refusal.
        const response = problem(error, deps.log, req.requestId);
        await deps.idempotency.complete(scope, fingerprint, response, deps.clock.now());
        return response;
      }
      await deps.idempotency.release(scope);
      throw error;
    }
  };

  return {
    'POST /api/articles': async (req) => {
      const editor = await deps.auth.authenticate(req.headers.authorization, req.client);
      return once(req, editor, async () => {
        const body = readArticleBody(req);
        const input = parseArticleInput(
          body.kind === 'json' ? body.value : await deps.pages.read(body.text, body.mediaType),
        );
        if (flag(req, 'dryRun'))
          return json(200, toResource(await previewArticle(deps, input)), { 'cache-control': 'no-store' });
        const article = await createArticle(deps, input);
        deps.log.info('article.created', { requestId: req.requestId, id: article.id, editor: editor.name });
        await audit(editor, 'create', article.id, article.version);
        return json(201, toResource(article), {
          location: `/api/articles/${encodeURIComponent(article.id)}`,
          ...articleHeaders(article),
        });
      });
    },

    'PUT /api/articles/{id}': async (req, { id }) => {
      const editor = await deps.auth.authenticate(req.headers.authorization, req.client);
      checkId(id as string);
      const body = readArticleBody(req);
      const { body: fields, minorEdit } =
        body.kind === 'json'
          ? takeMinorEdit(body.value, req)
          : { body: await deps.pages.read(body.text, body.mediaType), minorEdit: flag(req, 'minorEdit') };
      const input = parseArticleInput(fields);
      const { article, created } = await replaceArticle(deps, id as string, input, {
        expectedVersion: expectedVersion(req),
        minorEdit,
      });
      deps.log.info(created ? 'article.created' : 'article.replaced', {
        requestId: req.requestId,
        id: article.id,
        editor: editor.name,
      });
      await audit(editor, created ? 'create' : 'replace', article.id, article.version);
      return json(created ? 201 : 200, toResource(article), {
        ...articleHeaders(article),
        ...(created ? { location: `/api/articles/${encodeURIComponent(article.id)}` } : {}),
      });
    },

    'PATCH /api/articles/{id}': async (req, { id }) => {
      const editor = await deps.auth.authenticate(req.headers.authorization, req.client);
      checkId(id as string);
      const { body, minorEdit } = takeMinorEdit(
        readJsonObject(req, 'application/merge-patch+json or application/json'),
        req,
      );
      const article = await patchArticle(deps, id as string, body, {
        expectedVersion: expectedVersion(req),
        minorEdit,
      });
      deps.log.info('article.patched', { requestId: req.requestId, id: article.id, editor: editor.name });
      await audit(editor, 'patch', article.id, article.version);
      return json(200, toResource(article), articleHeaders(article));
    },

    'DELETE /api/articles/{id}': async (req, { id }) => {
      const editor = await deps.auth.authenticate(req.headers.authorization, req.client);
      const removed = await deleteArticle(deps, id as string, expectedVersion(req));
      deps.log.info('article.deleted', { requestId: req.requestId, id: removed.id, editor: editor.name });
      await audit(editor, 'delete', removed.id, removed.version);
      return { status: 204, headers: {}, body: '' };
    },

    'POST /api/import': async (req) => {
      const editor = await deps.auth.authenticate(req.headers.authorization, req.client);
      const oldBase = req.query.get('oldBase') ?? undefined;
      if (oldBase !== undefined && !/^https?:\/\/[^/]+/i.test(oldBase)) {
        throw new ValidationError("oldBase must be the old site's http(s) address.", [
          { path: 'oldBase', message: 'must be an absolute http or https URL' },
        ]);
      }
      const file = readFeed(readFeedBody(req));
      const report = await importFeed(deps, file, {
        update: flag(req, 'update'),
        dryRun: flag(req, 'dryRun'),
        oldBase,
        final: req.query.get('final') !== 'false',
      });
      deps.log.info('import.done', {
        requestId: req.requestId,
        editor: editor.name,
        format: report.format,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        refused: report.refused,
      });
      if (!report.dryRun && report.created + report.updated > 0)
        await audit(editor, 'import', `${report.created} created, ${report.updated} updated`);
      return json(200, report, { 'cache-control': 'no-store' });
    },

    'GET /api/keys': async (req) => {
      await deps.auth.authenticate(req.headers.authorization, req.client);
      return json(200, { items: (await deps.keys.listKeys()).map(keyView) }, { 'cache-control': 'no-store' });
    },

    'POST /api/keys': async (req) => {
      const editor = await deps.auth.authenticate(req.headers.authorization, req.client);
      const { name } = readJsonObject(req);
      if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
        throw new ValidationError('A key needs a name (1-100 characters).', [
          { path: 'name', message: 'must be 1-100 characters' },
        ]);
      }
      const key = generateKey();
      const record: EditorKey = {
        hash: hashKey(key),
        name: name.trim(),
        createdAt: deps.clock.now().toISOString(),
      };
      await deps.keys.add(record);
      await audit(editor, 'key.create', keyId(record.hash));
      // The only time the key itself is ever shown.
      return json(201, { ...keyView(record), key }, { 'cache-control': 'no-store' });
    },

    'DELETE /api/keys/{id}': async (req, { id }) => {
      const editor = await deps.auth.authenticate(req.headers.authorization, req.client);
      const revoked = await deps.keys.revokeKey(id as string, deps.clock.now());
      if (revoked === null) throw new NotFoundError(`No key with id "${id}".`);
      await audit(editor, 'key.revoke', keyId(revoked.hash));
      return json(200, keyView(revoked), { 'cache-control': 'no-store' });
    },

    'GET /api/audit': async (req) => {
      await deps.auth.authenticate(req.headers.authorization, req.client);
      const page = await deps.audit.list({
        limit: limitOf(req, { fallback: 50, max: 200 }),
        cursor: req.query.get('cursor') ?? undefined,
        subject: req.query.get('subject') ?? undefined,
      });
      return json(200, page, { 'cache-control': 'no-store' });
    },
  };
}
