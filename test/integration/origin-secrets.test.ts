import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN_SECRET_TTL_MS, OriginSecrets } from '../../functions/adapters/origin-secrets.js';
import { type StandIn, secretsStandIn } from '../helpers/stand-ins.js';

const stages: { AWSCURRENT?: string; AWSPREVIOUS?: string } = { AWSCURRENT: 'first' };
let server: StandIn;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = await secretsStandIn(stages);
  client = new SecretsManagerClient({
    endpoint: server.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

describe('the origin secret read live from Secrets Manager', () => {
  it('is the current value alone before any rotation, then current and previous, re-read after its time to live', async () => {
    let now = 0;
    const secrets = new OriginSecrets(client, 'arn:origin', { now: () => new Date(now) });
    expect(await secrets.values()).toEqual(['first']);
    stages.AWSPREVIOUS = 'first';
    stages.AWSCURRENT = 'second';
    // Within its time to live a container keeps what it read...
    now = ORIGIN_SECRET_TTL_MS - 1;
    expect(await secrets.values()).toEqual(['first']);
    // ...and takes the rotation after it.
    now = ORIGIN_SECRET_TTL_MS;
    expect(await secrets.values()).toEqual(['second', 'first']);
  });

  it('fails when the secret has no current value, rather than take every request', async () => {
    delete stages.AWSCURRENT;
    const secrets = new OriginSecrets(client, 'arn:origin', { now: () => new Date(0) });
    await expect(secrets.values()).rejects.toThrow();
    stages.AWSCURRENT = 'second';
  });
});
