import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { withRssParser } from '../helpers/readers.js';
import { getJson, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

/**
 * An outage of the store, injected into the runtime's own client: while on,
 * the named operations fail as a refused connection does.
 */
function outage(client: DynamoDBClient, operations: RegExp) {
  const state = { on: false, failed: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (state.on && operations.test(context.commandName ?? '')) {
        state.failed++;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
      }
      return next(args);
    },
    { step: 'initialize', name: 'injectedOutage' },
  );
  return state;
}

describe('the store unavailable', () => {
  it('answers writes and reads with 503 and Retry-After, and writes nothing', async () => {
    server = await startServer();
    expect((await server.post({ id: 'before', title: 'Before', contentText: 'x' })).status).toBe(201);
    await server.runtime.idle();
    const fault = outage(server.runtime.dynamo, /./);
    fault.on = true;
    for (const res of [
      await server.post({ id: 'during', title: 'During', contentText: 'x' }),
      await fetch(server.url('/api/latest')),
      await fetch(server.url('/api/articles/before')),
    ]) {
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/unavailable/);
    }
    expect(fault.failed).toBeGreaterThan(0);
    fault.on = false;
    expect((await fetch(server.url('/api/articles/during'))).status).toBe(404);
    expect((await getJson<LatestPage>(server.url('/api/latest'))).items.map((i) => i.id)).toEqual(['before']);
    // The generated files keep being served from disk throughout.
    expect((await fetch(server.url('/rss.xml'))).status).toBe(200);
  });

  it('lets the feeds catch up by themselves once it is back', async () => {
    server = await startServer();
    await server.runtime.idle();
    // Writes go through; the publisher's reads fail for a while.
    const fault = outage(server.runtime.dynamo, /^(Query|GetItem|BatchGetItem)Command$/);
    fault.on = true;
    expect(
      (await server.post({ id: 'stored', title: 'Stored during the outage', contentText: 'x' })).status,
    ).toBe(201);
    // The publisher tries (and fails) within its batching window; wait for that, bounded.
    for (let i = 0; i < 100 && fault.failed === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(fault.failed).toBeGreaterThan(0);
    expect(await withRssParser(await (await fetch(server.url('/rss.xml'))).text())).toEqual([]);
    fault.on = false;
    await server.runtime.idle();
    const titles = (await withRssParser(await (await fetch(server.url('/rss.xml'))).text())).map(
      (i) => i.title,
    );
    expect(titles).toEqual(['Stored during the outage']);
    expect((await fetch(server.url('/articles/stored'))).status).toBe(200);
  });
});
