import fc from 'fast-check';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../../functions/core/articles.js';
import { ValidationError } from '../../functions/core/errors.js';
import { type Channel, renderAtom, renderJsonFeed, renderRss } from '../../functions/core/render/feeds.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import { parseArticleInput } from '../../functions/core/schema.js';
import { testSite } from '../fixtures/articles.js';
import { jsonFeedErrors, withFeedparser } from '../helpers/readers.js';

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
