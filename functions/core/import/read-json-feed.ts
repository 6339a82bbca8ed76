/** JSON Feed 1.0 and 1.1 into the import's items. */
import type { Author } from '../article.js';
import { normaliseSpace } from '../text.js';
import { complete, type FeedFile, notAFeed, readDate, unique } from './feed-items.js';

export type Json = Record<string, unknown>;
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

function jsonAuthors(value: unknown): Author[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .filter((a): a is Json => typeof a === 'object' && a !== null && str((a as Json).name) !== undefined)
    .map((a) => ({
      name: normaliseSpace(a.name as string),
      ...(str(a.url) === undefined ? {} : { url: str(a.url) }),
    }));
}

export function readJsonFeed(feed: Json): FeedFile {
  if (!Array.isArray(feed.items)) throw notAFeed('a JSON Feed has an "items" array');
  const items = (feed.items as unknown[]).map((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw notAFeed(`items[${index}] is not an object`);
    const item = raw as Json;
    const attachment = (Array.isArray(item.attachments) ? (item.attachments as Json[]) : []).find(
      (a) => typeof a === 'object' && a !== null && String(a.mime_type ?? '').startsWith('image/'),
    );
    const extension = (typeof item._feedwright === 'object' ? item._feedwright : {}) as Json;
    const html = str(item.content_html);
    const text = str(item.content_text);
    const rawId = item.id;
    return complete({
      // JSON Feed 1.0 allowed numbers as ids; they are kept as the strings readers compare.
      guid: typeof rawId === 'number' ? String(rawId) : str(rawId),
      title: str(item.title),
      link: str(item.url) ?? str(item.external_url),
      publishedAt: readDate(str(item.date_published) ?? str(item.date_modified)),
      updatedAt: readDate(str(item.date_modified)),
      authors: jsonAuthors(item.authors ?? item.author ?? feed.authors ?? feed.author),
      categories: unique(Array.isArray(item.tags) ? item.tags.map((t) => str(t)) : []),
      summary: str(item.summary),
      content: html !== undefined ? { html } : text !== undefined ? { text } : null,
      image: str(item.image) ?? str(item.banner_image) ?? str(attachment?.url),
      status: extension.status === 'draft' ? 'draft' : 'published',
    });
  });
  return { format: 'json', link: str(feed.home_page_url), items, skipped: [] };
}
