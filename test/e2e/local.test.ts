import Parser from 'rss-parser';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import { EXAMPLE, text } from '../helpers/http.js';
import { getJson, KEY, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe('local publisher over HTTP', () => {
  it('serves valid, empty feeds before anything is posted', async () => {
    server = await startServer();
    const parser = new Parser();
    for (const [path, type] of [
      ['/rss.xml', 'application/rss+xml; charset=utf-8'],
      ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ] as const) {
      const { res, body } = await text(server, path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      assertWellFormedXml(body);
      expect((await parser.parseString(body)).items).toEqual([]);
    }
    const { res, body } = await text(server, '/feed.json');
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    expect(JSON.parse(body)).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', items: [] });
    const home = await text(server, '/');
    expect(home.res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(home.body).toContain('type="application/rss+xml"');
  });

  it('publishes a posted article to all three feeds, its page and /api/latest', async () => {
    server = await startServer();
    // Act
    const res = await server.post(EXAMPLE);
    // Assess
    expect(res.status).toBe(201);
    const article = (await res.json()) as Article;
    expect(res.headers.get('location')).toBe(`/api/articles/${article.id}`);
    expect(article).toMatchObject({
      id: 'hello-feeds',
      status: 'published',
      version: 1,
      summary: 'First post from feedwright. A second paragraph.',
    });
    await server.runtime.idle();

    const parser = new Parser();
    const rss = await text(server, '/rss.xml');
    assertWellFormedXml(rss.body);
    const rssItems = (await parser.parseString(rss.body)).items;
    expect(rssItems.map((i) => [i.title, i.link, i.guid])).toEqual([
      [EXAMPLE.title, article.url, article.guid],
    ]);
    expect(rssItems[0]?.['content:encoded']).toContain('<strong>post</strong>');

    const atom = await text(server, '/atom.xml');
    assertWellFormedXml(atom.body);
    expect((await parser.parseString(atom.body)).items.map((i) => i.id)).toEqual([article.guid]);

    const json = JSON.parse((await text(server, '/feed.json')).body);
    expect(json.items.map((i: { id: string }) => i.id)).toEqual([article.guid]);

    const latest = await getJson<LatestPage>(server.url('/api/latest'));
    expect(latest.items.map((i: { id: string }) => i.id)).toEqual(['hello-feeds']);
    expect(latest.items[0]).not.toHaveProperty('contentHtml');
    expect(latest.nextCursor).toBeNull();

    const page = await text(server, '/articles/hello-feeds');
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<h1>Hello, feeds</h1>');

    const category = await parser.parseString((await text(server, '/categories/announcements/rss.xml')).body);
    expect(category.items).toHaveLength(1);

    const one = await fetch(server.url('/api/articles/hello-feeds'));
    expect(one.status).toBe(200);
    expect(one.headers.get('etag')).toBe('"1"');
    const again = await fetch(server.url('/api/articles/hello-feeds'), {
      headers: { 'if-none-match': '"1"' },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('gives a title clash a suffix and an explicit id clash a 409', async () => {
    server = await startServer();
    expect(((await (await server.post(EXAMPLE)).json()) as Article).id).toBe('hello-feeds');
    expect(((await (await server.post(EXAMPLE)).json()) as Article).id).toBe('hello-feeds-2');
    expect((await server.post({ ...EXAMPLE, id: 'fixed' })).status).toBe(201);
    const clash = await server.post({ ...EXAMPLE, id: 'fixed', title: 'Other' });
    expect(clash.status).toBe(409);
    expect(clash.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const stored = await getJson<Article>(server.url('/api/articles/fixed'));
    expect(stored.title).toBe(EXAMPLE.title);
  });

  it('deletes an article from every feed and page', async () => {
    server = await startServer();
    await server.post({ ...EXAMPLE, id: 'stay' });
    await server.post({ ...EXAMPLE, id: 'go' });
    await server.runtime.idle();
    const del = await fetch(server.url('/api/articles/go'), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(del.status).toBe(204);
    await server.runtime.idle();
    const rss = await new Parser().parseString((await text(server, '/rss.xml')).body);
    expect(rss.items.map((i) => i.link)).toEqual([`${server.runtime.site.siteUrl}/articles/stay`]);
    expect((await fetch(server.url('/articles/go'))).status).toBe(404);
    expect((await fetch(server.url('/api/articles/go'))).status).toBe(404);
    const again = await fetch(server.url('/api/articles/go'), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(again.status).toBe(404);
  });

  it('shows drafts only to editors and never in feeds', async () => {
    server = await startServer();
    await server.post({ ...EXAMPLE, id: 'secret', status: 'draft' });
    await server.runtime.idle();
    expect((await fetch(server.url('/api/articles/secret'))).status).toBe(404);
    const asEditor = await fetch(server.url('/api/articles/secret'), {
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(asEditor.status).toBe(200);
    expect((await text(server, '/rss.xml')).body).not.toContain('secret');
    expect((await getJson<LatestPage>(server.url('/api/latest'))).items).toEqual([]);
  });

  it('pages /api/latest with a cursor and filters by category', async () => {
    server = await startServer();
    for (let n = 1; n <= 5; n++) {
      await server.post({
        ...EXAMPLE,
        id: `a${n}`,
        publishedAt: `2024-01-0${n}`,
        categories: n % 2 ? ['Odd'] : ['Even'],
      });
    }
    await server.runtime.idle();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await getJson<LatestPage>(server.url(`/api/latest?limit=2${query}`));
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
    const odd = await getJson<LatestPage>(server.url('/api/latest?category=Odd'));
    expect(odd.items.map((i) => i.id)).toEqual(['a5', 'a3', 'a1']);
  });
});

describe('bad input over HTTP', () => {
  async function problem(res: Response) {
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const body = (await res.json()) as {
      status: number;
      type: string;
      title: string;
      detail: string;
      errors: Array<{ path: string }>;
    };
    expect(body).toMatchObject({ status: res.status });
    expect(typeof body.type).toBe('string');
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    return body;
  }

  it('answers each bad request with its status, stores nothing and leaves the feeds unchanged', async () => {
    server = await startServer();
    const s = server;
    const rssBefore = (await text(s, '/rss.xml')).body;
    const cases: Array<[string, () => Promise<Response>, number]> = [
      ['malformed JSON', () => s.post('{"title": "x",'), 400],
      ['JSON that is not an object', () => s.post('[1,2]'), 400],
      ['empty body', () => s.post(''), 400],
      ['missing title and content', () => s.post({}), 400],
      ['wrong types', () => s.post({ title: 42, contentText: ['x'] }), 400],
      ['unknown field', () => s.post({ ...EXAMPLE, colour: 'red' }), 400],
      [
        'content that is only a script',
        () => s.post({ title: 't', contentHtml: '<script>alert(1)</script>' }),
        400,
      ],
      [
        'invalid UTF-8',
        () =>
          fetch(s.url('/api/articles'), {
            method: 'POST',
            headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
            body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
          }),
        400,
      ],
      ['unknown media type', () => s.post(EXAMPLE, { 'content-type': 'application/xml' }), 415],
      [
        'no media type',
        () =>
          fetch(s.url('/api/articles'), {
            method: 'POST',
            headers: { authorization: `Bearer ${KEY}` },
            body: new Blob([JSON.stringify(EXAMPLE)]),
          }),
        415,
      ],
      ['body over 1 MiB', () => s.post({ title: 'big', contentText: 'x'.repeat(1024 * 1024) }), 413],
      ['missing key', () => s.post(EXAMPLE, { authorization: '' }), 401],
      ['wrong key', () => s.post(EXAMPLE, { authorization: 'Bearer nope' }), 401],
      ['unknown route', () => fetch(s.url('/api/nothing')), 404],
      ['wrong method', () => fetch(s.url('/api/latest'), { method: 'POST' }), 405],
      ['bad limit', () => fetch(s.url('/api/latest?limit=0')), 400],
      ['bad cursor', () => fetch(s.url('/api/latest?cursor=zzz')), 400],
      [
        'bad If-Match',
        () =>
          fetch(s.url('/api/articles/x'), {
            method: 'DELETE',
            headers: { authorization: `Bearer ${KEY}`, 'if-match': 'nope' },
          }),
        400,
      ],
    ];
    for (const [name, send, status] of cases) {
      const res = await send();
      expect(res.status, name).toBe(status);
      await problem(res);
    }
    await s.runtime.idle();
    expect((await getJson<LatestPage>(s.url('/api/latest'))).items, 'nothing stored').toEqual([]);
    expect((await text(s, '/rss.xml')).body, 'feeds unchanged').toBe(rssBefore);
  });

  it('names every invalid field in errors[]', async () => {
    server = await startServer();
    const body = await problem(await server.post({ summary: 3 }));
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'contentHtml',
      'summary',
      'title',
    ]);
  });

  it('says which methods a route allows', async () => {
    server = await startServer();
    const res = await fetch(server.url('/api/articles/x'), { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT, PATCH, DELETE');
    await problem(res);
  });

  it('asks for a key with WWW-Authenticate', async () => {
    server = await startServer();
    const res = await server.post(EXAMPLE, { authorization: 'Basic abc' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});
