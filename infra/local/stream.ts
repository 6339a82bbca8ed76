/**
 * What DynamoDB Streams and Lambda's event-source mapping do on AWS, done
 * in-process: every item write through the tapped client becomes a stream
 * record (NEW_AND_OLD_IMAGES), records are batched (a first change is
 * delivered at once, what arrives during a delivery comes together as the
 * next; an import's quiet parts wait a little for more), failed records are retried from
 * the first failure with backoff, and records that keep failing go to a
 * dead-letter file instead of blocking the rest.
 */
import { appendFile } from 'node:fs/promises';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Logger } from '../../functions/core/ports.js';

type Item = Record<string, AttributeValue>;

const KEY_NAMES = ['pk', 'sk'];

function keysOf(item: Item): Item {
  return Object.fromEntries(KEY_NAMES.filter((k) => k in item).map((k) => [k, item[k] as AttributeValue]));
}

/**
 * Adds a middleware to `client` that reports each successful PutItem and
 * DeleteItem as a stream record. It asks DynamoDB for the old image itself
 * (ReturnValues ALL_OLD) and hides it again from callers that did not ask.
 * The store writes articles only with PutItem and DeleteItem, so these two
 * operations carry every change the stream would.
 */
export function tapStream(client: DynamoDBClient, emit: (record: DynamoDBRecord) => void): void {
  // Numbered from the clock, so records of this run never share a number (or an event id) with records
  // of a run before it that the outbox replays.
  let sequence = Date.now() * 1000;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName;
      if (command !== 'PutItemCommand' && command !== 'DeleteItemCommand') return next(args);
      const input = args.input as { Item?: Item; Key?: Item; ReturnValues?: string };
      const askedOld = input.ReturnValues === 'ALL_OLD';
      const result = await next({ ...args, input: { ...input, ReturnValues: 'ALL_OLD' } });
      const output = result.output as { Attributes?: Item };
      const oldImage = output.Attributes;
      if (!askedOld) delete output.Attributes;
      const newImage = command === 'PutItemCommand' ? input.Item : undefined;
      if (newImage === undefined && oldImage === undefined) return result; // deleting nothing changes nothing
      const keys = keysOf((newImage ?? oldImage) as Item);
      sequence++;
      emit({
        eventID: `local-${sequence}`,
        eventName: newImage === undefined ? 'REMOVE' : oldImage === undefined ? 'INSERT' : 'MODIFY',
        eventSource: 'aws:dynamodb',
        awsRegion: 'local',
        dynamodb: {
          ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
          Keys: keys as never,
          ...(newImage === undefined ? {} : { NewImage: newImage as never }),
          ...(oldImage === undefined ? {} : { OldImage: oldImage as never }),
          SequenceNumber: String(sequence).padStart(21, '0'),
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      });
      return result;
    },
    { step: 'initialize', name: 'feedwrightLocalStreamTap' },
  );
}

/** The longest wait between two retries of a failed batch. */
const MAX_BACKOFF_MS = 10_000;

export interface BatcherOptions {
  /** Like the event-source mapping's MaximumBatchingWindowInSeconds. */
  windowMs: number;
  /**
   * How long records that are all quiet (an import's parts, whose last write
   * announces them) wait for more before they are delivered: a bulk import
   * is published in large batches instead of many small ones, while any
   * other write is still delivered after `windowMs`.
   */
  quietWindowMs?: number;
  /** Whether a record is quiet (see quietWindowMs). */
  isQuiet?: (record: DynamoDBRecord) => boolean;
  maxBatch: number;
  maxRetries: number;
  /** First retry delay; doubles each time. */
  backoffMs: number;
  /** Where records that exhausted their retries go (JSON lines). */
  deadLetterFile: string | undefined;
  log: Logger;
  /** Told of the records handled for good: delivered, or dead-lettered (the outbox marks them done). */
  settled?: (records: DynamoDBRecord[]) => void;
}

