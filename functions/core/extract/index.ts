/**
 * Raw pages to article input: the extractor for the media type, then the
 * checks that say what was missing. The result goes through the same schema,
 * sanitiser and store as a JSON article.
 */
import { type FieldError, UnprocessableError } from '../errors.js';
import { truncateAtWord } from '../text.js';
import { extractHtml } from './html.js';
import { extractText } from './text.js';
import type { ExtractedPage } from './types.js';

export type { ExtractedPage } from './types.js';

export type PageMediaType = 'text/plain' | 'text/html';

/** The JSON-shaped input the schema takes, from an extracted page. */
export function pageToInput(page: ExtractedPage): Record<string, unknown> {
  return {
    // A page's title may run long; the schema's limit is for typed input.
    title: page.title === undefined ? undefined : truncateAtWord(page.title, 500),
    contentHtml: page.contentHtml,
    ...(page.summary === undefined ? {} : { summary: page.summary }),
    ...(page.authors.length > 0 ? { authors: page.authors } : {}),
    ...(page.categories.length > 0 ? { categories: page.categories.slice(0, 20) } : {}),
    ...(page.image === undefined ? {} : { image: page.image }),
    ...(page.source === undefined ? {} : { source: page.source }),
    ...(page.publishedAt === undefined ? {} : { publishedAt: page.publishedAt }),
  };
}

/**
 * Extracts a page.
 * @throws UnprocessableError (422) naming what could not be found.
 */
export function extractPage(body: string, mediaType: PageMediaType): ExtractedPage {
  const page = mediaType === 'text/html' ? extractHtml(body) : extractText(body);
  const missing: FieldError[] = [];
  if (page.title === undefined) {
    missing.push({
      path: 'title',
      message:
        mediaType === 'text/html'
          ? 'no title found (og:title, <title> or <h1>)'
          : 'no headline found: the first line of text should be the headline',
    });
  }
  if (page.contentHtml === undefined) {
    missing.push({ path: 'content', message: 'no paragraph of article text found' });
  }
  if (missing.length > 0) {
    throw new UnprocessableError(
      `The page has no recognisable ${missing.map((m) => (m.path === 'title' ? 'title' : 'text')).join(' or ')}.`,
      missing,
    );
  }
  return page;
}
