/**
 * The article store: every article write is a single conditional item
 * write, so a failed request leaves nothing behind and no change is lost to
 * a concurrent one. Its listings are in listings.ts.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Article } from '../../core/article.js';
import { ConflictError, GuidTakenError, PreconditionFailedError } from '../../core/errors.js';
import { hashKey } from '../../core/keys.js';
import type { ArticleStore, InsertOptions } from '../../core/ports.js';
import { articleFromItem, articleItem, storableId } from './article-items.js';
import { nextNumbers } from './counters.js';
import { DynamoListings } from './listings.js';
import { keys } from './schema.js';
import { conditionFailed, type Item } from './table.js';

const atVersion = (expected: number) => ({
  condition: 'version = :expected',
  values: { ':expected': { N: String(expected) } },
});

export class DynamoArticles extends DynamoListings implements ArticleStore {
  async insert(article: Article, options: InsertOptions = {}): Promise<void> {
    if (options.claimGuid === true) await this.claimGuid(article);
    try {
      await this.table.put(
        { ...articleItem(article), ...(options.quiet === true ? { quiet: { BOOL: true } } : {}) },
        { condition: 'attribute_not_exists(pk)' },
      );
    } catch (error) {
      if (options.claimGuid === true) await this.releaseGuid(article);
      if (conditionFailed(error)) throw new ConflictError(`An article with id "${article.id}" exists.`);
      throw error;
    }
  }

  /**
   * Claims a given guid for the article about to be inserted. A claim whose
   * article is gone, or holds another guid now (a crash between claim and
   * insert, a deleted article), is taken over; a live one is a conflict.
   */
  private async claimGuid(article: Article): Promise<void> {
    const key = keys.guid(hashKey(article.guid));
    const put = (condition: string, values?: Item) =>
      this.table.put(
        { ...marshall(key), id: { S: article.id } },
        { condition, ...(values === undefined ? {} : { values }) },
      );
    try {
      await put('attribute_not_exists(pk) OR id = :id', { ':id': { S: article.id } });
      return;
    } catch (error) {
      if (!conditionFailed(error)) throw error;
    }
    const holder = await this.byGuid(article.guid);
    if (holder !== null) throw new GuidTakenError(article.guid, holder.id);
    const stale = (await this.table.get(key))?.id?.S;
    try {
      if (stale === undefined) await put('attribute_not_exists(pk)');
      else await put('id = :stale', { ':stale': { S: stale } });
    } catch (error) {
      if (conditionFailed(error))
        throw new ConflictError(`The guid "${article.guid}" is being claimed by another request; try again.`);
      throw error;
    }
  }

  private async releaseGuid(article: Article): Promise<void> {
    await this.table
      .delete(keys.guid(hashKey(article.guid)), {
        condition: 'id = :id',
        values: { ':id': { S: article.id } },
      })
      .catch(() => {
        // A claim left behind names an article that does not exist: the next claim takes it over.
      });
  }

  async byGuid(guid: string): Promise<Article | null> {
    const id = (await this.table.get(keys.guid(hashKey(guid))))?.id?.S;
    if (id === undefined) return null;
    const article = await this.get(id);
    return article?.guid === guid ? article : null;
  }

  async replace(article: Article, expectedVersion: number): Promise<void> {
    try {
      await this.table.put(articleItem(article), atVersion(expectedVersion));
    } catch (error) {
      if (conditionFailed(error))
        throw new PreconditionFailedError(
          `Article "${article.id}" is no longer at version ${expectedVersion}.`,
        );
      throw error;
    }
  }

  async get(id: string): Promise<Article | null> {
    if (!storableId(id)) return null;
    const item = await this.table.get(keys.article(id));
    return item === undefined ? null : articleFromItem(item);
  }

  async getMany(ids: readonly string[]): Promise<Article[]> {
    return this.articlesByIds(ids.filter(storableId), true);
  }

  async remove(id: string, expectedVersion?: number): Promise<Article | null> {
    if (!storableId(id)) return null;
    try {
      const old = await this.table.delete(keys.article(id), {
        returnOld: true,
        ...(expectedVersion === undefined ? {} : atVersion(expectedVersion)),
      });
      return old === undefined ? null : articleFromItem(old);
    } catch (error) {
      if (conditionFailed(error))
        throw new PreconditionFailedError(`Article "${id}" is not at version ${expectedVersion}.`);
      throw error;
    }
  }

  nextSequence(): Promise<number> {
    return nextNumbers(this.table, 1);
  }
}
