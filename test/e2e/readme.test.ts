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
  it('point at files that exist, from the README and every page of docs/', async () => {
    const { readdirSync, existsSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    const root = resolve(import.meta.dirname, '../..');
    const pages = ['README.md', ...readdirSync(resolve(root, 'docs')).map((f) => `docs/${f}`)];
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(resolve(root, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const file = resolve(root, dirname(page), target.split('#')[0] as string);
        if (!existsSync(file)) broken.push(`${page} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
    expect(pages.length).toBeGreaterThan(1);
  });
});
