/**
 * One publish run's output: every document passes the gate before it is
 * written, unchanged bytes are counted and not rewritten, and the run keeps
 * what the hubs must hear of and what to remove once nothing links it.
 */
import type { Tombstone } from '../article.js';
import type { FeedPaths } from '../documents.js';
import { publicDocument } from '../documents.js';
import type { FileStore, Logger, PublicDocument } from '../ports.js';
import type { FeedSet } from '../render/feeds.js';
import { assertValidDocument } from '../render/validate.js';

export interface PublishReport {
  written: string[];
  removed: string[];
  unchanged: number;
}

export class Run {
  readonly report: PublishReport = { written: [], removed: [], unchanged: 0 };
  readonly failures: string[] = [];
  /** Paths of current feeds whose bytes changed, for the WebSub hubs. */
  readonly changedFeeds: string[] = [];
  /**
   * Files to remove once every document that linked them has been rewritten
   * without the link (pages of deleted articles, an emptied category's files).
   */
  readonly removals: string[] = [];
  /** The recent deletions, read once per run for the main feed and every category's. */
  tombstones: Promise<Tombstone[]> | undefined;
  /** A category joined, left or was renamed in the directory: its pages and the listing sitemap change. */
  directoryChanged = false;

  constructor(
    private readonly files: FileStore,
    private readonly log: Logger,
    /** Every change was a quiet one: the hubs hear of this run from the next one that is not. */
    readonly quiet = false,
  ) {}

  /**
   * Gates and writes documents of one tier (none links another, so they are
   * written together; the tiers stay in their order). A failing one is
   * logged and skipped, and the previous file stays.
   * @returns the paths whose bytes changed.
   */
  async write(docs: readonly PublicDocument[]): Promise<string[]> {
    const valid = docs.filter((doc) => {
      try {
        assertValidDocument(doc.path, doc.body);
        return true;
      } catch (error) {
        this.log.error('publish.invalid-document', { path: doc.path, error: (error as Error).message });
        this.failures.push((error as Error).message);
        return false;
      }
    });
    const changed = await Promise.all(valid.map((doc) => this.files.put(doc)));
    const written: string[] = [];
    for (const [i, doc] of valid.entries()) {
      if (changed[i]) {
        written.push(doc.path);
        this.report.written.push(doc.path);
      } else {
        this.report.unchanged++;
      }
    }
    return written;
  }

  /** @param announce whether the hubs hear of it: current feeds are WebSub topics, archive pages are not. */
  async writeFeedSet(paths: FeedPaths, feeds: FeedSet, announce: boolean): Promise<void> {
    const written = await this.write([
      publicDocument(paths.rss, feeds.rss),
      publicDocument(paths.atom, feeds.atom),
      publicDocument(paths.json, feeds.json),
    ]);
    if (announce) this.changedFeeds.push(...written);
  }

  /** Removes what the run let go of, once everything that linked it is rewritten. */
  async removeLeftovers(): Promise<void> {
    for (const path of this.removals) if (await this.files.remove(path)) this.report.removed.push(path);
  }
}
