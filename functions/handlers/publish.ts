/** Lambda entry for the table's stream: re-renders what the changed articles touch and writes it to S3. */
import { S3Client } from '@aws-sdk/client-s3';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readBucketName } from '../adapters/config.js';
import { publishRecords } from '../adapters/dynamo/stream.js';
import { S3FileStore } from '../adapters/files/s3.js';
import { WebSubNotifier } from '../adapters/websub.js';
import { Publisher } from '../core/publish.js';
import { config, log, services } from './compose.js';

const publisher = new Publisher({
  ...services,
  files: new S3FileStore(new S3Client({}), readBucketName(process.env)),
  hubs: new WebSubNotifier(config.site.hubs, log),
});

export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  log.setInvocation({ requestId: context.awsRequestId });
  return publishRecords(publisher, event.Records, log);
}
