/**
 * The table's shape, defined once: the local runtime creates its table from
 * this, and the CDK stack builds the real table from it. No SDK import here,
 * so infra can import it without pulling in the client.
 *
 * Items:
 * - article:   pk ARTICLE#{id}      sk ARTICLE       (+ feed ALL / feedSort {publishedAt}#{id} when published,
 *                                                      feed DRAFT / feedSort {updatedAt}#{id} when a draft)
 * - category:  pk CATEGORY#{slug}   sk ARTICLE#{id}  feed CATEGORY#{slug}: listing copy, kept by the publisher,
 *                                                      archive CATEGORY#{slug} / archiveSeq: its number in the category
 * - directory: pk CATEGORIES        sk {slug}        name: one per non-empty category, kept by the publisher
 * - editor key pk KEY               sk {sha256 hex}
 * - counter    pk COUNTER           sk ARCHIVE       (the last archive sequence number given out)
 *              pk COUNTER           sk ARCHIVE#{slug} (the same, per category)
 * - tombstone  pk TOMBSTONE         sk {deletedAt}#{id}  (recent deletions, for Atom at:deleted-entry)
 * - idempotency pk IDEMPOTENCY#{editor}#{key}  sk IDEMPOTENCY  (a POST's first answer, 24 hours)
 * - audit      pk AUDIT             sk {at}#{unique}  (who did what, when)
 * - site       pk SITE  sk RENDERED (the configuration's fingerprint) / DEFERRED-PINGS (urls: feeds to announce)
 * - guid       pk GUID#{sha256 of guid}  sk GUID  id: the article that claimed a given guid (imports)
 * - failures   pk FAILURES#{sha256 of client}  sk {minute, 12 digits}  n, expiresAt
 *              (failed authentications per client per minute, on AWS; TTL removes them)
 */
export const TABLE_SCHEMA = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Epoch seconds after which DynamoDB's TTL may delete an item (dynalite has no TTL). */
  timeToLive: 'expiresAt',
  indexes: [
    {
      /** Newest-first listing of one feed (all published, or one category). */
      indexName: 'byFeed',
      partitionKey: { name: 'feed', type: 'S' },
      sortKey: { name: 'feedSort', type: 'S' },
      projection: 'ALL',
    },
    {
      /** Published articles by archive sequence: archive page k is one range of it. */
      indexName: 'byArchive',
      partitionKey: { name: 'archive', type: 'S' },
      sortKey: { name: 'archiveSeq', type: 'N' },
      projection: 'ALL',
    },
  ],
} as const;

export const BY_FEED = TABLE_SCHEMA.indexes[0].indexName;
export const BY_ARCHIVE = TABLE_SCHEMA.indexes[1].indexName;
export const MAIN_FEED = 'ALL';
/** Drafts, most recently edited first: the editors' desk, never a public feed. */
export const DRAFT_FEED = 'DRAFT';
export const ARCHIVE_PARTITION = 'ALL';
/**
 * Every partition key's prefix (or whole key), named once: the store builds
 * its keys from these, the local stream and the stack's event filter select
 * article changes by ARTICLE, and the grants below name what each function writes.
 */
export const PARTITIONS = {
  /** Every article item's partition key starts so (the stream's event filter, on AWS and locally). */
  ARTICLE: 'ARTICLE#',
  CATEGORY: 'CATEGORY#',
  GUID: 'GUID#',
  IDEMPOTENCY: 'IDEMPOTENCY#',
  /** Failure counters; the read function may write only these. */
  FAILURES: 'FAILURES#',
  CATEGORIES: 'CATEGORIES',
  KEY: 'KEY',
  AUDIT: 'AUDIT',
  COUNTER: 'COUNTER',
  TOMBSTONE: 'TOMBSTONE',
  SITE: 'SITE',
} as const;
const P = PARTITIONS;

