import { afterEach, describe, expect, it } from 'vitest';
import { type HubStandIn, startHub } from '../helpers/hub.js';
import { jsonFeedErrors, withFeedExtractor, withFeedparser, withRssParser } from '../helpers/readers.js';
import { KEY, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
let hub: HubStandIn | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  await hub?.close();
  hub = undefined;
});

async function post(s: TestServer, body: Record<string, unknown>) {
  const res = await s.post(body);
  expect(res.status).toBe(201);
  return res.json() as Promise<{ id: string; guid: string; title: string; url: string }>;
}

describe('WebSub', () => {
  it('pings the hub form-encoded for each feed a change touched, and advertises the hub', async () => {
    hub = await startHub();
    const { url: hubUrl, pings } = hub;
    server = await startServer({ env: { WEBSUB_HUBS: hubUrl } });
    await server.runtime.idle();
    pings.length = 0; // the start-up rebuild may ping for the first empty feeds
    await post(server, { title: 'Hub news', contentText: 'Pinged.', categories: ['Alerts'] });
    await server.runtime.idle();
    const site = server.runtime.site.siteUrl;
    expect(pings.every((p) => p.contentType === 'application/x-www-form-urlencoded')).toBe(true);
    expect(pings.every((p) => p.form.get('hub.mode') === 'publish')).toBe(true);
    expect(pings.map((p) => p.form.get('hub.url')).sort()).toEqual(
      [
        `${site}/atom.xml`,
        `${site}/categories/alerts/atom.xml`,
        `${site}/categories/alerts/feed.json`,
        `${site}/categories/alerts/rss.xml`,
        `${site}/feed.json`,
        `${site}/rss.xml`,
      ].sort(),
    );
    const rss = await fetch(server.url('/rss.xml'));
    expect(rss.headers.get('link')).toBe(`<${hubUrl}>; rel="hub", <${site}/rss.xml>; rel="self"`);
    const body = await rss.text();
    expect(body).toContain(`<atom:link href="${hubUrl}" rel="hub"/>`);
    expect(await (await fetch(server.url('/atom.xml'))).text()).toContain(
      `<link rel="hub" href="${hubUrl}"/>`,
    );
    expect(JSON.parse(await (await fetch(server.url('/feed.json'))).text()).hubs).toEqual([
      { type: 'WebSub', url: hubUrl },
    ]);
    expect((await fetch(server.url('/'))).headers.get('link')).toBeNull();
  });

  it('never lets a failing hub block publishing', async () => {
    hub = await startHub(503);
    const { url: hubUrl, pings } = hub;
    server = await startServer({ env: { WEBSUB_HUBS: `${hubUrl},http://127.0.0.1:9/unreachable` } });
    await server.runtime.idle();
    pings.length = 0;
    const article = await post(server, { title: 'Despite the hub', contentText: 'Still published.' });
    await server.runtime.idle();
    expect(await (await fetch(server.url('/rss.xml'))).text()).toContain(article.title);
    // Bounded retries: three attempts per feed at the failing hub, then it gives up.
    expect(pings.filter((p) => p.form.get('hub.url')?.endsWith('/rss.xml'))).toHaveLength(3);
  });

  it('publishes the next change while a hub that has stopped answering still holds the last ping', async () => {
    // Prepare: a hub that takes pings and answers none until released.
    hub = await startHub(204, { held: true });
    const { pings } = hub;
    server = await startServer({ env: { WEBSUB_HUBS: hub.url } });
    const rssPinged = () => pings.filter((p) => p.form.get('hub.url')?.endsWith('/rss.xml')).length;
    // Act: a first article, whose pings the hub now holds, then a second.
    await post(server, { title: 'First while the hub hangs', contentText: 'x' });
    const before = rssPinged();
    for (let i = 0; i < 50 && rssPinged() === before; i++) await new Promise((r) => setTimeout(r, 20));
    await post(server, { title: 'Second while the hub hangs', contentText: 'x' });
    // Assess: the second reaches the feed well within the hub's 5 s timeout, the pings still unanswered.
    let rss = '';
    for (let i = 0; i < 40 && !rss.includes('Second while the hub hangs'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      rss = await (await fetch(server.url('/rss.xml'))).text();
    }
    expect(rss).toContain('Second while the hub hangs');
    hub.release();
    await server.runtime.idle();
    expect(rssPinged()).toBeGreaterThanOrEqual(2);
  });
});

describe('what readers see', () => {
  it('three independent readers agree on the items of RSS and Atom; JSON Feed passes the 1.1 schema', async () => {
    server = await startServer();
    const posted = [];
    for (const n of [1, 2, 3]) {
      posted.push(
        await post(server, {
          title: `Story number ${n} — “quoted” & ampersand`,
          contentText: `Body ${n}.`,
          publishedAt: `2024-05-0${n}`,
        }),
      );
    }
    await server.runtime.idle();
    const expected = posted.reverse().map((a) => ({ id: a.guid, title: a.title, link: a.url }));
    for (const path of ['/rss.xml', '/atom.xml']) {
      const xml = await (await fetch(server.url(path))).text();
      expect(await withRssParser(xml), `rss-parser ${path}`).toEqual(expected);
      expect(await withFeedparser(xml), `feedparser ${path}`).toEqual(expected);
      expect(withFeedExtractor(xml), `feed-extractor ${path}`).toEqual(expected);
    }
    const json = await (await fetch(server.url('/feed.json'))).text();
    expect(jsonFeedErrors(json)).toEqual([]);
    expect(JSON.parse(json).items.map((i: { id: string }) => i.id)).toEqual(expected.map((e) => e.id));
  });

  it('shows a deletion as an Atom tombstone and removes it everywhere else', async () => {
    server = await startServer();
    const gone = await post(server, { title: 'Retracted', contentText: 'Oops.' });
    await server.runtime.idle();
    await fetch(server.url(`/api/articles/${gone.id}`), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${KEY}` },
    });
    await server.runtime.idle();
    const atom = await (await fetch(server.url('/atom.xml'))).text();
    expect(atom).toMatch(
      new RegExp(
        `<at:deleted-entry ref="${gone.guid}" when="[^"]+"><link href="${gone.url}"/></at:deleted-entry>`,
      ),
    );
    expect(await withRssParser(atom)).toEqual([]);
  });
});

