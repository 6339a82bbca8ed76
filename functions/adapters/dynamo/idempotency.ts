/** A POST's first answer per Idempotency-Key, kept for a day. */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { IdempotencyClaim, IdempotencyStore, IdempotentResponse } from '../../core/ports.js';
import { keys } from './schema.js';
import { conditionFailed, expiresAt, type Table } from './table.js';

/** How long an Idempotency-Key holds its first answer. */
const IDEMPOTENCY_HOURS = 24;

/**
 * How long a claim may stay in progress before a retry may take it over: past
 * the longest a request can run (ingest's 10 s Lambda timeout, the local
 * server's request timeout), a claim still pending belongs to a request that
 * died (a crash, a timeout) and will never complete.
 */
export const IDEMPOTENCY_IN_PROGRESS_MS = 30_000;

const WINDOW_MS = IDEMPOTENCY_HOURS * 3_600_000;

export class DynamoIdempotency implements IdempotencyStore {
  constructor(private readonly table: Table) {}

  async claim(key: string, fingerprint: string, now: Date): Promise<IdempotencyClaim> {
    const expired = new Date(now.getTime() - WINDOW_MS).toISOString();
    const abandoned = new Date(now.getTime() - IDEMPOTENCY_IN_PROGRESS_MS).toISOString();
    try {
      await this.table.put(
        marshall({
          ...keys.idempotency(key),
          state: 'pending',
          fingerprint,
          at: now.toISOString(),
          expiresAt: expiresAt(now, WINDOW_MS),
        }),
        {
          // A record older than the window no longer holds the key, nor does a claim whose request died.
          condition: 'attribute_not_exists(pk) OR #at < :expired OR (#state = :pending AND #at < :abandoned)',
          names: { '#at': 'at', '#state': 'state' },
          values: {
            ':expired': { S: expired },
            ':abandoned': { S: abandoned },
            ':pending': { S: 'pending' },
          },
        },
      );
      return { state: 'new' };
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const raw = unmarshall((await this.table.get(keys.idempotency(key))) ?? {});
    if (raw.state === 'done') {
      return {
        state: 'done',
        fingerprint: String(raw.fingerprint),
        response: JSON.parse(String(raw.response)) as IdempotentResponse,
      };
    }
    return { state: 'pending', fingerprint: String(raw.fingerprint) };
  }

  async complete(key: string, fingerprint: string, response: IdempotentResponse, now: Date): Promise<void> {
    await this.table.put(
      marshall({
        ...keys.idempotency(key),
        state: 'done',
        fingerprint,
        at: now.toISOString(),
        expiresAt: expiresAt(now, WINDOW_MS),
        response: JSON.stringify(response),
      }),
    );
  }

  async release(key: string): Promise<void> {
    await this.table.delete(keys.idempotency(key));
  }
}
