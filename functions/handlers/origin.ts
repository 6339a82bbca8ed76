/**
 * The origin secret's values for the two functions behind CloudFront (ingest
 * and read), read live from Secrets Manager. Its own module so that only
 * those two bundles carry the Secrets Manager client.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { systemClock } from '../adapters/clock.js';
import type { LambdaConfig } from '../adapters/config.js';
import { OriginSecrets } from '../adapters/origin-secrets.js';

/** What CloudFront may send in x-origin-verify; undefined where the stack set no secret. */
export function originSecretsOf(config: LambdaConfig): (() => Promise<readonly string[]>) | undefined {
  if (config.originSecretId === undefined) return undefined;
  const secrets = new OriginSecrets(new SecretsManagerClient({}), config.originSecretId, systemClock);
  return () => secrets.values();
}
