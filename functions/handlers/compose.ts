/** Built once per Lambda container, at module scope: configuration, clients, the app. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../adapters/clock.js';
import { readLambdaConfig } from '../adapters/config.js';
import { JsonLogger } from '../adapters/log.js';
import { wireServices } from '../http/services.js';

export const config = readLambdaConfig(process.env);
export const log = new JsonLogger({ service: 'feedwright', fn: process.env.AWS_LAMBDA_FUNCTION_NAME });
export const services = wireServices({
  dynamo: new DynamoDBClient({}),
  tableName: config.tableName,
  site: config.site,
  clock: systemClock,
  log,
  editorApiKey: config.editorApiKey,
});
