import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from './errors.js';
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
export class Authenticator {
  private readonly configuredHash: Buffer | null;

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
  }

  /** @throws UnauthorizedError when the header is missing, malformed or names no key. */
  async authenticate(authorization: string | undefined): Promise<Editor> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      throw new UnauthorizedError('This request needs an editor key: send "Authorization: Bearer <key>".');
    }
    const hash = hashKey(match[1]);
    if (this.configuredHash !== null && timingSafeEqual(this.configuredHash, Buffer.from(hash, 'hex'))) {
      return { name: 'EDITOR_API_KEY' };
    }
    // Looking up by hash reveals nothing about the key: an attacker cannot
    // steer a SHA-256 prefix, so timing leaks no usable information.
    const stored = await this.keys.find(hash);
    if (stored === null) throw new UnauthorizedError('The editor key is not valid (unknown or revoked).');
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
