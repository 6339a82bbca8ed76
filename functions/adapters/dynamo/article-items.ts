/**
 * How an article is kept in the table: its item (with the index attributes
 * that list it), its category listings, and the way back to an article.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ARTICLE_FIELDS, type Article, toListing } from '../../core/article.js';
import { PayloadTooLargeError } from '../../core/errors.js';
import { ARCHIVE_PARTITION, DRAFT_FEED, keys, MAIN_FEED } from './schema.js';
import type { Item } from './table.js';

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
export const storableId = (id: string) => id.length > 0 && Buffer.byteLength(keys.article(id).pk) <= 1024;

/** DynamoDB's largest item. */
const ITEM_LIMIT_BYTES = 400 * 1024;

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
export function articleItem(article: Article): Item {
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

/** The listing copy of an article in one category, with its number there. */
export function memberItem(slug: string, article: Article, sequence: number): Item {
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

/** Each article once, at its first place (an index may list an item twice after a crash between its writes). */
export function onceEach(articles: readonly Article[]): Article[] {
  const seen = new Set<string>();
  return articles.filter((a) => !seen.has(a.id) && seen.add(a.id) !== undefined);
}
