import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/clock.js';
import { LocalFileStore } from '../../functions/adapters/local/files.js';
import { silentLogger } from '../../functions/adapters/log.js';
import type { Article } from '../../functions/core/article.js';
import { publicDocument } from '../../functions/core/documents.js';
import type { FileStore, HubNotifier, PublicDocument } from '../../functions/core/ports.js';
import { NotYetDueError, PublishError, Publisher } from '../../functions/core/publish/publisher.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import type { SiteConfig } from '../../functions/core/site.js';
import { categorySlug } from '../../functions/core/slug.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { makeArticle, testSite } from '../fixtures/articles.js';
import { emulator, freshTable, tempDir } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

class RecordingHubs implements HubNotifier {
  pinged: string[][] = [];
  async notify(urls: string[]): Promise<void> {
    this.pinged.push(urls);
  }
}

async function setup(files?: (dir: string) => FileStore, site: Partial<SiteConfig> = {}) {
  const { stores } = await freshTable(emu);
  const dir = await tempDir();
  const hubs = new RecordingHubs();
  const clock = new FixedClock(new Date('2025-01-01T00:00:00Z'));
  const publisher = new Publisher({
    ...stores,
    files: files?.(dir.path) ?? new LocalFileStore(dir.path),
    clock,
    site: testSite(site),
    hubs,
    log: silentLogger,
  });
  const read = (path: string) => readFile(join(dir.path, path), 'utf8');
  const exists = (path: string) =>
    stat(join(dir.path, path)).then(
      () => true,
      () => false,
    );
  /** Stores and publishes a change, as the stream would deliver it. */
  const change = async (before: Article | null, after: Article | null) => {
    if (after === null && before !== null) await stores.articles.remove(before.id);
    else if (after !== null && before === null) await stores.articles.insert(after);
    else if (after !== null && before !== null) await stores.articles.replace(after, before.version);
    return publisher.publish([{ id: (after ?? before)?.id as string, before, after }]);
  };
  return { stores, dir, hubs, clock, publisher, read, exists, change };
}

