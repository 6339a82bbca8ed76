import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../functions/core/errors.js';
import { parseDateLine } from '../../functions/core/extract/dates.js';
import { extractPage } from '../../functions/core/extract/index.js';
import { extractText } from '../../functions/core/extract/text.js';
import { escapeXml } from '../../functions/core/text.js';
import { describeWith } from '../helpers/requires.js';
import { SEED_PAGE, sharedFixture } from '../helpers/shared.js';
import { structure } from '../helpers/structure.js';

const PAGES = resolve(import.meta.dirname, '../fixtures/pages');
const page = (name: string) => readFileSync(resolve(PAGES, name), 'utf8');

describeWith([SEED_PAGE], 'extractText on the seed page', () => {
  const text = sharedFixture('seed-article.txt');
  const result = extractPage(text, 'text/plain');
  const lines = text.split('\n').map((l) => l.trim());

  it('reads the headline, keeping the curly apostrophe', () => {
    expect(result.title).toBe('Kim Jong Un’s Visit to Russian Fighter Jet Plant Amid Arms Deal Speculation');
  });
  it('reads the date line and the source line', () => {
    expect(result.publishedAt).toBe('2023-09-22');
    expect(result.source).toEqual({ name: 'India Today' });
  });
  it('keeps every body paragraph word for word, the lead first', () => {
    // Independently of the extractor's rules: the seed's body paragraphs are its long lines, less the sign-off.
    const expected = lines.filter((l) => l.length > 120 && !/stay tuned/i.test(l));
    expect(expected.length).toBeGreaterThan(5);
    expect(structure(result.contentHtml ?? '').p).toEqual(expected);
    expect(result.summary).toBe(expected[0]);
  });
  it('makes the eight section headings h2, in order', () => {
    const headings = structure(result.contentHtml ?? '').h2;
    expect(headings).toHaveLength(8);
    const positions = headings.map((h) => lines.indexOf(h));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
  it('drops all the furniture', () => {
    const html = result.contentHtml ?? '';
    for (const furniture of [
      '28.1 C',
      'New Delhi',
      'Friday, September 22',
      'stay tuned',
      'Source:',
      'Related Articles',
      'Please enter your',
      'Stay Connected',
      'Advertisement',
      'spot_img',
      'Latest Articles',
    ]) {
      expect(html).not.toContain(escapeXml(furniture));
    }
  });
});

describe('extractText on other shapes', () => {
  it('reads a byline with two names, a day-month-year date and tags, past a site header and a share bar', () => {
    const r = extractPage(page('blog-byline-tags.txt'), 'text/plain');
    expect(r.title).toBe('Offshore Wind Farms Turn to Floating Turbines');
    expect(r.authors).toEqual([{ name: 'Jane Doe' }, { name: 'Sam Lee' }]);
    expect(r.publishedAt).toBe('2023-09-22');
    expect(r.categories).toEqual(['Energy', 'Climate', 'Offshore Wind']);
    const s = structure(r.contentHtml ?? '');
    expect(s.h2).toEqual(['Why Depth Matters', 'Early Results']);
    expect(s.p).toHaveLength(3);
    expect(r.contentHtml).not.toMatch(/Share this|Facebook|WhatsApp|Home|Greenline/);
  });

  it('drops adverts and "Also Read" lines between paragraphs and makes no headings when there are none', () => {
    const r = extractPage(page('adverts-no-headings.txt'), 'text/plain');
    expect(r.title).toBe('City Council Approves New Bike Lanes on Main Street');
    expect(r.publishedAt).toBe('2023-09-22');
    expect(r.source).toEqual({ name: 'Metro Daily Wire' });
    const s = structure(r.contentHtml ?? '');
    expect(s.h2).toEqual([]);
    expect(s.p).toHaveLength(3);
    expect(r.contentHtml).not.toMatch(/ADVERTISEMENT|Advertisement|Also Read|parking rates/);
  });

  it('has no date without a date line, and drops a sidebar in the middle, a promotion and a comment form', () => {
    const r = extractPage(page('no-date-sidebar-middle.txt'), 'text/plain');
    expect(r.publishedAt).toBeUndefined();
    const s = structure(r.contentHtml ?? '');
    expect(s.p).toEqual([
      'A family bakery that has operated from the same corner shop for three generations has won the national award for the best sourdough loaf.',
      "The judges praised the loaf's open crumb and its deep, caramelised crust, and said the entry stood out among more than four hundred submissions.",
      'The owners said they would celebrate by giving away a free loaf to every customer on Saturday morning.',
    ]);
    expect(r.contentHtml).not.toMatch(/Most Popular|weekend|Instagram|comment|Reply/i);
  });

  it('reads an ISO date under a Fahrenheit weather widget and drops recent comments and the copyright line', () => {
    const r = extractPage(page('iso-date-weather-f.txt'), 'text/plain');
    expect(r.title).toBe('Startup Unveils Battery That Charges in Ten Minutes');
    expect(r.publishedAt).toBe('2023-09-22');
    expect(structure(r.contentHtml ?? '').h2).toEqual(['How It Works', 'What Comes Next']);
    expect(r.contentHtml).not.toMatch(/72°F|San Francisco|Recent Comments|EV owners|©/);
  });

  it('reads text copied without blank lines: a byline with a role, a published line with a time, categories', () => {
    const r = extractPage(page('single-newlines.txt'), 'text/plain');
    expect(r.title).toBe('Harbour Festival Draws Record Crowds');
    expect(r.authors).toEqual([{ name: 'A. N. Author' }]);
    expect(r.publishedAt).toBe('2024-03-03');
    expect(r.categories).toEqual(['Events', 'Tourism']);
    expect(structure(r.contentHtml ?? '').p).toHaveLength(3);
  });

  it('says what is missing when a page is only furniture', () => {
    try {
      extractPage(page('only-furniture.txt'), 'text/plain');
      throw new Error('expected a 422');
    } catch (error) {
      expect(error).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).errors.map((e) => e.path)).toEqual(['title', 'content']);
    }
  });
});

