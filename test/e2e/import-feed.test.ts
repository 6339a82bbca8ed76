/**
 * Moving in: each generator's feed imported with the CLI into a running
 * site; every reader then finds in our feeds exactly the ids it found in the
 * old feed, a second import creates nothing, old paths answer 301, and the
 * hubs hear of each import once.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomIdOf } from '../../functions/core/render/feeds.js';
import { run } from '../../infra/cli/main.js';
import { type HubStandIn, startHub } from '../helpers/hub.js';
import { withFeedExtractor, withFeedparser, withRssParser } from '../helpers/readers.js';
import { KEY, startServer, type TestServer } from '../helpers/server.js';

const FEEDS = resolve(import.meta.dirname, '../fixtures/feeds');
const fixture = (name: string) => readFileSync(resolve(FEEDS, name), 'utf8');

/** Each fixture, the old site's address, and the ids of the items that are published posts. */
const SITES = [
  { file: 'wordpress-rss.xml', base: 'https://harbour.example' },
  { file: 'ghost-rss.xml', base: 'https://notes.example' },
  { file: 'hugo-index.xml', base: 'https://lablog.example' },
  { file: 'jekyll-feed.xml', base: 'https://garden.example' },
  { file: 'feed-1.1.json', base: 'https://dispatch.example' },
  { file: 'wordpress-export.xml', base: 'https://walks.example' },
  { file: 'rss1.rdf', base: 'https://old.example' },
] as const;

let server: TestServer;
let hub: HubStandIn;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    args,
    { FEEDWRIGHT_URL: server.runtime.url, FEEDWRIGHT_KEY: KEY },
    { out: (l) => out.push(l), err: (l) => err.push(l), tty: false },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The ids the three readers find in an old feed file (JSON Feed: its own ids), as one sorted list each. */
async function originalIds(file: string): Promise<string[][]> {
  const text = fixture(file);
  if (file.endsWith('.json')) {
    const ids = (JSON.parse(text) as { items: Array<{ id: string }> }).items.map((i) => i.id).sort();
    return [ids];
  }
  // rss-parser gives RSS 1.0 items no id and feed-extractor a made-up one (neither reads rdf:about):
  // there only feedparser has an id to keep.
  const readers = file.endsWith('.rdf')
    ? [await withFeedparser(text)]
    : [await withRssParser(text), await withFeedparser(text), withFeedExtractor(text)];
  return readers.map((items) =>
    items
      .map((i) => i.id)
      .filter((id) => id !== 'undefined')
      .sort(),
  );
}

beforeAll(async () => {
  hub = await startHub();
  server = await startServer({ env: { WEBSUB_HUBS: hub.url, FEED_SIZE: '50', ARCHIVE_SIZE: '4' } });
});
afterAll(async () => {
  await server?.dispose();
  await hub?.close();
});

