import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { withRssParser } from '../helpers/readers.js';
import { getJson, KEY, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

/** CI posts 200; `npm run test:stress` more. */
const POSTS = Number(process.env.LOAD_POSTS ?? 200);
const CONCURRENCY = 50;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe(`${POSTS} posts at concurrency ${CONCURRENCY}`, () => {
  it('stores every article exactly once, pages through all of them, and the feeds show the newest in order', async () => {
    server = await startServer();
    const s = server;
    let next = 0;
    const statuses: number[] = [];
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < POSTS) {
          const n = next++;
          // Distinct times make the expected order unambiguous.
          const res = await s.post({
            title: `Load ${n}`,
            contentText: `Body ${n}.`,
            publishedAt: new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString(),
          });
          statuses.push(res.status);
          ids.push(((await res.json()) as Article).id);
        }
      }),
    );
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    expect(new Set(ids).size).toBe(POSTS);
    expect(ids.every((id) => /^load-\d+$/.test(id))).toBe(true);
    await s.runtime.idle();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = await getJson<LatestPage>(s.url(`/api/latest?limit=100${query}`));
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toHaveLength(POSTS);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(seen).toEqual(Array.from({ length: POSTS }, (_, i) => `load-${POSTS - 1 - i}`));

    const titles = (await withRssParser(await (await fetch(s.url('/rss.xml'))).text())).map((i) => i.title);
    expect(titles).toEqual(Array.from({ length: Math.min(50, POSTS) }, (_, i) => `Load ${POSTS - 1 - i}`));
  }, 300_000);
});

describe('concurrent edits of one article', () => {
  it('let exactly one PUT win per version with If-Match', async () => {
    server = await startServer();
    const s = server;
    const put = (title: string, version: number) =>
      fetch(s.url('/api/articles/contested'), {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${KEY}`,
          'content-type': 'application/json',
          'if-match': `"${version}"`,
        },
        body: JSON.stringify({ title, contentText: 'x' }),
      });
    expect(
      (
        await fetch(s.url('/api/articles/contested'), {
          method: 'PUT',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'v1', contentText: 'x' }),
        })
      ).status,
    ).toBe(201);
    for (const version of [1, 2, 3]) {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => put(`v${version + 1} by writer ${i}`, version)),
      );
      const statuses = results.map((r) => r.status);
      expect(
        statuses.filter((st) => st === 200),
        `version ${version}`,
      ).toHaveLength(1);
      expect(
        statuses.filter((st) => st === 412),
        `version ${version}`,
      ).toHaveLength(19);
      const winner = (await results[statuses.indexOf(200)]?.json()) as Article;
      const stored = await getJson<Article>(s.url('/api/articles/contested'));
      expect(stored).toMatchObject({ version: version + 1, title: winner.title });
    }
  });
});
