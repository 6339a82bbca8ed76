/**
 * What every function of both worlds shares: the store on its DynamoDB
 * client, the clock, the site, the key check. Each Lambda entry (and the
 * local server, for all three) builds its own app or publisher from this.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore } from '../adapters/dynamo/store.js';
import { Authenticator, MemoryFailureCounter } from '../core/keys.js';
import type { Clock, Logger, PublishScheduler } from '../core/ports.js';
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
   * Where failed authentications are counted: in the table where many
   * processes answer side by side (Lambda containers), else in memory (one
   * local process answers everything).
   */
  failureCounts?: 'table' | 'memory';
}

export interface Services {
  store: DynamoStore;
  clock: Clock;
  site: SiteConfig;
  log: Logger;
  auth: Authenticator;
  scheduler: PublishScheduler;
}

export function wireServices(options: ServiceOptions): Services {
  const store = new DynamoStore(options.dynamo, options.tableName);
  return {
    store,
    clock: options.clock,
    site: options.site,
    log: options.log,
    auth: new Authenticator(
      store,
      options.editorApiKey,
      options.clock,
      options.failureCounts === 'table' ? store : new MemoryFailureCounter(),
      options.recordKeyUse ?? true,
    ),
    scheduler: options.scheduler,
  };
}
