/** What every feed reader of the import makes: one shape of item and file, and the helpers they share. */
import { createHash } from 'node:crypto';
import type { Author } from '../article.js';
import { deriveSummary } from '../content.js';
import { UnprocessableError } from '../errors.js';
import { normaliseSpace, truncateAtWord } from '../text.js';

type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json' | 'wxr';

export interface FeedItem {
  /** The item's own id (RSS guid, Atom id, JSON Feed id), verbatim; or derived, see `notes`. */
  guid: string;
  title: string;
  /** Where the item lived on the old site. */
  link?: string | undefined;
  /** RFC 3339, or the date as written when it could not be read (the import refuses it then). */
  publishedAt?: string | undefined;
  updatedAt?: string | undefined;
  authors: Author[];
  categories: string[];
  summary?: string | undefined;
  /** HTML, or plain text for items whose content is text. */
  content: { html: string } | { text: string } | null;
  image?: string | undefined;
  status: 'published' | 'draft';
  /** What the reader had to make up (a derived id, a title taken from the text). */
  notes: string[];
}

export interface FeedFile {
  format: FeedFormat;
  /** The old site's address (the channel's link), when the feed names it. */
  link?: string | undefined;
  items: FeedItem[];
  /** Entries of the file that are not articles (WXR pages, attachments, trashed posts), with why. */
  skipped: Array<{ item: string; reason: string }>;
}

export const NS = {
  none: '',
  atom: 'http://www.w3.org/2005/Atom',
  rss1: 'http://purl.org/rss/1.0/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
} as const;

/** WXR's namespaces carry the export version (1.0, 1.1, 1.2): matched by prefix. */
export const WP_NS = /^http:\/\/wordpress\.org\/export\/1\.\d+\/$/;
export const WP_EXCERPT_NS = /^http:\/\/wordpress\.org\/export\/1\.\d+\/excerpt\/$/;

export const notAFeed = (why: string) =>
  new UnprocessableError(
    `The file is not a feed this import reads (RSS 2.0, RSS 1.0, Atom 1.0, JSON Feed or a WordPress export): ${why}.`,
  );

/** A date as RFC 3339 UTC; the text as written when no reader of dates could read it. */
export function readDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw.trim());
  return Number.isNaN(ms) ? raw.trim() : new Date(ms).toISOString();
}

export function unique(values: Array<string | undefined>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of values) {
    const value = raw === undefined ? '' : normaliseSpace(raw);
    if (value !== '' && !seen.has(value.toLowerCase())) {
      seen.add(value.toLowerCase());
      out.push(value);
    }
  }
  return out;
}

/** Fills in what an item lacks but can be known: a title from its text, an id from its link and date. */
export function complete(
  item: Omit<FeedItem, 'guid' | 'title' | 'notes'> & { guid?: string; title?: string },
): FeedItem {
  const notes: string[] = [];
  let title = item.title === undefined ? '' : normaliseSpace(item.title);
  if (title === '') {
    const text =
      item.content === null
        ? (item.summary ?? '')
        : 'html' in item.content
          ? deriveSummary(item.content.html)
          : item.content.text;
    title = truncateAtWord(normaliseSpace(text), 100);
    if (title !== '') notes.push('it had no title: the title is the start of its text');
  }
  let guid = item.guid?.trim() ?? '';
  if (guid === '') {
    const basis = `${item.link ?? ''}#${item.publishedAt ?? ''}`;
    guid =
      item.link !== undefined
        ? basis
        : `urn:sha256:${createHash('sha256').update(`${basis}#${title}`).digest('hex')}`;
    notes.push(`it had no id: its id is derived from its link and date (${guid})`);
  }
  return { ...item, guid, title, notes };
}
