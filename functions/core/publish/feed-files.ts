/**
 * The files a publish run renders from articles: an article's page (and
 * redirects at its old paths), the current feeds and index page of the site
 * or of a category, and the RFC 5005 archive pages behind them.
 */
import { type Article, isVisible } from '../article.js';
import {
  archivePaths,
  archiveSitemapPath,
  articlePath,
  feedPaths,
  publicDocument,
  redirectPage,
} from '../documents.js';
import type { ArticleStore, Logger, SiteBooks } from '../ports.js';
import { channelOf, feedUrlsOf, mainChannelOf, pageSiteOf } from '../render/channels.js';
import { type Channel, type FeedSet, renderFeedSet } from '../render/feeds.js';
import { renderArticlePage, renderIndexPage } from '../render/pages.js';
import { articleEntries, renderUrlSet } from '../render/sitemaps.js';
import { type SiteConfig, siteUrlOf } from '../site.js';
import {
  type ArchiveBounds,
  type ArticleChange,
  archiveKey,
  TOMBSTONE_DAYS,
  TOMBSTONE_LIMIT,
} from './plan.js';
import type { Run } from './run.js';

export interface Category {
  slug: string;
  name: string;
}

/** What rendering reads (never writes) besides the run it renders into. */
export interface RenderDeps {
  articles: ArticleStore;
  books: SiteBooks;
  site: SiteConfig;
  log: Logger;
}

/** The human page of archive page k (or the open one), of the site or of one category. */
export function archivePageUrl(site: SiteConfig, page: number | 'open', categorySlug?: string): string {
  return siteUrlOf(site, archivePaths(page, categorySlug).page.replace(/index\.html$/, ''));
}

export class FeedFiles {
  constructor(
    private readonly deps: RenderDeps,
    private readonly run: Run,
    private readonly now: Date,
  ) {}

  /** The article's page, and a redirect to it at each of its old paths; or their removal once it is not visible. */
  async articlePage(change: ArticleChange): Promise<void> {
    const path = articlePath(change.id);
    const aliases = [...new Set([...(change.before?.aliases ?? []), ...(change.after?.aliases ?? [])])];
    if (change.after === null || !isVisible(change.after, this.now)) {
      this.run.removals.push(path, ...aliases);
      return;
    }
    const { site } = this.deps;
    const { url } = change.after;
    await this.run.write([
      publicDocument(path, renderArticlePage(mainChannelOf(site), change.after, pageSiteOf(site))),
    ]);
    // The old paths once the page they send readers to is there.
    if (aliases.length > 0)
      await this.run.write(aliases.map((alias) => publicDocument(alias, redirectPage(url))));
  }

  /** An emptied category loses its files rather than serving an empty feed forever (once nothing links them). */
  dropCategory(slug: string): void {
    const paths = feedPaths(slug);
    this.run.removals.push(paths.rss, paths.atom, paths.json, paths.page);
  }

  /** The current feeds and index page of the site (with their link to the archives) or of one category. */
  async current(category: Category | undefined, bounds: ArchiveBounds, articles: readonly Article[]) {
    const { site } = this.deps;
    const paths = feedPaths(category?.slug);
    this.run.tombstones ??= this.deps.books.tombstones(
      new Date(this.now.getTime() - TOMBSTONE_DAYS * 86_400_000),
      TOMBSTONE_LIMIT,
    );
    const tombstones = await this.run.tombstones;
    let channel: Channel;
    if (category === undefined) {
      channel = { ...mainChannelOf(site), tombstones };
    } else {
      channel = channelOf(
        site,
        paths,
        `${site.siteTitle}: ${category.name}`,
        `Articles filed under ${category.name} on ${site.siteTitle}`,
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
    await this.run.writeFeedSet(paths, feeds, true);
    const older = bounds.last >= 1 ? archivePageUrl(site, newest, category?.slug) : undefined;
    // The page that just filled took its number: no page is open until the next member joins.
    if (bounds.full >= 1 && bounds.last === bounds.full) {
      const open = archivePaths('open', category?.slug);
      this.run.removals.push(open.rss, open.atom, open.json, open.page);
    }
    await this.run.write([
      publicDocument(paths.page, renderIndexPage(channel, articles, pageSiteOf(site), { older })),
    ]);
  }

  /**
   * Archive page k (RFC 5005) of the site, or of one category: full, or the one still filling.
   * @param read the page's articles, newest first, when the run read them already.
   */
  async archivePage(page: number, bounds: ArchiveBounds, category?: Category, read?: readonly Article[]) {
    const { site, articles: store } = this.deps;
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
      read ?? (await store.archiveRange((page - 1) * size + 1, page * size, this.now, slug)).reverse();
    await this.run.writeFeedSet(paths, renderFeedSet(channel, articles), false);
    const nav = {
      older: page > 1 ? archivePageUrl(site, page - 1, slug) : undefined,
      newer: page < bounds.last ? archivePageUrl(site, archiveKey(page + 1, bounds), slug) : currentPage,
    };
    await this.run.write([
      publicDocument(
        paths.page,
        renderIndexPage(
          { ...channel, homeUrl: archivePageUrl(site, key, slug) },
          articles,
          pageSiteOf(site),
          nav,
        ),
      ),
      // The site's full archive pages each name their articles for search engines (the filling one is open.xml).
      ...(slug === undefined && page <= bounds.full
        ? [publicDocument(archiveSitemapPath(page), renderUrlSet(articleEntries(articles, site.siteUrl)))]
        : []),
    ]);
  }

  /**
   * Renders the three feeds, dropping the oldest items until every document
   * fits the byte budget (the dropped items stay reachable in the archives).
   */
  private withinBudget(channel: Channel, all: readonly Article[]): FeedSet {
    const budget = this.deps.site.feedMaxBytes;
    let count = all.length;
    for (;;) {
      const articles = all.slice(0, count);
      const feeds = renderFeedSet(channel, articles);
      const largest = Math.max(...[feeds.rss, feeds.atom, feeds.json].map((d) => Buffer.byteLength(d)));
      if (largest <= budget || count === 0) {
        if (count < all.length)
          this.deps.log.warn('publish.feed-trimmed', {
            feed: channel.rssUrl,
            kept: count,
            of: all.length,
            budget,
          });
        return feeds;
      }
      // Shrink in proportion first, then one at a time.
      count = Math.max(0, Math.min(count - 1, Math.floor((count * budget) / largest)));
    }
  }
}
