/**
 * The publisher: given the article changes of one batch (decoded from the
 * table's change records), re-renders only the documents they touch and
 * writes them through the file store. Idempotent, so a retried batch is safe:
 * unchanged bytes are never rewritten.
 */
import { createHash } from 'node:crypto';
import { type Article, isVisible, type Tombstone } from './article.js';
import {
  archivePaths,
  archiveSitemapPath,
  articlePath,
  DIRECTORY_PATHS,
  type FeedPaths,
  feedPaths,
  NOT_FOUND_PATH,
  publicDocument,
  ROBOTS_PATH,
  redirectPage,
  SITEMAP_PATHS,
} from './documents.js';
import { FeedwrightError } from './errors.js';
import type { ArticleStore, Clock, FileStore, HubNotifier, Logger, PublicDocument } from './ports.js';
import { channelOf, feedUrlsOf, mainChannelOf, pageSiteOf } from './render/channels.js';
import { type Channel, renderAtom, renderJsonFeed, renderRss } from './render/feeds.js';
import { renderOpml } from './render/opml.js';
import {
  renderArticlePage,
  renderCategoriesPage,
  renderIndexPage,
  renderNotFoundPage,
} from './render/pages.js';
import { articleEntries, renderSitemapIndex, renderUrlSet } from './render/sitemaps.js';
import { assertValidDocument } from './render/validate.js';
import { type SiteConfig, siteUrlOf } from './site.js';
import { categorySlug } from './slug.js';

export interface ArticleChange {
  id: string;
  before: Article | null;
  after: Article | null;
  /** One of a run of writes whose last one announces them all (an import): the hubs hear of it then. */
  quiet?: boolean;
}

export interface PublishDeps {
  store: ArticleStore;
  files: FileStore;
  clock: Clock;
  site: SiteConfig;
  hubs: HubNotifier;
  log: Logger;
}

export interface PublishReport {
  written: string[];
  removed: string[];
  unchanged: number;
}

export class PublishError extends FeedwrightError {
  override name = 'PublishError';
  readonly status = 500;
  readonly title = 'Publishing failed';
  readonly problemType = 'publish-failed';
}

/** Raised when a wake-up comes before an article's time, so that it is tried again. */
export class NotYetDueError extends FeedwrightError {
  override name = 'NotYetDueError';
  readonly status = 503;
  readonly title = 'Not yet due';
  readonly problemType = 'not-yet-due';
}

/** A wake-up this close before publishedAt came early; one further off belongs to an article moved since. */
const EARLY_MARGIN_MS = 60_000;

function wokeEarly(article: Article, now: Date): boolean {
  const wait = Date.parse(article.publishedAt) - now.getTime();
  return article.status === 'published' && wait > 0 && wait <= EARLY_MARGIN_MS;
}

/** How long a deletion stays in the Atom feed as a tombstone, and how many at most. */
export const TOMBSTONE_DAYS = 30;
export const TOMBSTONE_LIMIT = 50;

const listed = (a: Article | null): a is Article => a !== null && a.status === 'published';

/** One article's changes in a batch: the first `before`, the last `after`, and every state between. */
interface Collapsed extends ArticleChange {
  /** Every state the article had before `after` in this batch (an earlier run may have published one). */
  earlier: Article[];
}