describe('Publisher', () => {
  it('renders the directory only when a category comes, goes or is renamed, and the sitemaps every time', async () => {
    const t = await setup(undefined, { archiveSize: 3 });
    const directory = ['feeds.opml', 'categories/index.html'];
    const listings = ['sitemaps/pages.xml', 'sitemap.xml'];
    const numbered = async (n: number, categories: string[]) => ({
      ...makeArticle(n, { categories }),
      sequence: await t.stores.articles.nextSequence(),
    });
    // A new category: the directory and the listings change.
    const first = await t.change(null, await numbered(1, ['Harbour']));
    expect(first.written).toEqual(expect.arrayContaining([...directory, 'sitemaps/open.xml']));
    expect(await t.read('feeds.opml')).toContain('Harbour');
    // Another article in it, on the open page: the open page's sitemap changes, the directory does not.
    const second = await t.change(null, await numbered(2, ['Harbour']));
    expect(second.written).toContain('sitemaps/open.xml');
    for (const path of [...directory, ...listings]) expect(second.written).not.toContain(path);
    // The page fills (3 of 3): the listing sitemaps change, the directory does not.
    const third = await t.change(null, await numbered(3, ['Harbour']));
    expect(third.written).toEqual(expect.arrayContaining(['sitemap.xml']));
    for (const path of directory) expect(third.written).not.toContain(path);
    // A category emptied: it leaves the directory.
    const lone = await numbered(4, ['Ferries']);
    await t.change(null, lone);
    expect(await t.read('feeds.opml')).toContain('Ferries');
    const gone = await t.change(lone, null);
    expect(gone.written).toEqual(expect.arrayContaining(directory));
    expect(await t.read('feeds.opml')).not.toContain('Ferries');
    expect(await t.read('categories/index.html')).not.toContain('Ferries');
  });

  it('keeps the feeds quiet runs change (an import under way) and announces them with the next run, once', async () => {
    const t = await setup();
    const first = makeArticle(1, { categories: ['Sport'] });
    const second = makeArticle(2, { categories: ['Weather'] });
    await t.stores.articles.insert(first, { quiet: true });
    await t.publisher.publish([{ id: first.id, before: null, after: first, quiet: true }]);
    expect(t.hubs.pinged).toEqual([]);
    // The import's last write: its run may find nothing left to change (a quiet run published it).
    await t.stores.articles.insert(second);
    await t.publisher.publish([{ id: second.id, before: null, after: second }]);
    expect(t.hubs.pinged).toHaveLength(1);
    const announced = t.hubs.pinged[0] ?? [];
    expect(announced).toContain('https://news.example/categories/sport/rss.xml');
    expect(announced).toContain('https://news.example/categories/weather/rss.xml');
    expect(new Set(announced).size).toBe(announced.length);
    // Handed over once: the next run announces only its own.
    await t.change(second, { ...second, title: 'Changed', version: 2 });
    expect(t.hubs.pinged[1]).not.toContain('https://news.example/categories/sport/rss.xml');
  });

  it('writes the feeds, pages and category files an insert touches, and pings hubs once', async () => {
    // Prepare
    const t = await setup();
    const article = makeArticle(1, { categories: ['World News'] });
    // Act
    const report = await t.change(null, article);
    // Assess
    expect(report.written.sort()).toEqual(
      [
        '404.html',
        'articles/article-1',
        'atom.xml',
        'categories/world-news/atom.xml',
        'categories/world-news/feed.json',
        'categories/world-news/index.html',
        'categories/world-news/rss.xml',
        // Its first member opens the category's first archive page.
        'categories/world-news/archive/open/atom.xml',
        'categories/world-news/archive/open/feed.json',
        'categories/world-news/archive/open/index.html',
        'categories/world-news/archive/open/rss.xml',
        // A new category joins the directory (written with robots.txt and the sitemaps the first time).
        'categories/index.html',
        'feeds.opml',
        'robots.txt',
        'sitemap.xml',
        'sitemaps/open.xml',
        'sitemaps/pages.xml',
        'feed.json',
        'index.html',
        'rss.xml',
      ].sort(),
    );
    const rss = await new Parser().parseString(await t.read('rss.xml'));
    expect(rss.items.map((i) => i.title)).toEqual(['Article 1']);
    const category = await new Parser().parseString(await t.read('categories/world-news/atom.xml'));
    expect(category.title).toBe('Example News: World News');
    expect(category.items).toHaveLength(1);
    expect(await t.read('articles/article-1')).toContain('<h1>Article 1</h1>');
    expect(t.hubs.pinged).toHaveLength(1);
    expect(t.hubs.pinged[0]).toContain('https://news.example/rss.xml');
    await t.dir.remove();
  });

  it('rewrites nothing and pings nobody when a batch changes nothing', async () => {
    const t = await setup();
    const article = makeArticle(1);
    await t.change(null, article);
    const again = await t.publisher.publish([{ id: article.id, before: article, after: article }]);
    expect(again.written).toEqual([]);
    expect(again.unchanged).toBeGreaterThan(0);
    expect(t.hubs.pinged).toHaveLength(1);
    await t.dir.remove();
  });

  it('takes a deleted article out of every feed and page and removes an emptied category', async () => {
    const t = await setup();
    const keep = makeArticle(1, { categories: [] });
    const gone = makeArticle(2, { categories: ['Solo'] });
    await t.change(null, keep);
    await t.change(null, gone);
    expect(await t.exists('categories/solo/rss.xml')).toBe(true);
    // Act
    const report = await t.change(gone, null);
    // Assess
    expect(report.removed).toEqual(
      expect.arrayContaining([
        'articles/article-2',
        'categories/solo/rss.xml',
        'categories/solo/atom.xml',
        'categories/solo/feed.json',
      ]),
    );
    expect(await t.exists('articles/article-2')).toBe(false);
    const json = JSON.parse(await t.read('feed.json'));
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(['Article 1']);
    expect(await t.read('index.html')).not.toContain('Article 2');
    await t.dir.remove();
  });

  it('keeps a directory of the categories, as a page and as OPML, rewritten only when categories come and go', async () => {
    // Prepare
    const t = await setup();
    const tech = makeArticle(1, { categories: ['Tech & <Science>'] });
    const world = makeArticle(2, { categories: ['world', 'Tech & <Science>'] });
    await t.change(null, tech);
    await t.change(null, world);
    // Act: an edit that keeps the categories, then the only "world" article leaves it.
    const edited = await t.change(world, { ...world, title: 'Edited', version: 2 });
    const left = await t.change(
      { ...world, title: 'Edited', version: 2 },
      { ...world, categories: [], version: 3 },
    );
    // Assess
    expect(edited.written).not.toContain('feeds.opml');
    expect(left.written).toEqual(expect.arrayContaining(['feeds.opml', 'categories/index.html']));
    const opml = await t.read('feeds.opml');
    assertWellFormedXml(opml);
    const xmlUrls = [...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1]);
    // A name with more than letters gets a digest after them: "Tech Science" would be another category.
    const slug = categorySlug('Tech & <Science>');
    expect(slug).toMatch(/^tech-science-[0-9a-f]{6}$/);
    expect(xmlUrls).toEqual([
      'https://news.example/rss.xml',
      `https://news.example/categories/${slug}/rss.xml`,
    ]);
    expect(opml).toContain('title="Example News: Tech &amp; &lt;Science&gt;"');
    const page = await t.read('categories/index.html');
    expect(page).toContain(
      `<a href="https://news.example/categories/${slug}/">Tech &amp; &lt;Science&gt;</a>`,
    );
    expect(page).not.toContain('categories/world/');
    expect(page).toContain('rel="outline" type="text/x-opml"');
    expect(await t.stores.books.categories()).toEqual([{ slug, name: 'Tech & <Science>' }]);
    // Crawlers are kept off the API, which has nothing to index.
    expect(await t.read('robots.txt')).toBe(
      'User-agent: *\nDisallow: /api/\n\nSitemap: https://news.example/sitemap.xml\n',
    );
    await t.dir.remove();
  });

  it('keeps drafts out of feeds and pages', async () => {
    const t = await setup();
    await t.change(null, makeArticle(1, { status: 'draft' }));
    expect(await t.exists('articles/article-1')).toBe(false);
    await t.publisher.rebuild();
    const rss = await new Parser().parseString(await t.read('rss.xml'));
    expect(rss.items).toHaveLength(0);
    await t.dir.remove();
  });

  it('keeps at most FEED_SIZE newest articles in the main feeds', async () => {
    const t = await setup();
    for (let n = 1; n <= 60; n++) await t.stores.articles.insert(makeArticle(n, { categories: [] }));
    await t.publisher.rebuild();
    const rss = await new Parser().parseString(await t.read('rss.xml'));
    expect(rss.items).toHaveLength(50);
    expect(rss.items[0]?.title).toBe('Article 60');
    expect(rss.items[49]?.title).toBe('Article 11');
    assertWellFormedXml(await t.read('atom.xml'));
    await t.dir.remove();
  });

  it('fails loudly when the file store refuses a write, leaving the previous files', async () => {
    // Prepare: a first publish succeeds, then the store starts refusing (an injected fault).
    let refuse = false;
    const t = await setup((dir) => {
      const real = new LocalFileStore(dir);
      return {
        put: (doc: PublicDocument) => (refuse ? Promise.reject(new Error('disk full')) : real.put(doc)),
        remove: (path: string) => real.remove(path),
        exists: (path: string) => real.exists(path),
      };
    });
    await t.change(null, makeArticle(1));
    const before = await t.read('rss.xml');
    refuse = true;
    // Act / Assess
    await expect(t.change(null, makeArticle(2))).rejects.toThrow('disk full');
    expect(await t.read('rss.xml')).toBe(before);
    await t.dir.remove();
  });

  it('publishes a due article when woken, and asks to be woken again when woken before its time', async () => {
    // Prepare: the clock stands at 2025-01-01T00:00:00Z; one article is due in 400 ms, one next month.
    const t = await setup();
    const soon = makeArticle(1, { id: 'soon', publishedAt: '2025-01-01T00:00:00.400Z' });
    const later = makeArticle(2, { id: 'later', publishedAt: '2025-02-01T00:00:00Z' });
    await t.stores.articles.insert(soon);
    await t.stores.articles.insert(later);
    // Act / Assess: too early for "soon" is an error to retry; a wake-up for a moved article is not.
    await expect(t.publisher.publishDue(['soon'])).rejects.toThrow(NotYetDueError);
    expect(await t.exists('articles/soon')).toBe(false);
    expect(await t.publisher.publishDue(['later', 'missing'])).toEqual({
      written: [],
      removed: [],
      unchanged: 0,
    });
    t.clock.advance(400);
    const report = await t.publisher.publishDue(['soon']);
    expect(report.written).toContain('articles/soon');
    expect(await t.read('rss.xml')).toContain('Article 1');
    await t.dir.remove();
  });

  it('exports a PublishError for documents that fail the gate', () => {
    expect(new PublishError('x').status).toBe(500);
  });
});

