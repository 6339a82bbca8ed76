/** Publishing: rendering, a change at two sizes, bursts, idle latency and the backlog (rows 1 and 2). */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Parser from 'rss-parser';
import { FixedClock } from '../functions/adapters/clock.js';
import { readSiteConfig } from '../functions/adapters/config.js';
import { LocalFileStore } from '../functions/adapters/local/files.js';
import type { Article } from '../functions/core/article.js';
import { Publisher } from '../functions/core/publish/publisher.js';
import { type Channel, renderAtom, renderJsonFeed, renderRss } from '../functions/core/render/feeds.js';
import { ensureTable, startEmulator } from '../infra/local/emulator.js';
import { makeArticle } from '../test/fixtures/articles.js';
import {
  median,
  percentile,
  postArticle,
  progress,
  quiet,
  rows,
  setArchiveCounter,
  visibleAfter,
  waitVisible,
  withLocal,
} from './common.js';

const _run = promisify(execFile);

export const BODY =
  `<p>${'Lorem ipsum dolor sit amet, consectetur &amp; adipiscing elit, sed do eiusmod tempor. '.repeat(70)}</p>`.slice(
    0,
    5000,
  );

/** The tests' article factory, with the benchmark's content, a category of ten and an archive number. */
function article(n: number, content = BODY): Article {
  return makeArticle(n, {
    id: `bench-${n}`,
    title: `Benchmark article number ${n}`,
    contentHtml: content,
    categories: [`Topic ${n % 10}`],
    sequence: n,
  });
}

// 1. Render ---------------------------------------------------------------------------------------
export async function benchRender(): Promise<void> {
  progress('render');
  const channel: Channel = {
    title: 'Bench',
    description: 'Bench',
    homeUrl: 'https://bench.example/',
    language: 'en',
    rssUrl: 'https://bench.example/rss.xml',
    atomUrl: 'https://bench.example/atom.xml',
    jsonUrl: 'https://bench.example/feed.json',
    hubs: [],
  };
  const articles = Array.from({ length: 50 }, (_, i) => article(i));
  const time = (fn: () => unknown) => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };
  const samples = { json: [] as number[], rss: [] as number[], atom: [] as number[], feed: [] as number[] };
  const ratios = { rss: [] as number[], atom: [] as number[], feed: [] as number[] };
  for (let round = 0; round < 300; round++) {
    // Interleaved, so each ratio compares runs made under the same conditions.
    const json = time(() => JSON.stringify(articles));
    const rss = time(() => renderRss(channel, articles));
    const atom = time(() => renderAtom(channel, articles));
    const feed = time(() => renderJsonFeed(channel, articles));
    if (round < 50) continue; // warm-up
    samples.json.push(json);
    samples.rss.push(rss);
    samples.atom.push(atom);
    samples.feed.push(feed);
    ratios.rss.push(rss / json);
    ratios.atom.push(atom / json);
    ratios.feed.push(feed / json);
  }
  const row = (name: string, key: 'rss' | 'atom' | 'feed', limit: number) => {
    const ratio = median(ratios[key]);
    rows.push({
      name: `render ${name}, 50 × 5 KB`,
      value: `${median(samples[key]).toFixed(2)} ms = ${ratio.toFixed(2)}× JSON.stringify (${median(samples.json).toFixed(2)} ms)`,
      target: `≤ ${limit}×`,
      pass: ratio <= limit,
    });
  };
  row('RSS', 'rss', 2.5);
  row('Atom', 'atom', 2.5);
  row('JSON Feed', 'feed', 1.2);
}

