/**
 * The HTML extractor's headline and metadata on page shapes of our own:
 * JSON-LD first (in a @graph, with several authors), then microdata, the site's name cut from
 * og:title and <title>, and never a caption or a subheadline.
 */
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../functions/core/extract/html.js';
import { withoutSiteName } from '../../functions/core/extract/linked-data.js';

const BODY =
  '<p>The harbour office has redesigned its tide tables after a year of letters from readers who found the old ones hard to read.</p><p>The new tables use larger print and mark spring tides in bold, the office said on Monday.</p>';

describe('the HTML extractor', () => {
  it('reads the headline, dates, authors, keywords and image from JSON-LD before og:* and <meta>', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'The Harbour Times' },
        {
          '@type': ['NewsArticle'],
          headline: 'Tide Tables Get a Redesign',
          datePublished: '2024-04-01T08:30:00+02:00',
          dateModified: '2024-04-02T09:00:00Z',
          author: [
            { '@type': 'Person', name: 'Ana Lima' },
            { '@type': 'Person', name: 'Ben Ode' },
          ],
          keywords: 'Harbour, Tides',
          image: { '@type': 'ImageObject', url: 'https://img.example/tides.png' },
        },
      ],
    };
    const page = extractHtml(
      `<html><head><title>Tides - The Harbour Times</title><meta property="og:title" content="Tides!! Click here - The Harbour Times"><meta name="author" content="Desk"><script type="application/ld+json">${JSON.stringify(ld)}</script><script type="application/ld+json">{ not json</script></head><body><article><figure><img src="x.png"><figcaption>Image caption, a harbour at dawn</figcaption></figure><h1>Tide Tables Get a Redesign</h1><p class="standfirst">Larger print, bold spring tides</p>${BODY}</article></body></html>`,
    );
    expect(page.title).toBe('Tide Tables Get a Redesign');
    expect(page.publishedAt).toBe('2024-04-01T06:30:00.000Z');
    expect(page.authors).toEqual([{ name: 'Ana Lima' }, { name: 'Ben Ode' }]);
    expect(page.categories).toEqual(['Harbour', 'Tides']);
    expect(page.image).toBe('https://img.example/tides.png');
  });

  it('reads the same from microdata when the page has no JSON-LD, before og:* and <meta>', () => {
    const page = extractHtml(
      `<html><head><title>Tides - The Harbour Times</title><meta property="og:title" content="Tides!! Click here"><meta name="author" content="Desk"><meta property="og:image" content="https://img.example/og.png"></head><body>
      <article itemscope itemtype="https://schema.org/NewsArticle">
        <meta itemprop="keywords" content="Harbour, Tides">
        <h2 itemprop="headline">Tide Tables Get a Redesign</h2>
        <p>By <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ana Lima</span></span>
        and <span itemprop="author">Ben Ode</span>, <time itemprop="datePublished" datetime="2024-04-01T08:30:00+02:00">1 April</time></p>
        <img itemprop="image" src="https://img.example/tides.png" alt="">
        <div itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">The Harbour Times</span></div>
        ${BODY}
      </article></body></html>`,
    );
    expect(page.title).toBe('Tide Tables Get a Redesign');
    expect(page.publishedAt).toBe('2024-04-01T06:30:00.000Z');
    expect(page.authors).toEqual([{ name: 'Ana Lima' }, { name: 'Ben Ode' }]);
    expect(page.categories).toEqual(['Harbour', 'Tides']);
    expect(page.image).toBe('https://img.example/tides.png');
  });

  it('never makes the byline the summary: without a description it is the first paragraph, and the byline names the authors', () => {
    for (const byline of [
      '<p>By Mairi Campbell and Rui Matos</p>',
      '<p class="byline">By Mairi Campbell and Rui Matos, Harbour Reporters</p><p>Updated Nov 19, 9:41 AM</p>',
    ]) {
      const page = extractHtml(
        `<html><head><title>Tides</title></head><body><article><h1>Tides</h1>${byline}${BODY}</article></body></html>`,
      );
      expect(page.summary).toBe(
        'The harbour office has redesigned its tide tables after a year of letters from readers who found the old ones hard to read.',
      );
      expect(page.authors).toEqual([{ name: 'Mairi Campbell' }, { name: 'Rui Matos' }]);
    }
  });

  it("cuts the site's name from og:title and <title>, whichever side it stands", () => {
    const page = (head: string, h1 = '') =>
      extractHtml(`<html><head>${head}</head><body><article>${h1}${BODY}</article></body></html>`).title;
    expect(
      page(
        '<meta property="og:title" content="Real Headline – The Daily Site"><meta property="og:site_name" content="The Daily Site">',
      ),
    ).toBe('Real Headline');
    expect(page('<title>The Daily Site | Real Headline</title>', '<h1>Real Headline</h1>')).toBe(
      'Real Headline',
    );
    expect(
      page('<title>Real Headline: Why It Matters - Daily</title>', '<h1>Real Headline: Why It Matters</h1>'),
    ).toBe('Real Headline: Why It Matters');
  });

  it("cuts the site's name from a JSON-LD headline too", () => {
    const ld = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Tide Tables Get a Redesign | TheHarbour',
    };
    const page = extractHtml(
      `<html><head><meta property="og:site_name" content="TheHarbour"><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><article><h1>Tide Tables Get a Redesign</h1>${BODY}</article></body></html>`,
    );
    expect(page.title).toBe('Tide Tables Get a Redesign');
  });

  it('keeps a title whose separator is part of it', () => {
    expect(withoutSiteName('Paris – Berlin: the night train returns', 'Rail Weekly', 'Something else')).toBe(
      'Paris – Berlin: the night train returns',
    );
  });
});
