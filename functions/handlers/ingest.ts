/** Lambda entry for the write routes (POST /api/articles, DELETE /api/articles/{id}). */
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createApp } from '../http/app.js';
import { lambdaHandler } from '../http/lambda.js';
import { writeRoutes } from '../http/write-routes.js';
import { log, services } from './compose.js';

const app = lambdaHandler(createApp(writeRoutes(services), log));

export async function handler(event: APIGatewayProxyEventV2, context: Context) {
  log.setInvocation({ requestId: context.awsRequestId });
  return app(event);
}
