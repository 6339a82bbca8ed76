/**
 * The whole site as readers and crawlers see it, over random histories of
 * posts, back-dated posts, re-dates, category changes and deletions, published
 * in random batches that may be cut before the store's newest writes (as a
 * stream batch is):
 *  - at every write, no document reachable from the site's entry points links
 *    one that does not exist;
 *  - at the end, for the site and for every category, the current feed and its
 *    RFC 5005 archive chain hold exactly the visible articles, and the HTML
 *    pages reach every one of them from the home page.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/clock.js';
import { silentLogger } from '../../functions/adapters/log.js';
import { type Article, isVisible } from '../../functions/core/article.js';
import { replaceArticle } from '../../functions/core/edits.js';
import type { FileStore, PublicDocument, PublishScheduler } from '../../functions/core/ports.js';
import type { ArticleChange } from '../../functions/core/publish/plan.js';
import { Publisher } from '../../functions/core/publish/publisher.js';
import { slugify } from '../../functions/core/slug.js';
import { createArticle, deleteArticle } from '../../functions/core/writing.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { testSite } from '../fixtures/articles.js';
import { emulator, freshTable } from '../helpers/emulator.js';

/** CI runs a few dozen histories; `npm run test:stress` many more. */
const RUNS = Math.max(20, Math.floor(Number(process.env.PROPERTY_RUNS ?? 1000) / 40));
const SITE = 'https://news.example';
const ROOTS = [
  'index.html',
  'rss.xml',
  'atom.xml',
  'feed.json',
  'sitemap.xml',
  'feeds.opml',
  'categories/index.html',
];

/** The file a site URL names, or null for a URL elsewhere. */
function pathOf(url: string): string | null {
  if (url !== SITE && !url.startsWith(`${SITE}/`)) return null;
  const path = decodeURIComponent(url.slice(SITE.length + 1));
  return path === '' || path.endsWith('/') ? `${path}index.html` : path;
}

