/**
 * The article store's reading side: the newest-first listings of the feed
 * index (the main feed, a category's, the desk's drafts and scheduled
 * articles) and the archive's numbered ranges, paged by opaque cursors.
 */
import { type Article, type ArticleListing, isVisible, toListing } from '../../core/article.js';
import type { DeskQuery, LatestQuery, Page } from '../../core/ports.js';
import { categorySlug } from '../../core/slug.js';
import { articleFromItem, onceEach } from './article-items.js';
import { BY_ARCHIVE, BY_FEED, DRAFT_FEED, keys, MAIN_FEED } from './schema.js';
import { type Item, invalidCursor, type Table } from './table.js';

const CURSOR_KEYS = ['pk', 'sk', 'feed', 'feedSort'] as const;

function encodeCursor(item: Item): string {
  return Buffer.from(JSON.stringify(CURSOR_KEYS.map((k) => item[k]?.S))).toString('base64url');
}

function decodeCursor(cursor: string, feed: string): Item {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  // Key values are never empty and at most 1,024 bytes (DynamoDB's own bounds): anything else was forged.
  if (
    !Array.isArray(parts) ||
    parts.length !== 4 ||
    !parts.every((p) => typeof p === 'string' && p.length > 0 && Buffer.byteLength(p) <= 1024) ||
    parts[2] !== feed
  ) {
    throw invalidCursor();
  }
  return Object.fromEntries(CURSOR_KEYS.map((k, i) => [k, { S: parts[i] as string }]));
}

const feedOf = (query: Pick<LatestQuery, 'category'>): string =>
  query.category === undefined ? MAIN_FEED : keys.categoryFeed(query.category);

const pageOf = (result: { items: Item[]; next: Item | null }): Page<ArticleListing> => ({
  items: result.items.map((item) => toListing(articleFromItem(item))),
  nextCursor: result.next === null ? null : encodeCursor(result.next),
});

const inCategory = (a: Article, category: string) => a.categories.some((c) => categorySlug(c) === category);

export class DynamoListings {
  constructor(protected readonly table: Table) {}

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
    const out = await this.table
      .query({
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
      })
      .catch((error: unknown) => {
        // The store refuses a start key that cannot be one of this index's: a forged cursor, not our fault.
        if (startKey !== undefined && (error as { name?: string }).name === 'ValidationException')
          throw invalidCursor();
        throw error;
      });
    const items = out.items.slice(0, query.limit);
    return { items, next: out.items.length > query.limit ? (items.at(-1) ?? null) : null };
  }

  async latest(query: LatestQuery): Promise<Page<ArticleListing>> {
    return pageOf(await this.queryFeed({ ...query, feed: feedOf(query), range: 'visible' }));
  }

  async unpublished(query: DeskQuery): Promise<Page<ArticleListing>> {
    return pageOf(
      await this.queryFeed(
        query.status === 'draft'
          ? { ...query, feed: DRAFT_FEED, range: 'all' }
          : { ...query, feed: MAIN_FEED, range: 'ahead' },
      ),
    );
  }

  async latestFull(query: Omit<LatestQuery, 'cursor'>): Promise<Article[]> {
    const feed = feedOf(query);
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
      found.push(...articles.filter((a) => isVisible(a, query.now) && inCategory(a, category)));
      cursor = page.next === null ? undefined : encodeCursor(page.next);
    } while (found.length < query.limit && cursor !== undefined);
    return found.slice(0, query.limit);
  }

  async archiveRange(from: number, to: number, now: Date, category?: string): Promise<Article[]> {
    let articles: Article[] = [];
    for await (const items of this.table.pages({
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
    return articles.filter((a) => isVisible(a, now) && (category === undefined || inCategory(a, category)));
  }

  /** The articles with these ids, in this order, each once (those that exist). */
  protected async articlesByIds(listed: readonly string[], consistent = false): Promise<Article[]> {
    // An index may list an item twice (the emulator, after a crash between its index writes); a batch
    // read must not ask for a key twice.
    const ids = [...new Set(listed)];
    const found = new Map(
      (
        await this.table.batchGet(
          ids.map((id) => keys.article(id)),
          consistent,
        )
      ).map((item) => {
        const article = articleFromItem(item);
        return [article.id, article];
      }),
    );
    return ids.flatMap((id) => found.get(id) ?? []);
  }
}
