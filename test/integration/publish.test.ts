import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/clock.js';
import { LocalFileStore } from '../../functions/adapters/files/local.js';
import { silentLogger } from '../../functions/adapters/log.js';
import type { Article } from '../../functions/core/article.js';
import type { FileStore, HubNotifier, PublicDocument } from '../../functions/core/ports.js';
import { PublishError, Publisher } from '../../functions/core/publish.js';
import { assertWellFormedXml } from '../../functions/core/render/validate.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { makeArticle, testSite } from '../fixtures/articles.js';
import { emulator, freshTable, tempDir } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

class RecordingHubs implements HubNotifier {
  pinged: string[][] = [];
  async notify(urls: string[]): Promise<void> {
    this.pinged.push(urls);
  }
}

async function setup(files?: (dir: string) => FileStore) {
  const { store } = await freshTable(emu);
  const dir = await tempDir();
  const hubs = new RecordingHubs();
  const publisher = new Publisher({
    store,
    files: files?.(dir.path) ?? new LocalFileStore(dir.path),
    clock: new FixedClock(new Date('2025-01-01T00:00:00Z')),
    site: testSite(),
    hubs,
    log: silentLogger,
  });
  const read = (path: string) => readFile(join(dir.path, path), 'utf8');
  const exists = (path: string) =>
    stat(join(dir.path, path)).then(
      () => true,
      () => false,
    );
  /** Stores and publishes a change, as the stream would deliver it. */
  const change = async (before: Article | null, after: Article | null) => {
    if (after === null && before !== null) await store.remove(before.id);
    else if (after !== null && before === null) await store.insert(after);
    else if (after !== null && before !== null) await store.replace(after, before.version);
    return publisher.publish([{ id: (after ?? before)?.id as string, before, after }]);
  };
  return { store, dir, hubs, publisher, read, exists, change };
}

describe('Publisher', () => {
  it('writes the feeds, pages and category files an insert touches, and pings hubs once', async () => {
    // Prepare
    const t = await setup();
    const article = makeArticle(1, { categories: ['World News'] });
    // Act
    const report = await t.change(null, article);
    // Assess
    expect(report.written.sort()).toEqual(
      [
        'articles/article-1',
        'atom.xml',
        'categories/world-news/atom.xml',
        'categories/world-news/feed.json',
        'categories/world-news/index.html',
        'categories/world-news/rss.xml',
        'feed.json',
        'index.html',
        'rss.xml',
      ].sort(),
    );
    const rss = await new Parser().parseString(await t.read('rss.xml'));
    expect(rss.items.map((i) => i.title)).toEqual(['Article 1']);
    const category = await new Parser().parseString(await t.read('categories/world-news/atom.xml'));
    expect(category.title).toBe('Example News: World News');
    expect(category.items).toHaveLength(1);
    expect(await t.read('articles/article-1')).toContain('<h1>Article 1</h1>');
    expect(t.hubs.pinged).toHaveLength(1);
    expect(t.hubs.pinged[0]).toContain('https://news.example/rss.xml');
    await t.dir.remove();
  });

  it('rewrites nothing and pings nobody when a batch changes nothing', async () => {
    const t = await setup();
    const article = makeArticle(1);
    await t.change(null, article);
    const again = await t.publisher.publish([{ id: article.id, before: article, after: article }]);
    expect(again.written).toEqual([]);
    expect(again.unchanged).toBeGreaterThan(0);
    expect(t.hubs.pinged).toHaveLength(1);
    await t.dir.remove();
  });

  it('takes a deleted article out of every feed and page and removes an emptied category', async () => {
    const t = await setup();
    const keep = makeArticle(1, { categories: [] });
    const gone = makeArticle(2, { categories: ['Solo'] });
    await t.change(null, keep);
    await t.change(null, gone);
    expect(await t.exists('categories/solo/rss.xml')).toBe(true);
    // Act
    const report = await t.change(gone, null);
    // Assess
    expect(report.removed).toEqual(
      expect.arrayContaining([
        'articles/article-2',
        'categories/solo/rss.xml',
        'categories/solo/atom.xml',
        'categories/solo/feed.json',
      ]),
    );
    expect(await t.exists('articles/article-2')).toBe(false);
    const json = JSON.parse(await t.read('feed.json'));
    expect(json.items.map((i: { title: string }) => i.title)).toEqual(['Article 1']);
    expect(await t.read('index.html')).not.toContain('Article 2');
    await t.dir.remove();
  });

  it('keeps drafts out of feeds and pages', async () => {
    const t = await setup();
    await t.change(null, makeArticle(1, { status: 'draft' }));
    expect(await t.exists('articles/article-1')).toBe(false);
    await t.publisher.rebuild();
    const rss = await new Parser().parseString(await t.read('rss.xml'));
    expect(rss.items).toHaveLength(0);
    await t.dir.remove();
  });

  it('keeps at most FEED_SIZE newest articles in the main feeds', async () => {
    const t = await setup();
    for (let n = 1; n <= 60; n++) await t.store.insert(makeArticle(n, { categories: [] }));
    await t.publisher.rebuild();
    const rss = await new Parser().parseString(await t.read('rss.xml'));
    expect(rss.items).toHaveLength(50);
    expect(rss.items[0]?.title).toBe('Article 60');
    expect(rss.items[49]?.title).toBe('Article 11');
    assertWellFormedXml(await t.read('atom.xml'));
    await t.dir.remove();
  });

  it('fails loudly when the file store refuses a write, leaving the previous files', async () => {
    // Prepare: a first publish succeeds, then the store starts refusing (an injected fault).
    let refuse = false;
    const t = await setup((dir) => {
      const real = new LocalFileStore(dir);
      return {
        put: (doc: PublicDocument) => (refuse ? Promise.reject(new Error('disk full')) : real.put(doc)),
        remove: (path: string) => real.remove(path),
      };
    });
    await t.change(null, makeArticle(1));
    const before = await t.read('rss.xml');
    refuse = true;
    // Act / Assess
    await expect(t.change(null, makeArticle(2))).rejects.toThrow('disk full');
    expect(await t.read('rss.xml')).toBe(before);
    await t.dir.remove();
  });

  it('exports a PublishError for documents that fail the gate', () => {
    expect(new PublishError('x').status).toBe(500);
  });
});
