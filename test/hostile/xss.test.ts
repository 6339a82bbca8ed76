import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import { startServer, type TestServer } from '../helpers/server.js';

const VECTORS = readFileSync(resolve(import.meta.dirname, '../fixtures/xss-vectors.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

/** Elements that never belong in an article, whatever their attributes. */
const FORBIDDEN =
  'script, iframe, frame, object, embed, applet, svg, math, style, link, meta, base, form, input, button, textarea, template, noscript, isindex, marquee';
const URL_ATTRIBUTES = [
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'background',
  'poster',
  'data',
  'srcdoc',
];

/**
 * What a real DOM finds dangerous in an HTML fragment, or in a whole page
 * (whose own head may hold meta, link and style: there, forbidden elements
 * are looked for in <main>, scripts everywhere). Empty when safe.
 */
function dangers(html: string, page = false): string[] {
  const { document } = parseHTML(page ? html : `<!doctype html><html><body>${html}</body></html>`);
  const found: string[] = [];
  const forbidden = page
    ? `script, ${FORBIDDEN.split(', ')
        .map((tag) => `main ${tag}`)
        .join(', ')}`
    : FORBIDDEN;
  for (const el of Array.from(document.querySelectorAll(forbidden)))
    found.push(`<${el.tagName.toLowerCase()}>`);
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes) as Array<{ name: string; value: string }>) {
      if (/^on/i.test(attr.name)) found.push(`${attr.name}=`);
      if (attr.name === 'style') found.push('style=');
      // Browsers drop control characters and white space inside a scheme: so must the check.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls a browser skips are the point.
      const value = attr.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (URL_ATTRIBUTES.includes(attr.name) && /^(javascript|vbscript|data):/.test(value))
        found.push(`${attr.name}=${value.slice(0, 20)}`);
    }
  }
  return found;
}

let server: TestServer;
const stored: Article[] = [];

beforeAll(async () => {
  server = await startServer();
  for (const [index, vector] of VECTORS.entries()) {
    const res = await server.post({
      id: `xss-${index}`,
      title: `Vector ${index} ${vector}`,
      contentHtml: `<p>Before.</p>${vector}<p>After.</p>`,
      // Category names are shown on pages and in the directory too.
      categories: [`${index} ${vector}`.slice(0, 100)],
    });
    // A vector that sanitises to nothing at all is refused (400); the rest are stored clean.
    if (res.status === 201) stored.push((await res.json()) as Article);
    else expect(res.status, vector).toBe(400);
  }
  await server.runtime.idle();
}, 60_000);

afterAll(async () => {
  await server.dispose();
});

describe(`${VECTORS.length} XSS vectors posted as content`, () => {
  it('are at least 50, and almost all are stored (cleaned), not refused', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(50);
    expect(stored.length).toBeGreaterThanOrEqual(VECTORS.length - 2);
  });

  it('leave nothing dangerous in the stored articles', () => {
    for (const article of stored) expect(dangers(article.contentHtml), article.id).toEqual([]);
  });

  it('leave nothing dangerous in RSS, Atom or JSON Feed content', async () => {
    const parser = new Parser();
    const rss = await parser.parseString(await (await fetch(server.url('/rss.xml'))).text());
    const atom = await parser.parseString(await (await fetch(server.url('/atom.xml'))).text());
    const json = (await (await fetch(server.url('/feed.json'))).json()) as {
      items: Array<{ content_html: string }>;
    };
    const contents = [
      ...rss.items.map((i) => String(i['content:encoded'])),
      ...atom.items.map((i) => String(i.content)),
      ...json.items.map((i) => i.content_html),
    ];
    expect(contents.length).toBeGreaterThanOrEqual(Math.min(stored.length, 50) * 3);
    for (const content of contents) expect(dangers(content)).toEqual([]);
  });

  it('leave nothing dangerous in the article pages or the home page, titles shown as text', async () => {
    for (const article of stored) {
      const page = await (await fetch(server.url(`/articles/${article.id}`))).text();
      expect(dangers(page, true), article.id).toEqual([]);
      const { document } = parseHTML(page);
      expect(document.querySelector('h1')?.textContent, article.id).toBe(article.title);
    }
    expect(dangers(await (await fetch(server.url('/'))).text(), true)).toEqual([]);
  });

  it('leave nothing dangerous in the category pages and the directory, names shown as text', async () => {
    const directory = await (await fetch(server.url('/categories/'))).text();
    expect(dangers(directory, true)).toEqual([]);
    const { document } = parseHTML(directory);
    const names = Array.from(document.querySelectorAll('main li > a')).map((a) => a.textContent);
    expect(names.length).toBeGreaterThanOrEqual(stored.length - 5);
    for (const article of stored) expect(names, article.id).toContain(article.categories[0]);
    for (const link of Array.from(document.querySelectorAll('main li > a')).slice(0, 20)) {
      const page = await (await fetch(link.getAttribute('href') ?? '')).text();
      expect(dangers(page, true), link.getAttribute('href') ?? '').toEqual([]);
    }
    assertWellFormedXml(await (await fetch(server.url('/feeds.opml'))).text());
  });

  it('has a checker that does find each kind of danger', () => {
    expect(dangers('<script>x</script>')).toEqual(['<script>']);
    expect(dangers('<p onclick="x">a</p>')).toEqual(['onclick=']);
    expect(dangers('<a href=" java\tscript:x">a</a>')).toEqual(['href=javascript:x']);
    expect(
      dangers(
        '<!doctype html><html><head><style>p{}</style></head><body><main><style>x</style></main></body></html>',
        true,
      ),
    ).toEqual(['<style>']);
  });
});
