/**
 * Every language comes through: ids and category slugs in any script, pages at
 * their percent-encoded permalinks, categories that never merge.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { getJson, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe('titles and categories in any script', () => {
  it('gives each title a meaningful id and a page at its permalink', async () => {
    server = await startServer();
    const titles: Array<[string, string]> = [
      ['مرحبا بالعالم', 'مرحبا-بالعالم'],
      ['北京欢迎你', '北京欢迎你'],
      ['日本語のタイトル', '日本語のタイトル'],
      ['Спорт сегодня', 'спорт-сегодня'],
      ['Ελληνικά Νέα', 'ελληνικα-νεα'],
      ['नमस्ते दुनिया', 'नमस्ते-दुनिया'],
    ];
    for (const [title, id] of titles) {
      const res = await server.post({ title, contentText: `${title}.` });
      expect(res.status, title).toBe(201);
      const article = (await res.json()) as Article;
      expect(article.id).toBe(id);
      expect(res.headers.get('location')).toBe(`/api/articles/${encodeURIComponent(id)}`);
      expect(article.url).toBe(`${server.runtime.site.siteUrl}/articles/${encodeURIComponent(id)}`);
    }
    await server.runtime.idle();
    for (const [title, id] of titles) {
      const page = await fetch(server.url(`/articles/${encodeURIComponent(id)}`));
      expect(page.status, title).toBe(200);
      expect(await page.text()).toContain(title);
      expect((await fetch(server.url(`/api/articles/${encodeURIComponent(id)}`))).status).toBe(200);
    }
  });

  it('never runs out of ids for titles with no letters (60 emoji titles, none refused)', async () => {
    server = await startServer();
    const emoji = ['🎉', '🚀', '🌊', '⚓', '🐟', '🌙'];
    const ids = new Set<string>();
    for (let n = 0; n < 60; n++) {
      const title = `${emoji[n % 6]}${emoji[Math.floor(n / 6) % 6]}${'!'.repeat(Math.floor(n / 36))}`;
      const res = await server.post({ title, contentText: 'x' });
      expect(res.status, title).toBe(201);
      ids.add(((await res.json()) as Article).id);
    }
    expect(ids.size).toBe(60);
  });

  it('keeps categories apart that differ by script or by symbol, and filters by any of them', async () => {
    server = await startServer();
    const post = async (title: string, categories: string[]) =>
      (await (await server?.post({ title, contentText: 'x', categories }))?.json()) as Article;
    await post('Sport story', ['Спорт']);
    await post('Politics story', ['Политика']);
    await post('Shouting', ['!!!']);
    const languages = await post('Languages', ['C', 'C++', 'C#']);
    expect(languages.categories).toEqual(['C', 'C++', 'C#']);
    await server.runtime.idle();
    const inCategory = async (name: string) =>
      (
        await getJson<LatestPage>(server?.url(`/api/latest?category=${encodeURIComponent(name)}`) ?? '')
      ).items.map((i) => i.title);
    expect(await inCategory('Спорт')).toEqual(['Sport story']);
    expect(await inCategory('Политика')).toEqual(['Politics story']);
    expect(await inCategory('!!!')).toEqual(['Shouting']);
    for (const name of ['C', 'C++', 'C#']) expect(await inCategory(name), name).toEqual(['Languages']);
    // Each has its own page and feeds, linked from the directory.
    const directory = await (await fetch(server.url('/categories/'))).text();
    const pages = [...directory.matchAll(/<a href="[^"]*\/categories\/([^"/]+)\/">/g)].map((m) => m[1]);
    expect(new Set(pages).size).toBe(6);
    for (const slug of pages)
      expect((await fetch(server.url(`/categories/${slug}/rss.xml`))).status, slug).toBe(200);
  });
});