// 2. Regeneration cost independent of the archive -------------------------------------------------
export async function benchRegeneration(): Promise<void> {
  progress('regeneration (seeding 1,000 and 20,000 articles)');
  const emulator = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), 'feedwright-bench-'));
  try {
    const setups = [];
    for (const size of [1_000, 20_000]) {
      const client = emulator.client();
      const tableName = `bench-${size}`;
      await ensureTable(client, tableName);
      const { dynamoStores } = await import('../functions/adapters/dynamo/stores.js');
      const stores = dynamoStores(client, tableName);
      for (let start = 0; start < size; start += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, size - start) }, (_, i) =>
            stores.articles.insert(article(start + i + 1, '<p>Short body.</p>')),
          ),
        );
      }
      await setArchiveCounter(client, tableName, size);
      const clock = new FixedClock(new Date('2030-01-01T00:00:00Z'));
      const publisher = new Publisher({
        ...stores,
        files: new LocalFileStore(join(dir, String(size))),
        clock,
        site: readSiteConfig({ SITE_URL: 'https://bench.example' }),
        hubs: { notify: async () => {} },
        log: quiet,
      });
      await publisher.rebuild();
      setups.push({ size, stores, publisher, next: size + 1 });
    }
    const times = new Map<number, number[]>(setups.map((s) => [s.size, []]));
    for (let round = 0; round < 11; round++) {
      for (const setup of setups) {
        const a = article(setup.next++);
        await setup.stores.articles.insert(a);
        const t = performance.now();
        await setup.publisher.publish([{ id: a.id, before: null, after: a }]);
        if (round > 0) times.get(setup.size)?.push(performance.now() - t);
      }
    }
    const small = median(times.get(1_000) ?? []);
    const large = median(times.get(20_000) ?? []);
    rows.push({
      name: 'one change published, 1,000 vs 20,000 stored',
      value: `${small.toFixed(1)} ms vs ${large.toFixed(1)} ms = ${(large / small).toFixed(2)}×`,
      target: '≤ 1.3×',
      pass: large / small <= 1.3,
    });
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
export async function benchCoalescing(): Promise<void> {
  progress('coalescing (500 writes)');
  await withLocal(async (base, runtime, regenerations) => {
    await runtime.idle();
    const before = regenerations();
    let next = 0;
    const statuses: number[] = [];
    let lastAnswered = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < 500) {
          const n = next++;
          const res = await postArticle(base, {
            id: `burst-${n}`,
            title: `Burst ${n}`,
            contentText: 'Burst.',
            publishedAt: new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString(),
          });
          statuses.push(res.status);
          await res.body?.cancel();
          if (n === 499) lastAnswered = performance.now();
        }
      }),
    );
    // The last write of the burst: how long after its 201 readers see it.
    await waitVisible(base, '<title>Burst 499</title>');
    const lastVisible = performance.now() - lastAnswered;
    await runtime.idle();
    const count = regenerations() - before;
    const rss = await (await fetch(`${base}/rss.xml`)).text();
    // Read as a feed reader reads it, not by pattern.
    const titles = (await new Parser().parseString(rss)).items.map((item) =>
      Number(/^Burst (\d+)$/.exec(item.title ?? '')?.[1]),
    );
    const right =
      statuses.every((s) => s === 201) && titles.length === 50 && titles.every((n, i) => n === 499 - i);
    rows.push({
      name: '1. burst of 500 writes: publish runs; last write visible after its 201',
      value: `${count} runs; ${lastVisible.toFixed(0)} ms (feeds right afterwards: ${right ? 'yes' : 'NO'})`,
      target: '≤ 25 runs, ≤ 2000 ms',
      pass: count <= 25 && lastVisible <= 2000 && right,
    });
  });
}

export async function benchBacklog(): Promise<void> {
  progress('backlog (2,000 posts at concurrency 20)');
  await withLocal(async (base, runtime) => {
    await runtime.idle();
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < 2000) {
          const n = next++;
          const res = await postArticle(base, {
            title: `Backlog ${n}`,
            contentText: 'Backlog.',
            categories: [`Desk ${n % 20}`],
          });
          await res.body?.cancel();
        }
      }),
    );
    // The first post after the backlog waits for it to drain.
    const drain = await visibleAfter(base, {
      title: `After the backlog ${Math.random().toString(36).slice(2)}`,
      contentText: 'Now you see it.',
    });
    const latencies: number[] = [];
    for (let n = 0; n < 20; n++)
      latencies.push(
        await visibleAfter(base, {
          title: `Drained ${n} ${Math.random().toString(36).slice(2)}`,
          contentText: 'Now you see it.',
        }),
      );
    const p95 = percentile(latencies, 95);
    rows.push({
      name: '2. after 2,000 posts: first new post visible (drain)',
      value: `${(drain / 1000).toFixed(2)} s`,
      target: '< 10 s',
      pass: drain < 10_000,
    });
    rows.push({
      name: '2. after the backlog: POST to visible, next 20 posts',
      value: `p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`,
      target: 'p95 < 200 ms',
      pass: p95 < 200,
    });
  });
}

export async function benchIngestToVisible(): Promise<void> {
  progress('ingest to visible');
  await withLocal(async (base, runtime) => {
    await runtime.idle();
    const latencies: number[] = [];
    for (let n = 0; n < 40; n++) {
      latencies.push(
        await visibleAfter(base, {
          title: `Visible ${n} ${Math.random().toString(36).slice(2)}`,
          contentText: 'Now you see it.',
        }),
      );
      // An idle server: each post after a quiet spell.
      await new Promise((r) => setTimeout(r, 50));
    }
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    rows.push({
      name: '1. idle server: POST response to visible in /rss.xml',
      value: `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`,
      target: 'p50 < 30, p95 < 60 ms',
      pass: p50 < 30 && p95 < 60,
    });
  });
}

// The editors' desk: what an editor downloads, and how soon the sign-in form is there --------------
