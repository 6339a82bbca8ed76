/// <reference lib="dom" />
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM, describeWith, launchChromium } from '../helpers/requires.js';
import { KEY, startServer, type TestServer } from '../helpers/server.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

let browser: Browser;
let server: TestServer;
let hostile: { id: string; title: string };

/** A page that fails the test if any script tries to run a dialog. */
async function open(path: string, width = 1280): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const dialogs: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const response = await page.goto(server.url(path));
  expect(response?.status(), path).toBe(200);
  return { page, dialogs };
}

describeWith([CHROMIUM], 'pages in a real browser', () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startServer({ env: { SITE_TITLE: 'The Browser Gazette' } });
    const post = async (body: Record<string, unknown>) =>
      (await server.post(body)).json() as Promise<{ id: string; title: string }>;
    await post({
      title: 'Tide Tables Get a Redesign',
      contentMarkdown:
        'The harbour office has **redesigned** its tide tables.\n\n## Why it changed\n\nReaders asked for larger print.\n\n![Chart of tides](https://img.example/tides.png)',
      categories: ['Harbour News'],
      authors: [{ name: 'Ana Lima' }],
      publishedAt: '2024-04-01',
    });
    hostile = await post({
      title: '<script>alert("title")</script> & <b>bold</b> claims',
      contentHtml:
        '<p>Hello <img src="x" onerror="alert(1)"> <a href="javascript:alert(2)">click</a></p><script>alert(3)</script>',
      publishedAt: '2024-04-02',
    });
    await server.runtime.idle();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  it('home: latest articles with title, date and summary, and autodiscovery for the three feeds', async () => {
    const { page, dialogs } = await open('/');
    expect(await page.title()).toBe('The Browser Gazette');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').allTextContents()).toEqual(['The Browser Gazette']);
    const items = page.locator('ol.articles > li');
    expect(await items.count()).toBe(2);
    expect(await items.nth(1).locator('h2').textContent()).toBe('Tide Tables Get a Redesign');
    expect(await items.nth(1).locator('time').getAttribute('datetime')).toBe('2024-04-01T00:00:00.000Z');
    expect(await items.nth(1).locator('p').textContent()).toContain('redesigned its tide tables');
    const feeds = await page.$$eval('link[rel="alternate"]', (links) =>
      links.map((l) => l.getAttribute('type')),
    );
    expect(feeds).toEqual(['application/rss+xml', 'application/atom+xml', 'application/feed+json']);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: resolve(ARTIFACTS, 'home.png'), fullPage: true });
  });

  it('article: readable, headings in order, images with alt text, category links that work', async () => {
    const { page } = await open('/articles/tide-tables-get-a-redesign');
    expect(await page.locator('h1').textContent()).toBe('Tide Tables Get a Redesign');
    const levels = await page.$$eval('main h1, main h2, main h3, main h4', (hs) =>
      hs.map((h) => Number(h.tagName.slice(1))),
    );
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++)
      expect((levels[i] as number) - (levels[i - 1] as number)).toBeLessThanOrEqual(1);
    expect(await page.$$eval('img', (imgs) => imgs.every((img) => img.hasAttribute('alt')))).toBe(true);
    expect(await page.locator('img[alt="Chart of tides"]').count()).toBe(1);
    expect(await page.locator('main').textContent()).toContain('by Ana Lima');
    await page.screenshot({ path: resolve(ARTIFACTS, 'article.png'), fullPage: true });
    await page.getByRole('link', { name: 'Harbour News' }).click();
    await page.waitForURL(/\/categories\/harbour-news\/$/);
    expect(await page.locator('h1').textContent()).toBe('The Browser Gazette: Harbour News');
    // From any page's footer, the directory of categories, and from there every feed at once.
    await page.getByRole('link', { name: 'All categories' }).click();
    await page.waitForURL(/\/categories\/$/);
    expect(await page.locator('h1').textContent()).toBe('Categories');
    expect(await page.locator('main li > a').allTextContents()).toEqual(['Harbour News']);
    const opml = await page.locator('a[type="text/x-opml"]').getAttribute('href');
    const response = await fetch(opml ?? '');
    expect(response.headers.get('content-type')).toBe('text/x-opml; charset=utf-8');
    expect(await response.text()).toContain('/categories/harbour-news/rss.xml');
  });

  it('shows hostile text as text and runs none of it', async () => {
    const { page, dialogs } = await open(`/articles/${hostile.id}`);
    expect(await page.locator('h1').textContent()).toBe(hostile.title);
    expect(await page.locator('script').count()).toBe(0);
    expect(
      await page.$$eval('*', (els) =>
        els.some((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on'))),
      ),
    ).toBe(false);
    expect(
      await page.$$eval('a', (as) =>
        as.some((a) => (a.getAttribute('href') ?? '').startsWith('javascript:')),
      ),
    ).toBe(false);
    await page.waitForTimeout(100);
    expect(dialogs).toEqual([]);
  });

  it("previews a draft for its editor: the reader's page with a notice, and none of its script runs", async () => {
    const draft = (await (
      await server.post({
        title: 'Embargoed <em>scoop</em>',
        contentHtml: '<p>Not yet <img src="x" onerror="alert(4)">.</p>',
        status: 'draft',
      })
    ).json()) as { id: string };
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    // An editor's browser would send the key; here the page sends it for every request.
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${KEY}` });
    const response = await page.goto(server.url(`/api/articles/${draft.id}/preview`));
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('status').textContent()).toContain('Preview of a draft');
    expect(await page.locator('h1').textContent()).toBe('Embargoed <em>scoop</em>');
    expect(await page.locator('script').count()).toBe(0);
    await page.waitForTimeout(100);
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: resolve(ARTIFACTS, 'preview.png'), fullPage: true });
  });

  it('shows a right-to-left article right to left, and a wide table scrolling inside itself on a phone', async () => {
    const posted = await server.post({
      title: 'جدول المد والجزر',
      contentHtml: `<p dir="rtl" lang="ar">تغير جدول المد والجزر هذا الأسبوع، كما قال مكتب الميناء.</p><p>שלום, a Hebrew greeting in an English paragraph.</p><table><caption>Tides</caption><thead><tr>${'<th scope="col">High-water-at-the-harbour</th>'.repeat(8)}</tr></thead><tbody><tr>${'<td>06:12/18:40/2024-04-03</td>'.repeat(8)}</tr></tbody></table><dl><dt>Spring tide</dt><dd>The largest range.</dd></dl>`,
      publishedAt: '2024-04-03',
    });
    const { id } = (await posted.json()) as { id: string };
    await server.runtime.idle();
    const { page } = await open(`/articles/${encodeURIComponent(id)}`, 360);
    const seen = await page.evaluate(() => {
      const rtl = document.querySelector('p[dir="rtl"]') as HTMLElement;
      const table = document.querySelector('table') as HTMLElement;
      return {
        direction: getComputedStyle(rtl).direction,
        lang: rtl.getAttribute('lang'),
        cells: document.querySelectorAll('td').length,
        terms: document.querySelectorAll('dl dt').length,
        tableScrolls: table.scrollWidth > table.clientWidth,
        pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
      };
    });
    expect(seen).toEqual({
      direction: 'rtl',
      lang: 'ar',
      cells: 8,
      terms: 1,
      tableScrolls: true,
      pageOverflow: expect.any(Number),
    });
    expect(seen.pageOverflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'rtl-table-phone.png'), fullPage: true });
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { page } = await open('/articles/tide-tables-get-a-redesign', 360);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'article-phone.png'), fullPage: true });
  });
});
