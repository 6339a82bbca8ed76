/**
 * What every function of both worlds shares: the stores on one DynamoDB
 * table, the clock, the site, the key check. Each Lambda entry (and the
 * local server, for all three) builds its own app or publisher from this.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoStores, type Stores } from '../adapters/dynamo/stores.js';
import { Authenticator } from '../core/keys.js';
import type { Clock, FailureCounter, Logger, PublishScheduler } from '../core/ports.js';
import type { SiteConfig } from '../core/site.js';

export interface ServiceOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  site: SiteConfig;
  clock: Clock;
  log: Logger;
  editorApiKey: string | undefined;
  scheduler: PublishScheduler;
  /** False for the read function, which may not write the table's keys. */
  recordKeyUse?: boolean;
  /**
   * Where failed authentications are counted: by default in the table, where
   * many processes answer side by side (Lambda containers); one process that
   * answers everything (the local runtime) may count in its memory instead.
   */
  failures?: FailureCounter;
}

export interface Services extends Omit<Stores, 'failures'> {
  clock: Clock;
  site: SiteConfig;
  log: Logger;
  auth: Authenticator;
  scheduler: PublishScheduler;
}

export function wireServices(options: ServiceOptions): Services {
  const { failures, ...stores } = dynamoStores(options.dynamo, options.tableName);
  return {
    ...stores,
    clock: options.clock,
    site: options.site,
    log: options.log,
    auth: new Authenticator(
      stores.keys,
      options.editorApiKey,
      options.clock,
      options.failures ?? failures,
      options.recordKeyUse ?? true,
    ),
    scheduler: options.scheduler,
  };
}
