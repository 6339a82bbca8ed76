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

/** An article's place in a category's archive, as a change touched it (joined, stayed or left). */
export interface CategoryMembership {
  slug: string;
  sequence: number;
}

export interface DeskQuery {
  status: 'draft' | 'scheduled';
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string | undefined;
  now: Date;
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

export interface InsertOptions {
  /** Claims the article's guid first: a guid another article holds is refused. */
  claimGuid?: boolean;
  /** Marks the change as one of a run the last write announces (the hubs hear of it once). */
  quiet?: boolean;
}

export interface ArticleStore {
  /**
   * @throws ConflictError when the id exists; GuidTakenError when a claimed
   * guid is another article's.
   */
  insert(article: Article, options?: InsertOptions): Promise<void>;
  /** The article whose guid was claimed at its creation (an imported one), if it still exists. */
  byGuid(guid: string): Promise<Article | null>;
  /** @throws PreconditionFailedError when the stored version is not `expectedVersion`. */
  replace(article: Article, expectedVersion: number): Promise<void>;
  get(id: string): Promise<Article | null>;
  /** The articles with these ids that exist, each once, as `get` reads them (the latest write). */
  getMany(ids: readonly string[]): Promise<Article[]>;
  /** Removes the article; returns what was removed, or null if there was none. */
  remove(id: string, expectedVersion?: number): Promise<Article | null>;
  /** Newest visible articles first, without content (for the API). */
  latest(query: LatestQuery): Promise<Page<ArticleListing>>;
  /** Newest visible articles first, with content (for feeds and pages). */
  latestFull(query: Omit<LatestQuery, 'cursor'>): Promise<Article[]>;
  /** Gives out the next number of the site's archive (an atomic counter). */
  nextSequence(): Promise<number>;
  /** Visible articles numbered from..to (inclusive), oldest first, in the site's archive or a category's. */
  archiveRange(from: number, to: number, now: Date, category?: string): Promise<Article[]>;
  /**
   * The editors' desk: drafts (most recently edited first) or scheduled
   * articles (published with publishedAt still ahead of `now`, soonest first).
   */
  unpublished(query: DeskQuery): Promise<Page<ArticleListing>>;
}

/**
 * The publisher's books beside the articles: derived data it keeps from the
 * change records (category listings and numbers, the directory, recent
 * deletions) and the site's own records.
 */
export interface SiteBooks {
  /**
   * Keeps the per-category listings in step with a batch of article changes
   * (each article once): derived data, written by the publisher from change
   * records, so an ingest write stays a single conditional item write. A
   * member keeps its number in a category; new members take the category's
   * next numbers in the batch's order.
   * @returns every membership the changes touched (left, stayed or joined).
   */
  syncCategories(
    changes: ReadonlyArray<{ before: Article | null; after: Article | null }>,
  ): Promise<CategoryMembership[]>;
  /**
   * Whether any listing item of the category is left: a member whose change
   * (leaving it, a deletion) is still to be published.
   */
  hasMembers(slug: string): Promise<boolean>;
  /**
   * The directory of categories, kept by the publisher as categories fill and empty.
   * @returns whether the directory changed (the category is new there, or has a new name).
   */
  listCategory(slug: string, name: string): Promise<boolean>;
  unlistCategory(slug: string): Promise<void>;
  /** Every listed category, by slug. */
  categories(): Promise<Array<{ slug: string; name: string }>>;
  /** The last archive sequence number given out (0 before the first), of the site or of one category. */
  currentSequence(category?: string): Promise<number>;
  /** The fingerprint of the site configuration the published files were last rendered with in full, if any. */
  renderedWith(): Promise<string | null>;
  setRenderedWith(fingerprint: string): Promise<void>;
  /** Keeps feed URLs a quiet run changed, for the next run that announces. */
  deferAnnouncements(feedUrls: readonly string[]): Promise<void>;
  /** The feed URLs kept by quiet runs, forgotten as they are handed over. */
  takeDeferredAnnouncements(): Promise<string[]>;
  /** Keeps a deletion, for the Atom feeds' deleted-entry elements. */
  addTombstone(tombstone: Tombstone): Promise<void>;
  /** Deletions since `since`, newest first. */
  tombstones(since: Date, limit: number): Promise<Tombstone[]>;
}

export interface FailureCount {
  /** Failed authentications from the client in the last minute. */
  count: number;
  /** How long until that count falls by one at least. */
  clearsInMs: number;
}

/** Where failed authentications are counted per client (an IP address). */
export interface FailureCounter {
  failuresOf(client: string, now: Date): Promise<FailureCount>;
  recordFailure(client: string, now: Date): Promise<void>;
}

export interface EditorKey {
  /** SHA-256 of the key, hex. The key itself is never stored. */
  hash: string;
  name: string;
  createdAt: string;
  lastUsedAt?: string | undefined;
  revokedAt?: string | undefined;
}

export interface KeyStore {
  /** The key with this hash, unless it is revoked. */
  find(hash: string): Promise<EditorKey | null>;
  /** @throws ConflictError when a key with this hash exists. */
  add(key: EditorKey): Promise<void>;
  hasAny(): Promise<boolean>;
  /** Every key, revoked ones too, oldest first. */
  listKeys(): Promise<EditorKey[]>;
  /** Revokes the key whose public id (hash prefix) is `id`; null when there is none. */
  revokeKey(id: string, at: Date): Promise<EditorKey | null>;
  /** Records a use, at most once a minute per key. */
  touchKey(hash: string, at: Date): Promise<void>;
}

/** A stored answer to a request that carried an Idempotency-Key. */
export interface IdempotentResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyClaim =
  | { state: 'new' }
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: IdempotentResponse };

export interface IdempotencyStore {
  /** Claims the key for this request (by the body's fingerprint), or reports an earlier claim. */
  claim(key: string, fingerprint: string, now: Date): Promise<IdempotencyClaim>;
  complete(key: string, fingerprint: string, response: IdempotentResponse, now: Date): Promise<void>;
  /** Drops a claim whose request failed on our side, so a retry can run. */
  release(key: string): Promise<void>;
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
  /** Whether a file is there. */
  exists(path: string): Promise<boolean>;
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

/**
 * Wakes the publisher when a scheduled article's publishedAt arrives: a
 * one-time EventBridge Scheduler schedule on AWS, a timer locally.
 */
export interface PublishScheduler {
  /** Creates or moves the wake-up for this article. */
  schedule(id: string, at: Date): Promise<void>;
  /** Cancels it; no error when there is none. */
  cancel(id: string): Promise<void>;
}

export type AuditAction = 'create' | 'replace' | 'patch' | 'delete' | 'import' | 'key.create' | 'key.revoke';

export interface AuditEntry {
  at: string;
  /** The id of the editor key that acted (its name is beside it, and need not be unique). */
  editorId: string;
  /** The name of the editor key that acted. */
  editor: string;
  action: AuditAction;
  /** The article or key the action was on. */
  subject: string;
  version?: number;
}

export interface AuditQuery {
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string | undefined;
  subject?: string | undefined;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first; `subject` narrows to one article or key. */
  list(query: AuditQuery): Promise<Page<AuditEntry>>;
}

/**
 * Turns a raw page (copied text or HTML) into article input fields. Where it
 * runs is the world's choice: in the request's own thread on Lambda (one
 * request per container), in a worker with a time and memory budget locally
 * (one process answers everything).
 * @throws UnprocessableError (422) naming what was missing or what the page exceeded.
 */
export interface PageReader {
  read(text: string, mediaType: 'text/plain' | 'text/html'): Promise<Record<string, unknown>>;
}
