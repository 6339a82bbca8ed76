/** The article: its stored shape (the type every module shares) and the resource the API returns (docs/api.md). */

export const ARTICLE_STATUSES = ['published', 'draft'] as const;
type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

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
  /**
   * The id feeds give the item forever: a tag: URI (RFC 4151) minted at
   * creation, or the id an imported item already had, verbatim.
   */
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
  /**
   * Archive sequence number (RFC 5005 pages), given once when the article is
   * first stored as published. Internal: never part of the API resource.
   */
  sequence?: number;
  /**
   * Paths on this site where the article lived before it moved in (an
   * import's old links), each answered with a redirect to its permalink.
   * Internal, set at creation.
   */
  aliases?: string[];
}

/** What an edit can change: an edit equal on all of these changes nothing. */
export const EDITABLE_FIELDS = [
  'title',
  'url',
  'summary',
  'contentHtml',
  'authors',
  'categories',
  'image',
  'source',
  'status',
  'publishedAt',
] as const satisfies ReadonlyArray<keyof Article>;

/** Every field of an article, in the order they are stored. */
export const ARTICLE_FIELDS = [
  'id',
  'guid',
  ...EDITABLE_FIELDS,
  'updatedAt',
  'createdAt',
  'version',
  'sequence',
  'aliases',
] as const satisfies ReadonlyArray<keyof Article>;

/** A deleted article, remembered for a while so Atom can say so (RFC 6721). */
export interface Tombstone {
  id: string;
  guid: string;
  url: string;
  deletedAt: string;
  /** The slugs of the categories the article was in, so their feeds carry the deletion too. */
  categories?: string[];
}

/** The article as the API returns it (docs/api.md). */
export function toResource(article: Article): Omit<Article, 'sequence' | 'aliases'> {
  const { sequence: _sequence, aliases: _aliases, ...resource } = article;
  return resource;
}

/** What /api/latest lists: the article without its full content. */
export type ArticleListing = Omit<Article, 'contentHtml' | 'sequence' | 'aliases'>;

export function toListing(article: Article): ArticleListing {
  const { contentHtml: _content, sequence: _sequence, aliases: _aliases, ...listing } = article;
  return listing;
}

/**
 * Whether readers may see the article at `now`: published, and its
 * publishedAt has arrived (a future date means scheduled).
 */
export function isVisible(article: Pick<Article, 'status' | 'publishedAt'>, now: Date): boolean {
  return article.status === 'published' && Date.parse(article.publishedAt) <= now.getTime();
}
