/**
 * The article use cases that write: create (with its id, summary and
 * schedule), preview a create, delete. Edits are in edits.ts, reads in
 * reading.ts; the Article type itself in article.ts.
 */
import type { Article } from './article.js';
import { deriveSummary, markdownToHtml, textToHtml } from './content.js';
import { toTimestamp } from './dates.js';
import { ConflictError, GuidTakenError, NotFoundError, UnavailableError, ValidationError } from './errors.js';
import type { ArticleStore, Clock, InsertOptions, PublishScheduler } from './ports.js';
import { sanitiseHtml } from './sanitise.js';
import type { ArticleInput } from './schema.js';
import { type SiteConfig, siteAuthority, siteUrlOf } from './site.js';
import { categorySlug, slugCandidate, slugify } from './slug.js';
import { normaliseSpace } from './text.js';

export interface ArticleDeps {
  articles: ArticleStore;
  clock: Clock;
  site: SiteConfig;
  scheduler: PublishScheduler;
}

const isDue = (a: Article | null, now: Date): a is Article =>
  a !== null && a.status === 'published' && Date.parse(a.publishedAt) > now.getTime();

/**
 * Writes one change, then keeps the article's wake-up in step with it. The
 * wake-up is set only once the write has succeeded, so a refused write (a
 * clash, a stale version) never touches a schedule, and only the article
 * written is ever scheduled (schedules are named by article id). If the
 * wake-up cannot be set, the write is undone and the request fails with 503:
 * nothing is left half-done, and the client may retry.
 */
export async function writeScheduled(
  deps: ArticleDeps,
  before: Article | null,
  after: Article,
  write: () => Promise<void>,
  undo: () => Promise<unknown>,
): Promise<void> {
  await write();
  try {
    await scheduleFor(deps, before, after);
  } catch (error) {
    await undo();
    throw new UnavailableError(
      'The article could not be scheduled; nothing was changed. Try again shortly.',
      {
        cause: error,
      },
    );
  }
}

async function scheduleFor(deps: ArticleDeps, before: Article | null, after: Article | null): Promise<void> {
  const now = deps.clock.now();
  if (after !== null && isDue(after, now))
    await deps.scheduler.schedule(after.id, new Date(after.publishedAt));
  else if (isDue(before, now)) await deps.scheduler.cancel(before.id);
}

/** How many suffixed ids a title may try before the create gives up. */
const MAX_SLUG_ATTEMPTS = 50;

function defaultArticleUrl(site: SiteConfig, id: string): string {
  return siteUrlOf(site, `articles/${id}`);
}

function contentOf(input: ArticleInput, url: string): string {
  const html =
    input.contentHtml ??
    (input.contentMarkdown !== undefined
      ? markdownToHtml(input.contentMarkdown)
      : textToHtml(input.contentText ?? ''));
  const clean = sanitiseHtml(html, url);
  if (clean.length === 0) {
    const field =
      input.contentHtml !== undefined
        ? 'contentHtml'
        : input.contentMarkdown !== undefined
          ? 'contentMarkdown'
          : 'contentText';
    throw new ValidationError('The content is empty once unsafe markup is removed.', [
      { path: field, message: 'has no content once unsafe markup is removed' },
    ]);
  }
  return clean;
}

function uniqueCategories(categories: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of categories) {
    const name = normaliseSpace(raw);
    const key = categorySlug(name);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}

/** An IRI id goes into the tag: URI percent-encoded, so the guid is a URI every reader takes. */
function mintGuid(site: SiteConfig, nowIso: string, id: string): string {
  return `tag:${siteAuthority(site)},${nowIso.slice(0, 10)}:${encodeURIComponent(id)}`;
}

/**
 * Turns validated input into the article to store under `id`: content
 * sanitised, summary derived when absent, dates read in the site's zone.
 */
export function buildArticle(input: ArticleInput, id: string, now: Date, site: SiteConfig): Article {
  const url = input.url ?? defaultArticleUrl(site, id);
  const contentHtml = contentOf(input, url);
  const nowIso = now.toISOString();
  return {
    id,
    guid: input.guid ?? mintGuid(site, nowIso, id),
    title: normaliseSpace(input.title),
    url,
    summary:
      input.summary !== undefined && input.summary.length > 0
        ? normaliseSpace(input.summary)
        : deriveSummary(contentHtml),
    contentHtml,
    authors: input.authors ?? [],
    categories: uniqueCategories(input.categories ?? []),
    image: input.image ?? null,
    source: input.source ?? null,
    status: input.status ?? 'published',
    publishedAt:
      input.publishedAt !== undefined ? toTimestamp(input.publishedAt, site.timeZone, 'publishedAt') : nowIso,
    updatedAt: nowIso,
    createdAt: nowIso,
    version: 1,
  };
}

