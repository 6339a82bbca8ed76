/**
 * Sitemaps (https://www.sitemaps.org/protocol.html) for search engines: an
 * index naming one sitemap per full archive page (whose members never change,
 * like the page), one for the archive page still filling, and one for the
 * site's listing pages. Every published article has an archive number, so
 * together they name every article page exactly once. No dates but the
 * articles' own, so the same articles give the same bytes.
 */
import type { Article } from '../article.js';
import { escapeXml as esc } from '../text.js';

const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';

/** @example renderSitemapIndex(['https://news.example/archive/1/sitemap.xml']) */
export function renderSitemapIndex(sitemapUrls: readonly string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<sitemapindex xmlns="${NS}">`,
    ...sitemapUrls.map((url) => `<sitemap><loc>${esc(url)}</loc></sitemap>`),
    '</sitemapindex>',
    '',
  ].join('\n');
}

/** A URL set: pages with their last change where known. */
export function renderUrlSet(
  entries: ReadonlyArray<{ url: string; lastModified?: string | undefined }>,
): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<urlset xmlns="${NS}">`,
    ...entries.map(
      (e) =>
        `<url><loc>${esc(e.url)}</loc>${e.lastModified === undefined ? '' : `<lastmod>${esc(e.lastModified)}</lastmod>`}</url>`,
    ),
    '</urlset>',
    '',
  ].join('\n');
}

/**
 * The article pages this site serves: an article whose permalink points
 * elsewhere (its own `url`) is that site's to list, not ours.
 */
export function articleEntries(
  articles: readonly Article[],
  siteUrl: string,
): Array<{ url: string; lastModified: string }> {
  return articles
    .filter((a) => a.url.startsWith(`${siteUrl}/`))
    .map((a) => ({ url: a.url, lastModified: a.updatedAt }));
}
