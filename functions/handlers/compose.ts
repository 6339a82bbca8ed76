/**
 * The Lambda world's wiring: configuration from the environment and the AWS
 * clients, built once per container on first use and reused by every
 * invocation after it. Lazy so that the local runtime can import the handler
 * modules (for their factories) without an AWS environment.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { systemClock } from '../adapters/clock.js';
import { type LambdaConfig, readLambdaConfig } from '../adapters/config.js';
import { JsonLogger, parseLogLevel } from '../adapters/log.js';
import type { PublishScheduler } from '../core/ports.js';
import { type Services, wireServices } from '../http/services.js';

/** The container's logger. An unknown LOG_LEVEL writes everything (and says so) rather than nothing. */
export const log = (() => {
  const base = { service: 'feedwright', fn: process.env.AWS_LAMBDA_FUNCTION_NAME };
  try {
    return new JsonLogger(base, undefined, parseLogLevel(process.env.LOG_LEVEL));
  } catch (error) {
    const logger = new JsonLogger(base);
    logger.warn('log.level-invalid', { error: (error as Error).message });
    return logger;
  }
})();

/**
 * A Lambda entry point: the invocation's context goes on the logger here, the
 * one place every function kind (HTTP, stream, schedule, deploy) passes
 * through, then the handler runs.
 */
export function lambdaEntry<E, R>(
  handle: (event: E) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return (event, context) => {
    log.setInvocation({ requestId: context.awsRequestId });
    return handle(event);
  };
}

interface LambdaWorld {
  config: LambdaConfig;
  services: Services;
}

let built: LambdaWorld | undefined;

/** For functions that never schedule (read, publish): a call would be a wiring bug. */
const noScheduling: PublishScheduler = {
  schedule: async () => {
    throw new Error('This function does not schedule publications');
  },
  cancel: async () => {
    throw new Error('This function does not schedule publications');
  },
};

/**
 * @param options.scheduler only ingest schedules, so only it brings a scheduler.
 * @param options.recordKeyUse false for the read function, which may not write the table.
 * @throws ConfigError naming the missing variable, on the first invocation of a misconfigured function.
 */
export function lambdaWorld(
  options: { scheduler?: () => PublishScheduler; recordKeyUse?: boolean } = {},
): LambdaWorld {
  if (built === undefined) {
    const config = readLambdaConfig(process.env);
    const services = wireServices({
      dynamo: new DynamoDBClient({}),
      tableName: config.tableName,
      site: config.site,
      clock: systemClock,
      log,
      editorApiKey: config.editorApiKey,
      scheduler: options.scheduler?.() ?? noScheduling,
      // Failed attempts are counted in the table (the default): every container sees every other's.
      recordKeyUse: options.recordKeyUse ?? true,
    });
    built = { config, services };
  }
  return built;
}
