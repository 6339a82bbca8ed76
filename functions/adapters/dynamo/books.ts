/**
 * The publisher's books, kept beside the articles: each category's listing
 * and numbers, the directory of categories, the archive counters as they
 * stand, recent deletions (tombstones), and the site's own records (the
 * configuration last rendered in full, announcements a quiet run deferred).
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Article, Tombstone } from '../../core/article.js';
import { inPool, POOL } from '../../core/pool.js';
import type { CategoryMembership, SiteBooks } from '../../core/ports.js';
import { TOMBSTONE_DAYS } from '../../core/publish/plan.js';
import { categorySlug } from '../../core/slug.js';
import { memberItem } from './article-items.js';
import { currentNumber, nextNumbers } from './counters.js';
import { keys } from './schema.js';
import { expiresAt, type Table } from './table.js';

const slugsOf = (a: Article | null) =>
  new Set(a !== null && a.status === 'published' ? a.categories.map((c) => categorySlug(c)) : []);

export class DynamoBooks implements SiteBooks {
  constructor(private readonly table: Table) {}

  async syncCategories(
    changes: ReadonlyArray<{ before: Article | null; after: Article | null }>,
  ): Promise<CategoryMembership[]> {
    const leaving = changes.flatMap(({ before, after }) => {
      const current = slugsOf(after);
      return before === null
        ? []
        : [...slugsOf(before)].filter((slug) => !current.has(slug)).map((slug) => ({ slug, id: before.id }));
    });
    const staying = changes.flatMap(({ after }) =>
      after === null ? [] : [...slugsOf(after)].map((slug) => ({ slug, article: after })),
    );
    // A member keeps its number in the category: the members there already, read at once.
    const [left, existing] = await Promise.all([
      inPool(leaving, POOL, ({ slug, id }) =>
        this.table.delete(keys.categoryMember(slug, id), { returnOld: true }),
      ),
      this.table.batchGet(
        staying.map(({ slug, article }) => keys.categoryMember(slug, article.id)),
        true,
      ),
    ]);
    const kept = new Map(existing.map((item) => [`${item.pk?.S}|${item.sk?.S}`, Number(item.archiveSeq?.N)]));
    const numberOf = ({ slug, article }: { slug: string; article: Article }) => {
      const key = keys.categoryMember(slug, article.id);
      return kept.get(`${key.pk}|${key.sk}`);
    };
    // A new member takes its category's next number, in the batch's order: each category's numbers
    // for its new members are given out in one update.
    const joining = new Map<string, Array<{ slug: string; article: Article }>>();
    for (const member of staying.filter((m) => numberOf(m) === undefined))
      joining.set(member.slug, [...(joining.get(member.slug) ?? []), member]);
    const given = new Map<string, number>();
    await inPool([...joining], POOL, async ([slug, members]) => {
      const first = await nextNumbers(this.table, members.length, slug);
      for (const [i, m] of members.entries()) given.set(`${slug}|${m.article.id}`, first + i);
    });
    const members = staying.map((m) => ({
      ...m,
      sequence: numberOf(m) ?? (given.get(`${m.slug}|${m.article.id}`) as number),
    }));
    await inPool(members, POOL, (m) => this.table.put(memberItem(m.slug, m.article, m.sequence)));
    return [
      ...leaving.flatMap(({ slug }, i) => {
        const sequence = left[i]?.archiveSeq?.N;
        return sequence === undefined ? [] : [{ slug, sequence: Number(sequence) }];
      }),
      ...members.map(({ slug, sequence }) => ({ slug, sequence })),
    ];
  }

  async hasMembers(slug: string): Promise<boolean> {
    const { items } = await this.table.query({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: keys.categoryMember(slug, '').pk } },
      Limit: 1,
      ProjectionExpression: 'pk',
    });
    return items.length > 0;
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
