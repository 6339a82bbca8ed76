import fc from 'fast-check';
import { Feed } from 'feed';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.js';
import { type Channel, renderAtom, renderJsonFeed, renderRss } from '../../functions/core/render/feeds.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import { parseArticleInput } from '../../functions/core/schema.js';
import { buildArticle } from '../../functions/core/writing.js';
import { testSite } from '../fixtures/articles.js';
import { jsonFeedErrors, withFeedExtractor, withFeedparser } from '../helpers/readers.js';

/** CI runs 1,000; `npm run test:stress` many more. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/** Any UTF-16 code units: controls, lone surrogates, U+FFFE... */
const codeUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((units) => String.fromCharCode(...units));
const nasty = fc.constantFrom(
  ']]>',
  ']]>]]>',
  '<![CDATA[',
  '<script>alert(1)</script>',
  '&amp;',
  '&lt;b&gt;',
  '&#0;',
  '\u202eRTL override',
  'שלום עולם',
  'مرحبا',
  '👩🏽‍🚀🏳️‍🌈',
  '\u0000\u0001\u001f',
  '\ud800',
  '\udfff',
  '\uffff\ufffe',
  '"\'<>&',
  '<a href="javascript:x">',
);
/** Mostly short, sometimes a 100 KB string. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 6, arbitrary: codeUnits },
  { weight: 4, arbitrary: nasty },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 10 })), { maxLength: 8 })
      .map((parts) => parts.join(' ')),
  },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(100_000), '😀'.repeat(50_000), ']]>'.repeat(33_000)) },
);
const content = fc.oneof(
  text.map((t) => ({ contentHtml: t })),
  text.map((t) => ({ contentText: t })),
  text.map((t) => ({ contentMarkdown: t })),
);
const articleInput = fc.record({
  title: text,
  content,
  summary: fc.option(
    text.map((t) => t.slice(0, 500)),
    { nil: undefined },
  ),
  categories: fc.array(
    text.map((t) => t.slice(0, 100)),
    { maxLength: 4 },
  ),
  authors: fc.array(fc.record({ name: text.map((t) => t.slice(0, 200)) }), { maxLength: 3 }),
});

const channel: Channel = {
  title: 'Property <Feed> & ]]>',
  description: 'Any input',
  homeUrl: 'https://news.example/',
  language: 'en',
  rssUrl: 'https://news.example/rss.xml',
  atomUrl: 'https://news.example/atom.xml',
  jsonUrl: 'https://news.example/feed.json',
  hubs: [],
};

const rssParser = new Parser();

describe(`any article input (${RUNS} runs)`, () => {
  it('renders well-formed RSS and Atom that independent readers read alike, and valid JSON Feed 1.1', async () => {
    let rendered = 0;
    await fc.assert(
      fc.asyncProperty(articleInput, async (raw) => {
        const body = {
          title: raw.title,
          ...raw.content,
          summary: raw.summary,
          categories: raw.categories,
          authors: raw.authors,
        };
        let article: ReturnType<typeof buildArticle>;
        try {
          // The real ingest path: schema (XML-illegal characters removed), sanitiser, summary.
          const input = parseArticleInput(JSON.parse(JSON.stringify(body)));
          article = buildArticle(input, 'property', new Date('2024-01-01T00:00:00Z'), testSite());
        } catch (error) {
          if (error instanceof ValidationError) return; // refused input never reaches a feed
          throw error;
        }
        rendered++;
        const articles = [article];
        const rss = renderRss(channel, articles);
        const atom = renderAtom(channel, articles);
        assertWellFormedXml(rss);
        assertWellFormedXml(atom);
        for (const xml of [rss, atom]) {
          const byRssParser = (await rssParser.parseString(xml)).items.map((i) => i.title ?? '');
          expect(byRssParser).toEqual([article.title]);
          // feedparser strips tag-like markup from titles by design (it reads titles as HTML); elsewhere the two agree.
          if (!/<[a-zA-Z/!?]/.test(article.title))
            expect((await withFeedparser(xml)).map((i) => i.title)).toEqual(byRssParser);
        }
        expect(jsonFeedErrors(renderJsonFeed(channel, articles))).toEqual([]);
      }),
      { numRuns: RUNS },
    );
    // The property must have exercised the renderers, not only the refusals.
    expect(rendered).toBeGreaterThan(RUNS / 4);
  }, 600_000);
});

/**
 * `feed` (the npm package) as an oracle: for input within what it writes
 * correctly (titles of letters, digits and spaces, dated items, ids that are
 * URLs; it escapes little and stamps the current date otherwise), every
 * independent reader reads the same items from its RSS and Atom as from ours.
 */
describe(`ours and the feed package, read by independent readers (${Math.min(RUNS, 200)} runs)`, () => {
  const plainWords = fc
    .array(fc.stringMatching(/^[A-Za-z0-9]{1,10}$/), { minLength: 1, maxLength: 6 })
    .map((words) => words.join(' '));
  const item = fc.record({
    slug: fc.stringMatching(/^[a-z0-9]{1,12}$/),
    title: plainWords,
    minutes: fc.integer({ min: 0, max: 525_600 }),
  });

  it('the readers find the same ids, titles and links in both', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(item, { minLength: 1, maxLength: 8, selector: (i) => i.slug }),
        async (items) => {
          const site = testSite();
          const articles = items.map((i) => {
            const at = new Date(Date.UTC(2024, 0, 1) + i.minutes * 60_000).toISOString();
            return {
              ...buildArticle(
                parseArticleInput({ title: i.title, contentText: `About ${i.title}.`, publishedAt: at }),
                i.slug,
                new Date('2025-01-01T00:00:00Z'),
                site,
              ),
              guid: `${site.siteUrl}/articles/${i.slug}`,
            };
          });
          const reference = new Feed({
            title: channel.title,
            id: channel.homeUrl,
            link: channel.homeUrl,
            description: channel.description,
            copyright: 'test',
            updated: new Date('2025-01-01T00:00:00Z'),
          });
          for (const a of articles)
            reference.addItem({
              title: a.title,
              id: a.guid,
              guid: a.guid,
              link: a.url,
              date: new Date(a.publishedAt),
              description: a.summary,
              content: a.contentHtml,
            });
          const read = async (xml: string) => {
            const byRssParser = (await rssParser.parseString(xml)).items.map((i) => [
              i.guid ?? i.id,
              i.title,
              i.link,
            ]);
            const byFeedparser = (await withFeedparser(xml)).map((i) => [i.id, i.title, i.link]);
            const byExtractor = withFeedExtractor(xml).map((i) => [i.id, i.title, i.link]);
            const sorted = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r)).sort();
            return {
              byRssParser: sorted(byRssParser),
              byFeedparser: sorted(byFeedparser),
              byExtractor: sorted(byExtractor),
            };
          };
          const ours = {
            rss: await read(renderRss(channel, articles)),
            atom: await read(renderAtom(channel, articles)),
          };
          for (const rows of [...Object.values(ours.rss), ...Object.values(ours.atom)])
            expect(rows).toHaveLength(articles.length);
          expect(ours.rss).toEqual(await read(reference.rss2()));
          expect(ours.atom).toEqual(await read(reference.atom1()));
        },
      ),
      { numRuns: Math.min(RUNS, 200) },
    );
  }, 600_000);
});
