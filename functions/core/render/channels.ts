/**
 * The site's channels (what a feed says about itself) and the context every
 * page is rendered in, from the site's configuration: one place, for the
 * publisher and for the API's preview of an article page.
 */
import { type FeedPaths, feedPaths } from '../documents.js';
import { type SiteConfig, siteUrlOf } from '../site.js';
import type { Channel, FeedUrls } from './feeds.js';

/** The page context renderIndexPage and friends take. */
export interface PageSite {
  title: string;
  /** The home page's URL, with its trailing slash. */
  home: string;
  language: string;
}

export function feedUrlsOf(site: SiteConfig, paths: FeedPaths): FeedUrls {
  return {
    rss: siteUrlOf(site, paths.rss),
    atom: siteUrlOf(site, paths.atom),
    json: siteUrlOf(site, paths.json),
  };
}

/** @example channelOf(site, feedPaths('tech'), 'News: Tech', 'Articles filed under Tech', 'https://news.example/categories/tech/') */
export function channelOf(
  site: SiteConfig,
  paths: FeedPaths,
  title: string,
  description: string,
  homeUrl: string,
): Channel {
  const urls = feedUrlsOf(site, paths);
  return {
    title,
    description,
    homeUrl,
    language: site.language,
    rssUrl: urls.rss,
    atomUrl: urls.atom,
    jsonUrl: urls.json,
    hubs: site.hubs,
    ...(site.icon === undefined ? {} : { icon: site.icon }),
  };
}

/** The main feeds' channel, which every article page advertises. */
export function mainChannelOf(site: SiteConfig): Channel {
  return channelOf(site, feedPaths(), site.siteTitle, site.siteDescription, `${site.siteUrl}/`);
}

export function pageSiteOf(site: SiteConfig): PageSite {
  return { title: site.siteTitle, home: `${site.siteUrl}/`, language: site.language };
}
