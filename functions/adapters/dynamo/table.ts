/**
 * The one table every store module works on: each DynamoDB call goes
 * through here, with the table's name, consistent reads and one mapping of
 * errors (a store that cannot be reached is 503, a failed condition is the
 * caller's to interpret).
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { UnavailableError, ValidationError } from '../../core/errors.js';

export type Item = Record<string, AttributeValue>;
export type Key = { pk: string; sk: string };

/** A condition on a write, with the names and values its expression uses. */
export interface Condition {
  condition?: string;
  names?: Record<string, string>;
  values?: Item;
}

/** Errors that mean "the store is not reachable right now", not "your request is wrong". */
function isUnavailable(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return (
    (e.$metadata?.httpStatusCode ?? 0) >= 500 ||
    ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(e.code ?? '') ||
    [
      'TimeoutError',
      'ThrottlingException',
      'ProvisionedThroughputExceededException',
      'RequestLimitExceeded',
      'ServiceUnavailable',
      'InternalServerError',
    ].includes(e.name ?? '')
  );
}

/** Whether a write was refused by its condition (the one error a store module interprets itself). */
export const conditionFailed = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/** The error a cursor this API did not give out gets, wherever it is decoded. */
export const invalidCursor = () =>
  new ValidationError('The cursor is not one this API gave out.', [
    { path: 'cursor', message: 'is not valid' },
  ]);

const conditionOf = (c: Condition) => ({
  ...(c.condition === undefined ? {} : { ConditionExpression: c.condition }),
  ...(c.names === undefined ? {} : { ExpressionAttributeNames: c.names }),
  ...(c.values === undefined ? {} : { ExpressionAttributeValues: c.values }),
});

export class Table {
  constructor(
    private readonly client: DynamoDBClient,
    readonly name: string,
  ) {}

  /** Every call of every module: the store's unavailability is 503, anything else is the caller's. */
  private async send<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (conditionFailed(error)) throw error;
      if (isUnavailable(error))
        throw new UnavailableError('The article store is unavailable; try again shortly.', { cause: error });
      throw error;
    }
  }

  /** The item at `key` (a consistent read), if any. */
  async get(key: Key, projection?: string): Promise<Item | undefined> {
    const out = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.name,
          Key: marshall(key),
          ConsistentRead: true,
          ...(projection === undefined ? {} : { ProjectionExpression: projection }),
        }),
      ),
    );
    return out.Item;
  }

  /** Writes the item; returns the one it replaced when `returnOld`. */
  async put(item: Item, options: Condition & { returnOld?: boolean } = {}): Promise<Item | undefined> {
    const out = await this.send(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.name,
          Item: item,
          ...conditionOf(options),
          ...(options.returnOld === true ? { ReturnValues: 'ALL_OLD' } : {}),
        }),
      ),
    );
    return out.Attributes;
  }

  /** Updates the item at `key`; returns its updated attributes when `returnNew`. */
  async update(
    key: Key,
    update: string,
    options: Condition & { returnNew?: boolean } = {},
  ): Promise<Item | undefined> {
    const out = await this.send(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.name,
          Key: marshall(key),
          UpdateExpression: update,
          ...conditionOf(options),
          ...(options.returnNew === true ? { ReturnValues: 'UPDATED_NEW' } : {}),
        }),
      ),
    );
    return out.Attributes;
  }

  /** Deletes the item at `key`; returns what it held when `returnOld`. */
  async delete(key: Key, options: Condition & { returnOld?: boolean } = {}): Promise<Item | undefined> {
    const out = await this.send(() =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.name,
          Key: marshall(key),
          ...conditionOf(options),
          ...(options.returnOld === true ? { ReturnValues: 'ALL_OLD' } : {}),
        }),
      ),
    );
    return out.Attributes;
  }

  /** One page of a Query, and the key to read on from (none after the last page). */
  async query(input: Omit<QueryCommandInput, 'TableName'>): Promise<{ items: Item[]; next?: Item }> {
    const out = await this.send(() => this.client.send(new QueryCommand({ ...input, TableName: this.name })));
    return {
      items: out.Items ?? [],
      ...(out.LastEvaluatedKey === undefined ? {} : { next: out.LastEvaluatedKey }),
    };
  }

  /** Every page of a Query, one page of items at a time (stop early by breaking out). */
  async *pages(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item[]> {
    let start: Item | undefined = input.ExclusiveStartKey;
    do {
      const page = await this.query({ ...input, ExclusiveStartKey: start });
      yield page.items;
      start = page.next;
    } while (start !== undefined);
  }

  /**
   * The items at these keys (each asked once, however often given), in no particular order; unprocessed
   * keys are asked again.
   * @param consistent a strongly consistent read (twice the read cost on AWS), for what must see the latest write.
   */
  async batchGet(keys: readonly Key[], consistent = false): Promise<Item[]> {
    const found: Item[] = [];
    // DynamoDB refuses a batch that asks for one key twice.
    const once = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
    for (let i = 0; i < once.length; i += 100) {
      let pending: Item[] | undefined = once.slice(i, i + 100).map((key) => marshall(key));
      for (let attempt = 0; pending !== undefined && pending.length > 0 && attempt < 8; attempt++) {
        const request: Item[] = pending;
        const out = await this.send(() =>
          this.client.send(
            new BatchGetItemCommand({
              RequestItems: {
                [this.name]: { Keys: request, ...(consistent ? { ConsistentRead: true } : {}) },
              },
            }),
          ),
        );
        found.push(...(out.Responses?.[this.name] ?? []));
        pending = out.UnprocessedKeys?.[this.name]?.Keys;
      }
    }
    return found;
  }
}

/** The TTL attribute's value (epoch seconds) for an item to be kept `ms` from `now`. */
export const expiresAt = (now: Date, ms: number) => Math.ceil((now.getTime() + ms) / 1000);
