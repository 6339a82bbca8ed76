/**
 * Read use cases. Kept apart from the write side so the read function's
 * bundle carries no sanitiser, Markdown parser or schema library.
 */
import { type Article, type ArticleListing, isVisible } from './article.js';
import { NotFoundError } from './errors.js';
import type { ArticleStore, Clock, Page } from './ports.js';
import { categorySlug } from './slug.js';

export interface ReadDeps {
  articles: ArticleStore;
  clock: Clock;
}

/** An article by id; drafts and scheduled ones only for editors. */
export async function getArticle(deps: ReadDeps, id: string, asEditor: boolean): Promise<Article> {
  const article = await deps.articles.get(id);
  if (article === null || (!asEditor && !isVisible(article, deps.clock.now()))) {
    throw new NotFoundError(`No article with id "${id}".`);
  }
  return article;
}

export async function listLatest(
  deps: ReadDeps,
  query: { limit: number; cursor?: string | undefined; category?: string | undefined },
): Promise<Page<ArticleListing>> {
  return deps.articles.latest({
    ...query,
    category: query.category === undefined ? undefined : categorySlug(query.category),
    now: deps.clock.now(),
  });
}

/**
 * The editors' desk: drafts, most recently edited first, or scheduled
 * articles, soonest first; listings without content, paged like /api/latest.
 */
export async function listUnpublished(
  deps: ReadDeps,
  query: { status: 'draft' | 'scheduled'; limit: number; cursor?: string | undefined },
): Promise<Page<ArticleListing>> {
  return deps.articles.unpublished({ ...query, now: deps.clock.now() });
}

/**
 * What an editor is told on top of an article's preview: whether and when
 * readers see it.
 */
export function previewNotice(article: Article, now: Date): string {
  if (article.status === 'draft') return 'Preview of a draft: readers do not see it until it is published.';
  if (!isVisible(article, now))
    return `Preview of a scheduled article: readers see it from ${new Date(article.publishedAt).toUTCString()}.`;
  return `Preview: this article is published at ${article.url}.`;
}
