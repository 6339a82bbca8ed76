/**
 * Edits: PUT (create or replace) and PATCH (merge, then validate the whole).
 * An edit keeps the id, the guid, createdAt and the archive number; it moves
 * updatedAt unless it is a minor edit; an edit that changes nothing writes
 * nothing, so PUT is idempotent in effect and feeds are not disturbed.
 */
import { type Article, EDITABLE_FIELDS } from './article.js';
import { deriveSummary } from './content.js';
import { NotFoundError, PreconditionFailedError, ValidationError } from './errors.js';
import { type ArticleInput, parseArticleInput } from './schema.js';
import { type ArticleDeps, buildArticle, createArticle, writeScheduled } from './writing.js';

export interface EditOptions {
  /** From If-Match: the edit applies only to this version. */
  expectedVersion?: number | undefined;
  /** Keep updatedAt, so readers do not mark the item unread again. */
  minorEdit: boolean;
}

/** Whether two versions of an article differ in nothing an edit can change. */
export function sameContent(a: Article, b: Article): boolean {
  return EDITABLE_FIELDS.every((field) => JSON.stringify(a[field]) === JSON.stringify(b[field]));
}

function checkVersion(current: Article, options: EditOptions): void {
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    throw new PreconditionFailedError(
      `Article "${current.id}" is at version ${current.version}, not ${options.expectedVersion}; reload it and try again.`,
    );
  }
}

/** Applies a rebuilt article onto the current one, keeping what an edit never changes. */
async function revise(
  deps: ArticleDeps,
  current: Article,
  built: Article,
  input: ArticleInput,
  options: EditOptions,
): Promise<Article> {
  if (input.guid !== undefined && input.guid !== current.guid) {
    throw new ValidationError('A guid is set when the article is created and never changes.', [
      { path: 'guid', message: `cannot change; it is "${current.guid}"` },
    ]);
  }
  const now = deps.clock.now();
  const publishing = current.status === 'draft' && built.status === 'published';
  const next: Article = {
    ...built,
    id: current.id,
    guid: current.guid,
    createdAt: current.createdAt,
    // A date is the server's unless given; publishing a draft dates it now.
    publishedAt:
      input.publishedAt !== undefined
        ? built.publishedAt
        : publishing
          ? now.toISOString()
          : current.publishedAt,
    updatedAt: options.minorEdit ? current.updatedAt : now.toISOString(),
    version: current.version + 1,
    ...(current.aliases === undefined ? {} : { aliases: current.aliases }),
  };
  const sequence =
    current.sequence ?? (next.status === 'published' ? await deps.articles.nextSequence() : undefined);
  return sequence === undefined ? next : { ...next, sequence };
}

async function store(deps: ArticleDeps, current: Article, next: Article): Promise<Article> {
  if (sameContent(current, next)) return current;
  await writeScheduled(
    deps,
    current,
    next,
    () => deps.articles.replace(next, current.version),
    () => deps.articles.replace(current, next.version),
  );
  return next;
}

/**
 * PUT: creates the article under `id`, or replaces it.
 * @returns the stored article, and whether it was created.
 */
export async function replaceArticle(
  deps: ArticleDeps,
  id: string,
  input: ArticleInput,
  options: EditOptions,
): Promise<{ article: Article; created: boolean }> {
  if (input.id !== undefined && input.id !== id) {
    throw new ValidationError('The id in the body differs from the one in the URL.', [
      { path: 'id', message: `must be "${id}" or absent` },
    ]);
  }
  const current = await deps.articles.get(id);
  if (current === null) {
    if (options.expectedVersion !== undefined)
      throw new PreconditionFailedError(`Article "${id}" does not exist, so If-Match cannot match.`);
    return { article: await createArticle(deps, { ...input, id }), created: true };
  }
  checkVersion(current, options);
  const built = buildArticle(input, id, deps.clock.now(), deps.site);
  return {
    article: await store(deps, current, await revise(deps, current, built, input, options)),
    created: false,
  };
}

/** The current article as input, the form a patch merges into. */
function asInput(article: Article): Record<string, unknown> {
  return {
    title: article.title,
    url: article.url,
    summary: article.summary,
    contentHtml: article.contentHtml,
    authors: article.authors,
    categories: article.categories,
    image: article.image,
    source: article.source,
    status: article.status,
    publishedAt: article.publishedAt,
  };
}

const CONTENT = ['contentHtml', 'contentMarkdown', 'contentText'];

/**
 * PATCH (JSON merge patch, RFC 7396): the given fields replace the stored
 * ones, `null` removes an optional one (a removed summary is derived again),
 * and the merged whole must be a valid article.
 */
export async function patchArticle(
  deps: ArticleDeps,
  id: string,
  patch: Record<string, unknown>,
  options: EditOptions,
): Promise<Article> {
  const current = await deps.articles.get(id);
  if (current === null) throw new NotFoundError(`No article with id "${id}".`);
  checkVersion(current, options);
  if ('id' in patch && patch.id !== id) {
    throw new ValidationError('An article id never changes.', [{ path: 'id', message: 'cannot be changed' }]);
  }
  const merged = asInput(current);
  // Publishing a draft without a date dates it now.
  if (patch.status === 'published' && current.status === 'draft' && !('publishedAt' in patch))
    delete merged.publishedAt;
  const newContent = CONTENT.some((field) => field in patch);
  if (newContent) delete merged.contentHtml;
  // A summary that was derived from the old content is derived again from the new.
  if (newContent && !('summary' in patch) && current.summary === deriveSummary(current.contentHtml))
    delete merged.summary;
  for (const [field, value] of Object.entries(patch)) {
    if (field === 'id') continue;
    if (value === null && field !== 'image' && field !== 'source') delete merged[field];
    else merged[field] = value;
  }
  const input = parseArticleInput(merged);
  const built = buildArticle(input, id, deps.clock.now(), deps.site);
  return store(deps, current, await revise(deps, current, built, input, options));
}
