import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractPage } from '../functions/core/extract/index.js';
import { run as runCli } from '../infra/cli/main.js';
import { KEY, median, progress, ROOT, rows, withLocal } from './common.js';

export async function benchExtraction(): Promise<void> {
  progress('1 MiB page extraction');
  const seed = await readFile(resolve(ROOT, '../shared/fixtures/seed-article.txt'), 'utf8').catch(
    () => `Headline\n\n${'A paragraph of text that runs on. '.repeat(20)}\n\n`,
  );
  const page = `${seed}\n\n`.repeat(Math.ceil((1024 * 1024) / seed.length)).slice(0, 1024 * 1024);
  const html = `<html><head><title>Big</title></head><body><article>${`<p>${'word '.repeat(100)}</p>\n`.repeat(2050)}</article></body></html>`;
  const times = { text: [] as number[], html: [] as number[] };
  for (let i = 0; i < 7; i++) {
    let t = performance.now();
    extractPage(page, 'text/plain');
    times.text.push(performance.now() - t);
    t = performance.now();
    extractPage(html, 'text/html');
    times.html.push(performance.now() - t);
  }
  const worst = Math.max(median(times.text), median(times.html));
  rows.push({
    name: '(raw pages) extract a 1 MiB page',
    value: `text ${median(times.text).toFixed(0)} ms, HTML ${median(times.html).toFixed(0)} ms`,
    target: '< 1000 ms',
    pass: worst < 1000,
  });
}

function wordpressFeed(count: number): string {
  const items = Array.from({ length: count }, (_, n) => {
    const date = new Date(Date.UTC(2015, 0, 1) + n * 3_600_000).toUTCString();
    return `<item><title>Imported story ${n}</title><link>https://old.example/${2015 + Math.floor(n / 2000)}/story-${n}/</link><dc:creator><![CDATA[Writer ${n % 7}]]></dc:creator><pubDate>${date}</pubDate><category><![CDATA[Section ${n % 12}]]></category><guid isPermaLink="false">https://old.example/?p=${n}</guid><description><![CDATA[Story ${n} in short.]]></description><content:encoded><![CDATA[<p>Story ${n} begins here, with a paragraph of ordinary length about ordinary things.</p><p>A second paragraph, and <a href="/related/${n}/">a relative link</a>.</p>]]></content:encoded></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Old</title><link>https://old.example</link><description>d</description>${items.join('')}</channel></rss>`;
}

export async function benchImport(): Promise<void> {
  const count = Number(process.env.BENCH_IMPORT_ITEMS ?? 10_000);
  progress(`import (${count} items)`);
  const dir = await mkdtemp(join(tmpdir(), 'feedwright-import-'));
  const file = join(dir, 'feed.xml');
  await writeFile(file, wordpressFeed(count));
  try {
    await withLocal(async (base, runtime) => {
      await runtime.idle();
      const lines: string[] = [];
      const started = performance.now();
      const code = await runCli(
        ['import-feed', file, '--old-base', 'https://old.example'],
        { FEEDWRIGHT_URL: base, FEEDWRIGHT_KEY: KEY },
        { out: (l) => lines.push(l), err: () => {}, tty: false },
      );
      const imported = performance.now() - started;
      await runtime.idle();
      const visible = performance.now() - started;
      const created = Number(/: (\d+) created/.exec(lines.join('\n'))?.[1] ?? 0);
      rows.push({
        name: `import-feed: ${count} items (CLI to API to store)`,
        value: `${Math.round(count / (imported / 1000))} items/s (${(imported / 1000).toFixed(1)} s; all published ${(visible / 1000).toFixed(1)} s; ${created} created, exit ${code})`,
        target: 'measured',
        pass: null,
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// 5, 6 and 8. Serving with wrk against child processes ----------------------------------------------
