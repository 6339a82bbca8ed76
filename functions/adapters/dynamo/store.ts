import { randomUUID } from 'node:crypto';
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
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import {
  ARTICLE_FIELDS,
  type Article,
  type ArticleListing,
  isVisible,
  type Tombstone,
  toListing,
} from '../../core/article.js';
import {
  ConflictError,
  GuidTakenError,
  PayloadTooLargeError,
  PreconditionFailedError,
  UnavailableError,
  ValidationError,
} from '../../core/errors.js';
import { FAILURE_WINDOW_MS, hashKey, KEY_ID_PATTERN, keyId } from '../../core/keys.js';
import type {
  ArticleStore,
  AuditEntry,
  AuditLog,
  CategoryMembership,
  DeskQuery,
  EditorKey,
  FailureCount,
  FailureCounter,
  IdempotencyClaim,
  IdempotencyStore,
  IdempotentResponse,
  InsertOptions,
  KeyStore,
  LatestQuery,
  Page,
} from '../../core/ports.js';
import { TOMBSTONE_DAYS } from '../../core/publish.js';
import { categorySlug } from '../../core/slug.js';
import { ARCHIVE_PARTITION, BY_ARCHIVE, BY_FEED, DRAFT_FEED, keys, MAIN_FEED, PARTITIONS } from './schema.js';

type Item = Record<string, AttributeValue>;

/** The article an item holds (its own fields only; keys and index attributes dropped). */
export function articleFromItem(item: Item): Article {
  const raw = unmarshall(item);
  const article = Object.fromEntries(
    ARTICLE_FIELDS.filter((f) => f in raw).map((f) => [f, raw[f]]),
  ) as Article;
  if (
    typeof article.id !== 'string' ||
    typeof article.title !== 'string' ||
    typeof article.version !== 'number'
  ) {
    throw new Error(`Item ${String(raw.pk)} is not an article`);
  }
  return article;
}

/** Whether an id could be a key at all (DynamoDB keys are 1 to 1,024 bytes): one that cannot names nothing. */
const storableId = (id: string) => id.length > 0 && Buffer.byteLength(keys.article(id).pk) <= 1024;

/** DynamoDB's largest item. */
export const ITEM_LIMIT_BYTES = 400 * 1024;

/** An attribute value's size as DynamoDB counts it (names and values in UTF-8, 3 bytes per list or map). */
function valueBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return Math.ceil(value.N.length / 2) + 1;
  if (value.B !== undefined) return value.B.length;
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueBytes(v), 0);
  if (value.M !== undefined) return 3 + itemBytes(value.M) + Object.keys(value.M).length;
  if (value.SS !== undefined) return value.SS.reduce((n, v) => n + Buffer.byteLength(v), 0);
  return 1;
}

function itemBytes(item: Item): number {
  return Object.entries(item).reduce(
    (n, [name, value]) => n + Buffer.byteLength(name) + valueBytes(value),
    0,
  );
}

/**
 * The article as the table stores it.
 * @throws PayloadTooLargeError, before any write, when it would not fit in one item.
 */
function articleItem(article: Article): Item {
  const published = article.status === 'published';
  const indexed = published
    ? { feed: MAIN_FEED, feedSort: keys.feedSort(article.publishedAt, article.id) }
    : { feed: DRAFT_FEED, feedSort: keys.feedSort(article.updatedAt, article.id) };
  const archived =
    published && article.sequence !== undefined
      ? { archive: ARCHIVE_PARTITION, archiveSeq: article.sequence }
      : {};
  const item = marshall(
    { ...keys.article(article.id), ...indexed, ...archived, ...article },
    { removeUndefinedValues: true },
  );
  const bytes = itemBytes(item);
  if (bytes > ITEM_LIMIT_BYTES) {
    throw new PayloadTooLargeError(
      `The article would take ${bytes} bytes in the store, over its limit of ${ITEM_LIMIT_BYTES} bytes (400 KB, DynamoDB's item size); shorten its content.`,
    );
  }
  return item;
}

function memberItem(slug: string, article: Article, sequence: number): Item {
  return marshall(
    {
      ...keys.categoryMember(slug, article.id),
      feed: keys.categoryFeed(slug),
      feedSort: keys.feedSort(article.publishedAt, article.id),
      archive: keys.archivePartition(slug),
      archiveSeq: sequence,
      ...toListing(article),
    },
    { removeUndefinedValues: true },
  );
}

