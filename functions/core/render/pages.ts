/** Plain HTML pages: no JavaScript, every string escaped, article bodies already sanitised. */
import type { Article, ArticleListing } from '../article.js';
import { categorySlug } from '../slug.js';
import { escapeXml as esc } from '../text.js';
import type { Channel } from './feeds.js';

const STYLE = `body{font:1.05rem/1.6 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem;color:#1a1a1a;background:#fff;overflow-wrap:anywhere}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
a{color:#0645ad}header,footer{border-bottom:1px solid #ddd;margin-bottom:1rem}footer{border:0;border-top:1px solid #ddd;margin-top:2rem;font-size:.9rem}
img{max-width:100%;height:auto}pre{overflow:auto;background:#f4f4f4;padding:.5rem}time,.meta{color:#555;font-size:.9rem}
.notice{background:#fff3cd;color:#1a1a1a;padding:.5rem;border-radius:.25rem}ol.articles{list-style:none;padding:0}ol.articles li{margin:0 0 1.5rem}ol.articles h2{font-size:1.3rem;margin:0 0 .25rem}ol.articles p{margin:.25rem 0}
table{border-collapse:collapse;display:block;max-width:100%;overflow-x:auto;overflow-wrap:normal;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:start;vertical-align:top}caption{text-align:start;font-weight:600}dt{font-weight:600}dd{margin:0 0 .5rem 1.5rem}
h1,h2,h3,h4,p,li,blockquote,figcaption,caption,th,td,dt,dd{unicode-bidi:plaintext}@media (prefers-color-scheme:dark){body{background:#111;color:#eee}a{color:#8ab4f8}time,.meta{color:#aaa}pre{background:#222}}`;

function layout(opts: {
  lang: string;
  title: string;
  channel: Channel;
  siteTitle: string;
  siteHome: string;
  body: string;
  /** None on a page that stands for no URL of its own (the 404 page). */
  canonical?: string;
  /** Extra elements for the head. */
  head?: string;
}): string {
  const { channel } = opts;
  return `<!doctype html>
<html lang="${esc(opts.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
${opts.canonical === undefined ? '' : `<link rel="canonical" href="${esc(opts.canonical)}">\n`}<link rel="alternate" type="application/rss+xml" title="${esc(channel.title)} (RSS)" href="${esc(channel.rssUrl)}">
<link rel="alternate" type="application/atom+xml" title="${esc(channel.title)} (Atom)" href="${esc(channel.atomUrl)}">
<link rel="alternate" type="application/feed+json" title="${esc(channel.title)} (JSON Feed)" href="${esc(channel.jsonUrl)}">${channel.icon === undefined ? '' : `\n<link rel="icon" href="${esc(channel.icon)}">`}${opts.head === undefined ? '' : `\n${opts.head}`}
<style>${STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p><a href="${esc(opts.siteHome)}">${esc(opts.siteTitle)}</a></p></header>
<main id="main">
${opts.body}
</main>
<footer><p>Subscribe: <a href="${esc(channel.rssUrl)}">RSS</a> · <a href="${esc(channel.atomUrl)}">Atom</a> · <a href="${esc(channel.jsonUrl)}">JSON Feed</a> · <a href="${esc(opts.siteHome)}categories/">All categories</a></p></footer>
</body>
</html>
`;
}

function dateLine(iso: string): string {
  return `<time datetime="${esc(iso)}">${esc(new Date(iso).toUTCString().replace(/ \d\d:\d\d:\d\d GMT$/, ''))}</time>`;
}

/** Links to the neighbouring pages of a listing (the archives, oldest page 1). */
export interface PageNav {
  older?: string | undefined;
  newer?: string | undefined;
}

function navLinks(nav: PageNav): string {
  const links = [
    nav.newer === undefined ? '' : `<a rel="next" href="${esc(nav.newer)}">Newer articles</a>`,
    nav.older === undefined ? '' : `<a rel="prev" href="${esc(nav.older)}">Older articles</a>`,
  ].filter((l) => l !== '');
  return links.length === 0 ? '' : `\n<nav aria-label="More articles"><p>${links.join(' · ')}</p></nav>`;
}

export function renderIndexPage(
  channel: Channel,
  articles: readonly ArticleListing[],
  site: { title: string; home: string; language: string },
  nav: PageNav = {},
): string {
  const items =
    articles.length === 0
      ? '<p>No articles yet.</p>'
      : `<ol class="articles">\n${articles
          .map(
            (a) =>
              `<li><h2><a href="${esc(a.url)}">${esc(a.title)}</a></h2>\n${dateLine(a.publishedAt)}\n<p>${esc(a.summary)}</p></li>`,
          )
          .join('\n')}\n</ol>`;
  return layout({
    lang: site.language,
    title: channel.title,
    channel,
    siteTitle: site.title,
    siteHome: site.home,
    canonical: channel.homeUrl,
    head: [
      meta('name', 'description', channel.description),
      meta('property', 'og:type', 'website'),
      meta('property', 'og:site_name', site.title),
      meta('property', 'og:title', channel.title),
      meta('property', 'og:url', channel.homeUrl),
    ].join('\n'),
    body: `<h1>${esc(channel.title)}</h1>\n${items}${navLinks(nav)}`,
  });
}

