/** Lambda entry for the read routes (GET /api/latest, /api/articles/{id}, /api/health) and the /api fallback. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type App, createApp } from '../http/app.js';
import { type LambdaOptions, lambdaHandler } from '../http/lambda.js';
import { readRoutes } from '../http/read-routes.js';
import type { Services } from '../http/services.js';
import { lambdaEntry, lambdaWorld } from './compose.js';
import { originSecretsOf } from './origin.js';

/** The read routes' app over any world's services; the local server calls it directly. */
export const readApp = (services: Services): App => createApp(readRoutes(services), services.log);

/** The read function: the app behind the Lambda adapter. */
export const readFunction = (services: Services, options: LambdaOptions = {}) =>
  lambdaHandler(readApp(services), services.log, options);

let app: ReturnType<typeof readFunction> | undefined;

export const handler = lambdaEntry(async (event: APIGatewayProxyEventV2) => {
  if (app === undefined) {
    const world = lambdaWorld({ recordKeyUse: false });
    app = readFunction(world.services, { originSecrets: originSecretsOf(world.config) });
  }
  return app(event);
});
