/**
 * The publisher: given the article changes of one batch (decoded from the
 * table's change records), re-renders only the documents they touch and
 * writes them through the file store. Idempotent, so a retried batch is safe.
 */
import { type Article, isVisible } from './article.js';
import { articlePath, feedPaths, publicDocument } from './documents.js';
import { FeedwrightError } from './errors.js';
import type { ArticleStore, Clock, FileStore, HubNotifier, Logger, PublicDocument } from './ports.js';
import { type Channel, renderAtom, renderJsonFeed, renderRss } from './render/feeds.js';
import { renderArticlePage, renderIndexPage } from './render/pages.js';
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

function channelFor(site: SiteConfig, category?: { slug: string; name: string }): Channel {
  const paths = feedPaths(category?.slug);
  return {
    title: category === undefined ? site.siteTitle : `${site.siteTitle}: ${category.name}`,
    description:
      category === undefined
        ? site.siteDescription
        : `Articles filed under ${category.name} on ${site.siteTitle}`,
    homeUrl: category === undefined ? `${site.siteUrl}/` : siteUrlOf(site, `categories/${category.slug}/`),
    language: site.language,
    rssUrl: siteUrlOf(site, paths.rss),
    atomUrl: siteUrlOf(site, paths.atom),
    jsonUrl: siteUrlOf(site, paths.json),
    hubs: site.hubs,
  };
}

function pageSite(site: SiteConfig) {
  return { title: site.siteTitle, home: `${site.siteUrl}/`, language: site.language };
}

/** Merges the changes of one batch per article: the first `before`, the last `after`. */
function collapse(changes: readonly ArticleChange[]): ArticleChange[] {
  const byId = new Map<string, ArticleChange>();
  for (const change of changes) {
    const seen = byId.get(change.id);
    byId.set(change.id, seen === undefined ? { ...change } : { ...seen, after: change.after });
  }
  return [...byId.values()];
}

const listed = (a: Article | null): a is Article => a !== null && a.status === 'published';

export class Publisher {
  constructor(private readonly deps: PublishDeps) {}

  /** Re-renders what `changes` touch. @throws PublishError when a document failed its gate or a write failed. */
  async publish(changes: readonly ArticleChange[]): Promise<PublishReport> {
    const report: PublishReport = { written: [], removed: [], unchanged: 0 };
    const collapsed = collapse(changes);
    const now = this.deps.clock.now();
    const categories = new Map<string, string>();
    let mainTouched = false;
    for (const change of collapsed) {
      await this.deps.store.syncCategories(change.before, change.after);
      for (const a of [change.before, change.after].filter(listed)) {
        mainTouched = true;
        for (const name of a.categories) categories.set(slugify(name), name);
      }
    }
    const failures: string[] = [];
    const changedFeeds: string[] = [];
    for (const change of collapsed) {
      const path = articlePath(change.id);
      if (change.after !== null && isVisible(change.after, now)) {
        await this.write(
          [
            publicDocument(
              path,
              renderArticlePage(channelFor(this.deps.site), change.after, pageSite(this.deps.site)),
            ),
          ],
          report,
          failures,
        );
      } else if (await this.deps.files.remove(path)) {
        report.removed.push(path);
      }
    }
    if (mainTouched) changedFeeds.push(...(await this.renderFeedSet(undefined, now, report, failures)));
    for (const [slug, name] of categories) {
      changedFeeds.push(...(await this.renderFeedSet({ slug, name }, now, report, failures)));
    }
    if (changedFeeds.length > 0) await this.deps.hubs.notify(changedFeeds);
    if (failures.length > 0) {
      throw new PublishError(`${failures.length} document(s) failed: ${failures.join('; ')}`);
    }
    return report;
  }

  /** Renders the main feeds and the home page from the store, whatever changed. */
  async rebuild(): Promise<PublishReport> {
    const report: PublishReport = { written: [], removed: [], unchanged: 0 };
    const failures: string[] = [];
    const changed = await this.renderFeedSet(undefined, this.deps.clock.now(), report, failures);
    if (changed.length > 0) await this.deps.hubs.notify(changed);
    if (failures.length > 0)
      throw new PublishError(`${failures.length} document(s) failed: ${failures.join('; ')}`);
    return report;
  }

  /** Renders one feed set; returns the URLs of the feeds whose bytes changed. */
  private async renderFeedSet(
    category: { slug: string; name: string } | undefined,
    now: Date,
    report: PublishReport,
    failures: string[],
  ): Promise<string[]> {
    const { site } = this.deps;
    const paths = feedPaths(category?.slug);
    const articles = await this.deps.store.latestFull({
      limit: site.feedSize,
      category: category?.slug,
      now,
    });
    if (category !== undefined && articles.length === 0) {
      // An emptied category loses its files rather than serving an empty feed forever.
      for (const path of [paths.rss, paths.atom, paths.json, paths.page]) {
        if (await this.deps.files.remove(path)) report.removed.push(path);
      }
      return [];
    }
    const named =
      category === undefined
        ? undefined
        : { slug: category.slug, name: this.categoryName(articles, category) };
    const channel = channelFor(site, named);
    const docs = [
      publicDocument(paths.rss, renderRss(channel, articles)),
      publicDocument(paths.atom, renderAtom(channel, articles)),
      publicDocument(paths.json, renderJsonFeed(channel, articles)),
      publicDocument(paths.page, renderIndexPage(channel, articles, pageSite(site))),
    ];
    const written = await this.write(docs, report, failures);
    return written.filter((path) => path !== paths.page).map((path) => siteUrlOf(site, path));
  }

  private categoryName(articles: readonly Article[], category: { slug: string; name: string }): string {
    for (const a of articles) {
      const name = a.categories.find((c) => slugify(c) === category.slug);
      if (name !== undefined) return name;
    }
    return category.name;
  }

  /** Gates and writes documents; a failing one is logged and skipped, the previous file stays. */
  private async write(docs: PublicDocument[], report: PublishReport, failures: string[]): Promise<string[]> {
    const written: string[] = [];
    for (const doc of docs) {
      try {
        assertValidDocument(doc.path, doc.body);
      } catch (error) {
        this.deps.log.error('publish.invalid-document', { path: doc.path, error: (error as Error).message });
        failures.push((error as Error).message);
        continue;
      }
      if (await this.deps.files.put(doc)) {
        written.push(doc.path);
        report.written.push(doc.path);
      } else {
        report.unchanged++;
      }
    }
    return written;
  }
}
