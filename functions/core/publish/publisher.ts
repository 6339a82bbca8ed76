/**
 * The publisher: given the article changes of one batch (decoded from the
 * table's change records), re-renders only the documents they touch and
 * writes them through the file store. Idempotent, so a retried batch is safe:
 * unchanged bytes are never rewritten. Each run reads what its plan needs,
 * keeps its books, then renders (feed-files.ts, site-files.ts).
 */
import { type Article, isVisible } from '../article.js';
import { archivePaths, articlePath, feedPaths } from '../documents.js';
import { FeedwrightError } from '../errors.js';
import { inPool, POOL } from '../pool.js';
import type { Clock, FileStore, HubNotifier } from '../ports.js';
import { siteUrlOf } from '../site.js';
import { keepDirectoryEntry, keepMemberships } from './books.js';
import { type Category, FeedFiles, type RenderDeps } from './feed-files.js';
import {
  type ArchiveBounds,
  type ArticleChange,
  archiveKey,
  archivePagesOf,
  boundsOf,
  type Collapsed,
  candidatesAhead,
  collapse,
  mainMembers,
  openGoing,
  siteFingerprint,
  touchesMain,
  wokeEarly,
} from './plan.js';
import { type PublishReport, Run } from './run.js';
import { renderSiteIndexes } from './site-files.js';

