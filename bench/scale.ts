/**
 * Issue 18, row 3: flat at 100,000 articles. A generator stores 1,000,
 * 10,000 and 100,000 articles in 1,000 categories (through the store, not
 * 100k HTTP posts), a full rebuild renders each site (articles per second,
 * which should not fall as the site grows), then `npm start`'s own process
 * opens each data directory: how long it takes to answer, how long one new
 * article takes to be visible, and its peak memory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '../functions/adapters/clock.js';
import { readSiteConfig } from '../functions/adapters/config.js';
import { dynamoStores } from '../functions/adapters/dynamo/stores.js';
import { LocalFileStore } from '../functions/adapters/local/files.js';
import { Publisher } from '../functions/core/publish/publisher.js';
import { ensureTable, startEmulator } from '../infra/local/emulator.js';
import { TABLE_NAME } from '../infra/local/server.js';
import { makeArticle } from '../test/fixtures/articles.js';
import { KEY, median, progress, quiet, ROOT, rows, setArchiveCounter, visibleAfter } from './common.js';

const CATEGORIES = 1_000;

async function seed(dataDir: string, size: number): Promise<{ rebuildMs: number }> {
  const emulator = await startEmulator(join(dataDir, 'db'));
  try {
    const client = emulator.client();
    await ensureTable(client, TABLE_NAME);
    const stores = dynamoStores(client, TABLE_NAME);
    const start = Date.parse('2020-01-01T00:00:00Z');
    for (let from = 1; from <= size; from += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, size - from + 1) }, (_, i) => {
          const n = from + i;
          const at = new Date(start + n * 60_000).toISOString();
          return stores.articles.insert(
            makeArticle(n, {
              id: `story-${n}`,
              title: `Story number ${n}`,
              contentHtml: `<p>Story ${n}: ${'a paragraph of ordinary news copy. '.repeat(12)}</p>`,
              categories: [`Section ${n % CATEGORIES}`],
              publishedAt: at,
              updatedAt: at,
              createdAt: at,
              sequence: n,
            }),
          );
        }),
      );
    }
    await setArchiveCounter(client, TABLE_NAME, size);
    // The same site the local server will read (its URL, its title), so its start finds nothing to redo.
    const publisher = new Publisher({
      ...stores,
      files: new LocalFileStore(join(dataDir, 'public')),
      clock: new FixedClock(new Date('2030-01-01T00:00:00Z')),
      site: readSiteConfig({ SITE_URL: `http://127.0.0.1:${PORT_BASE}` }),
      hubs: { notify: async () => {} },
      log: quiet,
    });
    const t = performance.now();
    await publisher.rebuild();
    const rebuildMs = performance.now() - t;
    client.destroy();
    return { rebuildMs };
  } finally {
    await emulator.close();
  }
}

/** The port every scale run's server listens on (the site URL is part of what was rendered). */
const PORT_BASE = 39_417;

async function upWithin(url: string, ms: number): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.ok) return true;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

interface Measured {
  size: number;
  rebuildPerSecond: number;
  startMs: number;
  changeMs: number;
  peakMb: number;
}

async function measure(size: number): Promise<Measured> {
  const dataDir = await mkdtemp(join(tmpdir(), `feedwright-scale-${size}-`));
  let server: ChildProcess | undefined;
  try {
    progress(`scale: seeding and rebuilding ${size.toLocaleString('en')} articles`);
    const { rebuildMs } = await seed(dataDir, size);
    const base = `http://127.0.0.1:${PORT_BASE}`;
    const started = performance.now();
    server = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(PORT_BASE),
        SITE_URL: base,
        DATA_DIR: dataDir,
        EDITOR_API_KEY: KEY,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: 'ignore',
    });
    if (!(await upWithin(`${base}/api/health`, 120_000)))
      throw new Error(`the server on ${size} did not start`);
    const startMs = performance.now() - started;
    const changes: number[] = [];
    for (let n = 0; n < 11; n++)
      changes.push(
        await visibleAfter(base, {
          title: `Scale change ${n} ${Math.random()}`,
          contentText: 'New.',
          categories: ['Section 7'],
        }),
      );
    const status = await readFile(`/proc/${server.pid}/status`, 'utf8');
    const peakMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
    return {
      size,
      rebuildPerSecond: size / (rebuildMs / 1000),
      startMs,
      changeMs: median(changes.slice(1)),
      peakMb,
    };
  } finally {
    if (server !== undefined) {
      server.kill('SIGINT');
      await new Promise((r) => server?.once('exit', r));
    }
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchScale(): Promise<void> {
  const largest = Number(process.env.BENCH_SCALE_MAX ?? 100_000);
  const sizes = [1_000, largest / 10, largest];
  const results: Measured[] = [];
  for (const size of sizes) results.push(await measure(size));
  const [small, middle, large] = results as [Measured, Measured, Measured];
  const n = (v: number) => v.toLocaleString('en');
  rows.push({
    name: `3. one change visible, ${n(small.size)} vs ${n(large.size)} stored (1,000 categories)`,
    value: `${small.changeMs.toFixed(0)} vs ${large.changeMs.toFixed(0)} ms = ${(large.changeMs / small.changeMs).toFixed(2)}×`,
    target: '≤ 1.3×',
    pass: large.changeMs / small.changeMs <= 1.3,
  });
  rows.push({
    name: `3. local server start (npm start's process) at ${n(large.size)} stored`,
    value: `${(large.startMs / 1000).toFixed(2)} s (at ${n(small.size)}: ${(small.startMs / 1000).toFixed(2)} s)`,
    target: '< 2 s',
    pass: large.startMs < 2000,
  });
  rows.push({
    name: `3. peak RSS of the server, ${n(small.size)} vs ${n(large.size)} stored`,
    value: `${small.peakMb.toFixed(0)} vs ${large.peakMb.toFixed(0)} MB = ${(large.peakMb / small.peakMb).toFixed(2)}×`,
    target: '≤ 1.3×',
    pass: large.peakMb / small.peakMb <= 1.3,
  });
  const linear = large.rebuildPerSecond / middle.rebuildPerSecond;
  rows.push({
    name: `3. full rebuild, articles per second at ${n(middle.size)} and ${n(large.size)}`,
    value: `${middle.rebuildPerSecond.toFixed(0)} and ${large.rebuildPerSecond.toFixed(0)} per s (${linear.toFixed(2)}×)`,
    target: 'linear (≥ 0.77×)',
    pass: linear >= 0.77,
  });
}
