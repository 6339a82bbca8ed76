/**
 * OPML 2.0 (http://opml.org/spec2.opml) listing the site's feeds: the main
 * feed, then one outline per category. Feed readers import it to subscribe to
 * every feed at once. No dates in it, so the same categories give the same
 * bytes (and an unchanged file is never rewritten).
 */
import { escapeXml as esc } from '../text.js';

export interface FeedOutline {
  title: string;
  /** The RSS feed. */
  xmlUrl: string;
  /** The HTML page listing the same articles. */
  htmlUrl: string;
}

function outline(feed: FeedOutline): string {
  return `<outline type="rss" text="${esc(feed.title)}" title="${esc(feed.title)}" xmlUrl="${esc(feed.xmlUrl)}" htmlUrl="${esc(feed.htmlUrl)}"/>`;
}

/**
 * @example renderOpml('News', main, [{ title: 'News: Tech', xmlUrl: '…/categories/tech/rss.xml', htmlUrl: '…' }])
 */
export function renderOpml(title: string, main: FeedOutline, categories: readonly FeedOutline[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    `<head><title>${esc(title)}</title><docs>http://opml.org/spec2.opml</docs></head>`,
    '<body>',
    outline(main),
    ...(categories.length === 0
      ? []
      : // A folder has only its text (validators ask for a type on any outline with more).
        ['<outline text="Categories">', ...categories.map(outline), '</outline>']),
    '</body>',
    '</opml>',
    '',
  ].join('\n');
}