/**
 * Queues stream records and delivers them in batches to `deliver` (the
 * publish handler), one batch at a time, in order.
 */
export class StreamBatcher {
  private queue: Array<{ record: DynamoDBRecord; attempts: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly deliver: (records: DynamoDBRecord[]) => Promise<DynamoDBBatchResponse>,
    private readonly options: BatcherOptions,
  ) {}

  push(record: DynamoDBRecord): void {
    this.queue.push({ record, attempts: 0 });
    // A write that is not quiet does not wait out a quiet window someone else's import started.
    if (this.timer !== undefined && this.waitingQuietly && !this.quiet(record)) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.schedule(this.nextDelay());
  }

  private waitingQuietly = false;

  private quiet(record: DynamoDBRecord): boolean {
    return this.options.isQuiet?.(record) === true;
  }

  /** Resolves once every queued record has been delivered (or dead-lettered). */
  idle(): Promise<void> {
    if (this.queue.length === 0 && this.running === undefined && this.timer === undefined)
      return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Delivers what is queued now, then stops taking timers. */
  async close(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.running;
    while (this.queue.length > 0) await this.flush();
    this.closed = true;
    this.settle();
  }

  private schedule(delay: number): void {
    if (this.timer !== undefined || this.running !== undefined || this.closed) return;
    this.waitingQuietly = delay === (this.options.quietWindowMs ?? this.options.windowMs) && this.allQuiet();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.waitingQuietly = false;
      this.running = this.flush().finally(() => {
        this.running = undefined;
        if (this.queue.length > 0) this.schedule(this.nextDelay());
        else this.settle();
      });
    }, delay);
  }

  private allQuiet(): boolean {
    return this.queue.length > 0 && this.queue.every((entry) => this.quiet(entry.record));
  }

  private nextDelay(): number {
    const attempts = this.queue[0]?.attempts ?? 0;
    if (attempts > 0) return Math.min(this.options.backoffMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
    return this.allQuiet() ? (this.options.quietWindowMs ?? this.options.windowMs) : this.options.windowMs;
  }

  private settle(): void {
    if (this.queue.length > 0 || this.running !== undefined || this.timer !== undefined) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    let failed: Set<string>;
    try {
      const response = await this.deliver(batch.map((b) => b.record));
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch (error) {
      this.options.log.error('stream.deliver-failed', { error: (error as Error).message });
      failed = new Set(batch.map((b) => b.record.dynamodb?.SequenceNumber ?? ''));
    }
    this.options.settled?.(
      batch.filter((b) => !failed.has(b.record.dynamodb?.SequenceNumber ?? '')).map((b) => b.record),
    );
    if (failed.size === 0) return;
    // As Lambda does with reportBatchItemFailures: retry from the first failed record on.
    const first = batch.findIndex((b) => failed.has(b.record.dynamodb?.SequenceNumber ?? ''));
    const retry: typeof batch = [];
    const dead: DynamoDBRecord[] = [];
    for (const entry of batch.slice(first)) {
      const seq = entry.record.dynamodb?.SequenceNumber ?? '';
      if (!failed.has(seq)) {
        // Behind a failure but not failed itself: redelivered, its retries untouched.
        retry.push(entry);
      } else if (entry.attempts + 1 > this.options.maxRetries) {
        dead.push(entry.record);
      } else {
        retry.push({ record: entry.record, attempts: entry.attempts + 1 });
      }
    }
    this.queue.unshift(...retry);
    if (dead.length > 0) {
      await this.deadLetter(dead);
      this.options.settled?.(dead);
    }
  }

  private async deadLetter(records: DynamoDBRecord[]): Promise<void> {
    this.options.log.error('stream.dead-letter', { records: records.map((r) => r.eventID) });
    if (this.options.deadLetterFile === undefined) return;
    const lines = records.map((r) => JSON.stringify({ at: new Date().toISOString(), record: r })).join('\n');
    await appendFile(this.options.deadLetterFile, `${lines}\n`);
  }
}