/** How long an Idempotency-Key holds its first answer. */
export const IDEMPOTENCY_HOURS = 24;

/**
 * How long a claim may stay in progress before a retry may take it over: past
 * the longest a request can run (ingest's 10 s Lambda timeout, the local
 * server's request timeout), a claim still pending belongs to a request that
 * died (a crash, a timeout) and will never complete.
 */
export const IDEMPOTENCY_IN_PROGRESS_MS = 30_000;

/** The TTL attribute's value (epoch seconds) for an item to be kept `ms` from `now`. */
const expiresAt = (now: Date, ms: number) => Math.ceil((now.getTime() + ms) / 1000);

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

function auditFromItem(item: Item): AuditEntry & { sk: string } {
  const raw = unmarshall(item);
  return {
    at: String(raw.at),
    // Entries written before keys had ids carry none.
    editorId: raw.editorId === undefined ? '' : String(raw.editorId),
    editor: String(raw.editor),
    action: raw.action as AuditEntry['action'],
    subject: String(raw.subject),
    ...(raw.version === undefined ? {} : { version: Number(raw.version) }),
    sk: String(raw.sk),
  };
}

/** The audit cursor names the last entry's sort key. */
function encodeAuditCursor(sk: string): string {
  return Buffer.from(JSON.stringify([PARTITIONS.AUDIT, sk])).toString('base64url');
}

function decodeAuditCursor(cursor: string): Item {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts[0] === PARTITIONS.AUDIT && typeof parts[1] === 'string')
      return { pk: { S: PARTITIONS.AUDIT }, sk: { S: parts[1] } };
  } catch {
    // falls through to the error below
  }
  throw new ValidationError('The cursor is not one this API gave out.', [
    { path: 'cursor', message: 'is not valid' },
  ]);
}

const CURSOR_KEYS = ['pk', 'sk', 'feed', 'feedSort'] as const;

function encodeCursor(item: Item): string {
  return Buffer.from(JSON.stringify(CURSOR_KEYS.map((k) => item[k]?.S))).toString('base64url');
}

function decodeCursor(cursor: string, feed: string): Item {
  const invalid = () =>
    new ValidationError('The cursor is not one this API gave out.', [
      { path: 'cursor', message: 'is not valid' },
    ]);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  // Key values are never empty and at most 1,024 bytes (DynamoDB's own bounds): anything else was forged.
  if (
    !Array.isArray(parts) ||
    parts.length !== 4 ||
    !parts.every((p) => typeof p === 'string' && p.length > 0 && Buffer.byteLength(p) <= 1024) ||
    parts[2] !== feed
  ) {
    throw invalid();
  }
  return Object.fromEntries(CURSOR_KEYS.map((k, i) => [k, { S: parts[i] as string }]));
}

