/** Editor keys: how they are made and hashed, and how a request's key is checked. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { TooManyRequestsError, UnauthorizedError } from './errors.js';
import type { Clock, EditorKey, FailureCounter, KeyStore } from './ports.js';

/** SHA-256 of an editor key, hex: the only form a key is ever stored in. */
export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new editor key: 32 random bytes, base64url, with a recognisable prefix. */
export function generateKey(): string {
  return `fw_${randomBytes(32).toString('base64url')}`;
}

export interface Editor {
  /** The key's id (keyId of its hash), or "configured" for EDITOR_API_KEY: what audit and idempotency go by. */
  id: string;
  /** The key's name, shown beside the id; names need not be unique. */
  name: string;
}

/** How many failed authentications a client may make in a minute before it gets 429. */
const FAILURE_LIMIT = 10;
export const FAILURE_WINDOW_MS = 60_000;

/**
 * Checks `Authorization: Bearer <key>` against the configured key (compared in
 * constant time) and the stored key hashes.
 */
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
   * A correct key always authenticates: the limit holds back failed attempts
   * only, so nobody can lock an editor out by failing from the editor's
   * address (a shared proxy, a newsroom's NAT). Keys are 256 random bits, so
   * answering a correct key from a limited client helps no guesser.
   *
   * @param client who is asking (an IP address), for the limit on failed attempts.
   * @throws UnauthorizedError when the header is missing, malformed or names no key;
   *   TooManyRequestsError for a failed attempt from a client over the limit.
   */
  async authenticate(authorization: string | undefined, client: string): Promise<Editor> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const hash = match?.[1] === undefined ? null : hashKey(match[1]);
    if (hash !== null) {
      if (this.configuredHash !== null && timingSafeEqual(this.configuredHash, Buffer.from(hash, 'hex'))) {
        return { id: 'configured', name: 'EDITOR_API_KEY' };
      }
      // Looking up by hash reveals nothing about the key: an attacker cannot
      // steer a SHA-256 prefix, so timing leaks no usable information.
      const stored = await this.keys.find(hash);
      if (stored !== null) {
        if (this.recordUse) await this.keys.touchKey(hash, this.clock.now());
        return { id: keyId(hash), name: stored.name };
      }
    }
    await this.refuseIfLimited(client);
    await this.failures.recordFailure(client, this.clock.now());
    throw new UnauthorizedError(
      hash === null
        ? 'This request needs an editor key: send "Authorization: Bearer <key>".'
        : 'The editor key is not valid (unknown or revoked).',
    );
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

/** What a key id looks like: exactly 12 lower-case hex digits. */
export const KEY_ID_PATTERN = /^[0-9a-f]{12}$/;