/** What an import adds to a create: the item's own dates and old paths, and whether the hubs hear of it. */
export interface CreateOptions {
  updatedAt?: string | undefined;
  aliases?: string[] | undefined;
  /** Part of a run of writes whose last one announces them all (an import). */
  quiet?: boolean | undefined;
}

function insertScheduled(deps: ArticleDeps, article: Article, options: InsertOptions): Promise<void> {
  return writeScheduled(
    deps,
    null,
    article,
    () => deps.articles.insert(article, options),
    () => deps.articles.remove(article.id, article.version),
  );
}

/**
 * Creates an article. An explicit id that exists is a 409; an id derived from
 * the title gets a numeric suffix instead, never an overwrite. A given guid
 * another article has is a 409 too.
 */
export async function createArticle(
  deps: ArticleDeps,
  input: ArticleInput,
  options: CreateOptions = {},
): Promise<Article> {
  const now = deps.clock.now();
  const insert: InsertOptions = { claimGuid: input.guid !== undefined, quiet: options.quiet === true };
  const numbered = async (built: Article): Promise<Article> => {
    const article: Article = {
      ...built,
      ...(options.updatedAt === undefined ? {} : { updatedAt: options.updatedAt }),
      ...(options.aliases === undefined || options.aliases.length === 0 ? {} : { aliases: options.aliases }),
    };
    // A number a failed insert took is a gap in an archive page, never a partial article.
    return article.status === 'published'
      ? { ...article, sequence: await deps.articles.nextSequence() }
      : article;
  };
  if (input.id !== undefined) {
    const article = await numbered(buildArticle(input, input.id, now, deps.site));
    await insertScheduled(deps, article, insert);
    return article;
  }
  const slug = slugify(input.title);
  // Content is sanitised once; only the id (and the default url) change per attempt.
  const first = await numbered(buildArticle(input, slug, now, deps.site));
  for (let attempt = 1; attempt <= MAX_SLUG_ATTEMPTS; attempt++) {
    const id = slugCandidate(slug, attempt);
    const article =
      attempt === 1
        ? first
        : {
            ...first,
            id,
            guid: input.guid ?? mintGuid(deps.site, now.toISOString(), id),
            url: input.url ?? defaultArticleUrl(deps.site, id),
          };
    try {
      await insertScheduled(deps, article, insert);
      return article;
    } catch (error) {
      if (!(error instanceof ConflictError) || error instanceof GuidTakenError) throw error;
    }
  }
  throw new ConflictError(`Too many articles share the id "${slug}"; give an explicit id.`);
}

/**
 * The article a create would store, without storing it: the same id choice
 * (a clash with an explicit id is still a 409), the same sanitising.
 */
export async function previewArticle(deps: ArticleDeps, input: ArticleInput): Promise<Article> {
  const now = deps.clock.now();
  if (input.guid !== undefined) {
    const holder = await deps.articles.byGuid(input.guid);
    if (holder !== null) throw new GuidTakenError(input.guid, holder.id);
  }
  if (input.id !== undefined) {
    if ((await deps.articles.get(input.id)) !== null)
      throw new ConflictError(`An article with id "${input.id}" exists.`);
    return buildArticle(input, input.id, now, deps.site);
  }
  const slug = slugify(input.title);
  for (let attempt = 1; attempt <= MAX_SLUG_ATTEMPTS; attempt++) {
    const id = slugCandidate(slug, attempt);
    if ((await deps.articles.get(id)) === null) return buildArticle(input, id, now, deps.site);
  }
  throw new ConflictError(`Too many articles share the id "${slug}"; give an explicit id.`);
}

export async function deleteArticle(
  deps: ArticleDeps,
  id: string,
  expectedVersion?: number,
): Promise<Article> {
  const removed = await deps.articles.remove(id, expectedVersion);
  if (removed === null) throw new NotFoundError(`No article with id "${id}".`);
  await scheduleFor(deps, removed, null);
  return removed;
}
