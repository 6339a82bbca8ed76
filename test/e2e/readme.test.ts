import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonFeedErrors, withRssParser } from '../helpers/readers.js';
import { getJson, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe("the README's example", () => {
  it('is what the README says: posted, it appears in /rss.xml, /atom.xml, /feed.json and /api/latest', async () => {
    // The body of the README's curl command, read from the README itself so the two cannot drift apart.
    const body = /curl -i http:\/\/localhost:3000\/api\/articles[\s\S]*?-d '([^']+)'/.exec(README)?.[1];
    expect(body).toBeDefined();
    const example = JSON.parse(body as string) as { title: string };
    server = await startServer();
    const res = await server.post(body as string);
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/articles/hello-feeds');
    await server.runtime.idle();
    for (const path of ['/rss.xml', '/atom.xml']) {
      expect(
        (await withRssParser(await (await fetch(server.url(path))).text())).map((i) => i.title),
        path,
      ).toEqual([example.title]);
    }
    const json = await (await fetch(server.url('/feed.json'))).text();
    expect(jsonFeedErrors(json)).toEqual([]);
    expect(JSON.parse(json).items.map((i: { title: string }) => i.title)).toEqual([example.title]);
    expect((await getJson<LatestPage>(server.url('/api/latest'))).items.map((i) => i.title)).toEqual([
      example.title,
    ]);
    expect((await fetch(server.url('/categories/news/rss.xml'))).status).toBe(200);
    expect((await fetch(server.url('/articles/hello-feeds'))).status).toBe(200);
  });
});

describe('the documentation links', () => {
  it('point at files and headings that exist, from the README, CONTRIBUTING, the changelog and every page of docs/', async () => {
    const { readdirSync, existsSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    const root = resolve(import.meta.dirname, '../..');
    const pages = [
      'README.md',
      'CONTRIBUTING.md',
      'CHANGELOG.md',
      ...readdirSync(resolve(root, 'docs')).map((f) => `docs/${f}`),
    ];
    /** A heading's anchor as GitHub makes it: lower case, punctuation gone, spaces as hyphens. */
    const anchorsOf = (file: string) =>
      new Set(
        [...readFileSync(file, 'utf8').matchAll(/^#+ (.+)$/gm)].map(([, heading]) =>
          (heading as string)
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s-]/gu, '')
            .replace(/\s/g, '-'),
        ),
      );
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(resolve(root, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/i.test(target)) continue;
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const file = path === '' ? resolve(root, page) : resolve(root, dirname(page), path);
        if (!existsSync(file)) broken.push(`${page} -> ${target}`);
        else if (anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).has(anchor))
          broken.push(`${page} -> ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
    expect(pages.length).toBeGreaterThan(3);
  });
});
