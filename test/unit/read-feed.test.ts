import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../functions/core/errors.js';
import { readFeed } from '../../functions/core/import/read-feed.js';

const FEEDS = resolve(import.meta.dirname, '../fixtures/feeds');
const fixture = (name: string) => readFileSync(resolve(FEEDS, name), 'utf8');

describe('reading the feeds people move in with', () => {
  it('reads a WordPress RSS feed: content:encoded, dc:creator, categories, the guid verbatim', () => {
    const feed = readFeed(fixture('wordpress-rss.xml'));
    expect(feed.format).toBe('rss');
    expect(feed.items.map((i) => i.guid)).toEqual([
      'https://harbour.example/?p=1182',
      'https://harbour.example/?p=1175',
      'https://harbour.example/?p=1160',
    ]);
    const [first] = feed.items;
    expect(first?.authors).toEqual([{ name: 'Mairi Campbell' }]);
    expect(first?.categories).toEqual(['Transport', 'Ferries']);
    expect(first?.publishedAt).toBe('2024-06-04T09:12:44.000Z');
    expect(first?.link).toBe('https://harbour.example/2024/06/ferry-timetable-summer/');
    expect(first?.content).toMatchObject({ html: expect.stringContaining('twenty minutes earlier') });
    expect(first?.summary).toContain('From 15 June');
    // An HTML entity the file does not declare (old WordPress titles have them) is read as HTML reads it.
    expect(feed.items[2]?.title).toBe('Café on the pier reopens');
  });

  it('reads a Ghost feed: a non-URL guid kept as it is, media:content as the image', () => {
    const feed = readFeed(fixture('ghost-rss.xml'));
    expect(feed.items[0]).toMatchObject({
      guid: '6655b1c2e4b0a90001f3c2d1',
      title: 'The swifts are back',
      image: 'https://notes.example/content/images/2024/06/swifts.jpg',
      authors: [{ name: 'Ana Lopes' }],
    });
  });

  it('reads a Hugo index.xml: escaped HTML in description, the permalink guid', () => {
    const feed = readFeed(fixture('hugo-index.xml'));
    expect(feed.items.map((i) => i.guid)).toEqual([
      'https://lablog.example/posts/calibrating-the-spectrometer/',
      'https://lablog.example/posts/lab-safety-goggles/',
    ]);
    expect(feed.items[0]?.content).toMatchObject({ html: expect.stringContaining('<pre><code>fit =') });
    expect(feed.items[1]?.title).toBe('Notes on lab safety & goggles');
    expect(feed.items[0]?.publishedAt).toBe('2024-05-29T12:00:00.000Z');
  });

  it('reads a Jekyll Atom feed: html and xhtml content, published and updated, the feed author', () => {
    const feed = readFeed(fixture('jekyll-feed.xml'));
    expect(feed.format).toBe('atom');
    const [beans, potatoes] = feed.items;
    expect(beans).toMatchObject({
      guid: 'https://garden.example/2024/05/25/broad-beans',
      title: 'Broad beans & blackfly',
      link: 'https://garden.example/2024/05/25/broad-beans.html',
      publishedAt: '2024-05-25T18:20:00.000Z',
      updatedAt: '2024-05-26T07:00:00.000Z',
      categories: ['vegetables'],
      authors: [{ name: 'Priya Shah' }],
    });
    expect(potatoes?.content).toEqual({
      html: '<p>Charlotte, in <strong>two</strong> rows, earthed up at once.</p>',
    });
  });

  it('reads JSON Feed 1.1: tags, image, a number-like id, an item without a title', () => {
    const feed = readFeed(fixture('feed-1.1.json'));
    expect(feed.format).toBe('json');
    expect(feed.items[0]).toMatchObject({
      categories: ['Marché', 'Saisons'],
      authors: [{ name: 'Léa Martin' }],
    });
    expect(feed.items[1]?.guid).toBe('42');
    expect(feed.items[1]?.title).toBe('Une note sans titre, écrite depuis le train. Deuxième paragraphe.');
    expect(feed.items[1]?.notes.join()).toMatch(/no title/);
  });

  it('reads a WordPress export: posts and drafts, pages and attachments skipped with why', () => {
    const feed = readFeed(fixture('wordpress-export.xml'));
    expect(feed.format).toBe('wxr');
    expect(feed.items.map((i) => [i.guid, i.status])).toEqual([
      ['https://walks.example/?p=77', 'published'],
      ['https://walks.example/?p=80', 'draft'],
    ]);
    expect(feed.items[0]?.summary).toBe('Eleven kilometres and one cow.');
    expect(feed.items[0]?.categories).toEqual(['Routes', 'Hills']);
    expect(feed.skipped).toEqual([
      { item: 'About these walks', reason: 'a WordPress page, not a post' },
      { item: 'Old photo', reason: 'a WordPress attachment, not a post' },
    ]);
  });

  it('reads RSS 1.0 (RDF): rdf:about as the id, dc:date', () => {
    const feed = readFeed(fixture('rss1.rdf'));
    expect(feed.items[0]).toMatchObject({
      guid: 'https://old.example/archives/000123.html',
      publishedAt: '2004-03-14T12:10:00.000Z',
      authors: [{ name: 'K. Tanaka' }],
      categories: ['Meta'],
    });
  });

  it('derives an id from link and date for an item without one, and says so', () => {
    const feed = readFeed(
      '<rss version="2.0"><channel><item><title>A</title><link>https://x.example/a</link><pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate><description>a</description></item></channel></rss>',
    );
    expect(feed.items[0]?.guid).toBe('https://x.example/a#2024-06-03T10:00:00.000Z');
    expect(feed.items[0]?.notes.join()).toMatch(/no id: its id is derived from its link and date/);
  });

  it('refuses a file that is not a feed, saying why', () => {
    for (const [text, why] of [
      ['<html><body>hello</body></html>', /root element is <html>/],
      ['<rss><channel>', /not well-formed XML/],
      ['{"items": []}', /JSON Feed "version"/],
      ['just words', /not well-formed XML/],
    ] as const) {
      expect(() => readFeed(text)).toThrow(UnprocessableError);
      expect(() => readFeed(text)).toThrow(why);
    }
  });

  it('refuses a feed whose items share an id, naming it', () => {
    const item = '<item><guid>same-id</guid><title>x</title><description>y</description></item>';
    expect(() => readFeed(`<rss version="2.0"><channel>${item}${item}</channel></rss>`)).toThrow(/"same-id"/);
  });
});
