/**
 * Hostile or unlucky clients: what each observation of the abuse round did
 * (a 500, a moved schedule, a lock-out), as a test.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/clock.js';
import { IDEMPOTENCY_IN_PROGRESS_MS } from '../../functions/adapters/dynamo/idempotency.js';
import { LocalScheduler } from '../../functions/adapters/local/scheduler.js';
import { silentLogger } from '../../functions/adapters/log.js';
import { EventBridgeScheduler, scheduleName } from '../../functions/adapters/scheduler.js';
import { replaceArticle } from '../../functions/core/edits.js';
import { ConflictError, PreconditionFailedError } from '../../functions/core/errors.js';
import type { PublishScheduler } from '../../functions/core/ports.js';
import { createArticle } from '../../functions/core/writing.js';
import { API_ROUTES } from '../../functions/http/routes.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { testSite } from '../fixtures/articles.js';
import { emulator, freshTable } from '../helpers/emulator.js';
import { KEY, startServer, type TestServer } from '../helpers/server.js';
import { type StandIn, schedulerStandIn } from '../helpers/stand-ins.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

describe('an article over the store item limit', () => {
  it('answers 413 naming the limit, for JSON and for a raw page, and stores nothing', async () => {
    server = await startServer();
    const big = await server.post({ id: 'huge', title: 'Huge', contentText: 'word '.repeat(120_000) });
    expect(big.status).toBe(413);
    const problem = (await big.json()) as { detail: string };
    expect(problem.detail).toMatch(/limit of 409600 bytes/);
    expect((await fetch(server.url('/api/articles/huge'))).status).toBe(404);
    const page = await fetch(server.url('/api/articles'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' },
      body: `A Very Long Page\n\n${'A sentence of the page, long enough to be kept as body text. '.repeat(16_000)}`,
    });
    expect(page.status).toBe(413);
    await server.runtime.idle();
    expect(JSON.parse(await (await fetch(server.url('/feed.json'))).text()).items).toEqual([]);
  });
});

describe('malformed request parts', () => {
  const forged = [
    ['', '', 'ALL', ''],
    ['ARTICLE#x', 'ARTICLE', 'ALL', ''],
    ['ARTICLE#x', 'ARTICLE', 'ALL', 'x'.repeat(2000)],
    ['a', 'b', 'ALL', 'c'],
    [1, 2, 'ALL', 3],
  ].map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url'));

  it('answers forged cursors with 400 naming the cursor, never 500', async () => {
    server = await startServer();
    expect((await server.post({ title: 'One', contentText: 'x', categories: ['News'] })).status).toBe(201);
    await server.runtime.idle();
    for (const cursor of [...forged, 'abc', '%%%']) {
      for (const path of ['/api/latest', '/api/latest?category=news&x=1', '/api/audit']) {
        const url = `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
        const res = await fetch(server.url(url), { headers: auth });
        expect(res.status, url).toBe(400);
        expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('cursor');
      }
    }
  });

  it('never answers 500 to a strangely spelled route or a malformed Host', async () => {
    server = await startServer();
    const { port } = new URL(server.runtime.url);
    const raw = async (request: string) => {
      const net = await import('node:net');
      return new Promise<string>((done) => {
        const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
        let data = '';
        socket.on('data', (b) => {
          data += b;
        });
        socket.on('end', () => done(data.split('\r\n')[0] ?? ''));
        socket.on('error', () => done(data.split('\r\n')[0] ?? ''));
      });
    };
    expect(await raw('GET /api/health HTTP/1.1\r\nHost: a b c\r\nConnection: close\r\n\r\n')).toBe(
      'HTTP/1.1 400 Bad Request',
    );
    // Every route, with path parameters and a query no client of ours would send.
    const odd = ['%6beys', '%ZZ', '..', 'a%2Fb', '%00', 'x'.repeat(3000), '%F0%9F%98%80'];
    for (const route of API_ROUTES) {
      for (const value of odd) {
        const path = route.path
          .replace(/\{[^}]+\}/g, value)
          .replace('/api/keys', value === '%6beys' ? '/api/%6beys' : '/api/keys');
        for (const headers of [{}, auth]) {
          const res = await fetch(server.url(`${path}?cursor=${forged[0]}&limit=x`), {
            method: route.method,
            headers,
            ...(route.method === 'GET' ? {} : { body: '{"title": {"deep": [[[[1]]]]}}' }),
          });
          expect(res.status, `${route.method} ${path}`).toBeLessThan(500);
        }
      }
    }
  });
});

describe('a refused write never moves a schedule', () => {
  let emu: Emulator;
  let eventBridge: StandIn;
  const calls: string[] = [];
  beforeAll(async () => {
    emu = await emulator();
    eventBridge = await schedulerStandIn(calls);
  });
  afterAll(async () => {
    await eventBridge.close();
    await emu.close();
  });

  /** A scheduler that records what it is asked, then does it (locally, or against EventBridge's API). */
  function recording(inner: PublishScheduler, log: string[]): PublishScheduler {
    return {
      schedule: async (id, at) => {
        log.push(`schedule ${id} ${at.toISOString()}`);
        await inner.schedule(id, at);
      },
      cancel: async (id) => {
        log.push(`cancel ${id}`);
        await inner.cancel(id);
      },
    };
  }

  const worlds = () => {
    const clock = new FixedClock(new Date('2026-03-01T10:00:00Z'));
    return {
      local: { clock, scheduler: new LocalScheduler(clock, silentLogger) as PublishScheduler },
      eventBridge: {
        clock,
        scheduler: new EventBridgeScheduler(
          new SchedulerClient({
            endpoint: eventBridge.endpoint,
            region: 'eu-west-1',
            credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
          }),
          { groupName: 'g', roleArn: 'arn:aws:iam::123456789012:role/r', publishFunctionArn: 'arn:p' },
        ) as PublishScheduler,
      },
    };
  };

  it.each(['local', 'eventBridge'] as const)(
    '%s: an id clash, a title clash and a stale edit',
    async (world) => {
      const { stores } = await freshTable(emu);
      const { clock, scheduler } = worlds()[world];
      const log: string[] = [];
      calls.length = 0;
      const deps = {
        articles: stores.articles,
        clock,
        site: testSite(),
        scheduler: recording(scheduler, log),
      };
      const dayAfter = '2026-03-02T10:00:00.000Z';
      const weekAfter = '2026-03-08T10:00:00.000Z';
      await createArticle(deps, { id: 'sched-a', title: 'Sched A', contentText: 'x', publishedAt: dayAfter });
      // An explicit id that exists: 409, and sched-a keeps its wake-up.
      await expect(
        createArticle(deps, { id: 'sched-a', title: 'Other', contentText: 'x', publishedAt: weekAfter }),
      ).rejects.toBeInstanceOf(ConflictError);
      // A title clash: the second takes -2, and only -2 is scheduled.
      await createArticle(deps, { title: 'Sched A', contentText: 'y', publishedAt: weekAfter });
      // A stale edit (412) schedules nothing either.
      await expect(
        replaceArticle(
          deps,
          'sched-a',
          { title: 'Sched A', contentText: 'z', publishedAt: weekAfter },
          { minorEdit: false, expectedVersion: 7 },
        ),
      ).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(log).toEqual([`schedule sched-a ${dayAfter}`, `schedule sched-a-2 ${weekAfter}`]);
      if (world === 'eventBridge') {
        const named = calls.map((c) => c.split(' ')[1]);
        expect(named).toEqual([
          `/schedules/${scheduleName('sched-a')}`,
          `/schedules/${scheduleName('sched-a-2')}`,
        ]);
      } else {
        await (scheduler as LocalScheduler).close();
      }
    },
  );
});

