/**
 * The change-record interface: DynamoDB stream records (NEW_AND_OLD_IMAGES)
 * in, publisher calls out. The publish Lambda and the local runtime both
 * deliver records here, so the publisher runs the same way in both worlds.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Logger } from '../../core/ports.js';
import type { ArticleChange } from '../../core/publish/plan.js';
import type { Publisher } from '../../core/publish/publisher.js';
import { articleFromItem } from './article-items.js';
import { keys } from './schema.js';

type Image = Record<string, AttributeValue>;

/** Lambda's stream types and the SDK's AttributeValue are the same wire shape under two names. */
const image = (value: unknown): Image | undefined => value as Image | undefined;

/** Whether a record is a quiet write (one of an import's parts, announced by its last write). */
export const isQuietRecord = (record: DynamoDBRecord): boolean =>
  image(record.dynamodb?.NewImage)?.quiet?.BOOL === true;

/** The article change a record describes, or null for records of other items. */
export function decodeRecord(record: DynamoDBRecord): ArticleChange | null {
  const pk = record.dynamodb?.Keys?.pk?.S;
  if (pk === undefined) throw new Error('record has no pk key');
  if (!keys.isArticle(pk)) return null;
  const oldImage = image(record.dynamodb?.OldImage);
  const newImage = image(record.dynamodb?.NewImage);
  const before = oldImage === undefined ? null : articleFromItem(oldImage);
  const after = record.eventName === 'REMOVE' || newImage === undefined ? null : articleFromItem(newImage);
  return { id: keys.articleId(pk), before, after, ...(isQuietRecord(record) ? { quiet: true } : {}) };
}

/**
 * Publishes one batch of stream records. A record that cannot be decoded is a
 * poison record: it is reported as a failure (so it reaches the dead-letter
 * path after its retries) without holding up the others. A failed publish
 * reports the whole batch, from its first record, for a retry.
 */
export async function publishRecords(
  publisher: Publisher,
  records: readonly DynamoDBRecord[],
  log: Logger,
): Promise<DynamoDBBatchResponse> {
  const changes: ArticleChange[] = [];
  const failures: string[] = [];
  for (const record of records) {
    try {
      const change = decodeRecord(record);
      if (change !== null) changes.push(change);
    } catch (error) {
      log.error('publish.poison-record', { eventID: record.eventID, error: (error as Error).message });
      failures.push(record.dynamodb?.SequenceNumber ?? record.eventID ?? '');
    }
  }
  if (changes.length === 0)
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  try {
    const started = Date.now();
    const report = await publisher.publish(changes);
    log.info('publish.done', {
      changes: changes.length,
      written: report.written.length,
      removed: report.removed.length,
      unchanged: report.unchanged,
      ms: Date.now() - started,
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  } catch (error) {
    log.error('publish.failed', { error: (error as Error).message, records: records.length });
    const all = records.map((r) => r.dynamodb?.SequenceNumber ?? r.eventID ?? '');
    return { batchItemFailures: all.map((itemIdentifier) => ({ itemIdentifier })) };
  }
}