describe('Publisher archives (RFC 5005)', () => {
  /** Stores n published articles with archive numbers, as ingest does. */
  async function seed(t: Awaited<ReturnType<typeof setup>>, from: number, to: number) {
    const made: Article[] = [];
    for (let n = from; n <= to; n++) {
      const article = makeArticle(n, { categories: [], sequence: await t.stores.articles.nextSequence() });
      await t.stores.articles.insert(article);
      made.push(article);
    }
    return made;
  }
  const titles = async (xml: string) => (await new Parser().parseString(xml)).items.map((i) => i.title);

  it('publishes pages of a fixed size and the page still filling, linked both ways and to the current feed', async () => {
    // Prepare: 7 articles, pages of 3: two full pages, and the seventh on the page still filling.
    const t = await setup(undefined, { archiveSize: 3 });
    await seed(t, 1, 7);
    // Act
    await t.publisher.rebuild();
    // Assess
    expect(await titles(await t.read('archive/1/rss.xml'))).toEqual(['Article 3', 'Article 2', 'Article 1']);
    expect(await titles(await t.read('archive/2/atom.xml'))).toEqual(['Article 6', 'Article 5', 'Article 4']);
    expect(await titles(await t.read('archive/open/rss.xml'))).toEqual(['Article 7']);
    expect(await t.exists('archive/3/rss.xml')).toBe(false);
    // The open page changes until it fills: it is not cached like a full one.
    expect(publicDocument('archive/open/rss.xml', '').cacheControl).not.toContain('max-age=86400');
    const main = await t.read('rss.xml');
    // The current feed links the newest archive page, so between them they hold every article.
    expect(main).toContain(
      '<atom:link href="https://news.example/archive/open/rss.xml" rel="prev-archive" type="application/rss+xml"/>',
    );
    expect(main).not.toContain('<fh:archive/>');
    const two = await t.read('archive/2/atom.xml');
    expect(two).toContain('<fh:archive/>');
    expect(two).toContain(
      '<link rel="current" type="application/atom+xml" href="https://news.example/atom.xml"/>',
    );
    expect(two).toContain(
      '<link rel="prev-archive" type="application/atom+xml" href="https://news.example/archive/1/atom.xml"/>',
    );
    expect(two).toContain(
      '<link rel="next-archive" type="application/atom+xml" href="https://news.example/archive/open/atom.xml"/>',
    );
    expect(await t.read('archive/open/atom.xml')).not.toContain('next-archive');
    expect(await t.read('archive/1/rss.xml')).toContain('rel="next-archive"');
    expect(JSON.parse(await t.read('feed.json')).next_url).toBe(
      'https://news.example/archive/open/feed.json',
    );
    expect(JSON.parse(await t.read('archive/open/feed.json')).next_url).toBe(
      'https://news.example/archive/2/feed.json',
    );
    for (const path of ['archive/1/rss.xml', 'archive/2/atom.xml', 'archive/open/rss.xml'])
      assertWellFormedXml(await t.read(path));
    await t.dir.remove();
  });

  it('name every article page once in sitemaps: one per full page, one for the page filling, one for listings', async () => {
    // Prepare: 7 articles in pages of 3, the seventh's permalink on another site.
    const t = await setup(undefined, { archiveSize: 3 });
    const made = await seed(t, 1, 6);
    const elsewhere = makeArticle(7, {
      categories: ['News'],
      url: 'https://elsewhere.example/story',
      sequence: await t.stores.articles.nextSequence(),
    });
    await t.stores.articles.insert(elsewhere);
    // Act
    await t.publisher.rebuild();
    // Assess
    const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const index = await t.read('sitemap.xml');
    assertWellFormedXml(index);
    expect(index).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
    expect(locs(index)).toEqual([
      'https://news.example/sitemaps/pages.xml',
      'https://news.example/sitemaps/open.xml',
      'https://news.example/archive/1/sitemap.xml',
      'https://news.example/archive/2/sitemap.xml',
    ]);
    const one = await t.read('archive/1/sitemap.xml');
    assertWellFormedXml(one);
    expect(locs(one).sort()).toEqual(
      made
        .slice(0, 3)
        .map((a) => a.url)
        .sort(),
    );
    expect(one).toContain(`<lastmod>${made[0]?.updatedAt}</lastmod>`);
    // The page still filling holds only the article whose page is elsewhere, which is that site's to list.
    expect(locs(await t.read('sitemaps/open.xml'))).toEqual([]);
    expect(locs(await t.read('sitemaps/pages.xml'))).toEqual([
      'https://news.example/',
      'https://news.example/categories/',
      'https://news.example/categories/news/',
      'https://news.example/archive/1/',
      'https://news.example/archive/2/',
      // The page still filling is a listing page too.
      'https://news.example/archive/open/',
    ]);
    expect((await t.read('robots.txt')).endsWith('Sitemap: https://news.example/sitemap.xml\n')).toBe(true);
    await t.dir.remove();
  });

  it('never rewrites a full page when newer articles arrive; the open page takes its number once full', async () => {
    const t = await setup(undefined, { archiveSize: 3 });
    await seed(t, 1, 7);
    await t.publisher.rebuild();
    const pageOne = await t.read('archive/1/atom.xml');
    // Act: two more fill page 3.
    const [eight, nine] = await seed(t, 8, 9);
    const report = await t.publisher.publish([
      { id: (eight as Article).id, before: null, after: eight as Article },
      { id: (nine as Article).id, before: null, after: nine as Article },
    ]);
    // Assess
    expect(report.written).toEqual(expect.arrayContaining(['archive/3/rss.xml', 'archive/2/rss.xml']));
    expect(report.written.filter((p) => p.startsWith('archive/1/'))).toEqual([]);
    expect(report.removed).toEqual(expect.arrayContaining(['archive/open/rss.xml']));
    expect(await t.read('archive/1/atom.xml')).toBe(pageOne);
    expect(await titles(await t.read('archive/3/rss.xml'))).toEqual(['Article 9', 'Article 8', 'Article 7']);
    expect(await t.exists('archive/open/rss.xml')).toBe(false);
    expect(await t.read('archive/2/rss.xml')).toContain('https://news.example/archive/3/rss.xml');
    expect(await t.read('rss.xml')).toContain('https://news.example/archive/3/rss.xml');
    await t.dir.remove();
  });

  it('takes a deleted article out of its archive page', async () => {
    const t = await setup(undefined, { archiveSize: 3 });
    const [one] = await seed(t, 1, 3);
    await t.publisher.rebuild();
    await t.change(one as Article, null);
    expect(await titles(await t.read('archive/1/rss.xml'))).toEqual(['Article 3', 'Article 2']);
    await t.dir.remove();
  });
});

