/**
 * Editor keys (stored by hash only) and the failed-authentication counters
 * that Lambda containers share: one table, two ports.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '../../core/errors.js';
import { FAILURE_WINDOW_MS, hashKey, KEY_ID_PATTERN, keyId } from '../../core/keys.js';
import type { EditorKey, FailureCount, FailureCounter, KeyStore } from '../../core/ports.js';
import { keys } from './schema.js';
import { conditionFailed, type Item, type Table } from './table.js';

function keyFromItem(item: Item): EditorKey {
  const raw = unmarshall(item);
  return {
    hash: String(raw.sk),
    name: String(raw.name),
    createdAt: String(raw.createdAt),
    ...(raw.lastUsedAt === undefined ? {} : { lastUsedAt: String(raw.lastUsedAt) }),
    ...(raw.revokedAt === undefined ? {} : { revokedAt: String(raw.revokedAt) }),
  };
}

const KEYS_PARTITION = { ':pk': { S: keys.editorKey('').pk } };

export class DynamoKeys implements KeyStore {
  constructor(private readonly table: Table) {}

  async find(hash: string): Promise<EditorKey | null> {
    const item = await this.table.get(keys.editorKey(hash));
    if (item === undefined) return null;
    const key = keyFromItem(item);
    return key.revokedAt === undefined ? key : null;
  }

  async add(key: EditorKey): Promise<void> {
    try {
      await this.table.put(
        marshall({ ...keys.editorKey(key.hash), name: key.name, createdAt: key.createdAt }),
        { condition: 'attribute_not_exists(pk)' },
      );
    } catch (error) {
      if (conditionFailed(error)) throw new ConflictError('That key exists.');
      throw error;
    }
  }

  async hasAny(): Promise<boolean> {
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: KEYS_PARTITION,
      Limit: 1,
      ProjectionExpression: 'pk',
    });
    return items.length > 0;
  }

  async listKeys(): Promise<EditorKey[]> {
    const found: EditorKey[] = [];
    for await (const items of this.table.pages({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: KEYS_PARTITION,
    })) {
      found.push(...items.map(keyFromItem));
    }
    return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revokeKey(id: string, at: Date): Promise<EditorKey | null> {
    // Only a whole key id names a key: a shorter prefix, however unambiguous today, names none.
    if (!KEY_ID_PATTERN.test(id)) return null;
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :id)',
      ExpressionAttributeValues: { ...KEYS_PARTITION, ':id': { S: id } },
    });
    const matches = items.map(keyFromItem).filter((k) => keyId(k.hash) === id);
    if (matches.length !== 1) return null;
    const key = matches[0] as EditorKey;
    if (key.revokedAt !== undefined) return key;
    await this.table.update(keys.editorKey(key.hash), 'SET revokedAt = :at', {
      values: { ':at': { S: at.toISOString() } },
    });
    return { ...key, revokedAt: at.toISOString() };
  }

  async touchKey(hash: string, at: Date): Promise<void> {
    try {
      await this.table.update(keys.editorKey(hash), 'SET lastUsedAt = :at', {
        // One write a minute per key at most: a busy key does not turn every request into two writes.
        condition: 'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)',
        values: {
          ':at': { S: at.toISOString() },
          ':stale': { S: new Date(at.getTime() - 60_000).toISOString() },
        },
      });
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
  }
}

/**
 * Failed authentications per client in the last minute, shared by every
 * Lambda container: estimated from two fixed one-minute buckets (the
 * previous one weighted by how much of it still falls in the last minute),
 * one Query to read, one update to count.
 */
export class DynamoFailureCounter implements FailureCounter {
  constructor(private readonly table: Table) {}

  async failuresOf(client: string, now: Date): Promise<FailureCount> {
    const minute = Math.floor(now.getTime() / FAILURE_WINDOW_MS);
    const hash = hashKey(client);
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk >= :from',
      ExpressionAttributeValues: marshall({
        ':pk': keys.failures(hash, minute).pk,
        ':from': keys.failures(hash, minute - 1).sk,
      }),
    });
    const counts = new Map(items.map((item) => [Number(item.sk?.S), Number(item.n?.N ?? 0)]));
    const intoMinute = (now.getTime() % FAILURE_WINDOW_MS) / FAILURE_WINDOW_MS;
    const previous = counts.get(minute - 1) ?? 0;
    const count = Math.floor((counts.get(minute) ?? 0) + previous * (1 - intoMinute));
    // The previous minute's share shrinks as this one goes on; by its end only this minute counts.
    return { count, clearsInMs: FAILURE_WINDOW_MS - (now.getTime() % FAILURE_WINDOW_MS) };
  }

  async recordFailure(client: string, now: Date): Promise<void> {
    const minute = Math.floor(now.getTime() / FAILURE_WINDOW_MS);
    await this.table.update(keys.failures(hashKey(client), minute), 'ADD #n :one SET expiresAt = :expires', {
      names: { '#n': 'n' },
      values: marshall({
        ':one': 1,
        // Kept past the next minute, which still weighs this one.
        ':expires': Math.ceil(((minute + 3) * FAILURE_WINDOW_MS) / 1000),
      }),
    });
  }
}
