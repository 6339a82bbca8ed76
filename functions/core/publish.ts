/**
 * The publisher: given the article changes of one batch (decoded from the
 * table's change records), re-renders only the documents they touch and
 * writes them through the file store. Idempotent, so a retried batch is safe:
 * unchanged bytes are never rewritten.
 */
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
import { slugify } from './slug.js';

export interface ArticleChange {
  id: string;
  before: Article | null;
  after: Article | null;
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
}

/** Raised when a wake-up comes before an article's time, so that it is tried again. */
export class NotYetDueError extends FeedwrightError {
  override name = 'NotYetDueError';
  readonly status = 503;
  readonly title = 'Not yet due';
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

/** Merges the changes of one batch per article: the first `before`, the last `after`. */
function collapse(changes: readonly ArticleChange[]): ArticleChange[] {
  const byId = new Map<string, ArticleChange>();
  for (const change of changes) {
    const seen = byId.get(change.id);
    byId.set(change.id, seen === undefined ? { ...change } : { ...seen, after: change.after });
  }
  return [...byId.values()];
}

/** One publish run: the documents it wrote, removed or left, and what failed its gate. */
class Run {
  readonly report: PublishReport = { written: [], removed: [], unchanged: 0 };
  readonly failures: string[] = [];
  /** Feed URLs whose bytes changed, for the WebSub hubs. */
  readonly changedFeeds: string[] = [];
}

export class Publisher {
  constructor(private readonly deps: PublishDeps) {}

