/**
 * CloudFront caches anonymous /api/latest answers briefly on AWS (see
 * docs/api.md: the bound). Locally the same answers are kept, and dropped
 * the moment a feed file changes, whatever published it (a write or a
 * schedule), so /api/latest never lags the feeds.
 */
import { isFeedPath } from '../../functions/core/documents.js';
import type { HttpRequest, HttpResponse } from '../../functions/http/types.js';

/** How long /api/latest answers are reused, as CloudFront's cache policy does on AWS. */
const LATEST_TTL_MS = 30_000;
/** Any query string makes an entry: a flood of distinct ones empties the cache, never grows it past this. */
const MAX_ENTRIES = 1_000;

export class LatestCache {
  private readonly entries = new Map<string, { at: number; response: HttpResponse }>();

  /** The answer to `req`, from the cache when it may be, else from `answer` (kept when it is a 200). */
  async answer(req: HttpRequest, answer: () => Promise<HttpResponse>): Promise<HttpResponse> {
    if (req.method !== 'GET' || req.path !== '/api/latest' || req.headers.authorization !== undefined)
      return answer();
    const key = req.query.toString();
    const cached = this.entries.get(key);
    if (cached !== undefined && Date.now() - cached.at < LATEST_TTL_MS) return cached.response;
    const response = await answer();
    if (response.status === 200) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, { at: Date.now(), response });
    }
    return response;
  }

  /** Told of every public file written or removed: a feed's change makes every kept answer stale. */
  fileChanged(path: string): void {
    if (isFeedPath(path)) this.entries.clear();
  }
}
