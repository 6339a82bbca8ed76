/**
 * Reads a feed file someone moves in with: RSS 2.0 (WordPress, Ghost, Hugo),
 * RSS 1.0 (RDF), Atom 1.0 (Jekyll, Blogger), JSON Feed 1.0/1.1 and a
 * WordPress export (WXR, RSS 2.0 with the wp: namespace), into one shape:
 * the items as they were, with their ids kept verbatim.
 */
import type { Author } from '../article.js';
import { UnprocessableError } from '../errors.js';
import { normaliseSpace } from '../text.js';
import {
  complete,
  type FeedFile,
  type FeedItem,
  NS,
  notAFeed,
  readDate,
  unique,
  WP_EXCERPT_NS,
  WP_NS,
} from './feed-items.js';
import { readAtom } from './read-atom.js';
import { type Json, readJsonFeed } from './read-json-feed.js';
import { child, childrenOf, parseXml, textOf, type XmlElement } from './xml-tree.js';

export type { FeedFile, FeedItem } from './feed-items.js';

/** RSS's `author` is an e-mail address and a name: "jo@example.com (Jo Bloggs)", or a name alone. */
function rssAuthor(raw: string): Author {
  const paren = /^\s*(\S+@\S+)\s*\((.+)\)\s*$/.exec(raw);
  if (paren?.[1] !== undefined && paren[2] !== undefined) return { name: paren[2].trim(), email: paren[1] };
  if (/^\S+@\S+\.\S+$/.test(raw.trim())) return { name: raw.trim(), email: raw.trim() };
  return { name: normaliseSpace(raw) };
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
