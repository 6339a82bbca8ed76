/**
 * An HTML page to article fields: the main content found by Readability on
 * a server-side DOM (linkedom), title, date, author, image, tags and source
 * from the page's metadata when it has them. The content is sanitised later,
 * with every other article's.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { htmlBlocks, htmlToText, SUMMARY_MAX } from '../content.js';
import { sanitiseHtml } from '../sanitise.js';
import { normaliseSpace, truncateAtWord } from '../text.js';
import { bylineNames, isParagraph } from './copied-lines.js';
import { parseDateLine } from './dates.js';
import { trimFurniture } from './furniture.js';
import { assertTractableHtml } from './guard.js';
import { firstStated, linkedArticle, withoutSiteName } from './linked-data.js';
import { microdataArticle } from './microdata.js';
import type { ExtractedPage } from './types.js';

function absoluteHttp(value: string | null | undefined, base: string | undefined): string | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** An ISO date-time with an offset, or a date alone, from a metadata value. */
function metaDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/i.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  return parseDateLine(trimmed) ?? undefined;
}

/** The first paragraph of an article's HTML that reads as prose, or undefined. */
function leadOf(html: string): string | undefined {
  return htmlBlocks(html).find((block) => block.tag === 'p' && isParagraph(block.text))?.text;
}

/**
 * Extracts the fields of an article from an HTML page.
 * @example extractHtml('<html><head><meta property="og:title" content="T"></head><body><article><p>…</p></article></body></html>').title === 'T'
 */
export function extractHtml(page: string): ExtractedPage {
  assertTractableHtml(page);
  const { document } = parseHTML(page);
  const meta = (...names: string[]): string | undefined => {
    for (const name of names) {
      const value = document
        .querySelector(`meta[property="${name}"], meta[name="${name}"]`)
        ?.getAttribute('content');
      if (value !== null && value !== undefined && value.trim() !== '') return normaliseSpace(value);
    }
    return undefined;
  };
  const metas = (name: string): string[] =>
    Array.from(document.querySelectorAll(`meta[property="${name}"], meta[name="${name}"]`))
      .map((el) => normaliseSpace(el.getAttribute('content') ?? ''))
      .filter((v) => v.length > 0);

  const pageUrl = absoluteHttp(
    meta('og:url') ?? document.querySelector('link[rel="canonical"]')?.getAttribute('href'),
    undefined,
  );
  const found: ExtractedPage = { authors: [], categories: [], dropped: [] };
  // The publisher's own statement of the article (JSON-LD, then microdata), read before any script goes.
  const linked = firstStated(
    linkedArticle(
      Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map(
        (el) => el.textContent ?? '',
      ),
    ),
    microdataArticle(document as unknown as ParentNode),
  );
  const siteName = meta('og:site_name', 'application-name');
  const heading = normaliseSpace(document.querySelector('h1')?.textContent ?? '') || undefined;
  const pageTitle = document.querySelector('title')?.textContent ?? undefined;

  // Nothing executable or decorative ever reaches Readability's output.
  for (const el of Array.from(
    document.querySelectorAll('script, style, noscript, template, iframe, object, embed, nav, aside, footer'),
  )) {
    found.dropped.push({
      line: normaliseSpace(el.textContent ?? '').slice(0, 80),
      why: el.tagName.toLowerCase(),
    });
    el.remove();
  }

  const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
    charThreshold: 500,
    keepClasses: false,
  }).parse();

  // The headline: the page's own signals first, each without the site's name around it.
  const named = meta('og:title', 'twitter:title') ?? pageTitle;
  const title =
    (linked?.headline === undefined ? undefined : withoutSiteName(linked.headline, siteName, heading)) ??
    (named === undefined ? undefined : withoutSiteName(named, siteName, heading)) ??
    heading ??
    article?.title ??
    undefined;
  if (title !== undefined && normaliseSpace(title) !== '') found.title = normaliseSpace(title);

  const published =
    metaDate(linked?.datePublished) ??
    metaDate(
      meta('article:published_time', 'og:published_time', 'datePublished', 'date', 'pubdate', 'dc.date'),
    ) ??
    metaDate(document.querySelector('time[datetime]')?.getAttribute('datetime') ?? undefined) ??
    metaDate(article?.publishedTime ?? undefined);
  if (published !== undefined) found.publishedAt = published;

  // A page may name several authors, one meta element each (as feedwright's own pages do).
  const listed =
    (linked?.authors.length ?? 0) > 0
      ? (linked?.authors ?? [])
      : metas('author').length > 0
        ? metas('author')
        : metas('article:author');
  // Else the page's byline, read as copied text's is: "By A and B, Reporters" names A and B.
  const byline = meta('dc.creator', 'twitter:creator') ?? article?.byline ?? undefined;
  const bylined =
    byline === undefined
      ? []
      : (bylineNames(/^by\s/i.test(byline) ? byline : `By ${byline}`) ?? [byline.replace(/^by\s+/i, '')]);
  for (const author of listed.length > 0 ? listed : bylined) {
    if (absoluteHttp(author, undefined) !== undefined) continue;
    const name = normaliseSpace(author);
    if (name.length > 0 && name.length <= 200 && !found.authors.some((a) => a.name === name))
      found.authors.push({ name });
  }

  const image = absoluteHttp(linked?.image ?? meta('og:image', 'twitter:image'), pageUrl);
  if (image !== undefined) found.image = image;

  for (const tag of [...(linked?.keywords ?? []), ...metas('article:tag'), ...metas('article:section')]) {
    if (tag.length <= 100 && !found.categories.includes(tag)) found.categories.push(tag);
  }
  const keywords = meta('keywords');
  if (found.categories.length === 0 && keywords !== undefined) {
    for (const tag of keywords.split(',').map((k) => k.trim())) {
      if (tag.length > 0 && tag.length <= 100 && !found.categories.includes(tag)) found.categories.push(tag);
    }
  }

  if (siteName !== undefined)
    found.source = pageUrl === undefined ? { name: siteName } : { name: siteName, url: pageUrl };

  const content =
    article?.content === undefined || article.content === null
      ? undefined
      : trimFurniture(article.content, found.dropped, found.title).trim();
  // A byline the page stated nowhere else, above the story's text, names its authors.
  if (found.authors.length === 0)
    for (const { line, why } of found.dropped)
      if (why === 'dateline')
        for (const name of bylineNames(line) ?? [])
          if (!found.authors.some((a) => a.name === name)) found.authors.push({ name });
  // What is left once the furniture went must still hold text: a page of furniture alone has none (422, not an empty article).
  if (content !== undefined && normaliseSpace(htmlToText(content)) !== '') {
    // Relative links and images point into the source page's site, not ours.
    found.contentHtml = pageUrl === undefined ? content : sanitiseHtml(content, pageUrl);
    // The page's own description, else the story's first paragraph (never its byline or dateline: the
    // furniture pass took those).
    const description =
      meta('og:description', 'description', 'twitter:description') ?? leadOf(found.contentHtml);
    if (description !== undefined && normaliseSpace(description) !== '')
      found.summary = truncateAtWord(normaliseSpace(description), SUMMARY_MAX);
  }
  return found;
}
