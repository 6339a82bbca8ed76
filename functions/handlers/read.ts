/** Lambda entry for the read routes (GET /api/latest, /api/articles/{id}, /api/health) and the /api fallback. */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { readRoutes } from '../http/read-routes.js';
import { log, services } from './compose.js';

const app = lambdaHandler(createApp(readRoutes(services), log));

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  log.setInvocation({ requestId: context.awsRequestId });
  return app(event);
}