describe('caching', () => {
  it('keeps ETag and Last-Modified when a regeneration changes nothing', async () => {
    const env = { SITE_URL: 'https://stable.example' };
    server = await startServer({ env });
    await post(server, { title: 'Stable', contentText: 'Same bytes.' });
    await server.runtime.idle();
    const first = await fetch(server.url('/rss.xml'));
    const dataDir = server.dataDir;
    await server.stop();
    // A restart rebuilds every current feed from the store.
    server = await startServer({ dataDir, env });
    const second = await fetch(server.url('/rss.xml'), {
      headers: { 'if-none-match': first.headers.get('etag') ?? '' },
    });
    expect(second.status).toBe(304);
    expect(second.headers.get('last-modified')).toBe(first.headers.get('last-modified'));
  });

  it('sends long lifetimes for archive pages and short ones for current feeds and the latest API', async () => {
    server = await startServer({ env: { ARCHIVE_SIZE: '2' } });
    for (const n of [1, 2, 3])
      await post(server, { title: `Archived ${n}`, contentText: 'x', categories: ['Ships'] });
    await server.runtime.idle();
    // The site's archive, and the category's own, read alike.
    for (const path of ['/archive/1/rss.xml', '/categories/ships/archive/1/rss.xml']) {
      const archive = await fetch(server.url(path));
      expect(archive.status, path).toBe(200);
      expect(archive.headers.get('cache-control')).toBe(
        'public, max-age=86400, stale-while-revalidate=604800',
      );
      expect((await withRssParser(await archive.text())).map((i) => i.title)).toEqual([
        'Archived 2',
        'Archived 1',
      ]);
    }
    expect((await fetch(server.url('/rss.xml'))).headers.get('cache-control')).toBe(
      'public, max-age=60, stale-while-revalidate=3600',
    );
    expect((await fetch(server.url('/api/latest'))).headers.get('cache-control')).toMatch(
      /^public, max-age=30\b/,
    );
    // The current feed links the page still filling, which links the full one.
    expect(await (await fetch(server.url('/rss.xml'))).text()).toContain(
      '/archive/open/rss.xml" rel="prev-archive"',
    );
    const openFeed = await fetch(server.url('/archive/open/rss.xml'));
    expect(openFeed.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=3600');
    expect(await openFeed.text()).toContain('/archive/1/rss.xml" rel="prev-archive"');
    // People can walk the archives too: the home page links the newest page, which links back and forth.
    const site = server.runtime.site.siteUrl;
    const home = await (await fetch(server.url('/'))).text();
    expect(home).toContain(`<a rel="prev" href="${site}/archive/open/">Older articles</a>`);
    const openPage = await (await fetch(server.url('/archive/open/'))).text();
    expect(openPage).toContain(`<a rel="prev" href="${site}/archive/1/">Older articles</a>`);
    expect(openPage).toContain(`<a rel="next" href="${site}/">Newer articles</a>`);
    const page = await fetch(server.url('/archive/1/'));
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('Archived 2');
    expect(html).toContain(`<a rel="next" href="${site}/archive/open/">Newer articles</a>`);
    expect(html).toContain(`<link rel="canonical" href="${site}/archive/1/">`);
  });
});
