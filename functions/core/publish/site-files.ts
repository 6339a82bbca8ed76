/**
 * The files that index the whole site: the directory of categories (its
 * page and the OPML), robots.txt, the 404 page, and the sitemaps.
 */
import type { Article } from '../article.js';
import {
  archiveSitemapPath,
  DIRECTORY_PATHS,
  feedPaths,
  NOT_FOUND_PATH,
  publicDocument,
  ROBOTS_PATH,
  SITEMAP_PATHS,
} from '../documents.js';
import { feedUrlsOf, mainChannelOf, pageSiteOf } from '../render/channels.js';
import { renderOpml } from '../render/opml.js';
import { renderCategoriesPage, renderNotFoundPage } from '../render/pages.js';
import { articleEntries, renderSitemapIndex, renderUrlSet } from '../render/sitemaps.js';
import { type SiteConfig, siteUrlOf } from '../site.js';
import { archivePageUrl, type Category, type RenderDeps } from './feed-files.js';
import type { ArchiveBounds } from './plan.js';
import type { Run } from './run.js';

/**
 * The directory and the sitemaps, from one reading of the listed
 * categories. The directory (the categories page, the OPML) is rendered only
 * when a category joined, left or was renamed: a site of 1,000 categories
 * does not render them all again for every article. The sitemaps follow the
 * archive's pages, which a run may open or fill whatever its own changes
 * (an article published ahead of its change), so they are rendered every time.
 * @param filling the open archive page's articles, when the run read them already.
 */
export async function renderSiteIndexes(
  deps: RenderDeps,
  run: Run,
  now: Date,
  bounds: ArchiveBounds,
  options: { directory: boolean; filling?: readonly Article[] | undefined },
): Promise<void> {
  const categories = await deps.books.categories();
  if (options.directory) await run.write(directoryFiles(deps.site, categories));
  const size = deps.site.archiveSize;
  const open = bounds.last > bounds.full;
  const filling = !open
    ? []
    : (options.filling ??
      (await deps.articles.archiveRange(bounds.full * size + 1, (bounds.full + 1) * size, now)));
  await run.write(sitemapFiles(deps.site, categories, bounds, filling));
}

/** /categories/ and /feeds.opml (every listed category, by name), /robots.txt and the 404 page. */
function directoryFiles(site: SiteConfig, categories: readonly Category[]) {
  const collator = new Intl.Collator(site.language, { sensitivity: 'base' });
  const entries = categories
    .map(({ slug, name }) => {
      const urls = feedUrlsOf(site, feedPaths(slug));
      return {
        name,
        pageUrl: siteUrlOf(site, `categories/${slug}/`),
        rssUrl: urls.rss,
        atomUrl: urls.atom,
        jsonUrl: urls.json,
      };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
  const main = mainChannelOf(site);
  const opml = renderOpml(
    `${site.siteTitle}: every feed`,
    { title: site.siteTitle, xmlUrl: main.rssUrl, htmlUrl: main.homeUrl },
    entries.map((e) => ({ title: `${site.siteTitle}: ${e.name}`, xmlUrl: e.rssUrl, htmlUrl: e.pageUrl })),
  );
  const opmlUrl = siteUrlOf(site, DIRECTORY_PATHS.opml);
  return [
    publicDocument(DIRECTORY_PATHS.opml, opml),
    publicDocument(DIRECTORY_PATHS.page, renderCategoriesPage(main, entries, opmlUrl, pageSiteOf(site))),
    publicDocument(NOT_FOUND_PATH, renderNotFoundPage(main, pageSiteOf(site))),
    publicDocument(
      ROBOTS_PATH,
      `User-agent: *\nDisallow: /api/\n\nSitemap: ${siteUrlOf(site, SITEMAP_PATHS.index)}\n`,
    ),
  ];
}

/**
 * The sitemap index, the sitemap of the archive page still filling (each
 * full page has its own, written with the page), and that of the listing pages.
 */
function sitemapFiles(
  site: SiteConfig,
  categories: readonly Category[],
  bounds: ArchiveBounds,
  filling: readonly Article[],
) {
  const open = bounds.last > bounds.full;
  const listings = [
    `${site.siteUrl}/`,
    siteUrlOf(site, 'categories/'),
    ...categories.map(({ slug }) => siteUrlOf(site, `categories/${slug}/`)),
    ...Array.from({ length: bounds.full }, (_, i) => archivePageUrl(site, i + 1)),
    ...(open ? [archivePageUrl(site, 'open')] : []),
  ];
  return [
    publicDocument(
      SITEMAP_PATHS.index,
      renderSitemapIndex([
        siteUrlOf(site, SITEMAP_PATHS.pages),
        siteUrlOf(site, SITEMAP_PATHS.open),
        ...Array.from({ length: bounds.full }, (_, i) => siteUrlOf(site, archiveSitemapPath(i + 1))),
      ]),
    ),
    publicDocument(SITEMAP_PATHS.open, renderUrlSet(articleEntries(filling, site.siteUrl))),
    publicDocument(SITEMAP_PATHS.pages, renderUrlSet(listings.map((url) => ({ url })))),
  ];
}
