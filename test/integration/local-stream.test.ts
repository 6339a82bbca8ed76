import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRecord, isQuietRecord } from '../../functions/adapters/dynamo/stream.js';
import { silentLogger } from '../../functions/adapters/log.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { StreamBatcher, tapStream } from '../../infra/local/stream.js';
import { makeArticle } from '../fixtures/articles.js';
import { emulator, freshTable, tempDir } from '../helpers/emulator.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

describe('tapStream', () => {
  it('emits the records a NEW_AND_OLD_IMAGES stream would, which decode to article changes', async () => {
    // Prepare
    const { client, stores } = await freshTable(emu);
    const records: DynamoDBRecord[] = [];
    tapStream(client, (r) => records.push(r));
    const v1 = makeArticle(1);
    const v2 = { ...v1, title: 'Two', version: 2 };
    // Act
    await stores.articles.insert(v1);
    await stores.articles.replace(v2, 1);
    await expect(stores.articles.replace(v2, 1)).rejects.toThrow(); // a failed write emits nothing
    await stores.articles.remove(v1.id);
    await stores.articles.remove(v1.id); // deleting nothing emits nothing
    // Assess
    expect(records.map((r) => r.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    expect(records.map(decodeRecord)).toEqual([
      { id: 'article-1', before: null, after: v1 },
      { id: 'article-1', before: v1, after: v2 },
      { id: 'article-1', before: v2, after: null },
    ]);
    const sequence = records.map((r) => r.dynamodb?.SequenceNumber ?? '');
    expect([...sequence].sort()).toEqual(sequence);
  });

  it('does not leak the old image to callers that did not ask for it', async () => {
    const { client, tableName } = await freshTable(emu);
    tapStream(client, () => {});
    const put = (v: number) =>
      client.send(new PutItemCommand({ TableName: tableName, Item: marshall({ pk: 'X', sk: 'Y', v }) }));
    expect((await put(1)).Attributes).toBeUndefined();
    expect((await put(2)).Attributes).toBeUndefined();
  });
});

function record(n: number): DynamoDBRecord {
  return { eventID: `e${n}`, eventName: 'INSERT', dynamodb: { SequenceNumber: String(n).padStart(5, '0') } };
}

describe('StreamBatcher', () => {
  it('coalesces a burst into few deliveries, in order', async () => {
    const batches: string[][] = [];
    const batcher = new StreamBatcher(
      async (records) => {
        batches.push(records.map((r) => r.eventID ?? ''));
        await new Promise((r) => setTimeout(r, 20));
        return { batchItemFailures: [] };
      },
      {
        windowMs: 30,
        maxBatch: 1000,
        maxRetries: 2,
        backoffMs: 5,
        deadLetterFile: undefined,
        log: silentLogger,
      },
    );
    for (let n = 1; n <= 200; n++) batcher.push(record(n));
    await batcher.idle();
    expect(batches.length).toBeLessThanOrEqual(2);
    expect(batches.flat()).toEqual(Array.from({ length: 200 }, (_, i) => `e${i + 1}`));
  });

  it('with no window, delivers the first record after a quiet spell at once, and coalesces what comes during a delivery', async () => {
    const batches: string[][] = [];
    let release: () => void = () => {};
    const batcher = new StreamBatcher(
      async (records) => {
        batches.push(records.map((r) => r.eventID ?? ''));
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return { batchItemFailures: [] };
      },
      {
        windowMs: 0,
        maxBatch: 1000,
        maxRetries: 2,
        backoffMs: 5,
        deadLetterFile: undefined,
        log: silentLogger,
      },
    );
    batcher.push(record(1));
    await new Promise((r) => setTimeout(r, 5));
    // Delivered without waiting for a window: the first delivery is under way.
    expect(batches).toEqual([['e1']]);
    for (let n = 2; n <= 50; n++) batcher.push(record(n));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toHaveLength(1);
    release();
    await batcher.idle();
    expect(batches).toEqual([['e1'], Array.from({ length: 49 }, (_, i) => `e${i + 2}`)]);
  });

  it('lets an import’s quiet records wait a little for more, but not a write that is not quiet', async () => {
    const batches: string[][] = [];
    const quietRecord = (n: number): DynamoDBRecord => ({
      ...record(n),
      dynamodb: { ...record(n).dynamodb, NewImage: { quiet: { BOOL: true } } },
    });
    const batcher = new StreamBatcher(
      async (records) => {
        batches.push(records.map((r) => r.eventID ?? ''));
        return { batchItemFailures: [] };
      },
      {
        windowMs: 0,
        quietWindowMs: 200,
        isQuiet: isQuietRecord,
        maxBatch: 1000,
        maxRetries: 2,
        backoffMs: 5,
        deadLetterFile: undefined,
        log: silentLogger,
      },
    );
    // Quiet records only: nothing is delivered at once, and what follows within the window comes along.
    batcher.push(quietRecord(1));
    await new Promise((r) => setTimeout(r, 20));
    batcher.push(quietRecord(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([]);
    // A write that is not quiet (the import's last, or an editor's) is delivered at once, with them.
    batcher.push(record(3));
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([['e1', 'e2', 'e3']]);
    // Quiet alone again: delivered once the window has passed.
    batcher.push(quietRecord(4));
    await batcher.idle();
    expect(batches).toEqual([['e1', 'e2', 'e3'], ['e4']]);
  });

  it('retries from the first failed record, then dead-letters a poison record without blocking the rest', async () => {
    const dir = await tempDir();
    const seen: string[] = [];
    const batcher = new StreamBatcher(
      async (records): Promise<DynamoDBBatchResponse> => {
        seen.push(records.map((r) => r.eventID).join(','));
        const poison = records.find((r) => r.eventID === 'e2');
        return {
          batchItemFailures:
            poison === undefined ? [] : [{ itemIdentifier: poison.dynamodb?.SequenceNumber ?? '' }],
        };
      },
      {
        windowMs: 5,
        maxBatch: 10,
        maxRetries: 2,
        backoffMs: 5,
        deadLetterFile: join(dir.path, 'dlq.jsonl'),
        log: silentLogger,
      },
    );
    for (const n of [1, 2, 3]) batcher.push(record(n));
    await batcher.idle();
    expect(seen).toEqual(['e1,e2,e3', 'e2,e3', 'e2,e3', 'e3']);
    const dead = (await readFile(join(dir.path, 'dlq.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).record.eventID);
    expect(dead).toEqual(['e2']);
    await dir.remove();
  });
});