  /** Re-renders what `changes` touch. @throws PublishError when a document failed its gate. */
  async publish(changes: readonly ArticleChange[]): Promise<PublishReport> {
    const run = new Run();
    const now = this.deps.clock.now();
    const collapsed = collapse(changes);
    const categories = new Map<string, string>();
    const archivePages = new Set<number>();
    /** Per category, the numbers of the members this batch touched (joined, stayed or left). */
    const categoryMembers = new Map<string, number[]>();
    let mainTouched = false;
    for (const change of collapsed) {
      for (const { slug, sequence } of await this.deps.store.syncCategories(change.before, change.after))
        categoryMembers.set(slug, [...(categoryMembers.get(slug) ?? []), sequence]);
      if (listed(change.before) && !listed(change.after))
        await this.deps.store.addTombstone(this.tombstoneOf(change.before, now));
      for (const a of [change.before, change.after].filter(listed)) {
        mainTouched = true;
        for (const name of a.categories) categories.set(slugify(name), name);
        if (a.sequence !== undefined) archivePages.add(Math.ceil(a.sequence / this.deps.site.archiveSize));
      }
    }
    for (const change of collapsed) await this.renderArticlePage(change, now, run);
    let fullPages = 0;
    if (mainTouched) {
      fullPages = await this.fullArchivePages();
      // The newest full page, and its predecessor's next-archive link, appear as pages fill.
      for (const page of [fullPages, fullPages - 1]) if (page >= 1) archivePages.add(page);
      for (const page of [...archivePages].sort((a, b) => a - b)) {
        if (page <= fullPages) await this.renderArchivePage(page, fullPages, now, run);
      }
      await this.renderCurrent(undefined, fullPages, now, run);
    }
    for (const [slug, name] of categories)
      await this.renderCategory({ slug, name }, categoryMembers.get(slug) ?? [], now, run);
    // With the main feeds, so that they exist from the first publication on; their bytes
    // change only when categories or pages come and go, and unchanged bytes are never rewritten.
    if (mainTouched) await this.renderSiteIndexes(fullPages, now, run);
    return this.finish(run);
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
   * Renders the main feeds, the home page, the archive pages, and the pages
   * and categories of the recent articles from the store, whatever changed.
   * Run at every local start: a publish lost to a crash is made good then
   * (unchanged files are not rewritten, so this costs reads, not writes).
   */
  async rebuild(): Promise<PublishReport> {
    const run = new Run();
    const now = this.deps.clock.now();
    const fullPages = await this.fullArchivePages();
    for (let page = 1; page <= fullPages; page++) await this.renderArchivePage(page, fullPages, now, run);
    await this.renderCurrent(undefined, fullPages, now, run);
    const recent = await this.deps.store.latestFull({ limit: this.deps.site.feedSize, now });
    const categories = new Map<string, string>();
    for (const article of recent) {
      await this.deps.store.syncCategories(null, article);
      await this.renderArticlePage({ id: article.id, before: null, after: article }, now, run);
      for (const name of article.categories) categories.set(slugify(name), name);
    }
    for (const [slug, name] of categories)
      await this.renderCurrent({ slug, name }, await this.fullArchivePages(slug), now, run);
    await this.renderSiteIndexes(fullPages, now, run);
    return this.finish(run);
  }

  private async finish(run: Run): Promise<PublishReport> {
    if (run.changedFeeds.length > 0) await this.deps.hubs.notify(run.changedFeeds);
    if (run.failures.length > 0)
      throw new PublishError(`${run.failures.length} document(s) failed: ${run.failures.join('; ')}`);
    return run.report;
  }

  private tombstoneOf(article: Article, now: Date): Tombstone {
    return { id: article.id, guid: article.guid, url: article.url, deletedAt: now.toISOString() };
  }

  /** The human page of archive page k, of the site or of one category. */
  private archivePageUrl(page: number, categorySlug?: string): string {
    return siteUrlOf(this.deps.site, archivePaths(page, categorySlug).page.replace(/index\.html$/, ''));
  }

  private async fullArchivePages(categorySlug?: string): Promise<number> {
    return Math.floor((await this.deps.store.currentSequence(categorySlug)) / this.deps.site.archiveSize);
  }

  /**
   * A category's archive pages that its touched members sit on, the page that
   * one of them just filled and its predecessor (whose next-archive link
   * appears), then its current feeds.
   */
  private async renderCategory(
    category: { slug: string; name: string },
    sequences: readonly number[],
    now: Date,
    run: Run,
  ): Promise<void> {
    const size = this.deps.site.archiveSize;
    const fullPages = await this.fullArchivePages(category.slug);
    const pages = new Set(sequences.map((n) => Math.ceil(n / size)));
    if (fullPages >= 1 && sequences.includes(fullPages * size)) pages.add(fullPages - 1);
    for (const page of [...pages].sort((a, b) => a - b)) {
      if (page >= 1 && page <= fullPages) await this.renderArchivePage(page, fullPages, now, run, category);
    }
    await this.renderCurrent(category, fullPages, now, run);
  }

  private async renderArticlePage(change: ArticleChange, now: Date, run: Run): Promise<void> {
    const path = articlePath(change.id);
    if (change.after !== null && isVisible(change.after, now)) {
      await this.write(
        [
          publicDocument(
            path,
            renderArticlePage(mainChannelOf(this.deps.site), change.after, pageSiteOf(this.deps.site)),
          ),
        ],
        run,
      );
    } else if (await this.deps.files.remove(path)) {
      run.report.removed.push(path);
    }
  }

  /** The current feeds of the site (with their link to the archives) or of one category. */
  private async renderCurrent(
    category: { slug: string; name: string } | undefined,
    fullPages: number,
    now: Date,
    run: Run,
  ) {
    const { site, store } = this.deps;
    const paths = feedPaths(category?.slug);
    const articles = await store.latestFull({ limit: site.feedSize, category: category?.slug, now });
    if (category !== undefined && articles.length === 0) {
      // An emptied category loses its files rather than serving an empty feed forever.
      for (const path of [paths.rss, paths.atom, paths.json, paths.page]) {
        if (await this.deps.files.remove(path)) run.report.removed.push(path);
      }
      await store.unlistCategory(category.slug);
      return;
    }
    let channel: Channel;
    if (category === undefined) {
      channel = mainChannelOf(this.deps.site);
      const since = new Date(now.getTime() - TOMBSTONE_DAYS * 86_400_000);
      channel.tombstones = await store.tombstones(since, TOMBSTONE_LIMIT);
    } else {
      const name = this.categoryName(articles, category);
      await store.listCategory(category.slug, name);
      channel = channelOf(
        this.deps.site,
        paths,
        `${site.siteTitle}: ${name}`,
        `Articles filed under ${name} on ${site.siteTitle}`,
        siteUrlOf(site, `categories/${category.slug}/`),
      );
    }
    // RFC 5005: the current feed links the newest full archive page, for readers and for people.
    if (fullPages >= 1) channel.prevArchive = feedUrlsOf(site, archivePaths(fullPages, category?.slug));
    const feeds = this.withinBudget(channel, articles);
    await this.writeFeedSet(paths, feeds, run);
    const older = fullPages >= 1 ? this.archivePageUrl(fullPages, category?.slug) : undefined;
    await this.write(
      [publicDocument(paths.page, renderIndexPage(channel, articles, pageSiteOf(this.deps.site), { older }))],
      run,
    );
  }

  /** The directory and the sitemaps, from one reading of the listed categories. */
  private async renderSiteIndexes(fullPages: number, now: Date, run: Run): Promise<void> {
    const categories = await this.deps.store.categories();
    await this.renderDirectory(categories, run);
    await this.renderSitemaps(categories, fullPages, now, run);
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
    fullPages: number,
    now: Date,
    run: Run,
  ): Promise<void> {
    const { site, store } = this.deps;
    const size = site.archiveSize;
    const filling = await store.archiveRange(fullPages * size + 1, (fullPages + 1) * size, now);
    const listings = [
      `${site.siteUrl}/`,
      siteUrlOf(site, 'categories/'),
      ...categories.map(({ slug }) => siteUrlOf(site, `categories/${slug}/`)),
      ...Array.from({ length: fullPages }, (_, i) => this.archivePageUrl(i + 1)),
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
        publicDocument(SITEMAP_PATHS.open, renderUrlSet(articleEntries(filling, site.siteUrl))),
        publicDocument(SITEMAP_PATHS.pages, renderUrlSet(listings.map((url) => ({ url })))),
      ],
      run,
    );
  }

