/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 writers.
 *
 * Why not the `feed` package: it writes JSON Feed 1.0, passes XML-illegal
 * characters through, escapes only `"` in attributes (an Atom category with
 * `<` is malformed and no input can be pre-escaped past its `&` escaping),
 * splits only the first `]]>` in CDATA, stamps `new Date()` when no date is
 * given, throws on non-URL ids, has no dc:creator and renders whole documents
 * only (no per-item fragments to cache). Every one of those is a boundary
 * fix or a rewrite; a writer of our own with one escaping function is smaller.
 * Every output is checked by a real XML parser in the publisher's gate.
 */
import type { Article, Tombstone } from '../article.js';
import { escapeXml, stripXmlIllegal } from '../text.js';

export interface FeedUrls {
  rss: string;
  atom: string;
  json: string;
}

export interface Channel {
  title: string;
  description: string;
  /** The HTML page of this feed. */
  homeUrl: string;
  language: string;
  rssUrl: string;
  atomUrl: string;
  jsonUrl: string;
  hubs: string[];
  /** The site's square image: RSS image, Atom icon, JSON Feed icon and favicon. */
  icon?: string | undefined;
  /** RFC 5005: this document is an archive page (fh:archive) and its neighbours. */
  archive?: { current: FeedUrls; next?: FeedUrls | undefined } | undefined;
  /** RFC 5005: the newest archive page older than this document. */
  prevArchive?: FeedUrls | undefined;
  /** RFC 6721: recent deletions (Atom only). */
  tombstones?: Tombstone[] | undefined;
}

const FH = 'http://purl.org/syndication/history/1.0';
const AT = 'http://purl.org/atompub/tombstones/1.0';

const GENERATOR = 'feedwright';
const EPOCH = new Date(0).toISOString();

/** Feed-level updated: the newest article change, so equal inputs give equal bytes. */
function feedUpdated(articles: readonly Article[]): string {
  let newest = EPOCH;
  for (const a of articles) if (a.updatedAt > newest) newest = a.updatedAt;
  return newest;
}

/** RFC 5005 links of a document, for one format. */
function historyLinks(channel: Channel, format: keyof FeedUrls): Array<[string, string]> {
  const links: Array<[string, string]> = [];
  if (channel.archive !== undefined) links.push(['current', channel.archive.current[format]]);
  if (channel.prevArchive !== undefined) links.push(['prev-archive', channel.prevArchive[format]]);
  if (channel.archive?.next !== undefined) links.push(['next-archive', channel.archive.next[format]]);
  return links;
}

function rfc822(iso: string): string {
  return new Date(iso).toUTCString();
}

const el = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

/** HTML-escapes plain text, for fields whose XML text is itself HTML (RSS description). */
const textAsHtml = (text: string) => escapeXml(text);