/**
 * The partition keys each function may write (its IAM grant's
 * dynamodb:LeadingKeys condition): ingest writes articles, guid claims, keys, idempotency
 * records, the audit log, the main archive counter and failure counters;
 * publish the category listings, the directory, category counters and
 * tombstones and the rendered-with fingerprint; read only failure counters. Reads are not limited by key.
 */
export const WRITTEN_KEYS = {
  ingest: [`${P.ARTICLE}*`, `${P.GUID}*`, P.KEY, `${P.IDEMPOTENCY}*`, P.AUDIT, P.COUNTER, `${P.FAILURES}*`],
  publish: [`${P.CATEGORY}*`, P.CATEGORIES, P.COUNTER, P.TOMBSTONE, P.SITE],
  read: [`${P.FAILURES}*`],
} as const;

export const keys = {
  article: (id: string) => ({ pk: `${P.ARTICLE}${id}`, sk: 'ARTICLE' }),
  /** The article id an article item's partition key names. */
  articleId: (pk: string) => pk.slice(P.ARTICLE.length),
  categoryMember: (slug: string, id: string) => ({ pk: `${P.CATEGORY}${slug}`, sk: `${P.ARTICLE}${id}` }),
  categoryFeed: (slug: string) => `${P.CATEGORY}${slug}`,
  directoryEntry: (slug: string) => ({ pk: P.CATEGORIES, sk: slug }),
  editorKey: (hash: string) => ({ pk: P.KEY, sk: hash }),
  /** The main archive's counter, or one category's. */
  archiveCounter: (category?: string) => ({
    pk: P.COUNTER,
    sk: category === undefined ? 'ARCHIVE' : `ARCHIVE#${category}`,
  }),
  /** The byArchive partition of the main archive, or of one category's. */
  archivePartition: (category?: string) =>
    category === undefined ? ARCHIVE_PARTITION : `${P.CATEGORY}${category}`,
  /** Hashed: a guid may be 2,048 characters, a partition key at most 2,048 bytes. */
  guid: (guidHash: string) => ({ pk: `${P.GUID}${guidHash}`, sk: 'GUID' }),
  idempotency: (key: string) => ({ pk: `${P.IDEMPOTENCY}${key}`, sk: 'IDEMPOTENCY' }),
  audit: (at: string, unique: string) => ({ pk: P.AUDIT, sk: `${at}#${unique}` }),
  tombstone: (deletedAt: string, id: string) => ({ pk: P.TOMBSTONE, sk: `${deletedAt}#${id}` }),
  /** The site configuration the files were last rendered with in full (its fingerprint). */
  rendered: () => ({ pk: P.SITE, sk: 'RENDERED' }),
  /** Feeds changed by quiet publish runs (an import under way), announced by the next run that is not. */
  deferredAnnouncements: () => ({ pk: P.SITE, sk: 'DEFERRED-PINGS' }),
  /** The client is hashed: no address is stored as written. */
  failures: (clientHash: string, minute: number) => ({
    pk: `${P.FAILURES}${clientHash}`,
    sk: String(minute).padStart(12, '0'),
  }),
  /** Sorts by publication time, then id, so equal times still order stably. */
  feedSort: (publishedAt: string, id: string) => `${publishedAt}#${id}`,
  isArticle: (pk: string) => pk.startsWith(P.ARTICLE),
};

/** CreateTable input for the emulator (and tests), from the schema above. */
export function createTableInput(tableName: string) {
  const key = (k: { name: string }, type: 'HASH' | 'RANGE') => ({ AttributeName: k.name, KeyType: type });
  const attributes = [
    TABLE_SCHEMA.partitionKey,
    TABLE_SCHEMA.sortKey,
    ...TABLE_SCHEMA.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: [key(TABLE_SCHEMA.partitionKey, 'HASH'), key(TABLE_SCHEMA.sortKey, 'RANGE')],
    AttributeDefinitions: attributes.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [key(index.partitionKey, 'HASH'), key(index.sortKey, 'RANGE')],
      Projection: { ProjectionType: index.projection },
    })),
  };
}
