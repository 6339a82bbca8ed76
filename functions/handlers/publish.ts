/** Lambda entry for the table's stream: re-renders what the changed articles touch and writes it to S3. */
import { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { readBucketName } from '../adapters/config.js';
import { publishDesk, readDesk } from '../adapters/desk.js';
import { publishRecords } from '../adapters/dynamo/stream.js';
import { RememberingFileStore } from '../adapters/files/remembering.js';
import { S3FileStore } from '../adapters/files/s3.js';
import type { ScheduledPublish } from '../adapters/scheduler.js';
import { WebSubNotifier } from '../adapters/websub.js';
import type { FileStore, HubNotifier } from '../core/ports.js';
import { Publisher } from '../core/publish/publisher.js';
import type { PublishReport } from '../core/publish/run.js';
import type { Services } from '../http/services.js';
import { lambdaEntry, lambdaWorld, log } from './compose.js';

/**
 * The publish function over any world's services and file store; the local
 * runtime calls this too, pinging the hubs off the publishing path.
 */
export function publishFunction(
  services: Services,
  files: FileStore,
  hubs: HubNotifier = new WebSubNotifier(services.site.hubs, services.log),
) {
  const publisher = new Publisher({ ...services, files: new RememberingFileStore(files), hubs });
  return {
    publisher,
    onRecords: (records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> =>
      publishRecords(publisher, records, services.log),
  };
}

let fn: ReturnType<typeof publishFunction> | undefined;
let files: FileStore | undefined;

/**
 * The deploy-time trigger's invocation (an empty payload): render the whole
 * site, so a new stack answers at once and a change of site configuration
 * (which makes a new function version, and so a new trigger) reaches every file.
 */
export type DeployRebuild = Record<string, never>;

/** Stream batches from the table, a one-time schedule's wake-up for a scheduled article, or a deploy. */
export const handler = lambdaEntry(
  async (
    event: DynamoDBStreamEvent | ScheduledPublish | DeployRebuild,
  ): Promise<DynamoDBBatchResponse | PublishReport> => {
    files ??= new S3FileStore(new S3Client({}), readBucketName(process.env));
    fn ??= publishFunction(lambdaWorld().services, files);
    if ('Records' in event) return fn.onRecords(event.Records);
    if ('articleId' in event && typeof event.articleId === 'string') {
      log.info('publish.scheduled', { articleId: event.articleId });
      return fn.publisher.publishDue([event.articleId]);
    }
    log.info('publish.rebuild', {});
    const report = await fn.publisher.rebuild();
    // The editors' desk rides in this bundle (infra/desk/build.ts) and goes out with each deploy.
    const desk = await readDesk(new URL('./desk/', import.meta.url));
    if (desk === null)
      log.warn('publish.desk-missing', { looked: new URL('./desk/', import.meta.url).pathname });
    else report.written.push(...(await publishDesk(files, desk)));
    return report;
  },
);
