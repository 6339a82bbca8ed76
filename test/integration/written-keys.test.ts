/**
 * The partition keys each function writes, recorded on its own DynamoDB
 * client while it does everything it does, against what its IAM grant allows
 * (WRITTEN_KEYS, the dynamodb:LeadingKeys condition of the stack): a write the
 * grant would refuse on AWS fails here first.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../functions/adapters/clock.js';
import { WRITTEN_KEYS } from '../../functions/adapters/dynamo/schema.js';
import { decodeRecord } from '../../functions/adapters/dynamo/stream.js';
import { silentLogger } from '../../functions/adapters/log.js';
import { inThreadPages } from '../../functions/adapters/pages.js';
import type { FileStore } from '../../functions/core/ports.js';
import { ingestFunction } from '../../functions/handlers/ingest.js';
import { publishFunction } from '../../functions/handlers/publish.js';
import { readFunction } from '../../functions/handlers/read.js';
import { wireServices } from '../../functions/http/services.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { tapStream } from '../../infra/local/stream.js';
import { testSite } from '../fixtures/articles.js';
import { emulator, freshTable } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

/** Records the partition key of every write the client makes. */
function recordWrites(client: DynamoDBClient): string[] {
  const written: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Item?: { pk?: { S?: string } }; Key?: { pk?: { S?: string } } };
      if (['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(context.commandName ?? ''))
        written.push(input.Item?.pk?.S ?? input.Key?.pk?.S ?? '?');
      return next(args);
    },
    { step: 'initialize', name: 'recordWrites' },
  );
  return written;
}

/** IAM's StringLike: * matches any run of characters. */
const allowed = (pk: string, patterns: readonly string[]) =>
  patterns.some((p) =>
    new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(pk),
  );

const files: FileStore = { put: async () => true, remove: async () => true, exists: async () => false };

describe('what each function writes', () => {
  it('stays within the partition keys its grant allows', async () => {
    const { tableName } = await freshTable(emu);
    const clock = new FixedClock(new Date('2026-03-01T10:00:00Z'));
    const world = (name: 'ingest' | 'read' | 'publish') => {
      const dynamo = emu.client();
      const written = recordWrites(dynamo);
      const services = wireServices({
        dynamo,
        tableName,
        site: testSite(),
        clock,
        log: silentLogger,
        editorApiKey: 'the-editor-key-0123456789',
        scheduler: { schedule: async () => {}, cancel: async () => {} },
        recordKeyUse: name !== 'read',
      });
      return { dynamo, written, services };
    };
    const ingest = world('ingest');
    const read = world('read');
    const publish = world('publish');
    const changes: NonNullable<ReturnType<typeof decodeRecord>>[] = [];
    tapStream(ingest.dynamo, (record) => {
      // As the stream's event filter: only article items are changes to publish.
      const change = (record.dynamodb?.Keys?.pk?.S ?? '').startsWith('ARTICLE#')
        ? decodeRecord(record)
        : null;
      if (change !== null) changes.push(change);
    });
    const writes = ingestFunction(ingest.services, inThreadPages);
    const reads = readFunction(read.services);
    const call = (
      app: typeof writes,
      method: string,
      path: string,
      body?: unknown,
      key = 'the-editor-key-0123456789',
    ) =>
      app({
        version: '2.0',
        routeKey: '$default',
        rawPath: path.split('?')[0] as string,
        rawQueryString: path.split('?')[1] ?? '',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'idempotency-key': `${method}${path}`,
        },
        requestContext: { http: { method, path, sourceIp: '198.51.100.1' }, requestId: 'r' } as never,
        body: body === undefined ? undefined : JSON.stringify(body),
        isBase64Encoded: false,
      } as never);
    // Everything ingest does: create, replace, patch, delete, keys, idempotency, audit, failed keys.
    await call(writes, 'POST', '/api/articles', { title: 'One', contentText: 'x', categories: ['Ships'] });
    await call(writes, 'PUT', '/api/articles/two', { title: 'Two', contentText: 'y', categories: ['Tide'] });
    await call(writes, 'PATCH', '/api/articles/two', { categories: ['Harbour'] });
    await call(writes, 'DELETE', '/api/articles/one');
    const created = await call(writes, 'POST', '/api/keys', { name: 'bob' });
    await call(writes, 'DELETE', `/api/keys/${JSON.parse(String((created as { body: string }).body)).id}`);
    await call(writes, 'POST', '/api/articles', { title: 'x', contentText: 'x' }, 'wrong');
    // And read: its failure counter.
    await call(reads, 'GET', '/api/articles?status=draft', undefined, 'wrong');
    // Publish everything ingest changed, then a full rebuild.
    const publisher = publishFunction(publish.services, files, { notify: async () => {} }).publisher;
    await publisher.publish(changes);
    await publisher.rebuild();

    for (const [name, w] of [
      ['ingest', ingest.written],
      ['read', read.written],
      ['publish', publish.written],
    ] as const) {
      expect(w.length, name).toBeGreaterThan(0);
      expect(
        w.filter((pk) => !allowed(pk, WRITTEN_KEYS[name])),
        name,
      ).toEqual([]);
    }
    expect(publish.written.some((pk) => pk.startsWith('CATEGORY#'))).toBe(true);
    expect(ingest.written.some((pk) => pk === 'KEY')).toBe(true);
  });
});
