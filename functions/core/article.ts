/** The article resource as DESIGN.md defines it, and the shapes around it. */

export const ARTICLE_STATUSES = ['published', 'draft'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export interface Author {
  name: string;
  url?: string;
  email?: string;
}

export interface Source {
  name: string;
  url?: string;
}

export interface Article {
  id: string;
  /** Stable tag: URI (RFC 4151) minted at creation; feeds use it as guid/id forever. */
  guid: string;
  title: string;
  url: string;
  summary: string;
  contentHtml: string;
  authors: Author[];
  categories: string[];
  image: string | null;
  source: Source | null;
  status: ArticleStatus;
  publishedAt: string;
  updatedAt: string;
  createdAt: string;
  version: number;
}

/** What /api/latest lists: the article without its full content. */
export type ArticleListing = Omit<Article, 'contentHtml'>;

export function toListing(article: Article): ArticleListing {
  const { contentHtml: _content, ...listing } = article;
  return listing;
}

/**
 * Whether readers may see the article at `now`: published, and its
 * publishedAt has arrived (a future date means scheduled).
 */
export function isVisible(article: Pick<Article, 'status' | 'publishedAt'>, now: Date): boolean {
  return article.status === 'published' && Date.parse(article.publishedAt) <= now.getTime();
}
