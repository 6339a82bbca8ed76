/**
 * Reads a feed file someone moves in with: RSS 2.0 (WordPress, Ghost, Hugo),
 * RSS 1.0 (RDF), Atom 1.0 (Jekyll, Blogger), JSON Feed 1.0/1.1 and a
 * WordPress export (WXR, RSS 2.0 with the wp: namespace), into one shape:
 * the items as they were, with their ids kept verbatim.
 */
import { createHash } from 'node:crypto';
import type { Author } from '../article.js';
import { deriveSummary } from '../content.js';
import { UnprocessableError } from '../errors.js';
import { normaliseSpace, truncateAtWord } from '../text.js';
import { child, childrenOf, innerXml, parseXml, textOf, type XmlElement } from './xml-tree.js';

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

const NS = {
  none: '',
  atom: 'http://www.w3.org/2005/Atom',
  rss1: 'http://purl.org/rss/1.0/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/',
} as const;

/** WXR's namespaces carry the export version (1.0, 1.1, 1.2): matched by prefix. */
const WP_NS = /^http:\/\/wordpress\.org\/export\/1\.\d+\/$/;
const WP_EXCERPT_NS = /^http:\/\/wordpress\.org\/export\/1\.\d+\/excerpt\/$/;

const notAFeed = (why: string) =>
  new UnprocessableError(
    `The file is not a feed this import reads (RSS 2.0, RSS 1.0, Atom 1.0, JSON Feed or a WordPress export): ${why}.`,
  );

/** A date as RFC 3339 UTC; the text as written when no reader of dates could read it. */
function readDate(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw.trim());
  return Number.isNaN(ms) ? raw.trim() : new Date(ms).toISOString();
}

/** RSS's `author` is an e-mail address and a name: "jo@example.com (Jo Bloggs)", or a name alone. */
function rssAuthor(raw: string): Author {
  const paren = /^\s*(\S+@\S+)\s*\((.+)\)\s*$/.exec(raw);
  if (paren?.[1] !== undefined && paren[2] !== undefined) return { name: paren[2].trim(), email: paren[1] };
  if (/^\S+@\S+\.\S+$/.test(raw.trim())) return { name: raw.trim(), email: raw.trim() };
  return { name: normaliseSpace(raw) };
}

