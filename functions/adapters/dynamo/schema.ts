/**
 * The table's shape, defined once: the local runtime creates its table from
 * this, and the CDK stack builds the real table from it. No SDK import here,
 * so infra can import it without pulling in the client.
 *
 * Items:
 * - article:   pk ARTICLE#{id}      sk ARTICLE       (+ feed/feedSort when published)
 * - category:  pk CATEGORY#{slug}   sk ARTICLE#{id}  feed CATEGORY#{slug}: listing copy, kept by the publisher
 * - editor key pk KEY               sk {sha256 hex}
 */
export const TABLE_SCHEMA = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  indexes: [
    {
      /** Newest-first listing of one feed (all published, or one category). */
      indexName: 'byFeed',
      partitionKey: { name: 'feed', type: 'S' },
      sortKey: { name: 'feedSort', type: 'S' },
      projection: 'ALL',
    },
  ],
} as const;

export const BY_FEED = TABLE_SCHEMA.indexes[0].indexName;
export const MAIN_FEED = 'ALL';

export const keys = {
  article: (id: string) => ({ pk: `ARTICLE#${id}`, sk: 'ARTICLE' }),
  categoryMember: (slug: string, id: string) => ({ pk: `CATEGORY#${slug}`, sk: `ARTICLE#${id}` }),
  categoryFeed: (slug: string) => `CATEGORY#${slug}`,
  editorKey: (hash: string) => ({ pk: 'KEY', sk: hash }),
  /** Sorts by publication time, then id, so equal times still order stably. */
  feedSort: (publishedAt: string, id: string) => `${publishedAt}#${id}`,
  isArticle: (pk: string) => pk.startsWith('ARTICLE#'),
};

/** CreateTable input for the emulator (and tests), from the schema above. */
export function createTableInput(tableName: string) {
  const index = TABLE_SCHEMA.indexes[0];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: [
      { AttributeName: TABLE_SCHEMA.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: TABLE_SCHEMA.sortKey.name, KeyType: 'RANGE' as const },
    ],
    AttributeDefinitions: [
      TABLE_SCHEMA.partitionKey,
      TABLE_SCHEMA.sortKey,
      index.partitionKey,
      index.sortKey,
    ].map((a) => ({
      AttributeName: a.name,
      AttributeType: a.type,
    })),
    GlobalSecondaryIndexes: [
      {
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: index.projection },
      },
    ],
  };
}
