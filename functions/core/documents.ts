/**
 * Where each generated file lives and how it is served. The one place that
 * knows paths, media types and cache lifetimes: the publisher, the S3 adapter
 * and the local static server all ask here.
 */
import type { PublicDocument } from './ports.js';
import { siteUrlOf } from './site.js';

export const MEDIA_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
} as const;

/**
 * The Content-Security-Policy of every HTML page: no script at all, images
 * from anywhere, inline styles only (the pages' own), no forms, no framing.
 * The local server, CloudFront's response headers policy and the API's
 * preview all send this one.
 */
export const PAGE_CSP =
  "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The directory of every category: a page to browse, and OPML to subscribe to them all at once. */
export const DIRECTORY_PATHS = { page: 'categories/index.html', opml: 'feeds.opml' } as const;

/**
 * URL paths of directories (the category directory, a category, an archive
 * page) named without their trailing slash: CloudFront answers them with a
 * redirect to the slashed URL, where index.html is served.
 */
export const DIRECTORY_URL_PATTERN =
  /^\/(categories(\/[^/.]+(\/archive\/(\d+|open))?)?|archive\/(\d+|open))$/;

/** The page a missing path answers with status 404, locally and through CloudFront. */
export const NOT_FOUND_PATH = '404.html';

/** For crawlers: everything but the API, which has nothing to index, and where the sitemaps are. */
export const ROBOTS_PATH = 'robots.txt';

/** The sitemap index, the sitemap of the archive page still filling, and that of the listing pages. */
export const SITEMAP_PATHS = {
  index: 'sitemap.xml',
  open: 'sitemaps/open.xml',
  pages: 'sitemaps/pages.xml',
} as const;

/** The sitemap of full archive page k, which changes only when one of its articles does. */
export function archiveSitemapPath(page: number): string {
  return `archive/${page}/sitemap.xml`;
}

export interface FeedPaths {
  rss: string;
  atom: string;
  json: string;
  /** The HTML page listing the same articles. */
  page: string;
}

/** Paths of the main feeds (no category) or of one category's feeds. */
export function feedPaths(categorySlug?: string): FeedPaths {
  const dir = categorySlug === undefined ? '' : `categories/${categorySlug}/`;
  return { rss: `${dir}rss.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json`, page: `${dir}index.html` };
}

/**
 * Paths of archive page k (RFC 5005), oldest page 1, of the site or of one
 * category; `open` is the page still filling, which changes until it is full
 * and then takes its number (so a numbered page never changes but for its
 * next-archive link, and may be cached for long).
 */
export function archivePaths(page: number | 'open', categorySlug?: string): FeedPaths {
  const dir = `${categorySlug === undefined ? '' : `categories/${categorySlug}/`}archive/${page}/`;
  return { rss: `${dir}rss.xml`, atom: `${dir}atom.xml`, json: `${dir}feed.json`, page: `${dir}index.html` };
}

/** The article's page: served at /articles/{id}, the default permalink. */
export function articlePath(id: string): string {
  return `articles/${id}`;
}

export function contentTypeOf(path: string): string {
  if (path.endsWith('rss.xml')) return MEDIA_TYPES.rss;
  if (path.endsWith('atom.xml')) return MEDIA_TYPES.atom;
  if (path.endsWith('feed.json')) return MEDIA_TYPES.json;
  if (path.endsWith('.opml')) return MEDIA_TYPES.opml;
  if (path.endsWith('.txt')) return MEDIA_TYPES.text;
  if (path.endsWith('.xml')) return MEDIA_TYPES.xml;
  return MEDIA_TYPES.html;
}

/** Feeds: short, with stale-while-revalidate so polling stays cheap. Archive pages: long. Pages: shorter. */
export function cacheControlOf(path: string): string {
  if (/^(categories\/[^/]+\/)?archive\/\d+\//.test(path))
    return 'public, max-age=86400, stale-while-revalidate=604800';
  if (path.endsWith('.xml') || path.endsWith('.json')) {
    return 'public, max-age=60, stale-while-revalidate=3600';
  }
  return 'public, max-age=60, stale-while-revalidate=600';
}

export function publicDocument(path: string, body: string): PublicDocument {
  return { path, body, contentType: contentTypeOf(path), cacheControl: cacheControlOf(path) };
}

/** Whether a path is a feed document (current, category or archive). */
export function isFeedPath(path: string): boolean {
  return path.endsWith('rss.xml') || path.endsWith('atom.xml') || path.endsWith('feed.json');
}

/**
 * WebSub discovery in HTTP (W3C WebSub 4): `Link: <hub>; rel="hub", <self>; rel="self"`
 * on every feed response. Undefined for other paths, or when there is no hub.
 */
export function linkHeaderOf(
  path: string,
  site: { siteUrl: string; hubs: readonly string[] },
): string | undefined {
  if (!isFeedPath(path) || site.hubs.length === 0) return undefined;
  return [...site.hubs.map((hub) => `<${hub}>; rel="hub"`), `<${siteUrlOf(site, path)}>; rel="self"`].join(
    ', ',
  );
}
