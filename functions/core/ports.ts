/**
 * The ports the domain talks through. Each world (Lambda, local process)
 * supplies one adapter per port; the domain never learns which.
 */
import type { Article, ArticleListing, Tombstone } from './article.js';

export interface Clock {
  now(): Date;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface LatestQuery {
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string | undefined;
  /** Category slug; absent for the main feed. */
  category?: string | undefined;
  /** Articles scheduled after this instant are not listed yet. */
  now: Date;
}

export interface ArticleStore {
  /** @throws ConflictError when the id exists. */
  insert(article: Article): Promise<void>;
  /** @throws PreconditionFailedError when the stored version is not `expectedVersion`. */
  replace(article: Article, expectedVersion: number): Promise<void>;
  get(id: string): Promise<Article | null>;
  /** Removes the article; returns what was removed, or null if there was none. */
  remove(id: string, expectedVersion?: number): Promise<Article | null>;
  /** Newest visible articles first, without content (for the API). */
  latest(query: LatestQuery): Promise<Page<ArticleListing>>;
  /** Newest visible articles first, with content (for feeds and pages). */
  latestFull(query: Omit<LatestQuery, 'cursor'>): Promise<Article[]>;
  /**
   * Keeps the per-category listing in step with one article change. Derived
   * data, written by the publisher from change records, so an ingest write
   * stays a single conditional item write.
   */
  syncCategories(before: Article | null, after: Article | null): Promise<void>;
  /** Gives out the next archive sequence number (an atomic counter). */
  nextSequence(): Promise<number>;
  /** The last archive sequence number given out (0 before the first). */
  currentSequence(): Promise<number>;
  /** Visible articles numbered from..to (inclusive), oldest first. */
  archiveRange(from: number, to: number, now: Date): Promise<Article[]>;
  addTombstone(tombstone: Tombstone): Promise<void>;
  /** Deletions since `since`, newest first. */
  tombstones(since: Date, limit: number): Promise<Tombstone[]>;
}

export interface EditorKey {
  /** SHA-256 of the key, hex. The key itself is never stored. */
  hash: string;
  name: string;
  createdAt: string;
}

export interface KeyStore {
  find(hash: string): Promise<EditorKey | null>;
  /** @throws ConflictError when a key with this hash exists. */
  add(key: EditorKey): Promise<void>;
  hasAny(): Promise<boolean>;
}

/** A generated file, with the headers every world must serve it with. */
export interface PublicDocument {
  /** Path under the public root, no leading slash: `rss.xml`, `articles/x`. */
  path: string;
  body: string;
  contentType: string;
  cacheControl: string;
}

export interface FileStore {
  /** Writes atomically; returns false when the stored bytes were already identical. */
  put(doc: PublicDocument): Promise<boolean>;
  /** Removes a file; no error when it is absent. Returns whether one was removed. */
  remove(path: string): Promise<boolean>;
}

export interface HubNotifier {
  /** Tells the WebSub hubs that these feed URLs changed. Never throws. */
  notify(feedUrls: string[]): Promise<void>;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
