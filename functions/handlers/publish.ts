/** Lambda entry for the table's stream: re-renders what the changed articles touch and writes it to S3. */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { readBucketName } from '../adapters/config.js';
import { publishRecords } from '../adapters/dynamo/stream.js';
import { S3FileStore } from '../adapters/files/s3.js';
import type { ScheduledPublish } from '../adapters/scheduler.js';
import { WebSubNotifier } from '../adapters/websub.js';
import type { FileStore, HubNotifier } from '../core/ports.js';
import { Publisher, type PublishReport } from '../core/publish.js';
import type { Services } from '../http/services.js';
import { lambdaWorld, log } from './compose.js';

/**
 * The publish function over any world's services and file store; the local
 * runtime calls this too, pinging the hubs off the publishing path.
 */
export function publishFunction(
  services: Services,
  files: FileStore,
  hubs: HubNotifier = new WebSubNotifier(services.site.hubs, services.log),
) {
  const publisher = new Publisher({ ...services, files, hubs });
  return {
    publisher,
    onRecords: (records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> =>
      publishRecords(publisher, records, services.log),
  };
}

let fn: ReturnType<typeof publishFunction> | undefined;

/** Stream batches from the table, or a one-time schedule's wake-up for a scheduled article. */
export async function handler(
  event: DynamoDBStreamEvent | ScheduledPublish,
  context: Context,
): Promise<DynamoDBBatchResponse | PublishReport> {
  log.setInvocation({ requestId: context.awsRequestId });
  fn ??= publishFunction(
    lambdaWorld().services,
    new S3FileStore(new S3Client({}), readBucketName(process.env)),
  );
  if ('Records' in event) return fn.onRecords(event.Records);
  log.info('publish.scheduled', { articleId: event.articleId });
  return fn.publisher.publishDue([event.articleId]);
}
