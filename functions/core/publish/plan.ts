/**
 * What a publish run must render, worked out without any I/O: a batch's
 * changes collapsed per article, the archive pages they touch, the
 * categories and pages each change reaches. The publisher reads what the
 * plan needs, keeps its books, then renders what the plan names.
 */
import { createHash } from 'node:crypto';
import type { Article, Tombstone } from '../article.js';
import type { SiteConfig } from '../site.js';
import { categorySlug } from '../slug.js';

export interface ArticleChange {
  id: string;
  before: Article | null;
  after: Article | null;
  /** One of a run of writes whose last one announces them all (an import): the hubs hear of it then. */
  quiet?: boolean;
}

/** One article's changes in a batch: the first `before`, the last `after`, and every state between. */
export interface Collapsed extends ArticleChange {
  /** Every state the article had before `after` in this batch (an earlier run may have published one). */
  earlier: Article[];
}

/** How long a deletion stays in the Atom feed as a tombstone, and how many at most. */
export const TOMBSTONE_DAYS = 30;
export const TOMBSTONE_LIMIT = 50;

/** A wake-up this close before publishedAt came early; one further off belongs to an article moved since. */
const EARLY_MARGIN_MS = 60_000;

export function wokeEarly(article: Article, now: Date): boolean {
  const wait = Date.parse(article.publishedAt) - now.getTime();
  return article.status === 'published' && wait > 0 && wait <= EARLY_MARGIN_MS;
}

export const listed = (a: Article | null): a is Article => a !== null && a.status === 'published';

/** Merges the changes of one batch per article. */
export function collapse(changes: readonly ArticleChange[]): Collapsed[] {
  const byId = new Map<string, Collapsed>();
  for (const change of changes) {
    const seen = byId.get(change.id);
    const earlier = [...(seen?.earlier ?? []), ...(seen === undefined ? [change.before] : [seen.after])];
    byId.set(change.id, {
      id: change.id,
      before: seen === undefined ? change.before : seen.before,
      after: change.after,
      earlier: earlier.filter((a): a is Article => a !== null),
    });
  }
  return [...byId.values()];
}

/**
 * The state to take memberships and tombstones from: the latest listed one
 * before `after`, carrying every category any of them was in, so that a join
 * an earlier run published (an article ahead of its change) is undone too.
 */
export function widest(change: Collapsed): Article | null {
  const listedStates = change.earlier.filter(listed);
  const last = listedStates[listedStates.length - 1];
  if (last === undefined) return change.before;
  return { ...last, categories: [...new Set(listedStates.flatMap((a) => a.categories))] };
}

/** The archive pages of the site or of a category: `full` never change again; `last` may still be filling. */
export interface ArchiveBounds {
  full: number;
  last: number;
}

/** The bounds of an archive that has given out `count` numbers, `size` to a page. */
export const boundsOf = (count: number, size: number): ArchiveBounds => ({
  full: Math.floor(count / size),
  last: Math.ceil(count / size),
});

/** Where archive page k lives: its number once full, `open` while it fills. */
export const archiveKey = (page: number, bounds: ArchiveBounds): number | 'open' =>
  page > bounds.full ? 'open' : page;

/**
 * The archive pages to render for members numbered `sequences` (the batch's):
 * the pages they sit on, the page still filling, the pages whose files are
 * not there yet at their key (`missing`: opened or filled by articles written
 * after the batch was cut, or lost); and a page's predecessor only when its
 * next-archive link changes: when the page after it is new, when a member
 * opened the page after it (its first number) or filled it (linked by number
 * from then on), or when the open page's files go in this run (`openGoing`).
 * A batch replayed after a crash names the same members, so it renders the
 * same pages. Newest first.
 */
export function archivePagesOf(
  sequences: readonly number[],
  bounds: ArchiveBounds,
  size: number,
  options: { missing?: readonly number[]; openGoing?: boolean } = {},
): number[] {
  const pageOf = (n: number) => Math.ceil(n / size);
  const missing = options.missing ?? [];
  const pages = [bounds.last, ...sequences.map(pageOf), ...missing, ...missing.map((p) => p - 1)];
  for (const n of sequences) if (n % size === 1 % size || n % size === 0) pages.push(pageOf(n) - 1);
  if (options.openGoing === true) pages.push(bounds.last - 1);
  return [...new Set(pages)].filter((page) => page >= 1 && page <= bounds.last).sort((a, b) => b - a);
}

/** Whether the open page's files go in this run: the last page is full, and the open one is still there. */
export const openGoing = (bounds: ArchiveBounds, openExists: boolean): boolean =>
  bounds.full >= 1 && bounds.last === bounds.full && openExists;

/** The site archive's members a batch touched: every listed state, not only the collapsed ones. */
export function mainMembers(changes: readonly ArticleChange[]): number[] {
  // An article that came and went within the batch still took a number, and its archive page must
  // exist for the chain of links to hold.
  return changes
    .flatMap((c) => [c.before, c.after])
    .filter(listed)
    .flatMap((a) => (a.sequence === undefined ? [] : [a.sequence]));
}

/** Whether a batch touches the site's own feeds (some state of it is, or was, published). */
export const touchesMain = (changes: readonly ArticleChange[]): boolean =>
  changes.some((c) => listed(c.before) || listed(c.after));

/** The categories a change's states are filed under, by slug (the newest name wins). */
export function categoriesOf(states: ReadonlyArray<Article | null>): Map<string, string> {
  const categories = new Map<string, string>();
  for (const a of states.filter(listed))
    for (const name of a.categories) categories.set(categorySlug(name), name);
  return categories;
}

/** The name a category goes by: as its newest listed member files it, else as the directory had it. */
export function categoryName(articles: readonly Article[], category: { slug: string; name: string }): string {
  for (const a of articles) {
    const name = a.categories.find((c) => categorySlug(c) === category.slug);
    if (name !== undefined) return name;
  }
  return category.name;
}

export function tombstoneOf(article: Article, now: Date): Tombstone {
  return {
    id: article.id,
    guid: article.guid,
    url: article.url,
    deletedAt: now.toISOString(),
    categories: [...new Set(article.categories.map((name) => categorySlug(name)))],
  };
}

/** What the rendered files depend on of the site's configuration, as a fingerprint. */
export function siteFingerprint(site: SiteConfig): string {
  return createHash('sha256').update(JSON.stringify(site)).digest('hex');
}

/** The articles a listing names that the batch does not, each once: those whose pages to look for. */
export function candidatesAhead(changes: readonly ArticleChange[], listing: readonly Article[]): Article[] {
  const known = new Set(changes.map((c) => c.id));
  return [...new Map(listing.filter((a) => !known.has(a.id)).map((a) => [a.id, a])).values()];
}