describe('import-feed', () => {
  it("imports each generator's feed with one command, and the hubs hear of each import once", async () => {
    for (const site of SITES) {
      const before = hub.pings.length;
      const result = await cli('import-feed', resolve(FEEDS, site.file), '--old-base', site.base);
      expect(result.code, `${site.file}: ${result.out}\n${result.err}`).toBe(0);
      expect(result.out).toMatch(/created, 0 unchanged, 0 updated, 0 refused/);
      await server.runtime.idle();
      const pinged = hub.pings.slice(before).map((p) => p.form.get('hub.url'));
      expect(pinged, site.file).toContain(server.url('/rss.xml'));
      expect(new Set(pinged).size, site.file).toBe(pinged.length);
    }
  });

  it('keeps every id: the readers find the old ids in /rss.xml and /feed.json, and Atom ids as IRIs of them', async () => {
    const rss = await (await fetch(server.url('/rss.xml'))).text();
    const atom = await (await fetch(server.url('/atom.xml'))).text();
    const json = (await (await fetch(server.url('/feed.json'))).json()) as { items: Array<{ id: string }> };
    const ours = {
      rss: [await withRssParser(rss), await withFeedparser(rss), withFeedExtractor(rss)].map((r) =>
        r.map((i) => i.id),
      ),
      atom: [await withRssParser(atom), await withFeedparser(atom), withFeedExtractor(atom)].map((r) =>
        r.map((i) => i.id),
      ),
      json: json.items.map((i) => i.id),
    };
    // The WordPress export's page, attachment and draft are not feed items; everything else is.
    const skipped = new Set([
      'https://walks.example/?page_id=2',
      'https://walks.example/?p=80',
      'https://walks.example/wp-content/uploads/2024/01/photo.jpg',
    ]);
    for (const site of SITES) {
      const readers = await originalIds(site.file);
      expect(readers.flat().length, site.file).toBeGreaterThan(0);
      for (const [index, ids] of readers.entries()) {
        const wanted = ids.filter((id) => !skipped.has(id));
        for (const id of wanted) {
          expect(ours.json, `${site.file} ${id} in feed.json`).toContain(id);
          for (const read of ours.rss)
            expect(read, `${site.file} reader ${index}: ${id} in rss.xml`).toContain(id);
          for (const read of ours.atom)
            expect(read, `${site.file}: ${id} in atom.xml`).toContain(atomIdOf(id));
        }
      }
    }
    // No item twice.
    expect(new Set(ours.json).size).toBe(ours.json.length);
  });

  it('creates nothing on a second import, and tells no hub', async () => {
    const before = hub.pings.length;
    for (const site of SITES) {
      const result = await cli('import-feed', resolve(FEEDS, site.file), '--old-base', site.base);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/: 0 created, \d+ unchanged, 0 updated, 0 refused/);
    }
    await server.runtime.idle();
    expect(hub.pings.length).toBe(before);
  });

  it('answers each old link with a 301 to the new permalink, and old feed URLs with the feed', async () => {
    const old = await fetch(server.url('/2024/06/ferry-timetable-summer/'), { redirect: 'manual' });
    expect(old.status).toBe(301);
    const location = old.headers.get('location') ?? '';
    expect(location).toMatch(/\/articles\/ferry-timetable-changes-for-the-summer$/);
    expect((await fetch(location)).status).toBe(200);
    const jekyll = await fetch(server.url('/2024/05/25/broad-beans.html'), { redirect: 'manual' });
    expect(jekyll.status).toBe(301);
    for (const [path, target] of [
      ['/feed/', '/rss.xml'],
      ['/?feed=rss2', '/rss.xml'],
      ['/index.xml', '/rss.xml'],
      ['/feed.xml', '/atom.xml'],
      ['/rss/', '/rss.xml'],
    ]) {
      const res = await fetch(server.url(path as string), { redirect: 'manual' });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location'), path).toBe(target);
    }
  });

  it('keeps dates, authors, categories and content, with relative URLs resolved against the old link', async () => {
    const get = async (id: string) =>
      (await (
        await fetch(server.url(`/api/articles/${id}`), { headers: { authorization: `Bearer ${KEY}` } })
      ).json()) as Record<string, unknown>;
    const ferry = await get('ferry-timetable-changes-for-the-summer');
    expect(ferry).toMatchObject({
      guid: 'https://harbour.example/?p=1182',
      publishedAt: '2024-06-04T09:12:44.000Z',
      updatedAt: '2024-06-04T09:12:44.000Z',
      authors: [{ name: 'Mairi Campbell' }],
      categories: ['Transport', 'Ferries'],
    });
    expect(ferry.contentHtml).toContain('src="https://harbour.example/wp-content/uploads/2024/06/ferry.jpg"');
    const beans = await get('broad-beans-blackfly');
    expect(beans).toMatchObject({ updatedAt: '2024-05-26T07:00:00.000Z' });
    expect(beans.contentHtml).toContain('https://garden.example/assets/beans.jpg');
    const draft = await get('winter-route-unfinished');
    expect(draft.status).toBe('draft');
  });

  it('numbers each import in date order: the first archive page holds the first import, oldest numbered first', async () => {
    // Archive pages of 4: the WordPress feed's three items (listed newest first in the file) took 1-3
    // by date, and the Ghost feed's older item took 4.
    const page = (await (await fetch(server.url('/archive/1/feed.json'))).json()) as {
      items: Array<{ id: string }>;
    };
    expect(page.items.map((i) => i.id)).toEqual([
      '6650a0f1e4b0a90001f3c2a7',
      'https://harbour.example/?p=1182',
      'https://harbour.example/?p=1175',
      'https://harbour.example/?p=1160',
    ]);
  });

  it('refuses a file that is not a feed, and one with duplicate ids, saying which', async () => {
    const notFeed = await fetch(server.url('/api/import'), {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/xml' },
      body: '<html><body>hi</body></html>',
    });
    expect(notFeed.status).toBe(422);
    expect(((await notFeed.json()) as { detail: string }).detail).toMatch(/not a feed.*<html>/);
    const item = '<item><guid>dup-1</guid><title>x</title><description>y</description></item>';
    const dup = await fetch(server.url('/api/import'), {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/rss+xml' },
      body: `<rss version="2.0"><channel>${item}${item}</channel></rss>`,
    });
    expect(dup.status).toBe(422);
    expect(((await dup.json()) as { detail: string }).detail).toContain('"dup-1"');
    const anonymous = await fetch(server.url('/api/import'), {
      method: 'POST',
      headers: { 'content-type': 'application/rss+xml' },
      body: '<rss version="2.0"><channel></channel></rss>',
    });
    expect(anonymous.status).toBe(401);
  });

  it('refreshes a changed item with --update as a minor edit, and --dry-run writes nothing', async () => {
    const changed = fixture('hugo-index.xml').replace(
      'Residuals stayed under 0.2 nm.',
      'Residuals stayed under 0.1 nm.',
    );
    const body = (query: string) =>
      fetch(server.url(`/api/import${query}`), {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/rss+xml' },
        body: changed,
      }).then((r) => r.json() as Promise<{ created: number; updated: number; unchanged: number }>);
    expect(await body('?update=true&dryRun=true')).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(await body('')).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await body('?update=true')).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const article = (await (
      await fetch(server.url('/api/articles/calibrating-the-spectrometer'), {
        headers: { authorization: `Bearer ${KEY}` },
      })
    ).json()) as { contentHtml: string; updatedAt: string; version: number };
    expect(article.contentHtml).toContain('0.1 nm');
    expect(article.updatedAt).toBe('2024-05-29T12:00:00.000Z');
    expect(article.version).toBe(2);
  });

  it('refuses a guid another article has, when an article is posted with one', async () => {
    const res = await server.post({
      title: 'Copy',
      contentText: 'x',
      guid: 'https://harbour.example/?p=1182',
    });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { detail: string }).detail).toContain(
      'ferry-timetable-changes-for-the-summer',
    );
    const change = await fetch(server.url('/api/articles/ferry-timetable-changes-for-the-summer'), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ guid: 'something-else' }),
    });
    expect(change.status).toBe(400);
  });
});