/** One category in the directory: its name, its page and its feeds. */
export interface CategoryEntry {
  name: string;
  pageUrl: string;
  rssUrl: string;
  atomUrl: string;
  jsonUrl: string;
}

/**
 * /categories/: every category with its page and its three feeds, and the
 * OPML file that subscribes to them all (also offered for autodiscovery).
 */
export function renderCategoriesPage(
  channel: Channel,
  categories: readonly CategoryEntry[],
  opmlUrl: string,
  site: { title: string; home: string; language: string },
): string {
  const list =
    categories.length === 0
      ? '<p>No categories yet.</p>'
      : `<ul>
${categories
  .map(
    (c) =>
      `<li><a href="${esc(c.pageUrl)}">${esc(c.name)}</a> <span class="meta">(<a href="${esc(c.rssUrl)}">RSS</a> · <a href="${esc(c.atomUrl)}">Atom</a> · <a href="${esc(c.jsonUrl)}">JSON Feed</a>)</span></li>`,
  )
  .join('\n')}
</ul>`;
  const title = `Categories · ${site.title}`;
  return layout({
    lang: site.language,
    title,
    channel,
    siteTitle: site.title,
    siteHome: site.home,
    canonical: `${site.home}categories/`,
    head: `<link rel="outline" type="text/x-opml" title="${esc(site.title)} (all feeds, OPML)" href="${esc(opmlUrl)}">`,
    body: `<h1>Categories</h1>
${list}
<p>Every feed at once: <a href="${esc(opmlUrl)}" type="text/x-opml">OPML for your feed reader</a>.</p>`,
  });
}

/** What a missing path answers (with status 404): where to go instead, never indexed. */
export function renderNotFoundPage(
  channel: Channel,
  site: { title: string; home: string; language: string },
) {
  return layout({
    lang: site.language,
    title: `Not found · ${site.title}`,
    channel,
    siteTitle: site.title,
    siteHome: site.home,
    head: '<meta name="robots" content="noindex">',
    body: `<h1>Not found</h1>
<p>Nothing is published at this address. The <a href="${esc(site.home)}">latest articles</a> and <a href="${esc(site.home)}categories/">all categories</a> are a click away.</p>`,
  });
}

const meta = (attribute: 'name' | 'property', key: string, content: string) =>
  `<meta ${attribute}="${key}" content="${esc(content)}">`;

/**
 * What search engines and link previews (Open Graph, Twitter cards) read: the
 * summary, the image, the dates, the authors and the categories. Feedwright's
 * own HTML extractor reads these back, so a published page re-imports whole.
 */
function articleMeta(a: Article, siteTitle: string): string[] {
  return [
    meta('name', 'description', a.summary),
    ...a.authors.map((x) => meta('name', 'author', x.name)),
    meta('property', 'og:type', 'article'),
    meta('property', 'og:site_name', siteTitle),
    meta('property', 'og:title', a.title),
    meta('property', 'og:description', a.summary),
    meta('property', 'og:url', a.url),
    ...(a.image === null ? [] : [meta('property', 'og:image', a.image)]),
    meta('property', 'article:published_time', a.publishedAt),
    meta('property', 'article:modified_time', a.updatedAt),
    ...a.categories.map((c) => meta('property', 'article:tag', c)),
    meta('name', 'twitter:card', a.image === null ? 'summary' : 'summary_large_image'),
  ];
}

/**
 * The readable article page, as published at /articles/{id}. With `preview`,
 * the same page for an editor before (or besides) publication: a notice on
 * top, and kept out of search engines.
 */
export function renderArticlePage(
  channel: Channel,
  a: Article,
  site: { title: string; home: string; language: string },
  preview?: { notice: string },
): string {
  const byline = a.authors.length > 0 ? ` · by ${a.authors.map((x) => esc(x.name)).join(', ')}` : '';
  const source =
    a.source === null
      ? ''
      : `<p class="meta">Source: ${a.source.url === undefined ? esc(a.source.name) : `<a href="${esc(a.source.url)}">${esc(a.source.name)}</a>`}</p>`;
  const categories =
    a.categories.length > 0
      ? `<p class="meta">Filed under ${a.categories.map((c) => `<a href="${esc(`${site.home}categories/${encodeURIComponent(categorySlug(c))}/`)}">${esc(c)}</a>`).join(', ')}</p>`
      : '';
  const image = a.image === null ? '' : `<img src="${esc(a.image)}" alt="">`;
  return layout({
    lang: site.language,
    title: `${a.title} · ${site.title}`,
    channel,
    siteTitle: site.title,
    siteHome: site.home,
    canonical: a.url,
    head: [
      ...articleMeta(a, site.title),
      ...(preview === undefined ? [] : ['<meta name="robots" content="noindex">']),
    ].join('\n'),
    body: `${preview === undefined ? '' : `<p class="notice" role="status">${esc(preview.notice)}</p>\n`}<article>
<h1>${esc(a.title)}</h1>
<p class="meta">${dateLine(a.publishedAt)}${byline}</p>
${image}
${a.contentHtml}
${source}
${categories}
</article>`,
  });
}
