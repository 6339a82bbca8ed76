import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/clock.js';
import type { Article } from '../../functions/core/article.js';
import {
  ConflictError,
  PreconditionFailedError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '../../functions/core/errors.js';
import { Authenticator } from '../../functions/core/keys.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { makeArticle } from '../fixtures/articles.js';
import { emulator, freshTable } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

const LATER = new Date('2030-01-01T00:00:00Z');

describe('The table stores: articles', () => {
  it('inserts and reads back an article exactly', async () => {
    // Prepare
    const { stores } = await freshTable(emu);
    const article = makeArticle(1, {
      authors: [{ name: 'A', url: 'https://a.example', email: 'a@a.example' }],
      image: 'https://i.example/x.png',
      source: { name: 'Wire' },
      categories: [],
    });
    // Act
    await stores.articles.insert(article);
    // Assess
    expect(await stores.articles.get(article.id)).toEqual(article);
    expect(await stores.articles.get('missing')).toBeNull();
  });

  it('never overwrites: a second insert of the same id is a conflict', async () => {
    const { stores } = await freshTable(emu);
    await stores.articles.insert(makeArticle(1));
    await expect(stores.articles.insert(makeArticle(1, { title: 'Other' }))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect((await stores.articles.get('article-1'))?.title).toBe('Article 1');
  });

  it('replaces only at the expected version (no lost update)', async () => {
    const { stores } = await freshTable(emu);
    const v1 = makeArticle(1);
    await stores.articles.insert(v1);
    await stores.articles.replace({ ...v1, title: 'v2', version: 2 }, 1);
    await expect(stores.articles.replace({ ...v1, title: 'stale', version: 2 }, 1)).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect((await stores.articles.get(v1.id))?.title).toBe('v2');
  });

  it('removes, honouring an expected version, and reports what it removed', async () => {
    const { stores } = await freshTable(emu);
    await stores.articles.insert(makeArticle(1));
    await expect(stores.articles.remove('article-1', 7)).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await stores.articles.remove('article-1', 1))?.id).toBe('article-1');
    expect(await stores.articles.remove('article-1')).toBeNull();
  });

  it('lists newest first, without content, and pages with a cursor to the end', async () => {
    const { stores } = await freshTable(emu);
    for (const n of [3, 1, 5, 2, 4]) await stores.articles.insert(makeArticle(n));
    const first = await stores.articles.latest({ limit: 2, now: LATER });
    expect(first.items.map((a) => a.id)).toEqual(['article-5', 'article-4']);
    expect(first.items[0]).not.toHaveProperty('contentHtml');
    const second = await stores.articles.latest({
      limit: 2,
      now: LATER,
      cursor: first.nextCursor ?? undefined,
    });
    expect(second.items.map((a) => a.id)).toEqual(['article-3', 'article-2']);
    const third = await stores.articles.latest({
      limit: 2,
      now: LATER,
      cursor: second.nextCursor ?? undefined,
    });
    expect(third.items.map((a) => a.id)).toEqual(['article-1']);
    expect(third.nextCursor).toBeNull();
  });

  it('leaves drafts and not-yet-due articles out of listings', async () => {
    const { stores } = await freshTable(emu);
    await stores.articles.insert(makeArticle(1));
    await stores.articles.insert(makeArticle(2, { status: 'draft' }));
    await stores.articles.insert(makeArticle(3, { publishedAt: '2031-01-01T00:00:00.000Z' }));
    const page = await stores.articles.latest({ limit: 10, now: LATER });
    expect(page.items.map((a) => a.id)).toEqual(['article-1']);
    const full = await stores.articles.latestFull({ limit: 10, now: new Date('2032-01-01T00:00:00Z') });
    expect(full.map((a) => a.id)).toEqual(['article-3', 'article-1']);
    expect(full[0]?.contentHtml).toBe('<p>Body of article 3</p>');
  });

  it("lists the editors' desk: drafts by last edit, scheduled soonest first, each paged, neither in the other", async () => {
    // Prepare: the clock of the query stands at 2030-01-01.
    const { stores } = await freshTable(emu);
    await stores.articles.insert(makeArticle(1));
    await stores.articles.insert(makeArticle(2, { status: 'draft', updatedAt: '2029-05-01T00:00:00.000Z' }));
    await stores.articles.insert(makeArticle(3, { status: 'draft', updatedAt: '2029-07-01T00:00:00.000Z' }));
    await stores.articles.insert(makeArticle(4, { status: 'draft', updatedAt: '2029-06-01T00:00:00.000Z' }));
    await stores.articles.insert(makeArticle(5, { publishedAt: '2031-03-01T00:00:00.000Z' }));
    await stores.articles.insert(makeArticle(6, { publishedAt: '2030-06-01T00:00:00.000Z' }));
    // Act
    const drafts = await stores.articles.unpublished({ status: 'draft', limit: 2, now: LATER });
    const moreDrafts = await stores.articles.unpublished({
      status: 'draft',
      limit: 2,
      now: LATER,
      cursor: drafts.nextCursor ?? undefined,
    });
    const scheduled = await stores.articles.unpublished({ status: 'scheduled', limit: 1, now: LATER });
    const moreScheduled = await stores.articles.unpublished({
      status: 'scheduled',
      limit: 1,
      now: LATER,
      cursor: scheduled.nextCursor ?? undefined,
    });
    // Assess
    expect([...drafts.items, ...moreDrafts.items].map((a) => a.id)).toEqual([
      'article-3',
      'article-4',
      'article-2',
    ]);
    expect(moreDrafts.nextCursor).toBeNull();
    expect(drafts.items[0]).not.toHaveProperty('contentHtml');
    expect([...scheduled.items, ...moreScheduled.items].map((a) => a.id)).toEqual(['article-6', 'article-5']);
    // A draft cursor is no scheduled cursor.
    await expect(
      stores.articles.unpublished({
        status: 'scheduled',
        limit: 1,
        now: LATER,
        cursor: drafts.nextCursor ?? undefined,
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    // Published, a draft leaves the desk; past its time, a scheduled article leaves it too.
    const draft = (await stores.articles.get('article-3')) as Article;
    await stores.articles.replace({ ...draft, status: 'published', version: 2 }, 1);
    expect(
      (await stores.articles.unpublished({ status: 'draft', limit: 10, now: LATER })).items.map((a) => a.id),
    ).toEqual(['article-4', 'article-2']);
    const later = new Date('2030-07-01T00:00:00Z');
    expect(
      (await stores.articles.unpublished({ status: 'scheduled', limit: 10, now: later })).items.map(
        (a) => a.id,
      ),
    ).toEqual(['article-5']);
  });

  it('reads listings with one bounded index Query, never a Scan', async () => {
    // Prepare: record every command the client sends.
    const { client, stores } = await freshTable(emu);
    for (let n = 1; n <= 30; n++) await stores.articles.insert(makeArticle(n));
    const sent: Array<{ name: string; input: Record<string, unknown> }> = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push({ name: context.commandName as string, input: args.input as Record<string, unknown> });
        return next(args);
      },
      { step: 'initialize', name: 'record' },
    );
    // Act
    await stores.articles.latest({ limit: 5, now: LATER });
    await stores.articles.latestFull({ limit: 5, now: LATER });
    await stores.articles.unpublished({ status: 'draft', limit: 5, now: LATER });
    await stores.articles.unpublished({ status: 'scheduled', limit: 5, now: LATER });
    // Assess
    expect(sent.map((s) => s.name)).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
    for (const { input } of sent) expect(input).toMatchObject({ IndexName: 'byFeed', Limit: 6 });
  });

  it('rejects a cursor it did not give out, or one from another feed', async () => {
    const { stores } = await freshTable(emu);
    await expect(stores.articles.latest({ limit: 1, now: LATER, cursor: 'garbage!' })).rejects.toBeInstanceOf(
      ValidationError,
    );
    for (const n of [1, 2]) await stores.articles.insert(makeArticle(n));
    const page = await stores.articles.latest({ limit: 1, now: LATER });
    await expect(
      stores.articles.latest({
        limit: 1,
        now: LATER,
        cursor: page.nextCursor ?? undefined,
        category: 'news',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('The table stores: reading an index that lists an item twice', () => {
  it('gives each article once, and never asks a batch read for a key twice', async () => {
    const { stores, client } = await freshTable(emu);
    const a = { ...makeArticle(1, { categories: ['Tech'] }), sequence: 1 };
    const b = { ...makeArticle(2, { categories: ['Tech'] }), sequence: 2 };
    for (const article of [a, b]) {
      await stores.articles.insert(article);
      await stores.books.syncCategories([{ before: null, after: article }]);
    }
    // The fault: every index answer lists its items twice (as the emulator's index may after a crash).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = (result.output ?? {}) as { Items?: unknown[] };
        if (context.commandName === 'QueryCommand' && output.Items !== undefined)
          output.Items = [...output.Items, ...output.Items];
        return result;
      },
      { step: 'initialize', name: 'duplicateIndexItems' },
    );
    const ids = (articles: Array<{ id: string }>) => articles.map((x) => x.id);
    expect(ids(await stores.articles.latestFull({ limit: 10, now: LATER }))).toEqual([
      'article-2',
      'article-1',
    ]);
    expect(ids(await stores.articles.latestFull({ limit: 10, now: LATER, category: 'tech' }))).toEqual([
      'article-2',
      'article-1',
    ]);
    expect(ids(await stores.articles.archiveRange(1, 2, LATER))).toEqual(['article-1', 'article-2']);
    expect(ids(await stores.articles.archiveRange(1, 2, LATER, 'tech'))).toEqual(['article-1', 'article-2']);
  });
});

describe('The table stores: category listings', () => {
  it('follow article changes: added, moved, unpublished, removed', async () => {
    const { stores } = await freshTable(emu);
    const a = makeArticle(1, { categories: ['News', 'Tech'] });
    const b = makeArticle(2, { categories: ['Tech'] });
    await stores.books.syncCategories([{ before: null, after: a }]);
    await stores.books.syncCategories([{ before: null, after: b }]);
    const ids = async (slug: string) =>
      (await stores.articles.latestFull({ limit: 10, now: LATER, category: slug })).map((x) => x.id);
    // The full category feed needs the articles themselves.
    await stores.articles.insert(a);
    await stores.articles.insert(b);
    expect(await ids('tech')).toEqual(['article-2', 'article-1']);
    expect(await ids('news')).toEqual(['article-1']);

    // Each change is written, then followed (as the publisher follows the stream).
    const moved = { ...a, categories: ['Sport'], version: a.version + 1 };
    await stores.articles.replace(moved, a.version);
    await stores.books.syncCategories([{ before: a, after: moved }]);
    expect(await ids('news')).toEqual([]);
    expect(await ids('sport')).toEqual(['article-1']);

    const drafted = { ...moved, status: 'draft' as const, version: moved.version + 1 };
    await stores.articles.replace(drafted, moved.version);
    await stores.books.syncCategories([{ before: moved, after: drafted }]);
    expect(await ids('sport')).toEqual([]);

    await stores.books.syncCategories([{ before: b, after: null }]);
    expect(await ids('tech')).toEqual([]);
    expect((await stores.articles.latest({ limit: 10, now: LATER, category: 'tech' })).items).toEqual([]);
  });
});

describe('The table stores: editor keys', () => {
  it('stores keys by hash and knows whether any exist', async () => {
    const { stores } = await freshTable(emu);
    expect(await stores.keys.hasAny()).toBe(false);
    await stores.keys.add({ hash: 'abc', name: 'ed', createdAt: '2024-01-01T00:00:00.000Z' });
    expect(await stores.keys.hasAny()).toBe(true);
    expect(await stores.keys.find('abc')).toEqual({
      hash: 'abc',
      name: 'ed',
      createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(await stores.keys.find('nope')).toBeNull();
    await expect(
      stores.keys.add({ hash: 'abc', name: 'x', createdAt: '2024-01-01T00:00:00.000Z' }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('The table stores: failure counters (Lambda containers side by side)', () => {
  it('count one client across authenticators, answer 429 past ten a minute, and forget them after', async () => {
    // Prepare: two authenticators on one table, as two containers would be; a frozen clock.
    const { client, tableName, stores } = await freshTable(emu);
    const clock = new FixedClock(new Date('2026-01-01T12:00:10Z'));
    const containers = [
      new Authenticator(stores.keys, 'the-real-key', clock, stores.failures),
      new Authenticator(stores.keys, 'the-real-key', clock, stores.failures),
    ];
    // Act: ten failures from one address, alternating containers.
    for (let n = 0; n < 10; n++) {
      await expect(containers[n % 2]?.authenticate('Bearer wrong', '198.51.100.7')).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
    }
    // Assess: either container now refuses that address's next wrong key, and says when to come back;
    // a correct key still gets in from it (nobody can lock an editor out by failing from the editor's address).
    const refused = await containers[0]?.authenticate('Bearer wrong-again', '198.51.100.7').catch((e) => e);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect((refused as TooManyRequestsError).headers['retry-after']).toBe('50');
    await expect(
      containers[1]?.authenticate('Bearer wrong-once-more', '198.51.100.7'),
    ).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(await containers[1]?.authenticate('Bearer the-real-key', '198.51.100.7')).toEqual({
      id: 'configured',
      name: 'EDITOR_API_KEY',
    });
    // Another address is not affected.
    await expect(containers[1]?.authenticate('Bearer wrong', '203.0.113.1')).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    // The previous minute weighs less as this one goes on; two minutes on, it is forgotten.
    clock.advance(60_000);
    expect((await stores.failures.failuresOf('198.51.100.7', clock.now())).count).toBe(8);
    clock.advance(60_000);
    await expect(containers[0]?.authenticate('Bearer wrong', '198.51.100.7')).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    expect(await containers[0]?.authenticate('Bearer the-real-key', '198.51.100.7')).toEqual({
      id: 'configured',
      name: 'EDITOR_API_KEY',
    });
    // No address is stored as written.
    const { Items } = await client.send(new ScanCommand({ TableName: tableName }));
    expect(JSON.stringify(Items)).toContain('FAILURES#');
    expect(JSON.stringify(Items)).not.toContain('198.51.100.7');
  });
});
