/**
 * Where each generated file lives and how it is served. The one place that
 * knows paths, media types and cache lifetimes: the publisher, the S3 adapter
 * and the local static server all ask here.
 */
import type { PublicDocument } from './ports.js';
import { siteUrlOf } from './site.js';
import { escapeXml } from './text.js';

export const MEDIA_TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
} as const;

/**
 * The Content-Security-Policy of every HTML page: no script at all, images
 * from anywhere, inline styles only (the pages' own), no forms, no framing.
 * The local server, CloudFront's response headers policy and the API's
 * preview all send this one.
 */
export const PAGE_CSP =
  "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * The editors' desk (desk/ in the repository), served under /desk/ by both
 * worlds with a policy of its own: its one script from the site, API calls
 * to the site only, never framed, no inline script anywhere; inline styles
 * only for the sandboxed preview of an article.
 */
export const DESK_PREFIX = 'desk/';
export const DESK_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: http: data:; frame-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The Content-Security-Policy a path is served with, if any (HTML pages and the desk's files). */
export function cspOf(path: string): string | undefined {
  if (path.startsWith(DESK_PREFIX)) return DESK_CSP;
  return contentTypeOf(path).startsWith('text/html') ? PAGE_CSP : undefined;
}

/** The directory of every category: a page to browse, and OPML to subscribe to them all at once. */
export const DIRECTORY_PATHS = { page: 'categories/index.html', opml: 'feeds.opml' } as const;

/**
 * URL paths of directories (the category directory, a category, an archive
 * page) named without their trailing slash: CloudFront answers them with a
 * redirect to the slashed URL, where index.html is served.
 */
export const DIRECTORY_URL_PATTERN =
  /^\/(categories(\/[^/.]+(\/archive\/(\d+|open))?)?|archive\/(\d+|open)|desk)$/;

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
  if (path.endsWith('.js')) return MEDIA_TYPES.js;
  if (path.endsWith('.css')) return MEDIA_TYPES.css;
  return MEDIA_TYPES.html;
}

/** Feeds: short, with stale-while-revalidate so polling stays cheap. Archive pages: long. Pages: shorter. */
export function cacheControlOf(path: string): string {
  // The desk is revalidated on every load, so a deploy reaches editors at once.
  if (path.startsWith(DESK_PREFIX)) return 'no-cache';
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

/**
 * The page at an article's old path (an import's old link): a redirect stub
 * as static site generators write for aliases (a refresh, a canonical link),
 * which both worlds also answer with a real 301 (see `redirectTarget`).
 */
export function redirectPage(location: string): string {
  const href = escapeXml(location);
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="feedwright-redirect" content="${href}"><meta http-equiv="refresh" content="0; url=${href}"><link rel="canonical" href="${href}"><meta name="robots" content="noindex"><title>Moved</title></head><body><p>This article has moved to <a href="${href}">${href}</a>.</p></body></html>\n`;
}

const REDIRECT_MARK =
  /^<!doctype html><html><head><meta charset="utf-8"><meta name="feedwright-redirect" content="([^"]*)">/;

/** The object metadata (x-amz-meta-location) through which CloudFront learns a redirect page's target. */
export const REDIRECT_METADATA = 'location';

/** Where a redirect page sends its reader, or null for any other document. */
export function redirectTarget(body: string): string | null {
  const match = REDIRECT_MARK.exec(body);
  if (match?.[1] === undefined) return null;
  return match[1]
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Document paths are generated (ids and slugs in any script, old paths checked by `aliasPathOf`); anything else is a bug, never a file. */
export const DOCUMENT_PATH =
  /^(?:[\p{Ll}\p{Lo}\p{Lm}\p{N}][\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}._-]*\/)*[\p{Ll}\p{Lo}\p{Lm}\p{N}][\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}._-]*$/u;

/** First segments and files the site itself serves: an old path there would shadow or be shadowed. */
const OWN_PATHS =
  /^(?:articles|categories|archive|sitemaps|api|desk)(?:\/|$)|^(?:index\.html|404\.html|rss\.xml|atom\.xml|feed\.json|feeds\.opml|sitemap\.xml|robots\.txt)$/;

/**
 * The document path an old link's path would take here (`/2019/05/hello/`
 * becomes `2019/05/hello/index.html`), or why it cannot have one.
 */
export function aliasPathOf(urlPath: string): { path: string } | { refused: string } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { refused: 'its path is not valid percent-encoding' };
  }
  const path = decoded.replace(/^\/+/, '').replace(/\/$/, '/index.html');
  if (path === '' || path === 'index.html') return { refused: 'it is the home page' };
  if (OWN_PATHS.test(path)) return { refused: 'the site uses that path itself' };
  if (!DOCUMENT_PATH.test(path) || path.split('/').some((part) => part === '.' || part === '..'))
    return {
      refused: 'its path has characters a published file may not have (capitals, spaces, dot segments)',
    };
  return { path };
}

/**
 * Where the feeds of the generators people move from lived (WordPress,
 * Ghost, Hugo, Jekyll): each answers a 301 to the feed here of the same
 * format, so a reader subscribed to the old URL follows without a duplicate.
 */
export const OLD_FEED_PATHS: Readonly<Record<string, string>> = {
  '/feed/': '/rss.xml',
  '/feed': '/rss.xml',
  '/feed/rss/': '/rss.xml',
  '/feed/rss2/': '/rss.xml',
  '/feed/atom/': '/atom.xml',
  '/?feed=rss2': '/rss.xml',
  '/?feed=rss': '/rss.xml',
  '/?feed=atom': '/atom.xml',
  '/rss/': '/rss.xml',
  '/rss': '/rss.xml',
  '/index.xml': '/rss.xml',
  '/feed.xml': '/atom.xml',
  '/feed.atom': '/atom.xml',
};

const FEED_TARGETS = new Set(['/rss.xml', '/atom.xml', '/feed.json']);

/**
 * OLD_FEED_PATHS (locally) or the `oldFeedPaths` context (on AWS):
 * `from=to` pairs separated by commas, replacing the defaults; `none` for no
 * redirects. @throws Error naming the pair that is wrong.
 * @example parseOldFeedPaths('/blog/feed/=/rss.xml') // { '/blog/feed/': '/rss.xml' }
 */
export function parseOldFeedPaths(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw.trim() === '') return { ...OLD_FEED_PATHS };
  if (raw.trim() === 'none') return {};
  const map: Record<string, string> = {};
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const at = pair.lastIndexOf('=');
    const from = pair.slice(0, at).trim();
    const to = pair.slice(at + 1).trim();
    if (at < 1 || !from.startsWith('/') || /\s/.test(from) || !FEED_TARGETS.has(to))
      throw new Error(
        `"${pair}" is not an old feed path: write /old/path=/rss.xml (or /atom.xml, /feed.json), pairs separated by commas.`,
      );
    if (FEED_TARGETS.has(from)) throw new Error(`"${from}" is a feed of this site; it cannot redirect.`);
    map[from] = to;
  }
  return map;
}

/** The feed an old feed URL moved to, or null. `search` is the query as sent (`?feed=rss2`) or ''. */
export function movedFeed(
  map: Readonly<Record<string, string>>,
  pathname: string,
  search: string,
): string | null {
  return map[`${pathname}${search}`] ?? (search === '' ? null : (map[pathname] ?? null));
}