describe('extractText on hostile lines', () => {
  // An exponential pattern would not finish these (one took 38 s at 30 repeats); the suite's timeout catches it.
  it.each([
    ['repeated share networks with a stray character', `${'Facebook '.repeat(40)}!`, 'p'],
    ['a long byline that is not one', `By ${'Jane '.repeat(5000)}`, 'p'],
    ['repeated date parts', `${'Sep 22, '.repeat(3000)}!`, 'p'],
    ['a row of share networks', 'Facebook | Twitter · WhatsApp, Email / Copy link', 'dropped'],
  ])('handles %s', (_name, line, expected) => {
    const r = extractText(
      `Headline here\n\n${line}\n\nA paragraph that is long enough to count as body text, surely it is.`,
    );
    if (expected === 'dropped') expect(r.dropped.map((d) => d.line)).toContain(line);
    else expect(r.dropped.map((d) => d.line)).not.toContain(line);
  });
});

describe('extractHtml', () => {
  it('takes the main content and the metadata, leaving nav, aside, footer and scripts behind', () => {
    const r = extractPage(page('page-with-furniture.html'), 'text/html');
    expect(r).toMatchObject({
      title: 'Rail Strike Called Off After Late-Night Talks',
      publishedAt: '2024-02-14T22:10:00.000Z',
      authors: [{ name: 'Priya Natarajan' }],
      categories: ['Transport', 'Labour'],
      image: 'https://courier.example/images/station.jpg',
      source: { name: 'Northern Courier', url: 'https://courier.example/news/rail-strike-called-off' },
      summary: 'Unions and operators reached a deal shortly before midnight.',
    });
    const html = r.contentHtml ?? '';
    expect(html).toContain('A national rail strike planned for Thursday');
    expect(html).toContain('<h2>Commuters relieved</h2>');
    expect(html).toContain('href="https://courier.example/news/ballot-explained"');
    expect(html).not.toMatch(/Most read|Privacy|tracking|<script|onclick|onerror|Sport/);
  });

  it('falls back to <title> and still finds the text of a page without metadata', () => {
    const r = extractPage(page('page-no-meta.html'), 'text/html');
    expect(r.title).toBe('Museum Reopens Its Restored East Wing');
    expect(r.publishedAt).toBeUndefined();
    expect(r.contentHtml).toContain('After three years of restoration work');
  });

  it('answers 422 for a page with no article text', () => {
    expect(() =>
      extractPage('<html><head><title>x</title></head><body><nav>Menu</nav></body></html>', 'text/html'),
    ).toThrow(UnprocessableError);
  });
});

describe('parseDateLine', () => {
  it.each([
    ['Friday, September 22, 2023', '2023-09-22'],
    ['22 September 2023', '2023-09-22'],
    ['Sep 22, 2023', '2023-09-22'],
    ['Sept. 22, 2023', '2023-09-22'],
    ['2023-09-22', '2023-09-22'],
    ['Published: March 3, 2024 10:30 AM IST', '2024-03-03'],
    ['Updated on 1st February 2024', '2024-02-01'],
    // The languages the stop-word lists cover, with their weekdays, connectors and times.
    ['segunda-feira, 22 de janeiro de 2018 às 0:13', '2018-01-22'],
    ['Publicado el 12 de diciembre de 2019', '2019-12-12'],
    ['mercredi 3 mars 2021 à 10h30', '2021-03-03'],
    ['Montag, 22. Januar 2018, 10:30 Uhr', '2018-01-22'],
    ['22 gennaio 2018', '2018-01-22'],
    ['3 maart 2021', '2021-03-03'],
  ])('reads %s', (line, date) => {
    expect(parseDateLine(line)).toBe(date);
  });
  it.each([
    'September 31, 2023',
    'The meeting on September 22, 2023 was long.',
    '2023-13-01',
    'Friday',
    'A reunião de 22 de janeiro de 2018 foi longa.',
  ])('refuses %s', (line) => {
    expect(parseDateLine(line)).toBeNull();
  });
});
