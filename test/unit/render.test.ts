import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { type Channel, renderAtom, renderJsonFeed, renderRss } from '../../functions/core/render/feeds.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import { makeArticle } from '../fixtures/articles.js';
import { authorsWithFeedparser, jsonFeedErrors, withFeedparser, withRssParser } from '../helpers/readers.js';

function channel(): Channel {
  return {
    title: 'Example <News> & Co',
    description: 'All the news',
    homeUrl: 'https://news.example/',
    language: 'en',
    rssUrl: 'https://news.example/rss.xml',
    atomUrl: 'https://news.example/atom.xml',
    jsonUrl: 'https://news.example/feed.json',
    hubs: ['https://hub.example/'],
  };
}

/** What `feed` 6 gets wrong, all at once. */
function hostile() {
  return makeArticle(2, {
    id: 'hostile',
    title: 'A <b>bold</b> & "quoted" ]]> title\u0001',
    summary: 'less < more & ]]>',
    contentHtml: '<p>one ]]> two ]]> three ]]></p>\u0000<p>\uD800lone</p>',
    categories: ['a<b', 'C# & "quotes"'],
    authors: [{ name: 'Ann <Admin>', email: 'ann@news.example', url: 'https://news.example/ann' }],
    image: 'https://news.example/pic.png',
    source: { name: 'Wire & Co', url: 'https://wire.example/story?a=1&b=2' },
  });
}

describe('feed writers', () => {
  it('write well-formed RSS and Atom for hostile content', () => {
    const articles = [hostile(), makeArticle(1)];
    for (const xml of [renderRss(channel(), articles), renderAtom(channel(), articles)]) {
      expect(() => assertWellFormedXml(xml)).not.toThrow();
    }
  });

  it('give byte-identical output for the same articles, dated by the newest update', () => {
    const a = [makeArticle(3), makeArticle(1, { updatedAt: '2030-01-01T00:00:00.000Z' })];
    const b = [makeArticle(3), makeArticle(1, { updatedAt: '2030-01-01T00:00:00.000Z' })];
    expect(renderRss(channel(), a)).toBe(renderRss(channel(), b));
    expect(renderAtom(channel(), a)).toBe(renderAtom(channel(), b));
    expect(renderJsonFeed(channel(), a)).toBe(renderJsonFeed(channel(), b));
    expect(renderAtom(channel(), a)).toContain('<updated>2030-01-01T00:00:00.000Z</updated>');
    expect(renderRss(channel(), a)).toContain('<lastBuildDate>Tue, 01 Jan 2030 00:00:00 GMT</lastBuildDate>');
  });

  it('write an empty but valid channel', async () => {
    const rss = renderRss(channel(), []);
    const atom = renderAtom(channel(), []);
    assertWellFormedXml(rss);
    assertWellFormedXml(atom);
    const parsed = await new Parser().parseString(rss);
    expect(parsed.items).toHaveLength(0);
    expect(JSON.parse(renderJsonFeed(channel(), []))).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      items: [],
    });
  });

  it('give an independent reader the same items in RSS and Atom', async () => {
    const articles = [hostile(), makeArticle(1)];
    const parser = new Parser();
    const rss = await parser.parseString(renderRss(channel(), articles));
    const atom = await parser.parseString(renderAtom(channel(), articles));
    expect(rss.items.map((i) => i.guid)).toEqual(articles.map((a) => a.guid));
    expect(atom.items.map((i) => i.id)).toEqual(articles.map((a) => a.guid));
    expect(rss.items[0]?.title).toBe('A <b>bold</b> & "quoted" ]]> title');
    expect(atom.items[0]?.title).toBe('A <b>bold</b> & "quoted" ]]> title');
    expect(rss.items[0]?.['content:encoded']).toBe('<p>one ]]> two ]]> three ]]></p><p>lone</p>');
    expect(rss.items[0]?.categories).toEqual(['a<b', 'C# & "quotes"']);
    expect(rss.items[0]?.creator).toBe('Ann <Admin>');
    expect(rss.items[1]?.pubDate).toBe('Mon, 01 Jan 2024 01:00:00 GMT');
  });

  it('keep the guid when an article is edited', async () => {
    const before = makeArticle(1);
    const after = { ...before, title: 'Edited', updatedAt: '2025-01-01T00:00:00.000Z', version: 2 };
    const parser = new Parser();
    const one = await parser.parseString(renderRss(channel(), [before]));
    const two = await parser.parseString(renderRss(channel(), [after]));
    expect(two.items[0]?.guid).toBe(one.items[0]?.guid);
    expect(JSON.parse(renderJsonFeed(channel(), [after])).items[0]).toMatchObject({
      id: before.guid,
      date_modified: '2025-01-01T00:00:00.000Z',
      date_published: before.publishedAt,
    });
  });

  it('write JSON Feed 1.1 fields', () => {
    const feed = JSON.parse(renderJsonFeed(channel(), [hostile()]));
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      language: 'en',
      feed_url: 'https://news.example/feed.json',
      hubs: [{ type: 'WebSub', url: 'https://hub.example/' }],
    });
    expect(feed.items[0]).toMatchObject({
      authors: [{ name: 'Ann <Admin>', url: 'https://news.example/ann' }],
      tags: ['a<b', 'C# & "quotes"'],
      image: 'https://news.example/pic.png',
    });
    expect(feed.items[0]).not.toHaveProperty('author');
  });

  it("carry the site's icon where each format has one, and readers find it", async () => {
    const withIcon = { ...channel(), icon: 'https://news.example/icon.png?v=1&s=2' };
    const rss = renderRss(withIcon, [makeArticle(1)]);
    const atom = renderAtom(withIcon, [makeArticle(1)]);
    const json = renderJsonFeed(withIcon, [makeArticle(1)]);
    for (const xml of [rss, atom]) assertWellFormedXml(xml);
    expect((await new Parser().parseString(rss)).image?.url).toBe(withIcon.icon);
    expect(atom).toContain('<icon>https://news.example/icon.png?v=1&amp;s=2</icon>');
    expect(JSON.parse(json)).toMatchObject({ icon: withIcon.icon, favicon: withIcon.icon });
    expect(jsonFeedErrors(json)).toEqual([]);
    // Without one, none of them says anything about an icon.
    expect(renderRss(channel(), [makeArticle(1)])).not.toContain('<image>');
    expect(JSON.parse(renderJsonFeed(channel(), [makeArticle(1)]))).not.toHaveProperty('icon');
  });

  it('carry the channel essentials: self link, hub, language, generator', () => {
    const rss = renderRss(channel(), [makeArticle(1)]);
    expect(rss).toContain(
      '<atom:link href="https://news.example/rss.xml" rel="self" type="application/rss+xml"/>',
    );
    expect(rss).toContain('<atom:link href="https://hub.example/" rel="hub"/>');
    expect(rss).toContain('<language>en</language>');
    expect(rss).toContain('<generator>feedwright</generator>');
    const atom = renderAtom(channel(), [makeArticle(1)]);
    expect(atom).toContain(
      '<link rel="self" type="application/atom+xml" href="https://news.example/atom.xml"/>',
    );
  });
});

