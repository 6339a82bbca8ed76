import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TooManyRequestsError, UnauthorizedError } from './errors.js';
import type { Clock, EditorKey, FailureCount, FailureCounter, KeyStore } from './ports.js';

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
/** How many failed authentications a client may make in a minute before it gets 429. */
export const FAILURE_LIMIT = 10;
export const FAILURE_WINDOW_MS = 60_000;

/**
 * Failed authentications per client in a sliding minute, in this process's
 * memory: exact, and enough where one process answers every request (the
 * local runtime). On Lambda each container would count apart, so the Lambda
 * world counts in the table instead (adapters/dynamo/failures.ts).
 */
export class MemoryFailureCounter implements FailureCounter {
  private readonly failures = new Map<string, number[]>();

  private recent(client: string, now: number): number[] {
    const kept = (this.failures.get(client) ?? []).filter((at) => now - at < FAILURE_WINDOW_MS);
    if (kept.length === 0) this.failures.delete(client);
    else this.failures.set(client, kept);
    return kept;
  }

  async failuresOf(client: string, now: Date): Promise<FailureCount> {
    const recent = this.recent(client, now.getTime());
    const oldest = recent[0] ?? now.getTime();
    return { count: recent.length, clearsInMs: oldest + FAILURE_WINDOW_MS - now.getTime() };
  }

  async recordFailure(client: string, now: Date): Promise<void> {
    // Bounded memory: a flood from many addresses drops the oldest entries first.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value as string);
    this.failures.set(client, [...this.recent(client, now.getTime()), now.getTime()]);
  }
}

export class Authenticator {
  private readonly configuredHash: Buffer | null;

  /**
   * @param failures where failed attempts are counted per client.
   * @param recordUse whether to note each key's last use (the read function
   *   may not write the table's keys, so it does not).
   */
  constructor(
    private readonly keys: KeyStore,
    configuredKey: string | undefined,
    private readonly clock: Clock,
    private readonly failures: FailureCounter,
    private readonly recordUse = true,
  ) {
    this.configuredHash = configuredKey === undefined ? null : Buffer.from(hashKey(configuredKey), 'hex');
  }

  private async refuseIfLimited(client: string): Promise<void> {
    const { count, clearsInMs } = await this.failures.failuresOf(client, this.clock.now());
    if (count < FAILURE_LIMIT) return;
    const retryAfter = Math.max(1, Math.ceil(clearsInMs / 1000));
    throw new TooManyRequestsError(
      `Too many failed attempts to authenticate; try again in ${retryAfter} s.`,
      retryAfter,
    );
  }

  /**
   * @param client who is asking (an IP address), for the limit on failed attempts.
   * @throws UnauthorizedError when the header is missing, malformed or names no key;
   *   TooManyRequestsError after too many failures from one client.
   */
  async authenticate(authorization: string | undefined, client: string): Promise<Editor> {
    await this.refuseIfLimited(client);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      await this.failures.recordFailure(client, this.clock.now());
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
      await this.failures.recordFailure(client, this.clock.now());
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