  /** Archive page k (RFC 5005) of the site, or of one category. */
  private async renderArchivePage(
    page: number,
    fullPages: number,
    now: Date,
    run: Run,
    category?: { slug: string; name: string },
  ): Promise<void> {
    const { site, store } = this.deps;
    const slug = category?.slug;
    const size = site.archiveSize;
    const oldestFirst = await store.archiveRange((page - 1) * size + 1, page * size, now, slug);
    const paths = archivePaths(page, slug);
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
      next: page < fullPages ? feedUrlsOf(site, archivePaths(page + 1, slug)) : undefined,
    };
    if (page > 1) channel.prevArchive = feedUrlsOf(site, archivePaths(page - 1, slug));
    const articles = oldestFirst.reverse();
    await this.writeFeedSet(
      paths,
      {
        rss: renderRss(channel, articles),
        atom: renderAtom(channel, articles),
        json: renderJsonFeed(channel, articles),
      },
      run,
    );
    const nav = {
      older: page > 1 ? this.archivePageUrl(page - 1, slug) : undefined,
      newer: page < fullPages ? this.archivePageUrl(page + 1, slug) : currentPage,
    };
    await this.write(
      [
        publicDocument(
          paths.page,
          renderIndexPage(
            { ...channel, homeUrl: this.archivePageUrl(page, slug) },
            articles,
            pageSiteOf(site),
            nav,
          ),
        ),
        // The site's archive pages each name their articles for search engines.
        ...(slug === undefined
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

  private async writeFeedSet(
    paths: FeedPaths,
    docs: { rss: string; atom: string; json: string },
    run: Run,
  ): Promise<void> {
    const written = await this.write(
      [
        publicDocument(paths.rss, docs.rss),
        publicDocument(paths.atom, docs.atom),
        publicDocument(paths.json, docs.json),
      ],
      run,
    );
    run.changedFeeds.push(...written.map((path) => siteUrlOf(this.deps.site, path)));
  }

  private categoryName(articles: readonly Article[], category: { slug: string; name: string }): string {
    for (const a of articles) {
      const name = a.categories.find((c) => slugify(c) === category.slug);
      if (name !== undefined) return name;
    }
    return category.name;
  }

  /** Gates and writes documents; a failing one is logged and skipped, the previous file stays. */
  private async write(docs: PublicDocument[], run: Run): Promise<string[]> {
    const written: string[] = [];
    for (const doc of docs) {
      try {
        assertValidDocument(doc.path, doc.body);
      } catch (error) {
        this.deps.log.error('publish.invalid-document', { path: doc.path, error: (error as Error).message });
        run.failures.push((error as Error).message);
        continue;
      }
      if (await this.deps.files.put(doc)) {
        written.push(doc.path);
        run.report.written.push(doc.path);
      } else {
        run.report.unchanged++;
      }
    }
    return written;
  }
}