describe('fidelity in the feeds', () => {
  const article = makeArticle(3, {
    title: 'Tides <!-- not a comment --> & “quotes” <b>rise</b>',
    authors: [{ name: 'Ana Lima' }, { name: 'Ben Ode' }, { name: 'Chen Wu' }],
    source: { name: 'Harbour Wire' },
  });

  it('writes titles as escaped text, never CDATA, and every reader reads them as written', async () => {
    const plain = makeArticle(4, { title: 'Tides & “quotes” rise: 5 < 6 > 3' });
    for (const xml of [renderRss(channel(), [article, plain]), renderAtom(channel(), [article, plain])]) {
      expect(xml).not.toMatch(/<title[^>]*><!\[CDATA\[/);
      assertWellFormedXml(xml);
      // Text that looks like markup stays text: rss-parser reads it exactly (feedparser strips tag-like
      // text from every title, whatever the feed says), and both read plain text the same.
      expect((await withRssParser(xml)).map((i) => i.title)).toEqual([article.title, plain.title]);
      expect((await withFeedparser(xml))[1]?.title).toBe(plain.title);
    }
  });

  it('names every author in one dc:creator, which readers show whole', async () => {
    const rss = renderRss(channel(), [article]);
    expect(rss.match(/<dc:creator>/g)).toHaveLength(1);
    expect(rss).toContain('<dc:creator>Ana Lima, Ben Ode, Chen Wu</dc:creator>');
    expect(await authorsWithFeedparser(rss)).toEqual(['Ana Lima, Ben Ode, Chen Wu']);
  });

  it('keeps a source without a URL in every format that can carry it', () => {
    expect(renderRss(channel(), [article])).toContain('<dc:source>Harbour Wire</dc:source>');
    const atom = renderAtom(channel(), [article]);
    expect(atom).toContain(`<source>\n<id>${article.guid}/source</id>\n<title>Harbour Wire</title>`);
    expect(atom).toMatch(/<source>[\s\S]*<updated>[^<]+<\/updated>[\s\S]*<\/source>/);
    const json = JSON.parse(renderJsonFeed(channel(), [article]));
    expect(json.items[0]._source).toEqual({ name: 'Harbour Wire' });
    expect(jsonFeedErrors(renderJsonFeed(channel(), [article]))).toEqual([]);
  });

  it('declares the tombstone namespace only in a feed that has tombstones', () => {
    expect(renderAtom(channel(), [article])).not.toContain('xmlns:at=');
    const gone = {
      id: 'x',
      guid: 'tag:news.example,2024:x',
      url: 'https://news.example/articles/x',
      deletedAt: '2024-01-02T00:00:00Z',
    };
    expect(renderAtom({ ...channel(), tombstones: [gone] }, [article])).toContain('xmlns:at=');
  });
});