describe('Publisher category archives (RFC 5005)', () => {
  const titles = async (xml: string) => (await new Parser().parseString(xml)).items.map((i) => i.title);

  it('number members as they join a category, publish its full pages, and keep them as members come and go', async () => {
    // Prepare: pages of 2; five articles join "Tech" one by one, the odd ones "World" too.
    const t = await setup(undefined, { archiveSize: 2 });
    const articles = [1, 2, 3, 4, 5].map((n) =>
      makeArticle(n, { categories: n % 2 === 1 ? ['Tech', 'World'] : ['Tech'] }),
    );
    for (const a of articles) await t.change(null, a);
    // Assess: Tech has two full pages and the fifth on the page still filling, linked both ways and to its current feed.
    expect(await titles(await t.read('categories/tech/archive/1/rss.xml'))).toEqual([
      'Article 2',
      'Article 1',
    ]);
    expect(await titles(await t.read('categories/tech/archive/2/rss.xml'))).toEqual([
      'Article 4',
      'Article 3',
    ]);
    expect(await titles(await t.read('categories/tech/archive/open/rss.xml'))).toEqual(['Article 5']);
    const two = await t.read('categories/tech/archive/2/atom.xml');
    assertWellFormedXml(two);
    expect(two).toContain('<fh:archive/>');
    expect(two).toContain('<title type="text">Example News: Tech (archive 2)</title>');
    expect(two).toContain(
      '<link rel="current" type="application/atom+xml" href="https://news.example/categories/tech/atom.xml"/>',
    );
    expect(two).toContain('href="https://news.example/categories/tech/archive/1/atom.xml"');
    expect(await t.read('categories/tech/archive/1/rss.xml')).toContain('rel="next-archive"');
    expect(await t.read('categories/tech/rss.xml')).toContain(
      '<atom:link href="https://news.example/categories/tech/archive/open/rss.xml" rel="prev-archive" type="application/rss+xml"/>',
    );
    expect(JSON.parse(await t.read('categories/tech/feed.json')).next_url).toBe(
      'https://news.example/categories/tech/archive/open/feed.json',
    );
    expect(await t.read('categories/tech/index.html')).toContain(
      '<a rel="prev" href="https://news.example/categories/tech/archive/open/">Older articles</a>',
    );
    // World numbers its own members: 1, 3, 5 are its 1, 2, 3.
    expect(await titles(await t.read('categories/world/archive/1/rss.xml'))).toEqual([
      'Article 3',
      'Article 1',
    ]);
    expect(publicDocument('categories/tech/archive/1/rss.xml', '').cacheControl).toContain('max-age=86400');
    // Act: an edit keeps its number; a member that leaves leaves a gap; one that rejoins takes a new number.
    const edited = { ...(articles[0] as Article), title: 'Article 1, edited', version: 2 };
    await t.change(articles[0] as Article, edited);
    const left = { ...(articles[1] as Article), categories: [], version: 2 };
    await t.change(articles[1] as Article, left);
    expect(await titles(await t.read('categories/tech/archive/1/rss.xml'))).toEqual(['Article 1, edited']);
    expect(await t.stores.books.currentSequence('tech')).toBe(5);
    await t.change(left, { ...left, categories: ['Tech'], version: 3 });
    // Assess: its new number (6) fills page 3, which page 2 now links to; a rebuild numbers nothing again.
    expect(await titles(await t.read('categories/tech/archive/3/rss.xml'))).toEqual([
      'Article 2',
      'Article 5',
    ]);
    expect(await t.read('categories/tech/archive/2/atom.xml')).toContain(
      'href="https://news.example/categories/tech/archive/3/atom.xml"',
    );
    await t.publisher.rebuild();
    expect(await t.stores.books.currentSequence('tech')).toBe(6);
    await t.dir.remove();
  });
});

