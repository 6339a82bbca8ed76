/** Lambda entry for the write routes (POST /api/articles, DELETE /api/articles/{id}). */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { readSchedulerConfig } from '../adapters/config.js';
import { inThreadPages } from '../adapters/pages.js';
import { EventBridgeScheduler } from '../adapters/scheduler.js';
import type { PageReader } from '../core/ports.js';
import { type App, createApp } from '../http/app.js';
import { type LambdaOptions, lambdaHandler } from '../http/lambda.js';
import type { Services } from '../http/services.js';
import { writeRoutes } from '../http/write-routes.js';
import { lambdaEntry, lambdaWorld } from './compose.js';
import { originSecretsOf } from './origin.js';

/** The write routes' app over any world's services; the local server calls it directly. */
export const ingestApp = (services: Services, pages: PageReader): App =>
  createApp(writeRoutes({ ...services, pages }), services.log);

/** The ingest function: the app behind the Lambda adapter. */
export const ingestFunction = (services: Services, pages: PageReader, options: LambdaOptions = {}) =>
  lambdaHandler(ingestApp(services, pages), services.log, options);

let app: ReturnType<typeof ingestFunction> | undefined;

export const handler = lambdaEntry(async (event: APIGatewayProxyEventV2) => {
  if (app === undefined) {
    const world = lambdaWorld({
      scheduler: () => new EventBridgeScheduler(new SchedulerClient({}), readSchedulerConfig(process.env)),
    });
    app = ingestFunction(world.services, inThreadPages, { originSecrets: originSecretsOf(world.config) });
  }
  return app(event);
});
