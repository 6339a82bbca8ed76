import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Parser from 'rss-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { describeWith } from '../helpers/requires.js';
import { getJson, KEY, type LatestPage, startServer, type TestServer } from '../helpers/server.js';
import { SEED_PAGE, sharedFixture } from '../helpers/shared.js';

const PAGES = resolve(import.meta.dirname, '../fixtures/pages');
const page = (name: string) => readFileSync(resolve(PAGES, name));

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

function postPage(s: TestServer, body: string | Buffer, type: string, query = '') {
  return fetch(s.url(`/api/articles${query}`), {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': type },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
}

async function feeds(s: TestServer) {
  const parser = new Parser();
  const rss = await parser.parseString(await (await fetch(s.url('/rss.xml'))).text());
  const atom = await parser.parseString(await (await fetch(s.url('/atom.xml'))).text());
  const json = (
    await getJson<{ items: Array<{ title: string; content_html: string; date_published: string }> }>(
      s.url('/feed.json'),
    )
  ).items;
  return { rss: rss.items, atom: atom.items, json };
}

describe('raw pages over HTTP', () => {
  it("reads one of feedwright's own published pages back whole, from its metadata and body", async () => {
    // Prepare: an article with everything the page's metadata carries.
    server = await startServer();
    const original = (await (
      await server.post({
        title: 'Harbour “Lights” & Tides',
        contentMarkdown: 'The harbour lights were **restored** this week.\n\n## What changed\n\nNew lenses.',
        authors: [{ name: 'Ana Lima' }, { name: 'Sam Lee' }],
        categories: ['Harbour', 'Local News'],
        image: 'https://img.example/lights.jpg',
        publishedAt: '2024-05-06T07:08:09.000Z',
      })
    ).json()) as Article;
    await server.runtime.idle();
    const html = await (await fetch(server.url(`/articles/${original.id}`))).text();
    // Act
    const res = await postPage(server, html, 'text/html', '?dryRun=true');
    // Assess
    expect(res.status).toBe(200);
    const reread = (await res.json()) as Article;
    expect(reread).toMatchObject({
      title: original.title,
      publishedAt: original.publishedAt,
      image: original.image,
      authors: original.authors,
      categories: original.categories,
    });
    expect(reread.contentHtml).toContain('<strong>restored</strong>');
    expect(reread.contentHtml).toContain('<h2>What changed</h2>');
  });

  it('reads a page in a declared legacy charset', async () => {
    server = await startServer();
    const latin1 = Buffer.from(
      'Café Owners Celebrate\n\nThe café on the square celebrated its fiftieth year with a party for regulars and staff.',
      'latin1',
    );
    const res = await postPage(server, latin1, 'text/plain; charset=iso-8859-1');
    expect(res.status).toBe(201);
    expect(((await res.json()) as Article).title).toBe('Café Owners Celebrate');
  });

  it('decodes windows-1252, an ISO-8859-1 declared only in the page, and Shift_JIS with a real decoder', async () => {
    server = await startServer();
    const dry = async (body: Buffer, type: string) => {
      const res = await postPage(server as TestServer, body, type, '?dryRun=true');
      expect(res.status, type).toBe(200);
      return (await res.json()) as Article;
    };
    // 0x80 € and 0x92 ’ 0x93 “ 0x94 ”: control characters to Node's own windows-1252 decoder.
    const cp1252 = Buffer.concat([
      Buffer.from('Prices Rise by 5 '),
      Buffer.from([0x80]),
      Buffer.from('\n\nThe council'),
      Buffer.from([0x92]),
      Buffer.from('s budget grew, and the mayor called it '),
      Buffer.from([0x93]),
      Buffer.from('fair'),
      Buffer.from([0x94]),
      Buffer.from(' at the meeting on Monday evening.'),
    ]);
    const plain = await dry(cp1252, 'text/plain; charset=windows-1252');
    expect(plain.title).toBe('Prices Rise by 5 €');
    expect(plain.contentHtml).toContain('council’s budget grew, and the mayor called it “fair”');
    // An HTML page whose charset only its own meta names, in either form.
    for (const meta of [
      '<meta charset="ISO-8859-1">',
      '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
    ]) {
      const page = Buffer.from(
        `<html><head>${meta}<title>Caf\u00e9 News</title></head><body><article><h1>Caf\u00e9 Owners Celebrate</h1><p>The caf\u00e9 on the square celebrated its fiftieth year with a party for regulars and staff, and the mayor came.</p></article></body></html>`,
        'latin1',
      );
      expect((await dry(page, 'text/html')).contentHtml, meta).toContain('The café on the square');
    }
    const iconv = (await import('iconv-lite')).default;
    const sjis = iconv.encode(
      '東京の新しい図書館が開館\n\n東京都は月曜日、新しい中央図書館が一般に公開されたと発表した。館内には百万冊以上の本がある。',
      'Shift_JIS',
    );
    expect((await dry(sjis, 'text/plain; charset=Shift_JIS')).title).toBe('東京の新しい図書館が開館');
  });

  it('takes raw pages past 1 MiB, up to 4 MB', async () => {
    server = await startServer();
    const filler = `<script>${'var x = 1;'.repeat(200_000)}</script>`;
    const page = `<html><head><title>A Big Page</title>${filler}</head><body><h1>A Big Page</h1><p>The story of a page much larger than a mebibyte, mostly script, with one paragraph of text in it.</p></body></html>`;
    expect(Buffer.byteLength(page)).toBeGreaterThan(1024 * 1024);
    const res = await postPage(server, page, 'text/html; charset=utf-8', '?dryRun=true');
    expect(res.status).toBe(200);
    const tooBig = await postPage(server, 'x'.repeat(4 * 1024 * 1024 + 1), 'text/plain', '?dryRun=true');
    expect(tooBig.status).toBe(413);
  });

  it('answers bad pages with problem+json and stores nothing', async () => {
    server = await startServer();
    const s = server;
    const cases: Array<[string, () => Promise<Response>, number, string?]> = [
      ['empty body', () => postPage(s, '', 'text/plain'), 400],
      ['only white space', () => postPage(s, ' \n\n \t', 'text/html'), 400],
      ['only furniture', () => postPage(s, page('only-furniture.txt'), 'text/plain'), 422, 'title'],
      [
        'HTML with no text',
        () => postPage(s, '<html><body><nav>Home</nav></body></html>', 'text/html'),
        422,
        'content',
      ],
      ['invalid UTF-8', () => postPage(s, Buffer.from([0x48, 0x69, 0xc3, 0x28, 0x0a]), 'text/plain'), 400],
      [
        'binary image',
        () => postPage(s, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'text/plain'),
        415,
      ],
      ['NUL bytes', () => postPage(s, Buffer.from('Title\n\n\0\0\0 text'), 'text/plain'), 415],
      ['unknown charset', () => postPage(s, 'Title', 'text/plain; charset=klingon'), 415],
      ['over 1 MiB', () => postPage(s, `Title\n\n${'word '.repeat(220_000)}`, 'text/plain'), 413],
      [
        'bad dryRun',
        () => postPage(s, 'A Headline\n\nSome text of a page.', 'text/plain', '?dryRun=maybe'),
        400,
      ],
    ];
    for (const [name, send, status, path] of cases) {
      const res = await send();
      expect(res.status, name).toBe(status);
      expect(res.headers.get('content-type'), name).toBe('application/problem+json; charset=utf-8');
      const problem = (await res.json()) as { detail: string; errors?: Array<{ path: string }> };
      expect(problem.detail.length, name).toBeGreaterThan(0);
      if (path !== undefined)
        expect(
          problem.errors?.map((e) => e.path),
          name,
        ).toContain(path);
    }
    await s.runtime.idle();
    expect((await getJson<LatestPage>(s.url('/api/latest'))).items).toEqual([]);
  });
});

describeWith([SEED_PAGE], 'the seed page over HTTP', () => {
  const SEED = sharedFixture('seed-article.txt');

  it('turns the seed page into a clean article in all three feeds', async () => {
    server = await startServer();
    // Act
    const res = await postPage(server, SEED, 'text/plain; charset=utf-8');
    // Assess
    expect(res.status).toBe(201);
    const article = (await res.json()) as Article;
    expect(article).toMatchObject({
      title: 'Kim Jong Un’s Visit to Russian Fighter Jet Plant Amid Arms Deal Speculation',
      source: { name: 'India Today' },
      status: 'published',
    });
    expect(article.publishedAt.slice(0, 10)).toBe('2023-09-22');
    expect(article.contentHtml.match(/<h2>/g)).toHaveLength(8);
    expect(article.contentHtml).not.toMatch(
      /28\.1 C|New Delhi|stay tuned|Source:|Related Articles|Please enter|Stay Connected|Advertisement|spot_img|Latest Articles/,
    );
    await server.runtime.idle();
    const { rss, atom, json } = await feeds(server);
    for (const items of [rss, atom, json]) expect(items.map((i) => i.title)).toEqual([article.title]);
    expect(rss[0]?.['content:encoded']).toContain('<h2>US Consults Allies</h2>');
    expect(json[0]?.date_published).toBe('2023-09-22T00:00:00.000Z');
  });

  it.each([
    ['blog-byline-tags.txt', 'text/plain', 'Offshore Wind Farms Turn to Floating Turbines'],
    ['adverts-no-headings.txt', 'text/plain', 'City Council Approves New Bike Lanes on Main Street'],
    ['no-date-sidebar-middle.txt', 'text/plain', 'Local Bakery Wins National Bread Prize'],
    ['iso-date-weather-f.txt', 'text/plain', 'Startup Unveils Battery That Charges in Ten Minutes'],
    ['single-newlines.txt', 'text/plain', 'Harbour Festival Draws Record Crowds'],
    ['page-with-furniture.html', 'text/html', 'Rail Strike Called Off After Late-Night Talks'],
    ['page-no-meta.html', 'text/html', 'Museum Reopens Its Restored East Wing'],
  ])('publishes %s to all three feeds', async (name, type, title) => {
    server = await startServer();
    const res = await postPage(server, page(name), `${type}; charset=utf-8`);
    expect(res.status).toBe(201);
    const article = (await res.json()) as Article;
    expect(article.title).toBe(title);
    // Nothing executable survives, whatever the page held.
    expect(article.contentHtml).not.toMatch(/<script|<iframe|\son\w+=|javascript:/i);
    await server.runtime.idle();
    const { rss, atom, json } = await feeds(server);
    for (const items of [rss, atom, json]) expect(items.map((i) => i.title)).toEqual([title]);
  });

  it('previews with ?dryRun=true and stores nothing', async () => {
    server = await startServer();
    const before = await (await fetch(server.url('/rss.xml'))).text();
    const res = await postPage(server, SEED, 'text/plain', '?dryRun=true');
    expect(res.status).toBe(200);
    const preview = (await res.json()) as Article;
    expect(preview).toMatchObject({
      id: 'kim-jong-uns-visit-to-russian-fighter-jet-plant-amid-arms-deal',
      version: 1,
    });
    expect(preview.contentHtml.match(/<h2>/g)).toHaveLength(8);
    await server.runtime.idle();
    expect((await getJson<LatestPage>(server.url('/api/latest'))).items).toEqual([]);
    expect(await (await fetch(server.url('/rss.xml'))).text()).toBe(before);
    expect(
      (
        await fetch(server.url(`/api/articles/${preview.id}`), {
          headers: { authorization: `Bearer ${KEY}` },
        })
      ).status,
    ).toBe(404);
  });

  it('previews the id a clash would get', async () => {
    server = await startServer();
    expect((await postPage(server, SEED, 'text/plain')).status).toBe(201);
    const preview = (await (await postPage(server, SEED, 'text/plain', '?dryRun=true')).json()) as Article;
    expect(preview.id).toMatch(/-2$/);
  });
});