function unique(values: Array<string | undefined>): string[] {
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

const isImageUrl = (url: string) => /\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#]|$)/i.test(url);

/** The item's picture: media:content or media:thumbnail of an image, else the first enclosure that is one. */
function rssImage(item: XmlElement): string | undefined {
  const media = [...childrenOf(item, NS.media, 'content'), ...childrenOf(item, NS.media, 'thumbnail')].find(
    (m) =>
      m.attrs.url !== undefined &&
      (m.local === 'thumbnail' || m.attrs.medium === 'image' || (m.attrs.type ?? '').startsWith('image/')),
  );
  if (media?.attrs.url !== undefined) return media.attrs.url;
  const enclosure = childrenOf(item, NS.none, 'enclosure').find(
    (e) =>
      e.attrs.url !== undefined &&
      ((e.attrs.type ?? '').startsWith('image/') || (e.attrs.type === undefined && isImageUrl(e.attrs.url))),
  );
  return enclosure?.attrs.url;
}

/** Fills in what an item lacks but can be known: a title from its text, an id from its link and date. */
function complete(
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

function readRss(channel: XmlElement, wxr: boolean): FeedFile {
  const skipped: FeedFile['skipped'] = [];
  const items: FeedItem[] = [];
  for (const item of childrenOf(channel, NS.none, 'item')) {
    const wp = (local: string) =>
      item.children.find((c) => WP_NS.test(c.ns) && c.local === local)?.text.trim();
    const label = textOf(item, NS.none, 'title') ?? textOf(item, NS.none, 'guid') ?? '(untitled)';
    let status: FeedItem['status'] = 'published';
    if (wxr) {
      const type = wp('post_type') ?? 'post';
      const state = wp('status') ?? 'publish';
      if (type !== 'post') {
        skipped.push({ item: label, reason: `a WordPress ${type}, not a post` });
        continue;
      }
      if (state === 'draft' || state === 'pending') status = 'draft';
      else if (state !== 'publish' && state !== 'future') {
        skipped.push({ item: label, reason: `a ${state} post` });
        continue;
      }
    }
    const guidElement = child(item, NS.none, 'guid');
    const guid = guidElement?.text.trim();
    const permalinkGuid =
      guid !== undefined && guidElement?.attrs.isPermaLink !== 'false' && /^https?:\/\//.test(guid);
    const link = textOf(item, NS.none, 'link') ?? (permalinkGuid ? guid : undefined);
    const encoded = textOf(item, NS.content, 'encoded');
    const description = textOf(item, NS.none, 'description');
    const excerpt = item.children.find((c) => WP_EXCERPT_NS.test(c.ns) && c.local === 'encoded')?.text.trim();
    const gmt = wp('post_date_gmt');
    const wxrDate =
      gmt !== undefined && gmt !== '0000-00-00 00:00:00' ? `${gmt.replace(' ', 'T')}Z` : undefined;
    items.push(
      complete({
        guid,
        title: textOf(item, NS.none, 'title'),
        link,
        // A WordPress export dates posts in wp:post_date_gmt; its drafts have none (and a pubDate of year -1).
        publishedAt: wxr
          ? wxrDate
          : readDate(textOf(item, NS.none, 'pubDate') ?? textOf(item, NS.dc, 'date')),
        updatedAt: undefined,
        authors: [
          ...childrenOf(item, NS.dc, 'creator').map((c) => ({ name: normaliseSpace(c.text) })),
          ...childrenOf(item, NS.none, 'author').map((a) => rssAuthor(a.text)),
        ].filter((a, i, all) => a.name !== '' && all.findIndex((b) => b.name === a.name) === i),
        categories: unique([
          ...childrenOf(item, NS.none, 'category').map((c) => c.text),
          ...childrenOf(item, NS.dc, 'subject').map((c) => c.text),
        ]),
        summary: encoded !== undefined ? excerpt || description : excerpt || undefined,
        content: (encoded ?? description) === undefined ? null : { html: (encoded ?? description) as string },
        image: rssImage(item),
        status,
      }),
    );
  }
  return { format: wxr ? 'wxr' : 'rss', link: textOf(channel, NS.none, 'link'), items, skipped };
}

function readRdf(root: XmlElement): FeedFile {
  const items = childrenOf(root, NS.rss1, 'item').map((item) => {
    const encoded = textOf(item, NS.content, 'encoded');
    const description = textOf(item, NS.rss1, 'description');
    return complete({
      guid: item.attrs.about,
      title: textOf(item, NS.rss1, 'title'),
      link: textOf(item, NS.rss1, 'link'),
      publishedAt: readDate(textOf(item, NS.dc, 'date')),
      updatedAt: undefined,
      authors: childrenOf(item, NS.dc, 'creator').map((c) => ({ name: normaliseSpace(c.text) })),
      categories: unique(childrenOf(item, NS.dc, 'subject').map((c) => c.text)),
      summary: encoded !== undefined ? description : undefined,
      content: (encoded ?? description) === undefined ? null : { html: (encoded ?? description) as string },
      image: undefined,
      status: 'published',
    });
  });
  return {
    format: 'rdf',
    link: textOf(child(root, NS.rss1, 'channel'), NS.rss1, 'link'),
    items,
    skipped: [],
  };
}

/** Atom text constructs: html is markup as text, xhtml is markup as XML (inside one div), text is text. */
function atomText(element: XmlElement | undefined): { html: string } | { text: string } | null {
  if (element === undefined) return null;
  const type = element.attrs.type ?? 'text';
  if (type === 'xhtml') {
    const div = element.children.find((c) => c.local === 'div');
    return { html: div === undefined ? innerXml(element) : innerXml(div) };
  }
  if (type === 'html' || type === 'text/html')
    return element.text.trim() === '' ? null : { html: element.text };
  return element.text.trim() === '' ? null : { text: element.text };
}

function plainOf(text: { html: string } | { text: string } | null): string | undefined {
  if (text === null) return undefined;
  return 'html' in text ? deriveSummary(text.html) : normaliseSpace(text.text);
}

function atomAuthors(element: XmlElement | undefined): Author[] {
  return childrenOf(element, NS.atom, 'author')
    .map((a) => ({
      name: normaliseSpace(textOf(a, NS.atom, 'name') ?? ''),
      ...(textOf(a, NS.atom, 'uri') === undefined ? {} : { url: textOf(a, NS.atom, 'uri') }),
      ...(textOf(a, NS.atom, 'email') === undefined ? {} : { email: textOf(a, NS.atom, 'email') }),
    }))
    .filter((a) => a.name !== '');
}

function atomLink(element: XmlElement, rel: string): string | undefined {
  return childrenOf(element, NS.atom, 'link').find((l) => (l.attrs.rel ?? 'alternate') === rel)?.attrs.href;
}

function readAtom(feed: XmlElement): FeedFile {
  const feedAuthors = atomAuthors(feed);
  const items = childrenOf(feed, NS.atom, 'entry').map((entry) => {
    const authors = atomAuthors(entry);
    const enclosure = childrenOf(entry, NS.atom, 'link').find(
      (l) => l.attrs.rel === 'enclosure' && (l.attrs.type ?? '').startsWith('image/'),
    )?.attrs.href;
    const thumbnail = child(entry, NS.media, 'thumbnail')?.attrs.url;
    const published = textOf(entry, NS.atom, 'published');
    const updated = textOf(entry, NS.atom, 'updated');
    const content = atomText(child(entry, NS.atom, 'content'));
    const summary = atomText(child(entry, NS.atom, 'summary'));
    return complete({
      guid: textOf(entry, NS.atom, 'id'),
      title: plainOf(atomText(child(entry, NS.atom, 'title'))),
      link: atomLink(entry, 'alternate'),
      publishedAt: readDate(published ?? updated),
      updatedAt: readDate(updated),
      authors: authors.length > 0 ? authors : feedAuthors,
      categories: unique(childrenOf(entry, NS.atom, 'category').map((c) => c.attrs.label ?? c.attrs.term)),
      summary: content === null ? undefined : plainOf(summary),
      content: content ?? summary,
      image: thumbnail ?? enclosure,
      status: 'published',
    });
  });
  return { format: 'atom', link: atomLink(feed, 'alternate'), items, skipped: [] };
}

type Json = Record<string, unknown>;
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

function readJsonFeed(feed: Json): FeedFile {
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

/**
 * The items in the order an import writes them, oldest first, so they take
 * archive numbers in date order (undated ones first, in the file's order).
 */
export function oldestFirst(items: readonly FeedItem[]): FeedItem[] {
  const at = (item: FeedItem) => Date.parse(item.publishedAt ?? '') || 0;
  return [...items].sort((a, b) => at(a) - at(b));
}

/** Two items with one id would be one article, and a reader would lose one: the file is refused. */
function assertUniqueIds(file: FeedFile): FeedFile {
  const seen = new Map<string, number>();
  for (const item of file.items) seen.set(item.guid, (seen.get(item.guid) ?? 0) + 1);
  const duplicates = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  if (duplicates.length > 0) {
    const shown = duplicates.slice(0, 5).map((id) => `"${id}"`);
    throw new UnprocessableError(
      `The feed gives ${duplicates.length} id(s) to more than one item, so readers cannot tell them apart: ${shown.join(', ')}${duplicates.length > 5 ? ', …' : ''}. Give each item its own id and import again.`,
    );
  }
  return file;
}

/**
 * @throws UnprocessableError when the file is not a feed (saying why), or when
 * two items share an id (naming them).
 */
export function readFeed(source: string): FeedFile {
  const text = source.replace(/^\uFEFF/, '');
  if (/^\s*[{[]/.test(text)) {
    let feed: unknown;
    try {
      feed = JSON.parse(text);
    } catch (error) {
      throw notAFeed(`it looks like JSON but does not parse (${(error as Error).message})`);
    }
    if (
      typeof feed !== 'object' ||
      feed === null ||
      !String((feed as Json).version ?? '').startsWith('https://jsonfeed.org/version/')
    )
      throw notAFeed('JSON without a JSON Feed "version"');
    return assertUniqueIds(readJsonFeed(feed as Json));
  }
  let document: XmlElement;
  try {
    document = parseXml(text);
  } catch (error) {
    throw notAFeed(`it is not well-formed XML (${(error as Error).message})`);
  }
  const root = document.children[0];
  if (root === undefined) throw notAFeed('it is empty');
  if (root.ns === NS.none && root.local === 'rss') {
    const channel = child(root, NS.none, 'channel');
    if (channel === undefined) throw notAFeed('an <rss> without a <channel>');
    const wxr = channel.children.some((c) => WP_NS.test(c.ns)) || /wordpress\.org\/export/.test(text);
    return assertUniqueIds(readRss(channel, wxr));
  }
  if (root.ns === NS.atom && root.local === 'feed') return assertUniqueIds(readAtom(root));
  if (root.ns === NS.rdf && root.local === 'RDF') return assertUniqueIds(readRdf(root));
  throw notAFeed(`its root element is <${root.local}>`);
}
