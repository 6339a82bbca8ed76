/**
 * Every language comes through: ids and category slugs in any script, pages at
 * their percent-encoded permalinks, categories that never merge.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { getJson, KEY, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

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

  it('reads raw pages in Japanese and Arabic, and in UTF-16, as readily as in English', async () => {
    server = await startServer();
    const pages: Array<[string, string]> = [
      [
        '東京の新しい図書館が開館\n\n東京都は月曜日、新しい中央図書館が一般に公開されたと発表した。館内には百万冊以上の本が収められている。\n\n開館式には多くの市民が集まった。',
        '東京の新しい図書館が開館',
      ],
      [
        'افتتاح مكتبة جديدة في القاهرة\n\nأعلنت المحافظة يوم الاثنين افتتاح المكتبة المركزية الجديدة للجمهور، وتضم أكثر من مليون كتاب.\n\nوحضر حفل الافتتاح عدد كبير من المواطنين.',
        'افتتاح مكتبة جديدة في القاهرة',
      ],
    ];
    const send = (body: Buffer, type: string) =>
      fetch(server?.url('/api/articles?dryRun=true') ?? '', {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': type },
        body: new Uint8Array(body),
      });
    for (const [text, title] of pages) {
      const utf8 = await send(Buffer.from(text, 'utf8'), 'text/plain; charset=utf-8');
      expect(utf8.status, title).toBe(200);
      expect(((await utf8.json()) as Article).title).toBe(title);
      // UTF-16 with a byte order mark, and big-endian named in the Content-Type.
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const viaBom = await send(le, 'text/plain');
      expect(viaBom.status, `${title} (UTF-16LE)`).toBe(200);
      expect(((await viaBom.json()) as Article).title).toBe(title);
      const be = Buffer.from(text, 'utf16le').swap16();
      const named = await send(be, 'text/plain; charset=utf-16be');
      expect(named.status, `${title} (UTF-16BE)`).toBe(200);
      expect(((await named.json()) as Article).title).toBe(title);
    }
    // Real binary stays refused.
    expect((await send(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0, 1, 2]), 'text/plain')).status).toBe(415);
  });
});