/** Every link to the site in a document; a tombstone's link names what is gone, on purpose. */
function linksOf(body: string): string[] {
  const live = body.replace(/<at:deleted-entry[\s\S]*?<\/at:deleted-entry>/g, '');
  return [...live.matchAll(/https:\/\/news\.example(?:\/[^"'<>\s)]*)?/g)].flatMap((m) => pathOf(m[0]) ?? []);
}

/** Generated files in memory, checking at every change that nothing reachable links a missing file. */
class CheckedFiles implements FileStore {
  readonly files = new Map<string, string>();
  readonly broken: string[] = [];
  /** Off while the empty site is first written (a feed and its page link each other). */
  checking = false;

  async put(doc: PublicDocument): Promise<boolean> {
    if (this.files.get(doc.path) === doc.body) return false;
    this.files.set(doc.path, doc.body);
    this.check(`put ${doc.path}`);
    return true;
  }

  async remove(path: string): Promise<boolean> {
    const had = this.files.delete(path);
    if (had) this.check(`remove ${path}`);
    return had;
  }

  async exists(path: string): Promise<boolean> {
    return this.files.has(path);
  }

  /** The files reachable from the entry points, following links between existing files. */
  reachable(roots = ROOTS): Set<string> {
    const seen = new Set<string>();
    const queue = roots.filter((r) => this.files.has(r));
    while (queue.length > 0) {
      const path = queue.pop() as string;
      if (seen.has(path)) continue;
      seen.add(path);
      for (const link of linksOf(this.files.get(path) ?? '')) if (this.files.has(link)) queue.push(link);
    }
    return seen;
  }

  private check(after: string): void {
    if (!this.checking) return;
    for (const path of this.reachable()) {
      for (const link of linksOf(this.files.get(path) ?? '')) {
        if (!this.files.has(link)) this.broken.push(`after ${after}: ${path} links missing ${link}`);
      }
    }
  }
}

const noSchedules: PublishScheduler = { schedule: async () => {}, cancel: async () => {} };

type Op =
  | { kind: 'post'; daysAgo: number; categories: string[] }
  | { kind: 'edit'; pick: number; daysAgo: number; categories: string[] }
  | { kind: 'delete'; pick: number }
  | { kind: 'publish'; keepPending: number };

const categories = fc.subarray(['Ships', 'Tide', 'Harbour'], { maxLength: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('post' as const), daysAgo: fc.nat(400), categories }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      pick: fc.nat(),
      daysAgo: fc.nat(400),
      categories,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  // A publish run over the queued changes, leaving the newest few for a later batch (the store is ahead).
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('publish' as const), keepPending: fc.nat(2) }) },
);

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

/** The article ids a feed and its archive chain hold (JSON Feed: next_url walks to older pages). */
function chainOf(files: CheckedFiles, feed: string): Set<string> {
  const ids = new Set<string>();
  let path: string | null = feed;
  for (let hops = 0; path !== null && hops < 1000; hops++) {
    const doc = JSON.parse(files.files.get(path) ?? 'null') as {
      items: Array<{ url: string }>;
      next_url?: string;
    } | null;
    if (doc === null) throw new Error(`${path} is missing`);
    for (const item of doc.items) ids.add((pathOf(item.url) ?? item.url).replace(/^articles\//, ''));
    path = doc.next_url === undefined ? null : pathOf(doc.next_url);
  }
  return ids;
}

async function runHistory(feedSize: number, archiveSize: number, ops: Op[]): Promise<void> {
  const { stores } = await freshTable(emu);
  const clock = new FixedClock(new Date('2025-06-01T12:00:00Z'));
  const site = testSite({ siteUrl: SITE, feedSize, archiveSize });
  const files = new CheckedFiles();
  const publisher = new Publisher({
    ...stores,
    files,
    clock,
    site,
    hubs: { notify: async () => {} },
    log: silentLogger,
  });
  const deps = { articles: stores.articles, clock, site, scheduler: noSchedules };
  // As on a first start (locally) or a deploy (AWS): the empty site exists before any article.
  await publisher.rebuild();
  files.checking = true;
  const ids: string[] = [];
  const pending: ArticleChange[] = [];
  let n = 0;
  const at = (daysAgo: number) => new Date(clock.now().getTime() - daysAgo * 86_400_000).toISOString();
  for (const step of ops) {
    clock.advance(60_000);
    if (step.kind === 'post') {
      n += 1;
      const after = await createArticle(deps, {
        title: `Story ${n}`,
        contentText: `Body ${n}`,
        categories: step.categories,
        publishedAt: at(step.daysAgo),
      });
      ids.push(after.id);
      pending.push({ id: after.id, before: null, after });
    } else if (step.kind === 'edit' && ids.length > 0) {
      const id = ids[step.pick % ids.length] as string;
      const before = await stores.articles.get(id);
      if (before === null) continue;
      const { article } = await replaceArticle(
        deps,
        id,
        {
          title: before.title,
          contentText: 'Edited',
          categories: step.categories,
          publishedAt: at(step.daysAgo),
        },
        { minorEdit: false },
      );
      pending.push({ id, before, after: article });
    } else if (step.kind === 'delete' && ids.length > 0) {
      const id = ids[step.pick % ids.length] as string;
      const before = await stores.articles.get(id);
      if (before === null) continue;
      await deleteArticle(deps, id);
      pending.push({ id, before, after: null });
    } else if (step.kind === 'publish') {
      const batch = pending.splice(0, Math.max(0, pending.length - step.keepPending));
      if (batch.length > 0) await publisher.publish(batch);
    }
  }
  if (pending.length > 0) await publisher.publish(pending.splice(0));

  expect(files.broken.slice(0, 5)).toEqual([]);
  const now = clock.now();
  const visible: Article[] = [];
  for (const id of ids) {
    const a = await stores.articles.get(id);
    if (a !== null && isVisible(a, now)) visible.push(a);
  }
  const idsOf = (list: Article[]) => new Set(list.map((a) => a.id));
  expect(chainOf(files, 'feed.json')).toEqual(idsOf(visible));
  const slugs = new Set(visible.flatMap((a) => a.categories.map((c) => slugify(c))));
  for (const slug of slugs) {
    const members = visible.filter((a) => a.categories.some((c) => slugify(c) === slug));
    expect(chainOf(files, `categories/${slug}/feed.json`), slug).toEqual(idsOf(members));
  }
  // People, too, reach every article from the home page through the HTML pages.
  const pages = [...files.reachable(['index.html'])].filter((p) => p.startsWith('articles/'));
  expect(new Set(pages.map((p) => p.slice('articles/'.length)))).toEqual(idsOf(visible));
}

describe('the whole site over random histories', () => {
  it('never links a missing document, and feed plus archives hold exactly the visible articles', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(op, { minLength: 1, maxLength: 14 }),
        runHistory,
      ),
      // FC_SEED replays a failing run fast-check reported.
      { numRuns: RUNS, ...(process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }) },
    );
  }, 600_000);

  it('holds for the histories the issue named: back-dated posts and FEED_SIZE below ARCHIVE_SIZE', async () => {
    // 30 posts with pages of 20 and feeds of 5: stories 21-25 used to be in no feed and no page.
    await runHistory(
      5,
      20,
      Array.from({ length: 30 }, () => ({ kind: 'post' as const, daysAgo: 0, categories: ['Ships'] })).concat(
        [{ kind: 'post', daysAgo: 800, categories: [] }],
      ) as Op[],
    );
    // A category emptied by one batch while another member's leaving is still to come: that member's
    // page links the category until its own change is published, so the category's files stay till then.
    await runHistory(1, 1, [
      { kind: 'post', daysAgo: 0, categories: ['Ships'] },
      { kind: 'post', daysAgo: 0, categories: ['Ships'] },
      { kind: 'publish', keepPending: 1 },
      { kind: 'edit', pick: 0, daysAgo: 0, categories: [] },
      { kind: 'edit', pick: 1, daysAgo: 0, categories: [] },
      { kind: 'publish', keepPending: 2 },
      { kind: 'post', daysAgo: 0, categories: [] },
    ]);
    // A run whose open page filled (by posts written after its batch was cut) while the old open page's
    // files were still there: the newly full page is written under its number before anything links it.
    await runHistory(1, 2, [
      { kind: 'post', daysAgo: 0, categories: [] },
      { kind: 'post', daysAgo: 0, categories: [] },
      { kind: 'post', daysAgo: 0, categories: [] },
      { kind: 'publish', keepPending: 0 },
      { kind: 'delete', pick: 0 },
      { kind: 'post', daysAgo: 0, categories: [] },
      { kind: 'post', daysAgo: 0, categories: [] },
      { kind: 'publish', keepPending: 2 },
    ]);
    // Posts published in batches cut before the newest writes: feeds never link a page not yet written.
    await runHistory(
      5,
      3,
      Array.from({ length: 13 }, (_, i): Op[] => [
        { kind: 'post', daysAgo: 0, categories: [i % 2 === 0 ? 'Science' : 'Ships'] },
        { kind: 'publish', keepPending: 2 },
      ]).flat(),
    );
  });
});
