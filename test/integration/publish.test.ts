import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFileStore } from '../../functions/adapters/local/files.js';
import type { FileStore, PublicDocument } from '../../functions/core/ports.js';
import { NotYetDueError, PublishError } from '../../functions/core/publish/publisher.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import type { SiteConfig } from '../../functions/core/site.js';
import { categorySlug } from '../../functions/core/slug.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { makeArticle } from '../fixtures/articles.js';
import { emulator } from '../helpers/emulator.js';
import { publisherSetup } from '../helpers/publisher.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

const setup = (files?: (dir: string) => FileStore, site: Partial<SiteConfig> = {}) =>
  publisherSetup(emu, files, site);

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
