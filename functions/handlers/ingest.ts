/** Lambda entry for the write routes (POST /api/articles, DELETE /api/articles/{id}). */
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { readSchedulerConfig } from '../adapters/config.js';
import { EventBridgeScheduler } from '../adapters/scheduler.js';
import { createApp } from '../http/app.js';
import { type LambdaOptions, lambdaHandler } from '../http/lambda.js';
import type { Services } from '../http/services.js';
import { writeRoutes } from '../http/write-routes.js';
import { lambdaWorld, log } from './compose.js';

/** The ingest function over any world's services; the local server calls this too. */
export const ingestFunction = (services: Services, options: LambdaOptions = {}) =>
  lambdaHandler(createApp(writeRoutes(services), services.log), services.log, options);

let app: ReturnType<typeof ingestFunction> | undefined;

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  log.setInvocation({ requestId: context.awsRequestId });
  if (app === undefined) {
    const world = lambdaWorld({
      scheduler: () => new EventBridgeScheduler(new SchedulerClient({}), readSchedulerConfig(process.env)),
    });
    app = ingestFunction(world.services, { originSecrets: world.originSecrets });
  }
  return app(event);
}
