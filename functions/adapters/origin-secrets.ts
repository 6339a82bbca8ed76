/**
 * The values CloudFront may send in x-origin-verify, read from Secrets
 * Manager at run time: the secret's current version and, after a rotation,
 * its previous one. Reading them live (cached for a few minutes per
 * container) means a rotation never needs the functions redeployed, and a
 * code deploy can never leave them holding another value than CloudFront's.
 */
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../core/ports.js';

/** How long a container trusts what it read: a rotation is honoured within this. */
export const ORIGIN_SECRET_TTL_MS = 5 * 60_000;

export class OriginSecrets {
  private cached: { values: string[]; until: number } | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly clock: Clock,
  ) {}

  /** @throws the SDK's error when the current version cannot be read (the request then fails as 5xx). */
  async values(): Promise<string[]> {
    const now = this.clock.now().getTime();
    if (this.cached !== undefined && now < this.cached.until) return this.cached.values;
    const [current, previous] = await Promise.all([this.read('AWSCURRENT'), this.read('AWSPREVIOUS')]);
    if (current === undefined) throw new Error(`The origin secret ${this.secretId} has no current value`);
    const values = previous === undefined || previous === current ? [current] : [current, previous];
    this.cached = { values, until: now + ORIGIN_SECRET_TTL_MS };
    return values;
  }

  /** A stage's value; AWSPREVIOUS exists only once the secret has been rotated. */
  private async read(stage: 'AWSCURRENT' | 'AWSPREVIOUS'): Promise<string | undefined> {
    try {
      const got = await this.client.send(
        new GetSecretValueCommand({ SecretId: this.secretId, VersionStage: stage }),
      );
      return got.SecretString === undefined || got.SecretString === '' ? undefined : got.SecretString;
    } catch (error) {
      if (stage === 'AWSPREVIOUS' && error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }
}
