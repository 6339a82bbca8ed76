/**
 * Wires the domain to a set of adapters. Both worlds call this one function:
 * the Lambda compose module with AWS clients, the local runtime with the
 * emulator and a directory.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoStore } from '../adapters/dynamo/store.js';
import { Authenticator } from '../core/keys.js';
import type { Clock, FileStore, HubNotifier, Logger } from '../core/ports.js';
import { Publisher } from '../core/publish.js';
import type { SiteConfig } from '../core/site.js';
import { type App, createApp } from './app.js';

export interface ServiceOptions {
  dynamo: DynamoDBClient;
  tableName: string;
  site: SiteConfig;
  clock: Clock;
  log: Logger;
  editorApiKey: string | undefined;
}

export interface Services {
  store: DynamoStore;
  app: App;
  /** The publisher, for the worlds that publish (it needs a file store and hubs). */
  publisher(files: FileStore, hubs: HubNotifier): Publisher;
}

export function wireServices(options: ServiceOptions): Services {
  const store = new DynamoStore(options.dynamo, options.tableName);
  const articles = { store, clock: options.clock, site: options.site };
  const app = createApp({ articles, auth: new Authenticator(store, options.editorApiKey), log: options.log });
  return {
    store,
    app,
    publisher: (files, hubs) => new Publisher({ ...articles, files, hubs, log: options.log }),
  };
}