describe('idempotency and keys', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await emulator();
  });
  afterAll(async () => {
    await emu.close();
  });

  it('lets a retry take over a claim whose request died, and gives every record a TTL', async () => {
    const { stores, client, tableName } = await freshTable(emu);
    const now = new Date('2026-03-01T10:00:00Z');
    expect(await stores.idempotency.claim('k1#key', 'fp', now)).toEqual({ state: 'new' });
    // The request that claimed it died (a crash, a Lambda timeout): a retry soon after is told to wait...
    expect((await stores.idempotency.claim('k1#key', 'fp', new Date(now.getTime() + 5_000))).state).toBe(
      'pending',
    );
    // ...and past the in-progress expiry it takes the key over instead of 503 for a day.
    const later = new Date(now.getTime() + IDEMPOTENCY_IN_PROGRESS_MS + 1);
    expect(await stores.idempotency.claim('k1#key', 'fp', later)).toEqual({ state: 'new' });
    await stores.idempotency.complete('k1#key', 'fp', { status: 201, headers: {}, body: '{}' }, later);
    await stores.books.addTombstone({
      id: 'gone',
      guid: 'g',
      url: 'u',
      deletedAt: later.toISOString(),
      categories: [],
    });
    const { Items } = await client.send(new ScanCommand({ TableName: tableName }));
    const expiring = (Items ?? [])
      .map((item) => unmarshall(item))
      .filter((i) => /^(IDEMPOTENCY|TOMBSTONE)/.test(i.pk));
    expect(expiring).toHaveLength(2);
    for (const item of expiring) expect(item.expiresAt, item.pk).toBeGreaterThan(later.getTime() / 1000);
  });

  it('revokes a key by its whole id only, and keeps replays and audit apart for keys of one name', async () => {
    server = await startServer();
    const make = async () =>
      (await (
        await fetch(server?.url('/api/keys') ?? '', { method: 'POST', headers: auth, body: '{"name":"bob"}' })
      ).json()) as { id: string; key: string };
    const [one, two] = [await make(), await make()];
    expect(one.id).toMatch(/^[0-9a-f]{12}$/);
    const revoke = (id: string) =>
      fetch(server?.url(`/api/keys/${id}`) ?? '', { method: 'DELETE', headers: auth });
    expect((await revoke(one.id.slice(0, 1))).status).toBe(404);
    expect((await revoke(one.id.slice(0, 11))).status).toBe(404);
    // The same Idempotency-Key from two keys named bob: two articles, no replay across them.
    const post = (key: string, title: string) =>
      server?.post(
        { title, contentText: 'x' },
        { authorization: `Bearer ${key}`, 'idempotency-key': 'same' },
      );
    const first = await post(one.key, 'From bob one');
    const second = await post(two.key, 'From bob two');
    expect([first?.status, second?.status]).toEqual([201, 201]);
    expect(second?.headers.get('idempotent-replayed')).toBeNull();
    const audit = (await (await fetch(server.url('/api/audit'), { headers: auth })).json()) as {
      items: Array<{ editor: string; editorId: string; action: string }>;
    };
    const creates = audit.items.filter((e) => e.action === 'create');
    expect(new Set(creates.map((e) => e.editorId))).toEqual(new Set([one.id, two.id]));
    expect((await revoke(one.id)).status).toBe(200);
  });
});