/** CDATA that survives any number of `]]>` in the text. */
function cdata(text: string): string {
  return `<![CDATA[${stripXmlIllegal(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function imageType(url: string): string {
  const ext = new URL(url).pathname.split('.').pop()?.toLowerCase();
  const known: Record<string, string> = {
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    png: 'image/png',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    svg: 'image/svg+xml',
  };
  return (ext !== undefined && known[ext]) || 'image/jpeg';
}

function rssItem(a: Article): string {
  const parts = [
    '<item>',
    // Plain text entity-escaped, as every reader reads it the same (CDATA made some type it as HTML).
    el('title', a.title),
    el('link', a.url),
    `<guid isPermaLink="false">${escapeXml(a.guid)}</guid>`,
    el('pubDate', rfc822(a.publishedAt)),
    el('description', textAsHtml(a.summary)),
    `<content:encoded>${cdata(a.contentHtml)}</content:encoded>`,
    // One dc:creator naming everyone: readers given several show only the last (docs/feeds.md, Authors).
    ...(a.authors.length === 0 ? [] : [el('dc:creator', a.authors.map((author) => author.name).join(', '))]),
    ...a.categories.map((c) => el('category', c)),
  ];
  if (a.image !== null) {
    parts.push(`<media:content url="${escapeXml(a.image)}" medium="image" type="${imageType(a.image)}"/>`);
  }
  // RSS's <source> needs a URL; without one, Dublin Core's source carries the name.
  if (a.source !== null && a.source.url !== undefined) {
    parts.push(`<source url="${escapeXml(a.source.url)}">${escapeXml(a.source.name)}</source>`);
  } else if (a.source !== null) {
    parts.push(el('dc:source', a.source.name));
  }
  parts.push('</item>');
  return parts.join('\n');
}

export function renderRss(channel: Channel, articles: readonly Article[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:fh="${FH}">`,
    '<channel>',
    el('title', channel.title),
    el('link', channel.homeUrl),
    el('description', channel.description),
    el('language', channel.language),
    el('lastBuildDate', rfc822(feedUpdated(articles))),
    el('generator', GENERATOR),
    el('docs', 'https://www.rssboard.org/rss-specification'),
    ...(channel.icon === undefined
      ? []
      : [
          `<image>${el('url', channel.icon)}${el('title', channel.title)}${el('link', channel.homeUrl)}</image>`,
        ]),
    `<atom:link href="${escapeXml(channel.rssUrl)}" rel="self" type="application/rss+xml"/>`,
    ...channel.hubs.map((hub) => `<atom:link href="${escapeXml(hub)}" rel="hub"/>`),
    ...historyLinks(channel, 'rss').map(
      ([rel, href]) => `<atom:link href="${escapeXml(href)}" rel="${rel}" type="application/rss+xml"/>`,
    ),
    ...(channel.archive === undefined ? [] : ['<fh:archive/>']),
    ...articles.map(rssItem),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

/**
 * An entry's Atom id: the guid, which is an IRI unless an imported RSS item
 * had another kind of id (RSS allows any string); such a guid is carried in
 * a URN of its own, the same for the same guid, as Atom ids must be IRIs.
 * @example atomIdOf('post 5') === 'urn:feedwright-guid:post%205'
 */
export function atomIdOf(guid: string): string {
  return /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i.test(guid)
    ? guid
    : `urn:feedwright-guid:${encodeURIComponent(guid)}`;
}

function atomEntry(a: Article): string {
  const parts = [
    '<entry>',
    el('id', atomIdOf(a.guid)),
    `<title type="text">${escapeXml(a.title)}</title>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(a.url)}"/>`,
    el('published', a.publishedAt),
    el('updated', a.updatedAt),
  ];
  for (const author of a.authors) {
    parts.push('<author>', el('name', author.name));
    if (author.url !== undefined) parts.push(el('uri', author.url));
    if (author.email !== undefined) parts.push(el('email', author.email));
    parts.push('</author>');
  }
  for (const c of a.categories) parts.push(`<category term="${escapeXml(c)}"/>`);
  parts.push(`<summary type="text">${escapeXml(a.summary)}</summary>`);
  parts.push(`<content type="html">${escapeXml(a.contentHtml)}</content>`);
  if (a.image !== null) {
    parts.push(`<link rel="enclosure" type="${imageType(a.image)}" href="${escapeXml(a.image)}"/>`);
    parts.push(`<media:thumbnail url="${escapeXml(a.image)}"/>`);
  }
  if (a.source !== null) {
    // RFC 4287 asks a source for its id and updated too: the source's URL (or this entry's id), and when
    // this entry took it.
    parts.push(
      '<source>',
      el('id', a.source.url ?? `${atomIdOf(a.guid)}/source`),
      el('title', a.source.name),
    );
    parts.push(el('updated', a.publishedAt));
    if (a.source.url !== undefined) parts.push(`<link rel="alternate" href="${escapeXml(a.source.url)}"/>`);
    parts.push('</source>');
  }
  parts.push('</entry>');
  return parts.join('\n');
}

export function renderAtom(channel: Channel, articles: readonly Article[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    // The tombstone namespace only where there are tombstones (validators warn of an unused one).
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xmlns:fh="${FH}"${(channel.tombstones ?? []).length > 0 ? ` xmlns:at="${AT}"` : ''} xml:lang="${escapeXml(channel.language)}">`,
    el('id', channel.homeUrl),
    `<title type="text">${escapeXml(channel.title)}</title>`,
    `<subtitle type="text">${escapeXml(channel.description)}</subtitle>`,
    el('updated', feedUpdated(articles)),
    `<link rel="alternate" type="text/html" href="${escapeXml(channel.homeUrl)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(channel.atomUrl)}"/>`,
    ...channel.hubs.map((hub) => `<link rel="hub" href="${escapeXml(hub)}"/>`),
    ...historyLinks(channel, 'atom').map(
      ([rel, href]) => `<link rel="${rel}" type="application/atom+xml" href="${escapeXml(href)}"/>`,
    ),
    ...(channel.archive === undefined ? [] : ['<fh:archive/>']),
    // Atom needs an author per entry or on the feed; the site is the fallback.
    `<author>${el('name', channel.title)}</author>`,
    el('generator', GENERATOR),
    ...(channel.icon === undefined ? [] : [el('icon', channel.icon)]),
    ...(channel.tombstones ?? []).map(
      (t) =>
        `<at:deleted-entry ref="${escapeXml(atomIdOf(t.guid))}" when="${escapeXml(t.deletedAt)}"><link href="${escapeXml(t.url)}"/></at:deleted-entry>`,
    ),
    ...articles.map(atomEntry),
    '</feed>',
    '',
  ].join('\n');
}

function jsonItem(a: Article): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id: a.guid,
    url: a.url,
    title: a.title,
    content_html: a.contentHtml,
    summary: a.summary,
    date_published: a.publishedAt,
    date_modified: a.updatedAt,
  };
  if (a.image !== null) item.image = a.image;
  if (a.authors.length > 0) {
    item.authors = a.authors.map((author) =>
      author.url === undefined ? { name: author.name } : { name: author.name, url: author.url },
    );
  }
  if (a.categories.length > 0) item.tags = a.categories;
  if (a.source?.url !== undefined) item.external_url = a.source.url;
  // JSON Feed has no source field: an extension (a leading underscore, as the spec allows) carries it whole.
  if (a.source !== null)
    item._source = a.source.url === undefined ? { name: a.source.name } : { ...a.source };
  return item;
}

export function renderJsonFeed(channel: Channel, articles: readonly Article[]): string {
  const feed: Record<string, unknown> = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.homeUrl,
    feed_url: channel.jsonUrl,
    description: channel.description,
    language: channel.language,
  };
  if (channel.icon !== undefined) Object.assign(feed, { icon: channel.icon, favicon: channel.icon });
  if (channel.hubs.length > 0) feed.hubs = channel.hubs.map((url) => ({ type: 'WebSub', url }));
  // JSON Feed pages backwards in time through next_url.
  if (channel.prevArchive !== undefined) feed.next_url = channel.prevArchive.json;
  feed.items = articles.map(jsonItem);
  return `${JSON.stringify(feed)}\n`;
}

/** A feed in its three formats, from one channel and one list of articles. */
export interface FeedSet {
  rss: string;
  atom: string;
  json: string;
}

export function renderFeedSet(channel: Channel, articles: readonly Article[]): FeedSet {
  return {
    rss: renderRss(channel, articles),
    atom: renderAtom(channel, articles),
    json: renderJsonFeed(channel, articles),
  };
}