describe('Publisher tombstones (RFC 6721) and size budget', () => {
  it('says in Atom that a recently deleted article is gone', async () => {
    const t = await setup();
    const gone = makeArticle(1, { categories: [] });
    await t.change(null, gone);
    await t.change(gone, null);
    const atom = await t.read('atom.xml');
    expect(atom).toContain(
      `<at:deleted-entry ref="${gone.guid}" when="2025-01-01T00:00:00.000Z"><link href="${gone.url}"/></at:deleted-entry>`,
    );
    expect(atom).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    assertWellFormedXml(atom);
    await t.dir.remove();
  });

  it("tells each category's subscribers too, and only those of the categories it was in", async () => {
    const t = await setup();
    const gone = makeArticle(1, { categories: ['Ships', 'Tide'] });
    const stays = makeArticle(2, { categories: ['Ships', 'Harbour'] });
    await t.change(null, gone);
    await t.change(null, stays);
    await t.change(gone, null);
    const tombstone = `<at:deleted-entry ref="${gone.guid}"`;
    expect(await t.read('categories/ships/atom.xml')).toContain(tombstone);
    expect(await t.read('categories/harbour/atom.xml')).not.toContain(tombstone);
    await t.dir.remove();
  });

  it('keeps every current feed within the byte budget by leaving out the oldest items', async () => {
    const t = await setup(undefined, { feedMaxBytes: 40 * 1024 });
    for (let n = 1; n <= 20; n++) {
      await t.stores.articles.insert(
        makeArticle(n, { categories: [], contentHtml: `<p>${'lorem ipsum '.repeat(400)}</p>` }),
      );
    }
    await t.publisher.rebuild();
    for (const path of ['rss.xml', 'atom.xml', 'feed.json']) {
      expect(Buffer.byteLength(await t.read(path)), path).toBeLessThanOrEqual(40 * 1024);
    }
    const kept = (await new Parser().parseString(await t.read('rss.xml'))).items.map((i) => i.title);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(20);
    expect(kept[0]).toBe('Article 20');
    await t.dir.remove();
  });
});
