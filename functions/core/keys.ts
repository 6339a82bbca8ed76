import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TooManyRequestsError, UnauthorizedError } from './errors.js';
import type { Clock, EditorKey, KeyStore } from './ports.js';

/** SHA-256 of an editor key, hex: the only form a key is ever stored in. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new editor key: 32 random bytes, base64url, with a recognisable prefix. */
export function generateKey(): string {
  return `fw_${randomBytes(32).toString('base64url')}`;
}

export interface Editor {
  name: string;
}

/**
 * Checks `Authorization: Bearer <key>` against the configured key (compared in
 * constant time) and the stored key hashes.
 */
/**
 * Failed authentications per client in a sliding minute; past the limit the
 * client gets 429 until the minute has passed. Per process (per Lambda
 * container on AWS): it slows a guesser down, it is not a global quota.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  private recent(client: string, now: number): number[] {
    const kept = (this.failures.get(client) ?? []).filter((at) => now - at < this.windowMs);
    if (kept.length === 0) this.failures.delete(client);
    else this.failures.set(client, kept);
    return kept;
  }

  check(client: string): void {
    const now = this.clock.now().getTime();
    const recent = this.recent(client, now);
    if (recent.length >= this.limit) {
      const retryAfter = Math.max(1, Math.ceil(((recent[0] as number) + this.windowMs - now) / 1000));
      throw new TooManyRequestsError(
        `Too many failed attempts to authenticate; try again in ${retryAfter} s.`,
        retryAfter,
      );
    }
  }

  record(client: string): void {
    const now = this.clock.now().getTime();
    // Bounded memory: a flood from many addresses drops the oldest entries first.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(client, [...this.recent(client, now), now]);
  }
}

export class Authenticator {
  private readonly configuredHash: Buffer | null;
  private readonly failures: FailureLimiter;

  /**
   * @param recordUse whether to note each key's last use (the read function
   *   may not write the table, so it does not).
   */
  constructor(
    private readonly keys: KeyStore,
    configuredKey: string | undefined,
    private readonly clock: Clock,
    private readonly recordUse = true,
  ) {
    this.configuredHash = configuredKey === undefined ? null : Buffer.from(hashKey(configuredKey), 'hex');
    this.failures = new FailureLimiter(clock);
  }

  /**
   * @param client who is asking (an IP address), for the limit on failed attempts.
   * @throws UnauthorizedError when the header is missing, malformed or names no key;
   *   TooManyRequestsError after too many failures from one client.
   */
  async authenticate(authorization: string | undefined, client: string): Promise<Editor> {
    this.failures.check(client);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      this.failures.record(client);
      throw new UnauthorizedError('This request needs an editor key: send "Authorization: Bearer <key>".');
    }
    const hash = hashKey(match[1]);
    if (this.configuredHash !== null && timingSafeEqual(this.configuredHash, Buffer.from(hash, 'hex'))) {
      return { name: 'EDITOR_API_KEY' };
    }
    // Looking up by hash reveals nothing about the key: an attacker cannot
    // steer a SHA-256 prefix, so timing leaks no usable information.
    const stored = await this.keys.find(hash);
    if (stored === null) {
      this.failures.record(client);
      throw new UnauthorizedError('The editor key is not valid (unknown or revoked).');
    }
    if (this.recordUse) await this.keys.touchKey(hash, this.clock.now());
    return { name: stored.name };
  }
}

/**
 * With no configured key and none stored, creates the first one and returns
 * it (to be shown once). Otherwise returns null.
 */
export async function ensureFirstKey(
  keys: KeyStore,
  configuredKey: string | undefined,
  clock: Clock,
): Promise<string | null> {
  if (configuredKey !== undefined || (await keys.hasAny())) return null;
  const key = generateKey();
  const record: EditorKey = { hash: hashKey(key), name: 'first-key', createdAt: clock.now().toISOString() };
  await keys.add(record);
  return key;
}

/** A key's public id: a prefix of its hash, enough to name it, useless to use it. */
export function keyId(hash: string): string {
  return hash.slice(0, 12);
}