/** Errors that mean "the store is not reachable right now", not "your request is wrong". */
function isUnavailable(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
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

/** Chunks of at most `size`. */
/** Each article once, at its first place (an index may list an item twice; see articlesByIds). */
function onceEach(articles: readonly Article[]): Article[] {
  const seen = new Set<string>();
  return articles.filter((a) => !seen.has(a.id) && seen.add(a.id) !== undefined);
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

/**
 * ArticleStore and KeyStore on one DynamoDB table. Every article write is a
 * single conditional item write, so a failed request leaves nothing behind
 * and no change is lost to a concurrent one.
 */
export class DynamoStore implements ArticleStore, KeyStore, IdempotencyStore, AuditLog, FailureCounter {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  private async send<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw error;
      if (isUnavailable(error))
        throw new UnavailableError('The article store is unavailable; try again shortly.', { cause: error });
      throw error;
    }
  }

  /** Every page of a Query, one page of items at a time (stop early by breaking out). */
  private async *pages(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Item[]> {
    let start: Item | undefined = input.ExclusiveStartKey;
    do {
      const out = await this.send(() =>
        this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start })),
      );
      yield out.Items ?? [];
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
  }

  async insert(article: Article, options: InsertOptions = {}): Promise<void> {
    if (options.claimGuid === true) await this.claimGuid(article);
    try {
      await this.send(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { ...articleItem(article), ...(options.quiet === true ? { quiet: { BOOL: true } } : {}) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (options.claimGuid === true) await this.releaseGuid(article);
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError(`An article with id "${article.id}" exists.`);
      throw error;
    }
  }

  /**
   * Claims a given guid for the article about to be inserted. A claim whose
   * article is gone, or holds another guid now (a crash between claim and
   * insert, a deleted article), is taken over; a live one is a conflict.
   */
  private async claimGuid(article: Article): Promise<void> {
    const key = marshall(keys.guid(hashKey(article.guid)));
    const put = (condition: string, values?: Item) =>
      this.send(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: { ...key, id: { S: article.id } },
            ConditionExpression: condition,
            ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
          }),
        ),
      );
    try {
      await put('attribute_not_exists(pk) OR id = :id', { ':id': { S: article.id } });
      return;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const holder = await this.byGuid(article.guid);
    if (holder !== null) throw new GuidTakenError(article.guid, holder.id);
    const claim = await this.send(() =>
      this.client.send(new GetItemCommand({ TableName: this.tableName, Key: key, ConsistentRead: true })),
    );
    const stale = claim.Item?.id?.S;
    try {
      if (stale === undefined) await put('attribute_not_exists(pk)');
      else await put('id = :stale', { ':stale': { S: stale } });
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError(`The guid "${article.guid}" is being claimed by another request; try again.`);
      throw error;
    }
  }

  private async releaseGuid(article: Article): Promise<void> {
    await this.send(() =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.guid(hashKey(article.guid))),
          ConditionExpression: 'id = :id',
          ExpressionAttributeValues: { ':id': { S: article.id } },
        }),
      ),
    ).catch(() => {
      // A claim left behind names an article that does not exist: the next claim takes it over.
    });
  }

  async byGuid(guid: string): Promise<Article | null> {
    const claim = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.guid(hashKey(guid))),
          ConsistentRead: true,
        }),
      ),
    );
    const id = claim.Item?.id?.S;
    if (id === undefined) return null;
    const article = await this.get(id);
    return article?.guid === guid ? article : null;
  }

  async replace(article: Article, expectedVersion: number): Promise<void> {
    try {
      await this.send(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: articleItem(article),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
          }),
        ),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new PreconditionFailedError(
          `Article "${article.id}" is no longer at version ${expectedVersion}.`,
        );
      }
      throw error;
    }
  }

  async get(id: string): Promise<Article | null> {
    if (!storableId(id)) return null;
    const out = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.article(id)),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item === undefined ? null : articleFromItem(out.Item);
  }

  async remove(id: string, expectedVersion?: number): Promise<Article | null> {
    if (!storableId(id)) return null;
    try {
      const out = await this.send(() =>
        this.client.send(
          new DeleteItemCommand({
            TableName: this.tableName,
            Key: marshall(keys.article(id)),
            ReturnValues: 'ALL_OLD',
            ...(expectedVersion === undefined
              ? {}
              : {
                  ConditionExpression: 'version = :expected',
                  ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
                }),
          }),
        ),
      );
      return out.Attributes === undefined ? null : articleFromItem(out.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new PreconditionFailedError(`Article "${id}" is not at version ${expectedVersion}.`);
      }
      throw error;
    }
  }

  /**
   * One Query on the feed index; limit+1 tells whether a next page exists.
   * `visible`: up to now, newest first. `ahead`: after now, soonest first.
   * `all`: the whole partition, newest first.
   */
  private async queryFeed(query: {
    feed: string;
    range: 'visible' | 'ahead' | 'all';
    now: Date;
    limit: number;
    cursor?: string | undefined;
  }): Promise<{ items: Item[]; next: Item | null }> {
    const bound = `${query.now.toISOString()}#\uffff`;
    const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor, query.feed);
    const out = await this.send(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: BY_FEED,
          KeyConditionExpression: {
            visible: 'feed = :feed AND feedSort <= :now',
            ahead: 'feed = :feed AND feedSort > :now',
            all: 'feed = :feed',
          }[query.range],
          ExpressionAttributeValues: {
            ':feed': { S: query.feed },
            ...(query.range === 'all' ? {} : { ':now': { S: bound } }),
          },
          ScanIndexForward: query.range === 'ahead',
          Limit: query.limit + 1,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    ).catch((error: unknown) => {
      // The store refuses a start key that cannot be one of this index's: a forged cursor, not our fault.
      if (startKey !== undefined && (error as { name?: string }).name === 'ValidationException')
        throw new ValidationError('The cursor is not one this API gave out.', [
          { path: 'cursor', message: 'is not valid' },
        ]);
      throw error;
    });
    const all = out.Items ?? [];
    const items = all.slice(0, query.limit);
    return { items, next: all.length > query.limit ? (items.at(-1) ?? null) : null };
  }

  private static feedOf(query: Pick<LatestQuery, 'category'>): string {
    return query.category === undefined ? MAIN_FEED : keys.categoryFeed(query.category);
  }

  private static page(result: { items: Item[]; next: Item | null }): Page<ArticleListing> {
    return {
      items: result.items.map((item) => toListing(articleFromItem(item))),
      nextCursor: result.next === null ? null : encodeCursor(result.next),
    };
  }

  async latest(query: LatestQuery): Promise<Page<ArticleListing>> {
    return DynamoStore.page(
      await this.queryFeed({ ...query, feed: DynamoStore.feedOf(query), range: 'visible' }),
    );
  }

  async unpublished(query: DeskQuery): Promise<Page<ArticleListing>> {
    return DynamoStore.page(
      await this.queryFeed(
        query.status === 'draft'
          ? { ...query, feed: DRAFT_FEED, range: 'all' }
          : { ...query, feed: MAIN_FEED, range: 'ahead' },
      ),
    );
  }

  async latestFull(query: Omit<LatestQuery, 'cursor'>): Promise<Article[]> {
    const feed = DynamoStore.feedOf(query);
    const { category } = query;
    if (category === undefined)
      return onceEach(
        (await this.queryFeed({ ...query, feed, range: 'visible' })).items.map(articleFromItem),
      );
    // Category listings hold no content: fetch the articles themselves, in listing order. A member whose
    // article has since gone, or left the category, or is no longer visible (its change not yet
    // published) is passed over, and the listing read on until the feed is full.
    const found: Article[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.queryFeed({ ...query, feed, range: 'visible', cursor });
      const articles = await this.articlesByIds(page.items.map((item) => articleFromItem(item).id));
      found.push(
        ...articles.filter(
          (a) => isVisible(a, query.now) && a.categories.some((name) => categorySlug(name) === category),
        ),
      );
      cursor = page.next === null ? undefined : encodeCursor(page.next);
    } while (found.length < query.limit && cursor !== undefined);
    return found.slice(0, query.limit);
  }

  /** The articles with these ids, in this order, each once (those that exist), by BatchGetItem. */
  private async articlesByIds(listed: readonly string[]): Promise<Article[]> {
    // An index may list an item twice (the emulator, after a crash between its index writes); a batch
    // read must not ask for a key twice.
    const ids = [...new Set(listed)];
    const found = new Map<string, Article>();
    for (const batch of chunks(ids, 100)) {
      let pending: Item[] | undefined = batch.map((id) => marshall(keys.article(id)));
      for (let attempt = 0; pending !== undefined && pending.length > 0 && attempt < 8; attempt++) {
        const request: Item[] = pending;
        const out = await this.send(() =>
          this.client.send(
            new BatchGetItemCommand({ RequestItems: { [this.tableName]: { Keys: request } } }),
          ),
        );
        for (const item of out.Responses?.[this.tableName] ?? []) {
          const article = articleFromItem(item);
          found.set(article.id, article);
        }
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async syncCategories(before: Article | null, after: Article | null): Promise<CategoryMembership[]> {
    const slugsOf = (a: Article | null) =>
      new Set(a !== null && a.status === 'published' ? a.categories.map((c) => categorySlug(c)) : []);
    const old = slugsOf(before);
    const current = slugsOf(after);
    const touched: CategoryMembership[] = [];
    for (const slug of old) {
      if (current.has(slug) || before === null) continue;
      const out = await this.send(() =>
        this.client.send(
          new DeleteItemCommand({
            TableName: this.tableName,
            Key: marshall(keys.categoryMember(slug, before.id)),
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      const sequence = out.Attributes?.archiveSeq?.N;
      if (sequence !== undefined) touched.push({ slug, sequence: Number(sequence) });
    }
    if (after === null) return touched;
    for (const slug of current) {
      // A member keeps its number in the category; a new one takes the category's next.
      const existing = await this.send(() =>
        this.client.send(
          new GetItemCommand({
            TableName: this.tableName,
            Key: marshall(keys.categoryMember(slug, after.id)),
            ProjectionExpression: 'archiveSeq',
            ConsistentRead: true,
          }),
        ),
      );
      const kept = existing.Item?.archiveSeq?.N;
      const sequence = kept === undefined ? await this.nextSequence(slug) : Number(kept);
      await this.send(() =>
        this.client.send(
          new PutItemCommand({ TableName: this.tableName, Item: memberItem(slug, after, sequence) }),
        ),
      );
      touched.push({ slug, sequence });
    }
    return touched;
  }

  async listCategory(slug: string, name: string): Promise<boolean> {
    const out = await this.send(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ ...keys.directoryEntry(slug), name }),
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes?.name?.S !== name;
  }

  async unlistCategory(slug: string): Promise<void> {
    await this.send(() =>
      this.client.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: marshall(keys.directoryEntry(slug)) }),
      ),
    );
  }

  async categories(): Promise<Array<{ slug: string; name: string }>> {
    const entries: Array<{ slug: string; name: string }> = [];
    for await (const items of this.pages({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: keys.directoryEntry('').pk } },
    })) {
      for (const item of items) entries.push({ slug: String(item.sk?.S), name: String(item.name?.S) });
    }
    return entries;
  }

  /**
   * Failed authentications in the last minute, estimated from two fixed
   * one-minute buckets (the previous one weighted by how much of it still
   * falls in the last minute): one Query, shared by every Lambda container.
   */
  async failuresOf(client: string, now: Date): Promise<FailureCount> {
    const minute = Math.floor(now.getTime() / FAILURE_WINDOW_MS);
    const hash = hashKey(client);
    const out = await this.send(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: marshall({
            ':pk': keys.failures(hash, minute).pk,
            ':from': keys.failures(hash, minute - 1).sk,
          }),
        }),
      ),
    );
    const counts = new Map((out.Items ?? []).map((item) => [Number(item.sk?.S), Number(item.n?.N ?? 0)]));
    const intoMinute = (now.getTime() % FAILURE_WINDOW_MS) / FAILURE_WINDOW_MS;
    const previous = counts.get(minute - 1) ?? 0;
    const count = Math.floor((counts.get(minute) ?? 0) + previous * (1 - intoMinute));
    // The previous minute's share shrinks as this one goes on; by its end only this minute counts.
    return { count, clearsInMs: FAILURE_WINDOW_MS - (now.getTime() % FAILURE_WINDOW_MS) };
  }

  async recordFailure(client: string, now: Date): Promise<void> {
    const minute = Math.floor(now.getTime() / FAILURE_WINDOW_MS);
    await this.send(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.failures(hashKey(client), minute)),
          UpdateExpression: 'ADD #n :one SET expiresAt = :expires',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: marshall({
            ':one': 1,
            // Kept past the next minute, which still weighs this one.
            ':expires': Math.ceil(((minute + 3) * FAILURE_WINDOW_MS) / 1000),
          }),
        }),
      ),
    );
  }

  async nextSequence(category?: string): Promise<number> {
    const out = await this.send(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.archiveCounter(category)),
          UpdateExpression: 'ADD #n :one',
          ExpressionAttributeNames: { '#n': 'n' },
          ExpressionAttributeValues: { ':one': { N: '1' } },
          ReturnValues: 'UPDATED_NEW',
        }),
      ),
    );
    return Number(out.Attributes?.n?.N);
  }

  async renderedWith(): Promise<string | null> {
    const out = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.rendered()),
          ConsistentRead: true,
        }),
      ),
    );
    return out.Item?.fingerprint?.S ?? null;
  }

  async setRenderedWith(fingerprint: string): Promise<void> {
    await this.send(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ ...keys.rendered(), fingerprint }),
        }),
      ),
    );
  }

  async deferAnnouncements(feedUrls: readonly string[]): Promise<void> {
    if (feedUrls.length === 0) return;
    await this.send(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.deferredAnnouncements()),
          UpdateExpression: 'ADD urls :urls',
          ExpressionAttributeValues: { ':urls': { SS: [...new Set(feedUrls)] } },
        }),
      ),
    );
  }

  async takeDeferredAnnouncements(): Promise<string[]> {
    const out = await this.send(() =>
      this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.deferredAnnouncements()),
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    return out.Attributes?.urls?.SS ?? [];
  }

  async currentSequence(category?: string): Promise<number> {
    const out = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.archiveCounter(category)),
          ConsistentRead: true,
        }),
      ),
    );
    return Number(out.Item?.n?.N ?? 0);
  }

  async archiveRange(from: number, to: number, now: Date, category?: string): Promise<Article[]> {
    let articles: Article[] = [];
    for await (const items of this.pages({
      IndexName: BY_ARCHIVE,
      // "archive" is a reserved word in DynamoDB expressions.
      KeyConditionExpression: '#archive = :archive AND archiveSeq BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#archive': 'archive' },
      ExpressionAttributeValues: {
        ':archive': { S: keys.archivePartition(category) },
        ':from': { N: String(from) },
        ':to': { N: String(to) },
      },
    })) {
      articles.push(...items.map(articleFromItem));
    }
    // A category's members are listings: its pages need the articles themselves.
    if (category !== undefined) articles = await this.articlesByIds(articles.map((a) => a.id));
    else articles = onceEach(articles);
    // A member that has left the category since (its change not yet published) is not listed in it.
    return articles.filter(
      (a) =>
        isVisible(a, now) &&
        (category === undefined || a.categories.some((c) => categorySlug(c) === category)),
    );
  }

  async addTombstone(tombstone: Tombstone): Promise<void> {
    await this.send(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            ...keys.tombstone(tombstone.deletedAt, tombstone.id),
            ...tombstone,
            // Kept as long as the feeds show it (TOMBSTONE_DAYS), then the table's TTL removes it.
            expiresAt: expiresAt(new Date(tombstone.deletedAt), TOMBSTONE_DAYS * 86_400_000),
          }),
        }),
      ),
    );
  }

  async tombstones(since: Date, limit: number): Promise<Tombstone[]> {
    const out = await this.send(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk >= :since',
          ExpressionAttributeValues: {
            ':pk': { S: keys.tombstone('', '').pk },
            ':since': { S: since.toISOString() },
          },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (out.Items ?? []).map((item) => {
      const raw = unmarshall(item);
      return {
        id: String(raw.id),
        guid: String(raw.guid),
        url: String(raw.url),
        deletedAt: String(raw.deletedAt),
        ...(Array.isArray(raw.categories) ? { categories: raw.categories.map(String) } : {}),
      };
    });
  }

  async find(hash: string): Promise<EditorKey | null> {
    const out = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.editorKey(hash)),
          ConsistentRead: true,
        }),
      ),
    );
    if (out.Item === undefined) return null;
    const key = keyFromItem(out.Item);
    return key.revokedAt === undefined ? key : null;
  }

  async listKeys(): Promise<EditorKey[]> {
    const found: EditorKey[] = [];
    for await (const items of this.pages({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: keys.editorKey('').pk } },
    })) {
      found.push(...items.map(keyFromItem));
    }
    return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async revokeKey(id: string, at: Date): Promise<EditorKey | null> {
    // Only a whole key id names a key: a shorter prefix, however unambiguous today, names none.
    if (!KEY_ID_PATTERN.test(id)) return null;
    const out = await this.send(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :id)',
          ExpressionAttributeValues: { ':pk': { S: keys.editorKey('').pk }, ':id': { S: id } },
        }),
      ),
    );
    const matches = (out.Items ?? []).map(keyFromItem).filter((k) => keyId(k.hash) === id);
    if (matches.length !== 1) return null;
    const key = matches[0] as EditorKey;
    if (key.revokedAt !== undefined) return key;
    await this.send(() =>
      this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.editorKey(key.hash)),
          UpdateExpression: 'SET revokedAt = :at',
          ExpressionAttributeValues: { ':at': { S: at.toISOString() } },
        }),
      ),
    );
    return { ...key, revokedAt: at.toISOString() };
  }

  async touchKey(hash: string, at: Date): Promise<void> {
    try {
      await this.send(() =>
        this.client.send(
          new UpdateItemCommand({
            TableName: this.tableName,
            Key: marshall(keys.editorKey(hash)),
            UpdateExpression: 'SET lastUsedAt = :at',
            // One write a minute per key at most: a busy key does not turn every request into two writes.
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)',
            ExpressionAttributeValues: {
              ':at': { S: at.toISOString() },
              ':stale': { S: new Date(at.getTime() - 60_000).toISOString() },
            },
          }),
        ),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async claim(key: string, fingerprint: string, now: Date): Promise<IdempotencyClaim> {
    const expired = new Date(now.getTime() - IDEMPOTENCY_HOURS * 3_600_000).toISOString();
    const abandoned = new Date(now.getTime() - IDEMPOTENCY_IN_PROGRESS_MS).toISOString();
    try {
      await this.send(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({
              ...keys.idempotency(key),
              state: 'pending',
              fingerprint,
              at: now.toISOString(),
              expiresAt: expiresAt(now, IDEMPOTENCY_HOURS * 3_600_000),
            }),
            // A record older than the window no longer holds the key, nor does a claim whose request died.
            ConditionExpression:
              'attribute_not_exists(pk) OR #at < :expired OR (#state = :pending AND #at < :abandoned)',
            ExpressionAttributeNames: { '#at': 'at', '#state': 'state' },
            ExpressionAttributeValues: {
              ':expired': { S: expired },
              ':abandoned': { S: abandoned },
              ':pending': { S: 'pending' },
            },
          }),
        ),
      );
      return { state: 'new' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const out = await this.send(() =>
      this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: marshall(keys.idempotency(key)),
          ConsistentRead: true,
        }),
      ),
    );
    const raw = unmarshall(out.Item ?? {});
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
    await this.send(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({
            ...keys.idempotency(key),
            state: 'done',
            fingerprint,
            at: now.toISOString(),
            expiresAt: expiresAt(now, IDEMPOTENCY_HOURS * 3_600_000),
            response: JSON.stringify(response),
          }),
        }),
      ),
    );
  }

  async release(key: string): Promise<void> {
    await this.send(() =>
      this.client.send(
        new DeleteItemCommand({ TableName: this.tableName, Key: marshall(keys.idempotency(key)) }),
      ),
    );
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.send(() =>
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(
            { ...keys.audit(entry.at, randomUUID()), ...entry },
            { removeUndefinedValues: true },
          ),
        }),
      ),
    );
  }

  async list(query: {
    limit: number;
    cursor?: string | undefined;
    subject?: string | undefined;
  }): Promise<Page<AuditEntry>> {
    const found: Array<AuditEntry & { sk: string }> = [];
    // A subject filter applies after DynamoDB's page limit: read on until one entry past the page is found.
    for await (const items of this.pages({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': { S: PARTITIONS.AUDIT },
        ...(query.subject === undefined ? {} : { ':subject': { S: query.subject } }),
      },
      ...(query.subject === undefined ? {} : { FilterExpression: 'subject = :subject' }),
      ScanIndexForward: false,
      Limit: 100,
      ...(query.cursor === undefined ? {} : { ExclusiveStartKey: decodeAuditCursor(query.cursor) }),
    })) {
      found.push(...items.map(auditFromItem));
      if (found.length > query.limit) break;
    }
    const page = found.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ sk: _sk, ...entry }) => entry),
      nextCursor: found.length > query.limit && last !== undefined ? encodeAuditCursor(last.sk) : null,
    };
  }

  async add(key: EditorKey): Promise<void> {
    try {
      await this.send(() =>
        this.client.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: marshall({ ...keys.editorKey(key.hash), name: key.name, createdAt: key.createdAt }),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError('That key exists.');
      throw error;
    }
  }

  async hasAny(): Promise<boolean> {
    const out = await this.send(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: keys.editorKey('').pk } },
          Limit: 1,
          ProjectionExpression: 'pk',
        }),
      ),
    );
    return (out.Items?.length ?? 0) > 0;
  }
}
