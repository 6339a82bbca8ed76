import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { publicDocument } from '../../functions/core/documents.js';
import type { FileStore } from '../../functions/core/ports.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import type { SiteConfig } from '../../functions/core/site.js';
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
