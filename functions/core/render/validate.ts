/**
 * The gate every rendered document passes before it is written: XML (feeds
 * and OPML) must be well-formed to a conforming parser (saxes), JSON Feed must parse and carry
 * its required fields, HTML must be non-empty text. A document that fails is
 * never published; the previous file stays.
 */
import { SaxesParser } from 'saxes';
import { FeedwrightError } from '../errors.js';

class InvalidDocumentError extends FeedwrightError {
  override name = 'InvalidDocumentError';
  readonly status = 500;
  readonly title = 'Rendered document is invalid';
  readonly problemType = 'invalid-document';
}

export function assertWellFormedXml(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.write(xml).close();
  if (failure !== undefined) throw failure;
}

function assertJsonFeed(text: string): void {
  const feed = JSON.parse(text) as Record<string, unknown>;
  if (feed.version !== 'https://jsonfeed.org/version/1.1') throw new Error('version is not JSON Feed 1.1');
  if (typeof feed.title !== 'string') throw new Error('title is missing');
  if (!Array.isArray(feed.items)) throw new Error('items is missing');
  for (const [i, item] of (feed.items as Array<Record<string, unknown>>).entries()) {
    if (typeof item.id !== 'string') throw new Error(`items[${i}].id is missing`);
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string') {
      throw new Error(`items[${i}] has no content_html or content_text`);
    }
  }
}

/** @throws InvalidDocumentError naming the path and the parser's complaint. */
export function assertValidDocument(path: string, body: string): void {
  try {
    if (path.endsWith('.xml') || path.endsWith('.opml')) assertWellFormedXml(body);
    else if (path.endsWith('.json')) assertJsonFeed(body);
    else if (path.endsWith('.txt')) {
      if (body.trim() === '') throw new Error('empty');
    } else if (!/^<!doctype html>/i.test(body)) throw new Error('not an HTML document');
  } catch (cause) {
    throw new InvalidDocumentError(`${path}: ${(cause as Error).message}`, { cause });
  }
}
