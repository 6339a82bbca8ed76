/**
 * Issue 18, row 6: against a static site generator. The same 2,000 articles
 * as Markdown files built by Hugo (Debian's package, its own RSS template),
 * and feedwright with 2,000 stored making one new article visible: what a
 * user would otherwise pick, and what publishing one article costs in each.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readSiteConfig } from '../functions/adapters/config.js';
import { startLocal } from '../infra/local/server.js';
import { KEY, median, postArticle, progress, quiet, rows, visibleAfter } from './common.js';

const run = promisify(execFile);
const COUNT = 2_000;
const BODY = 'A paragraph of ordinary news copy, long enough to look like one. '.repeat(8);

async function hugoAvailable(): Promise<string | null> {
  return run('hugo', ['version']).then(
    ({ stdout }) => stdout.trim().split(' ').slice(0, 2).join(' '),
    () => null,
  );
}

async function hugoSite(dir: string): Promise<void> {
  await mkdir(join(dir, 'content/posts'), { recursive: true });
  await writeFile(
    join(dir, 'hugo.toml'),
    `baseURL = "https://bench.example/"\ntitle = "Bench"\nrssLimit = 50\ndisableKinds = ["taxonomy", "term"]\n[outputs]\n  home = ["RSS"]\n  section = ["RSS"]\n`,
  );
  for (let n = 1; n <= COUNT; n++) {
    const date = new Date(Date.UTC(2020, 0, 1) + n * 3_600_000).toISOString();
    await writeFile(
      join(dir, 'content/posts', `story-${n}.md`),
      `---\ntitle: "Story number ${n}"\ndate: ${date}\ncategories: ["Section ${n % 20}"]\n---\n\n${BODY}\n\n${BODY}\n`,
    );
  }
}

export async function benchHugo(): Promise<void> {
  const version = await hugoAvailable();
  if (version === null) {
    rows.push({
      name: '6. against Hugo',
      value: 'not run: hugo is missing (apt-get install -y hugo)',
      target: '-',
      pass: null,
    });
    return;
  }
  progress(`hugo (${version}): building ${COUNT} articles`);
  const dir = await mkdtemp(join(tmpdir(), 'feedwright-hugo-'));
  const data = await mkdtemp(join(tmpdir(), 'feedwright-hugo-fw-'));
  try {
    await hugoSite(dir);
    const builds: number[] = [];
    for (let i = 0; i < 3; i++) {
      await rm(join(dir, 'public'), { recursive: true, force: true });
      const t = performance.now();
      await run('hugo', ['--quiet', '--source', dir]);
      builds.push(performance.now() - t);
    }
    const hugoRss = await readFile(join(dir, 'public/index.xml'));
    progress(`hugo: feedwright with ${COUNT} stored`);
    const runtime = await startLocal({
      port: 0,
      dataDir: data,
      editorApiKey: KEY,
      siteFor: (port) => readSiteConfig({}, `http://127.0.0.1:${port}`),
      log: quiet,
    });
    try {
      const story = (title: string, n: number) => ({
        title,
        contentMarkdown: `${BODY}\n\n${BODY}`,
        categories: [`Section ${n % 20}`],
      });
      const post = (title: string, n: number) =>
        postArticle(runtime.url, story(title, n)).then((r) => r.body?.cancel());
      let next = 1;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next <= COUNT) {
            const n = next++;
            await post(`Story number ${n}`, n);
          }
        }),
      );
      await runtime.idle();
      const visible: number[] = [];
      for (let i = 0; i < 7; i++) {
        visible.push(
          await visibleAfter(
            runtime.url,
            story(`One more story ${i} ${Math.random().toString(36).slice(2)}`, i),
          ),
        );
      }
      const ours = Buffer.byteLength(await (await fetch(`${runtime.url}/rss.xml`)).text());
      const hugoMs = median(builds);
      const oursMs = median(visible);
      rows.push({
        name: `6. one new article out: Hugo full build vs feedwright, ${COUNT.toLocaleString('en')} stored`,
        value: `${hugoMs.toFixed(0)} ms vs ${oursMs.toFixed(0)} ms = Hugo takes ${(hugoMs / oursMs).toFixed(0)}× as long (${version})`,
        target: 'reported',
        pass: null,
      });
      rows.push({
        name: '6. feed size: Hugo /index.xml vs feedwright /rss.xml (50 items each)',
        value: `${(hugoRss.length / 1024).toFixed(0)} KB vs ${(ours / 1024).toFixed(0)} KB`,
        target: 'reported',
        pass: null,
      });
    } finally {
      await runtime.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(data, { recursive: true, force: true });
  }
}