/** Merges the changes of one batch per article. */
function collapse(changes: readonly ArticleChange[]): Collapsed[] {
  const byId = new Map<string, Collapsed>();
  for (const change of changes) {
    const seen = byId.get(change.id);
    const earlier = [...(seen?.earlier ?? []), ...(seen === undefined ? [change.before] : [seen.after])];
    byId.set(change.id, {
      id: change.id,
      before: seen?.before ?? change.before,
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
function widest(change: Collapsed): Article | null {
  const listedStates = change.earlier.filter(listed);
  const last = listedStates[listedStates.length - 1];
  if (last === undefined) return change.before;
  return { ...last, categories: [...new Set(listedStates.flatMap((a) => a.categories))] };
}

/** How many articles or categories a run works on at once (their store calls and writes overlap). */
const POOL = 8;

/** `fn` over `items`, at most `limit` at a time; the results in the items' order. */
async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One publish run: the documents it wrote, removed or left, and what failed its gate. */
class Run {
  readonly report: PublishReport = { written: [], removed: [], unchanged: 0 };
  readonly failures: string[] = [];
  /** Feed URLs whose bytes changed, for the WebSub hubs. */
  readonly changedFeeds: string[] = [];
  /**
   * Files to remove once every document that linked them has been rewritten
   * without the link (pages of deleted articles, an emptied category's files).
   */
  readonly removals: string[] = [];
  /** The recent deletions, read once per run for the main feed and every category's. */
  tombstones: Promise<Tombstone[]> | undefined;
  /** Every change was a quiet one: the hubs hear of this run from the next one that is not. */
  quiet = false;
  /** A category joined, left or was renamed in the directory: its pages and the listing sitemap change. */
  directoryChanged = false;
}

/** The archive pages of the site or of a category: `full` never change again; `last` may still be filling. */
interface ArchiveBounds {
  full: number;
  last: number;
}

/** Archive pages and the page before each. */
const withPredecessors = (pages: readonly number[]): Set<number> => new Set(pages.flatMap((p) => [p, p - 1]));

/** What the rendered files depend on of the site's configuration, as a fingerprint. */
function siteFingerprint(site: SiteConfig): string {
  return createHash('sha256').update(JSON.stringify(site)).digest('hex');
}

/** Where archive page k lives: its number once full, `open` while it fills. */
const archiveKey = (page: number, bounds: ArchiveBounds): number | 'open' =>
  page > bounds.full ? 'open' : page;

export class Publisher {
  constructor(private readonly deps: PublishDeps) {}

  /**
   * Re-renders what `changes` touch, in an order that never lets a published
   * document link one that does not exist yet: new article pages first, then
   * the category files, the pages readers could already reach, the archives
   * and the main feeds that list them, then the site indexes; files that are
   * going away are removed last, once nothing links them. Documents list what
   * the store holds now: an article they would list whose page does not exist
   * yet (written after this batch was cut) is published in this run too.
   * @throws PublishError when a document failed its gate.
   */
  async publish(changes: readonly ArticleChange[]): Promise<PublishReport> {
    const run = new Run();
    run.quiet = changes.length > 0 && changes.every((c) => c.quiet === true);
    const now = this.deps.clock.now();
    const { site, store } = this.deps;
    const size = site.archiveSize;
    const pageOf = (a: Article) => (a.sequence === undefined ? [] : [Math.ceil(a.sequence / size)]);
    // Every listed state of the batch, not only the collapsed ones: an article that came and went
    // within it still took a number, and its archive page must exist for the chain of links to hold.
    const listedInBatch = changes.flatMap((c) => [c.before, c.after]).filter(listed);
    const mainTouched = listedInBatch.length > 0;
    // Each article as the store has it now: a later write may have landed since this batch was cut, and
    // the documents list what the store holds. The batch's own last state stays among the earlier ones.
    // The main feed's listing and the archive's bounds are read alongside (independent reads).
    const [current, mainReads] = await Promise.all([
      Promise.all(
        collapse(changes).map(async (c) => ({
          ...c,
          earlier: c.after === null ? c.earlier : [...c.earlier, c.after],
          after: await store.get(c.id),
        })),
      ),
      mainTouched
        ? Promise.all([store.latestFull({ limit: site.feedSize, now }), this.archiveBounds()])
        : undefined,
    ]);
    let collapsed: Collapsed[] = current;
    // What the main documents will list, read once: the current feed and the archive pages to render.
    const listing: Article[] = mainReads?.[0] ?? [];
    const bounds: ArchiveBounds = mainReads?.[1] ?? { full: 0, last: 0 };
    const archive = new Map<number, Article[]>();
    if (mainTouched) {
      // The pages touched, the page still filling, and each one's predecessor (whose next-archive link
      // changes when a page opens, or when the open page takes its number).
      const pages = [...withPredecessors([bounds.last, ...listedInBatch.flatMap(pageOf)])].filter(
        (page) => page >= 1 && page <= bounds.last,
      );
      const read = await Promise.all(
        pages.map((page) => store.archiveRange((page - 1) * size + 1, page * size, now)),
      );
      for (const [i, page] of pages.entries()) archive.set(page, (read[i] ?? []).reverse());
      const ahead = await this.ahead(changes, [...listing, ...[...archive.values()].flat()]);
      collapsed = [...collapsed, ...ahead.map((change) => ({ ...change, earlier: [] }))];
    }
    const categories = new Map<string, string>();
    /** Per category, the numbers of the members this batch touched (joined, stayed or left). */
    const categoryMembers = new Map<string, number[]>();
    // In the batch's order: each category numbers its members as they join it.
    for (const change of collapsed) {
      const before = widest(change);
      for (const { slug, sequence } of await store.syncCategories(before, change.after))
        categoryMembers.set(slug, [...(categoryMembers.get(slug) ?? []), sequence]);
      if (listed(before) && !listed(change.after)) await store.addTombstone(this.tombstoneOf(before, now));
      for (const a of [before, change.after].filter(listed))
        for (const name of a.categories) categories.set(categorySlug(name), name);
    }
    // A new page first (nothing links it yet); a page that exists, and readers may reach, after the
    // categories it may now link, so that every link of a reachable page resolves. Within each tier the
    // documents link none of each other, so they are written a few at a time.
    const exists = await Promise.all(collapsed.map((c) => this.deps.files.exists(articlePath(c.id))));
    await inPool(
      collapsed.filter((_, i) => !exists[i]),
      POOL,
      (change) => this.renderArticlePage(change, now, run),
    );
    // New categories before the ones readers can reach, which may now link a new one's articles.
    const listedBefore = await Promise.all(
      [...categories.keys()].map((slug) => this.deps.files.exists(feedPaths(slug).page)),
    );
    const byNewness = [...categories].map((c, i) => ({ c, old: listedBefore[i] }));
    for (const tier of [byNewness.filter((x) => !x.old), byNewness.filter((x) => x.old)])
      await inPool(tier, POOL, ({ c }) =>
        this.renderCategory({ slug: c[0], name: c[1] }, categoryMembers.get(c[0]) ?? [], now, run),
      );
    await inPool(
      collapsed.filter((_, i) => exists[i]),
      POOL,
      (change) => this.renderArticlePage(change, now, run),
    );
    if (mainTouched) {
      for (const page of await this.linkOrder([...archive.keys()], bounds))
        await this.renderArchivePage(page, bounds, now, run, undefined, archive.get(page));
      await this.renderCurrent(undefined, bounds, now, run, listing);
      // With the main feeds, so that they exist from the first publication on; their bytes
      // change only when categories or pages come and go, and unchanged bytes are never rewritten.
      await this.renderSiteIndexes(bounds, now, run, archive.get(bounds.last), {
        directory: run.directoryChanged,
      });
    }
    return this.finish(run);
  }

  /**
   * Articles the main feed or the archive pages to render list whose page is
   * not there: their change was written after this batch was cut. Published
   * with this run, so nothing links a page that does not exist yet (their own
   * change comes later and finds everything in place).
   */
  private async ahead(
    changes: readonly ArticleChange[],
    listing: readonly Article[],
  ): Promise<ArticleChange[]> {
    const known = new Set(changes.map((c) => c.id));
    const candidates = [...new Map(listing.filter((a) => !known.has(a.id)).map((a) => [a.id, a])).values()];
    const missing = await Promise.all(
      candidates.map(async (a) => !(await this.deps.files.exists(articlePath(a.id)))),
    );
    return candidates.filter((_, i) => missing[i]).map((a) => ({ id: a.id, before: null, after: a }));
  }

  /**
   * Publishes articles whose scheduled time has come: their pages, the feeds
   * and categories they join, and the WebSub pings, as for any change. An
   * article that is gone, unpublished or moved later is left alone.
   */
  async publishDue(ids: readonly string[]): Promise<PublishReport> {
    const now = this.deps.clock.now();
    const changes: ArticleChange[] = [];
    const early: string[] = [];
    for (const id of ids) {
      const article = await this.deps.store.get(id);
      if (article === null) continue;
      if (isVisible(article, now)) changes.push({ id, before: article, after: article });
      else if (wokeEarly(article, now)) early.push(id);
    }
    const report =
      changes.length === 0 ? { written: [], removed: [], unchanged: 0 } : await this.publish(changes);
    // Thrown so that the wake-up is tried again (Lambda retries a failed
    // asynchronous invocation); an article moved further on has its own wake-up.
    if (early.length > 0) throw new NotYetDueError(`Woken before publishedAt: ${early.join(', ')}`);
    return report;
  }

  /**
   * Renders the main feeds, the home page, the newest two archive pages, and
   * the pages (with their categories) of recent articles that are missing,
   * whatever changed. When the site's configuration (title, URL, icon, sizes...) differs from
   * the one the files were last rendered with, every article page and every
   * category and every archive page is rendered again too, so no file keeps
   * the old title or address. Run at every local start and by the deploy-time trigger on AWS
   * (unchanged files are not rewritten, so this costs reads, not writes).
   */
  async rebuild(): Promise<PublishReport> {
    const run = new Run();
    const now = this.deps.clock.now();
    const { store } = this.deps;
    const fingerprint = siteFingerprint(this.deps.site);
    const everything = (await store.renderedWith()) !== fingerprint;
    const recent = await store.latestFull({ limit: this.deps.site.feedSize, now });
    const bounds = await this.archiveBounds();
    // Every visible article, from the archive pages (every published article has its number), or the recent ones.
    const articles = everything ? await this.everyArticle(bounds, now) : recent;
    const categories = new Map<string, string>();
    if (everything) for (const { slug, name } of await store.categories()) categories.set(slug, name);
    for (const article of articles) {
      // Unless the configuration changed, a page that is there is as its last run left it: only a
      // missing one (a public directory emptied by hand) is made again, with its categories.
      if (!everything && (await this.deps.files.exists(articlePath(article.id)))) continue;
      await store.syncCategories(null, article);
      await this.renderArticlePage({ id: article.id, before: null, after: article }, now, run);
      for (const name of article.categories) categories.set(categorySlug(name), name);
    }
    // A full page never changes but for its next-archive link: unless the configuration changed, only
    // the page still filling and the one before it are rendered, so a start costs the same at any size.
    const pagesOf = (b: ArchiveBounds) =>
      Array.from({ length: everything ? b.last : Math.min(2, b.last) }, (_, i) => b.last - i);
    for (const [slug, name] of categories) {
      const categoryBounds = await this.archiveBounds(slug);
      for (const page of pagesOf(categoryBounds))
        await this.renderArchivePage(page, categoryBounds, now, run, { slug, name });
      await this.renderCurrent({ slug, name }, categoryBounds, now, run);
    }
    for (const page of pagesOf(bounds)) await this.renderArchivePage(page, bounds, now, run);
    await this.renderCurrent(undefined, bounds, now, run, recent);
    await this.renderSiteIndexes(bounds, now, run);
    const report = await this.finish(run);
    if (everything) await store.setRenderedWith(fingerprint);
    return report;
  }

  /** Every visible article with an archive number, page by page. */
  private async everyArticle(bounds: ArchiveBounds, now: Date): Promise<Article[]> {
    const size = this.deps.site.archiveSize;
    const all: Article[] = [];
    for (let page = 1; page <= bounds.last; page++)
      all.push(...(await this.deps.store.archiveRange((page - 1) * size + 1, page * size, now)));
    return all;
  }

  private async finish(run: Run): Promise<PublishReport> {
    for (const path of run.removals) if (await this.deps.files.remove(path)) run.report.removed.push(path);
    await this.announce(run);
    if (run.failures.length > 0)
      throw new PublishError(`${run.failures.length} document(s) failed: ${run.failures.join('; ')}`);
    return run.report;
  }

  private recentTombstones(now: Date): Promise<Tombstone[]> {
    return this.deps.store.tombstones(new Date(now.getTime() - TOMBSTONE_DAYS * 86_400_000), TOMBSTONE_LIMIT);
  }

  /**
   * Tells the hubs which feeds changed. A quiet run (every change part of an
   * import still under way) keeps its changed feeds in the store instead; the
   * next run that is not quiet announces them with its own, once each. A
   * quiet run may already have published what the import's last write
   * brought, so the last run alone would miss them.
   */
  private async announce(run: Run): Promise<void> {
    const { store, hubs } = this.deps;
    if (run.quiet) {
      await store.deferAnnouncements(run.changedFeeds);
      return;
    }
    const feeds = [...new Set([...(await store.takeDeferredAnnouncements()), ...run.changedFeeds])];
    if (feeds.length > 0) await hubs.notify(feeds);
  }

  private tombstoneOf(article: Article, now: Date): Tombstone {
    return {
      id: article.id,
      guid: article.guid,
      url: article.url,
      deletedAt: now.toISOString(),
      categories: [...new Set(article.categories.map((name) => categorySlug(name)))],
    };
  }

  /** The human page of archive page k (or the open one), of the site or of one category. */
  private archivePageUrl(page: number | 'open', categorySlug?: string): string {
    return siteUrlOf(this.deps.site, archivePaths(page, categorySlug).page.replace(/index\.html$/, ''));
  }

  /**
   * The order to write archive pages in so that none links one not written
   * yet: the pages that do not exist yet (nobody links them) before those that
   * do, each group newest first.
   */
  private async linkOrder(pages: readonly number[], bounds: ArchiveBounds, slug?: string): Promise<number[]> {
    const newestFirst = [...pages].sort((a, b) => b - a);
    const exists = await Promise.all(
      newestFirst.map((page) => this.deps.files.exists(archivePaths(archiveKey(page, bounds), slug).rss)),
    );
    return [...newestFirst.filter((_, i) => !exists[i]), ...newestFirst.filter((_, i) => exists[i])];
  }

  private async archiveBounds(categorySlug?: string): Promise<ArchiveBounds> {
    const members = await this.deps.store.currentSequence(categorySlug);
    const size = this.deps.site.archiveSize;
    return { full: Math.floor(members / size), last: Math.ceil(members / size) };
  }

  /**
   * A category's archive pages that its touched members sit on, the page
   * still filling and its predecessor (whose next-archive link appears when a
   * page opens), then its current feeds.
   */
  private async renderCategory(
    category: { slug: string; name: string },
    sequences: readonly number[],
    now: Date,
    run: Run,
  ): Promise<void> {
    const size = this.deps.site.archiveSize;
    const bounds = await this.archiveBounds(category.slug);
    const pages = withPredecessors([...sequences.map((n) => Math.ceil(n / size)), bounds.last]);
    const inRange = [...pages].filter((page) => page >= 1 && page <= bounds.last);
    for (const page of await this.linkOrder(inRange, bounds, category.slug))
      await this.renderArchivePage(page, bounds, now, run, category);
    await this.renderCurrent(category, bounds, now, run);
  }

  /** The article's page, and a redirect to it at each of its old paths. */
  private async renderArticlePage(change: ArticleChange, now: Date, run: Run): Promise<void> {
    const path = articlePath(change.id);
    const aliases = [...new Set([...(change.before?.aliases ?? []), ...(change.after?.aliases ?? [])])];
    if (change.after !== null && isVisible(change.after, now)) {
      const { url } = change.after;
      await this.write(
        [
          publicDocument(
            path,
            renderArticlePage(mainChannelOf(this.deps.site), change.after, pageSiteOf(this.deps.site)),
          ),
        ],
        run,
      );
      // The old paths once the page they send readers to is there.
      if (aliases.length > 0)
        await this.write(
          aliases.map((alias) => publicDocument(alias, redirectPage(url))),
          run,
        );
    } else {
      run.removals.push(path, ...aliases);
    }
  }

  /**
   * The current feeds of the site (with their link to the archives) or of one
   * category. @param listing the main feed's articles, when the run read them already.
   */
  private async renderCurrent(
    category: { slug: string; name: string } | undefined,
    bounds: ArchiveBounds,
    now: Date,
    run: Run,
    listing?: readonly Article[],
  ) {
    const { site, store } = this.deps;
    const paths = feedPaths(category?.slug);
    const articles =
      listing ?? (await store.latestFull({ limit: site.feedSize, category: category?.slug, now }));
    if (category !== undefined && articles.length === 0) {
      // An emptied category loses its files rather than serving an empty feed forever (once nothing links them).
      run.removals.push(paths.rss, paths.atom, paths.json, paths.page);
      await store.unlistCategory(category.slug);
      run.directoryChanged = true;
      return;
    }
    let channel: Channel;
    run.tombstones ??= this.recentTombstones(now);
    const tombstones = await run.tombstones;
    if (category === undefined) {
      channel = mainChannelOf(this.deps.site);
      channel.tombstones = tombstones;
    } else {
      const name = this.categoryName(articles, category);
      if (await store.listCategory(category.slug, name)) run.directoryChanged = true;
      channel = channelOf(
        this.deps.site,
        paths,
        `${site.siteTitle}: ${name}`,
        `Articles filed under ${name} on ${site.siteTitle}`,
        siteUrlOf(site, `categories/${category.slug}/`),
      );
      // A deletion reaches every feed the article was in.
      channel.tombstones = tombstones.filter((t) => t.categories?.includes(category.slug) === true);
    }
    // RFC 5005: the current feed links the newest archive page (the one still filling, if any), so
    // the current feed and the archive chain hold every article between them.
    const newest = archiveKey(bounds.last, bounds);
    if (bounds.last >= 1) channel.prevArchive = feedUrlsOf(site, archivePaths(newest, category?.slug));
    const feeds = this.withinBudget(channel, articles);
    await this.writeFeedSet(paths, feeds, run);
    const older = bounds.last >= 1 ? this.archivePageUrl(newest, category?.slug) : undefined;
    // The page that just filled took its number: no page is open until the next member joins.
    if (bounds.full >= 1 && bounds.last === bounds.full) {
      const open = archivePaths('open', category?.slug);
      run.removals.push(open.rss, open.atom, open.json, open.page);
    }
    await this.write(
      [publicDocument(paths.page, renderIndexPage(channel, articles, pageSiteOf(this.deps.site), { older }))],
      run,
    );
  }

  /**
   * The directory and the sitemaps, from one reading of the listed
   * categories. A run renders the directory (the categories page, the OPML)
   * only when a category joined, left or was renamed: a site of 1,000
   * categories does not render them all again for every article. The sitemaps
   * follow the archive's pages, which a run may open or fill whatever its own
   * changes (an article published ahead of its change), so they are rendered
   * every time.
   * @param filling the open archive page's articles, when the run read them already.
   */
  private async renderSiteIndexes(
    bounds: ArchiveBounds,
    now: Date,
    run: Run,
    filling?: readonly Article[],
    changed: { directory: boolean } = { directory: true },
  ): Promise<void> {
    const categories = await this.deps.store.categories();
    if (changed.directory) await this.renderDirectory(categories, run);
    await this.renderSitemaps(categories, bounds, now, run, filling);
  }

  /** /categories/ and /feeds.opml (every listed category, by name), /robots.txt and the 404 page. */
  private async renderDirectory(categories: ReadonlyArray<{ slug: string; name: string }>, run: Run) {
    const { site } = this.deps;
    const collator = new Intl.Collator(site.language, { sensitivity: 'base' });
    const entries = categories
      .map(({ slug, name }) => {
        const urls = feedUrlsOf(site, feedPaths(slug));
        return {
          name,
          pageUrl: siteUrlOf(site, `categories/${slug}/`),
          rssUrl: urls.rss,
          atomUrl: urls.atom,
          jsonUrl: urls.json,
        };
      })
      .sort((a, b) => collator.compare(a.name, b.name));
    const main = mainChannelOf(site);
    const opml = renderOpml(
      `${site.siteTitle}: every feed`,
      { title: site.siteTitle, xmlUrl: main.rssUrl, htmlUrl: main.homeUrl },
      entries.map((e) => ({ title: `${site.siteTitle}: ${e.name}`, xmlUrl: e.rssUrl, htmlUrl: e.pageUrl })),
    );
    const opmlUrl = siteUrlOf(site, DIRECTORY_PATHS.opml);
    await this.write(
      [
        publicDocument(DIRECTORY_PATHS.opml, opml),
        publicDocument(DIRECTORY_PATHS.page, renderCategoriesPage(main, entries, opmlUrl, pageSiteOf(site))),
        publicDocument(NOT_FOUND_PATH, renderNotFoundPage(main, pageSiteOf(site))),
        publicDocument(
          ROBOTS_PATH,
          `User-agent: *\nDisallow: /api/\n\nSitemap: ${siteUrlOf(site, SITEMAP_PATHS.index)}\n`,
        ),
      ],
      run,
    );
  }

  /**
   * The sitemap index, the sitemap of the archive page still filling (each
   * full page has its own, written with the page), and that of the listing pages.
   */
  private async renderSitemaps(
    categories: ReadonlyArray<{ slug: string }>,
    bounds: ArchiveBounds,
    now: Date,
    run: Run,
    read?: readonly Article[],
  ): Promise<void> {
    const { site, store } = this.deps;
    const size = site.archiveSize;
    const fullPages = bounds.full;
    const open = bounds.last > bounds.full;
    const filling = !open
      ? []
      : (read ?? (await store.archiveRange(fullPages * size + 1, (fullPages + 1) * size, now)));
    const openSitemap = publicDocument(
      SITEMAP_PATHS.open,
      renderUrlSet(articleEntries(filling, site.siteUrl)),
    );
    if (categories === null) {
      await this.write([openSitemap], run);
      return;
    }
    const listings = [
      `${site.siteUrl}/`,
      siteUrlOf(site, 'categories/'),
      ...categories.map(({ slug }) => siteUrlOf(site, `categories/${slug}/`)),
      ...Array.from({ length: fullPages }, (_, i) => this.archivePageUrl(i + 1)),
      ...(open ? [this.archivePageUrl('open')] : []),
    ];
    await this.write(
      [
        publicDocument(
          SITEMAP_PATHS.index,
          renderSitemapIndex([
            siteUrlOf(site, SITEMAP_PATHS.pages),
            siteUrlOf(site, SITEMAP_PATHS.open),
            ...Array.from({ length: fullPages }, (_, i) => siteUrlOf(site, archiveSitemapPath(i + 1))),
          ]),
        ),
        openSitemap,
        publicDocument(SITEMAP_PATHS.pages, renderUrlSet(listings.map((url) => ({ url })))),
      ],
      run,
    );
  }

  /** Archive page k (RFC 5005) of the site, or of one category: full, or the one still filling. */
  /** @param read the page's articles, newest first, when the run read them already. */
  private async renderArchivePage(
    page: number,
    bounds: ArchiveBounds,
    now: Date,
    run: Run,
    category?: { slug: string; name: string },
    read?: readonly Article[],
  ): Promise<void> {
    const { site, store } = this.deps;
    const slug = category?.slug;
    const size = site.archiveSize;
    const key = archiveKey(page, bounds);
    const paths = archivePaths(key, slug);
    const name = category === undefined ? site.siteTitle : `${site.siteTitle}: ${category.name}`;
    const currentPage = category === undefined ? `${site.siteUrl}/` : siteUrlOf(site, `categories/${slug}/`);
    const channel = channelOf(
      site,
      paths,
      `${name} (archive ${page})`,
      `Articles ${(page - 1) * size + 1} to ${page * size} of ${name}`,
      currentPage,
    );
    channel.archive = {
      current: feedUrlsOf(site, feedPaths(slug)),
      next:
        page < bounds.last ? feedUrlsOf(site, archivePaths(archiveKey(page + 1, bounds), slug)) : undefined,
    };
    if (page > 1) channel.prevArchive = feedUrlsOf(site, archivePaths(page - 1, slug));
    const articles =
      read ?? (await store.archiveRange((page - 1) * size + 1, page * size, now, slug)).reverse();
    await this.writeFeedSet(
      paths,
      {
        rss: renderRss(channel, articles),
        atom: renderAtom(channel, articles),
        json: renderJsonFeed(channel, articles),
      },
      run,
      false,
    );
    const nav = {
      older: page > 1 ? this.archivePageUrl(page - 1, slug) : undefined,
      newer: page < bounds.last ? this.archivePageUrl(archiveKey(page + 1, bounds), slug) : currentPage,
    };
    await this.write(
      [
        publicDocument(
          paths.page,
          renderIndexPage(
            { ...channel, homeUrl: this.archivePageUrl(key, slug) },
            articles,
            pageSiteOf(site),
            nav,
          ),
        ),
        // The site's full archive pages each name their articles for search engines (the filling one is open.xml).
        ...(slug === undefined && page <= bounds.full
          ? [publicDocument(archiveSitemapPath(page), renderUrlSet(articleEntries(articles, site.siteUrl)))]
          : []),
      ],
      run,
    );
  }

  /**
   * Renders the three feeds, dropping the oldest items until every document
   * fits the byte budget (the dropped items stay reachable in the archives).
   */
  private withinBudget(channel: Channel, all: readonly Article[]) {
    const budget = this.deps.site.feedMaxBytes;
    let count = all.length;
    for (;;) {
      const articles = all.slice(0, count);
      const docs = {
        articles,
        rss: renderRss(channel, articles),
        atom: renderAtom(channel, articles),
        json: renderJsonFeed(channel, articles),
      };
      const largest = Math.max(...[docs.rss, docs.atom, docs.json].map((d) => Buffer.byteLength(d)));
      if (largest <= budget || count === 0) {
        if (count < all.length)
          this.deps.log.warn('publish.feed-trimmed', {
            feed: channel.rssUrl,
            kept: count,
            of: all.length,
            budget,
          });
        return docs;
      }
      // Shrink in proportion first, then one at a time.
      count = Math.min(count - 1, Math.floor((count * budget) / largest));
      count = Math.max(count, 0);
    }
  }

  /** @param announce whether the hubs hear of it: current feeds are WebSub topics, archive pages are not. */
  private async writeFeedSet(
    paths: FeedPaths,
    docs: { rss: string; atom: string; json: string },
    run: Run,
    announce = true,
  ): Promise<void> {
    const written = await this.write(
      [
        publicDocument(paths.rss, docs.rss),
        publicDocument(paths.atom, docs.atom),
        publicDocument(paths.json, docs.json),
      ],
      run,
    );
    if (announce) run.changedFeeds.push(...written.map((path) => siteUrlOf(this.deps.site, path)));
  }

  private categoryName(articles: readonly Article[], category: { slug: string; name: string }): string {
    for (const a of articles) {
      const name = a.categories.find((c) => categorySlug(c) === category.slug);
      if (name !== undefined) return name;
    }
    return category.name;
  }

  /** Gates and writes documents; a failing one is logged and skipped, the previous file stays. */
  private async write(docs: PublicDocument[], run: Run): Promise<string[]> {
    const valid = docs.filter((doc) => {
      try {
        assertValidDocument(doc.path, doc.body);
        return true;
      } catch (error) {
        this.deps.log.error('publish.invalid-document', { path: doc.path, error: (error as Error).message });
        run.failures.push((error as Error).message);
        return false;
      }
    });
    // The documents of one call are of one tier (a feed's three formats, an archive page's): none links
    // another, so they are written together; the tiers stay in their order.
    const changed = await Promise.all(valid.map((doc) => this.deps.files.put(doc)));
    const written: string[] = [];
    for (const [i, doc] of valid.entries()) {
      if (changed[i]) {
        written.push(doc.path);
        run.report.written.push(doc.path);
      } else {
        run.report.unchanged++;
      }
    }
    return written;
  }
}
