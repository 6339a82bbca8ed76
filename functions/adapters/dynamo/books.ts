/**
 * The publisher's books, kept beside the articles: each category's listing
 * and numbers, the directory of categories, the archive counters as they
 * stand, recent deletions (tombstones), and the site's own records (the
 * configuration last rendered in full, announcements a quiet run deferred).
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Article, Tombstone } from '../../core/article.js';
import type { CategoryMembership, SiteBooks } from '../../core/ports.js';
import { TOMBSTONE_DAYS } from '../../core/publish/plan.js';
import { categorySlug } from '../../core/slug.js';
import { memberItem } from './article-items.js';
import { currentNumber, nextNumber } from './counters.js';
import { keys } from './schema.js';
import { expiresAt, type Table } from './table.js';

const slugsOf = (a: Article | null) =>
  new Set(a !== null && a.status === 'published' ? a.categories.map((c) => categorySlug(c)) : []);

export class DynamoBooks implements SiteBooks {
  constructor(private readonly table: Table) {}

  async syncCategories(before: Article | null, after: Article | null): Promise<CategoryMembership[]> {
    const old = slugsOf(before);
    const current = slugsOf(after);
    const touched: CategoryMembership[] = [];
    for (const slug of old) {
      if (current.has(slug) || before === null) continue;
      const removed = await this.table.delete(keys.categoryMember(slug, before.id), { returnOld: true });
      const sequence = removed?.archiveSeq?.N;
      if (sequence !== undefined) touched.push({ slug, sequence: Number(sequence) });
    }
    if (after === null) return touched;
    for (const slug of current) {
      // A member keeps its number in the category; a new one takes the category's next.
      const kept = (await this.table.get(keys.categoryMember(slug, after.id), 'archiveSeq'))?.archiveSeq?.N;
      const sequence = kept === undefined ? await nextNumber(this.table, slug) : Number(kept);
      await this.table.put(memberItem(slug, after, sequence));
      touched.push({ slug, sequence });
    }
    return touched;
  }

  async listCategory(slug: string, name: string): Promise<boolean> {
    const old = await this.table.put(marshall({ ...keys.directoryEntry(slug), name }), { returnOld: true });
    return old?.name?.S !== name;
  }

  async unlistCategory(slug: string): Promise<void> {
    await this.table.delete(keys.directoryEntry(slug));
  }

  async categories(): Promise<Array<{ slug: string; name: string }>> {
    const entries: Array<{ slug: string; name: string }> = [];
    for await (const items of this.table.pages({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: keys.directoryEntry('').pk } },
    })) {
      for (const item of items) entries.push({ slug: String(item.sk?.S), name: String(item.name?.S) });
    }
    return entries;
  }

  currentSequence(category?: string): Promise<number> {
    return currentNumber(this.table, category);
  }

  async renderedWith(): Promise<string | null> {
    return (await this.table.get(keys.rendered()))?.fingerprint?.S ?? null;
  }

  async setRenderedWith(fingerprint: string): Promise<void> {
    await this.table.put(marshall({ ...keys.rendered(), fingerprint }));
  }

  async deferAnnouncements(feedUrls: readonly string[]): Promise<void> {
    if (feedUrls.length === 0) return;
    await this.table.update(keys.deferredAnnouncements(), 'ADD urls :urls', {
      values: { ':urls': { SS: [...new Set(feedUrls)] } },
    });
  }

  async takeDeferredAnnouncements(): Promise<string[]> {
    const old = await this.table.delete(keys.deferredAnnouncements(), { returnOld: true });
    return old?.urls?.SS ?? [];
  }

  async addTombstone(tombstone: Tombstone): Promise<void> {
    await this.table.put(
      marshall({
        ...keys.tombstone(tombstone.deletedAt, tombstone.id),
        ...tombstone,
        // Kept as long as the feeds show it (TOMBSTONE_DAYS), then the table's TTL removes it.
        expiresAt: expiresAt(new Date(tombstone.deletedAt), TOMBSTONE_DAYS * 86_400_000),
      }),
    );
  }

  async tombstones(since: Date, limit: number): Promise<Tombstone[]> {
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: {
        ':pk': { S: keys.tombstone('', '').pk },
        ':since': { S: since.toISOString() },
      },
      ScanIndexForward: false,
      Limit: limit,
    });
    return items.map((item) => {
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
}