export interface PublishDeps extends RenderDeps {
  files: FileStore;
  clock: Clock;
  hubs: HubNotifier;
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
    const { site, articles, books } = this.deps;
    const now = this.deps.clock.now();
    const run = this.newRun(changes.length > 0 && changes.every((c) => c.quiet === true));
    const size = site.archiveSize;
    const mainTouched = touchesMain(changes);
    // Each article as the store has it now: a later write may have landed since this batch was cut, and
    // the documents list what the store holds. The batch's own last state stays among the earlier ones.
    // The main feed's listing and the archive's bounds are read alongside (independent reads).
    const batch = collapse(changes);
    const [stored, mainReads] = await Promise.all([
      articles.getMany(batch.map((c) => c.id)),
      mainTouched
        ? Promise.all([articles.latestFull({ limit: site.feedSize, now }), this.bounds()])
        : undefined,
    ]);
    const byId = new Map(stored.map((a) => [a.id, a]));
    let collapsed: Collapsed[] = batch.map((c) => ({
      ...c,
      earlier: c.after === null ? c.earlier : [...c.earlier, c.after],
      after: byId.get(c.id) ?? null,
    }));
    const listing: Article[] = mainReads?.[0] ?? [];
    const bounds: ArchiveBounds = mainReads?.[1] ?? { full: 0, last: 0 };
    const archive = new Map<number, Article[]>();
    if (mainTouched) {
      const pages = archivePagesOf(mainMembers(changes), bounds, size, await this.archiveState(bounds));
      const read = await Promise.all(
        pages.map((page) => articles.archiveRange((page - 1) * size + 1, page * size, now)),
      );
      for (const [i, page] of pages.entries()) archive.set(page, (read[i] ?? []).reverse());
      const ahead = await this.ahead(changes, [...listing, ...[...archive.values()].flat()]);
      collapsed = [...collapsed, ...ahead.map((change) => ({ ...change, earlier: [] }))];
    }
    const { categories, members } = await keepMemberships(books, collapsed, now);
    const files = new FeedFiles(this.deps, run, now);
    // A new page first (nothing links it yet); a page that exists, and readers may reach, after the
    // categories it may now link, so that every link of a reachable page resolves. Within each tier the
    // documents link none of each other, so they are written a few at a time.
    const exists = await Promise.all(collapsed.map((c) => this.deps.files.exists(articlePath(c.id))));
    await inPool(
      collapsed.filter((_, i) => !exists[i]),
      POOL,
      (change) => files.articlePage(change),
    );
    // New categories before the ones readers can reach, which may now link a new one's articles.
    const listedBefore = await Promise.all(
      [...categories.keys()].map((slug) => this.deps.files.exists(feedPaths(slug).page)),
    );
    const byNewness = [...categories].map(([slug, name], i) => ({
      category: { slug, name },
      old: listedBefore[i],
    }));
    for (const tier of [byNewness.filter((x) => !x.old), byNewness.filter((x) => x.old)])
      await inPool(tier, POOL, ({ category }) =>
        this.category(
          category,
          async (b) =>
            archivePagesOf(
              members.get(category.slug) ?? [],
              b,
              size,
              await this.archiveState(b, category.slug),
            ),
          files,
          run,
          now,
        ),
      );
    await inPool(
      collapsed.filter((_, i) => exists[i]),
      POOL,
      (change) => files.articlePage(change),
    );
    if (mainTouched) {
      for (const page of await this.linkOrder([...archive.keys()], bounds))
        await files.archivePage(page, bounds, undefined, archive.get(page));
      await files.current(undefined, bounds, listing);
      // With the main feeds, so that they exist from the first publication on; their bytes
      // change only when categories or pages come and go, and unchanged bytes are never rewritten.
      await renderSiteIndexes(this.deps, run, now, bounds, {
        directory: run.directoryChanged,
        filling: archive.get(bounds.last),
      });
    }
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
      const article = await this.deps.articles.get(id);
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
    const { site, articles, books } = this.deps;
    const run = this.newRun(false);
    const now = this.deps.clock.now();
    const fingerprint = siteFingerprint(site);
    const everything = (await books.renderedWith()) !== fingerprint;
    const recent = await articles.latestFull({ limit: site.feedSize, now });
    const bounds = await this.bounds();
    // Every visible article, from the archive pages (every published article has its number), or the recent ones.
    // Unless the configuration changed, a page that is there is as its last run left it: only a
    // missing one (a public directory emptied by hand) is made again, with its categories.
    const candidates = everything ? await this.everyArticle(bounds, now) : recent;
    const present = everything
      ? candidates.map(() => false)
      : await Promise.all(candidates.map((a) => this.deps.files.exists(articlePath(a.id))));
    const changes = candidates
      .filter((_, i) => !present[i])
      .map((after) => ({ id: after.id, before: null, after, earlier: [] }));
    const listed = everything ? await books.categories() : [];
    const kept = await keepMemberships(books, changes, now);
    const categories = new Map([
      ...listed.map((c): [string, string] => [c.slug, c.name]),
      ...kept.categories,
    ]);
    const files = new FeedFiles(this.deps, run, now);
    for (const change of changes) await files.articlePage(change);
    // A full page never changes but for its next-archive link: unless the configuration changed, only
    // the page still filling and the one before it are rendered, so a start costs the same at any size.
    const pagesOf = async (b: ArchiveBounds) =>
      Array.from({ length: everything ? b.last : Math.min(2, b.last) }, (_, i) => b.last - i);
    for (const [slug, name] of categories) await this.category({ slug, name }, pagesOf, files, run, now);
    for (const page of await pagesOf(bounds)) await files.archivePage(page, bounds);
    await files.current(undefined, bounds, recent);
    await renderSiteIndexes(this.deps, run, now, bounds, { directory: true });
    const report = await this.finish(run);
    if (everything) await books.setRenderedWith(fingerprint);
    return report;
  }

  private newRun(quiet: boolean): Run {
    return new Run(this.deps.files, this.deps.log, quiet);
  }

  /**
   * A category's files: its directory entry kept first, then the archive
   * pages `pagesOf` names (written so none links one not there yet), then its
   * current feeds and page, or their removal once it is empty.
   */
  private async category(
    category: Category,
    pagesOf: (bounds: ArchiveBounds) => Promise<number[]>,
    files: FeedFiles,
    run: Run,
    now: Date,
  ): Promise<void> {
    const { site, articles, books } = this.deps;
    const [bounds, listing] = await Promise.all([
      this.bounds(category.slug),
      articles.latestFull({ limit: site.feedSize, category: category.slug, now }),
    ]);
    const entry = await keepDirectoryEntry(books, category, listing);
    if (entry.changed) run.directoryChanged = true;
    for (const page of await this.linkOrder(await pagesOf(bounds), bounds, category.slug))
      await files.archivePage(page, bounds, category);
    if (entry.category !== null) await files.current(entry.category, bounds, listing);
    // Emptied. A member whose leaving is still to be published (written after this batch was cut) has a
    // page that links the category: its files stay, empty, until that change comes and finds none left.
    else if (await books.hasMembers(category.slug)) await files.current(category, bounds, listing);
    else files.dropCategory(category.slug);
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
    const candidates = candidatesAhead(changes, listing);
    const present = await Promise.all(candidates.map((a) => this.deps.files.exists(articlePath(a.id))));
    return candidates.filter((_, i) => !present[i]).map((a) => ({ id: a.id, before: null, after: a }));
  }

  /** Every visible article with an archive number, page by page. */
  private async everyArticle(bounds: ArchiveBounds, now: Date): Promise<Article[]> {
    const size = this.deps.site.archiveSize;
    const all: Article[] = [];
    for (let page = 1; page <= bounds.last; page++)
      all.push(...(await this.deps.articles.archiveRange((page - 1) * size + 1, page * size, now)));
    return all;
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

  /**
   * What the archive's files say before this run renders it: the newest full
   * pages whose files are not there (from the newest down to the first one
   * that is), and whether the open page's files go in this run.
   */
  private async archiveState(
    bounds: ArchiveBounds,
    slug?: string,
  ): Promise<{ missing: number[]; openGoing: boolean }> {
    const exists = (page: number | 'open') => this.deps.files.exists(archivePaths(page, slug).rss);
    // The open page's files tell nothing of which page they hold (the one before may have been open when
    // they were written): the walk starts at the newest full page; the open page is rendered anyway.
    const missing: number[] = [];
    for (let page = bounds.full; page >= 1 && !(await exists(page)); page--) missing.push(page);
    return { missing, openGoing: openGoing(bounds, await exists('open')) };
  }

  private async bounds(categorySlug?: string): Promise<ArchiveBounds> {
    return boundsOf(await this.deps.books.currentSequence(categorySlug), this.deps.site.archiveSize);
  }

  private async finish(run: Run): Promise<PublishReport> {
    await run.removeLeftovers();
    await this.announce(run);
    if (run.failures.length > 0)
      throw new PublishError(`${run.failures.length} document(s) failed: ${run.failures.join('; ')}`);
    return run.report;
  }

  /**
   * Tells the hubs which feeds changed. A quiet run (every change part of an
   * import still under way) keeps its changed feeds in the store instead; the
   * next run that is not quiet announces them with its own, once each. A
   * quiet run may already have published what the import's last write
   * brought, so the last run alone would miss them.
   */
  private async announce(run: Run): Promise<void> {
    const { books, hubs, site } = this.deps;
    const changed = run.changedFeeds.map((path) => siteUrlOf(site, path));
    if (run.quiet) {
      await books.deferAnnouncements(changed);
      return;
    }
    const feeds = [...new Set([...(await books.takeDeferredAnnouncements()), ...changed])];
    if (feeds.length > 0) await hubs.notify(feeds);
  }
}
