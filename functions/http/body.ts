/** Request body rules shared by every write route: size caps, media type, charsets, strict JSON. */
import iconv from 'iconv-lite';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../core/errors.js';
import type { HttpRequest } from './types.js';

/** The largest JSON body. */
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * The largest raw page: real pages run past 1 MiB, and 4 MB base64-encoded
 * with the event around it still fits Lambda's 6 MB request.
 */
const MAX_PAGE_BYTES = 4 * 1024 * 1024;
/** The largest body any route takes (what the local server reads before the app decides). */
export const MAX_ANY_BODY_BYTES = Math.max(MAX_BODY_BYTES, MAX_PAGE_BYTES);

function mediaTypeOf(req: HttpRequest): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function isJson(mediaType: string | undefined): boolean {
  return (
    mediaType === 'application/json' ||
    (mediaType?.startsWith('application/') === true && mediaType.endsWith('+json'))
  );
}

function assertBodySize(req: HttpRequest, limit = MAX_BODY_BYTES): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if ((req.body?.length ?? 0) > limit || declared > limit) {
    throw new PayloadTooLargeError(`The body is larger than ${limit} bytes (${limit / 1048576} MiB).`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new ValidationError('The body is not valid UTF-8.', [
      { path: '(body)', message: 'is not valid UTF-8' },
    ]);
  }
}

/** Bytes no copied page contains: NUL, or a known binary signature. */
function looksBinary(body: Buffer): boolean {
  if (body.includes(0)) return true;
  const signatures = ['%PDF-', '\x89PNG', 'GIF8', '\xFF\xD8\xFF', 'PK\x03\x04', '\x1F\x8B'];
  const head = body.subarray(0, 8).toString('latin1');
  return signatures.some((sig) => head.startsWith(sig));
}

const PAGE_TYPES = ['text/plain', 'text/html'] as const;
type PageType = (typeof PAGE_TYPES)[number];

/** The charset a Content-Type names, if it names one. */
function declaredCharset(req: HttpRequest): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '');
  return match?.[1]?.toLowerCase();
}

/**
 * The charset an HTML page names in its own head, as browsers sniff it: `<meta
 * charset>` or `<meta http-equiv="Content-Type" content="...; charset=...">`
 * in its first 4 KB.
 */
function sniffedCharset(body: Buffer): string | undefined {
  const head = body.subarray(0, 4096).toString('latin1');
  const match =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([\w.:-]+)/i.exec(head);
  return match?.[1]?.toLowerCase();
}

/**
 * A UTF-16 page, as its byte order mark or its Content-Type charset says
 * (copied text saved by some editors); undefined for any other charset.
 */
function utf16Of(req: HttpRequest, body: Buffer): string | undefined {
  const charset = declaredCharset(req) ?? '';
  const bom =
    body[0] === 0xff && body[1] === 0xfe
      ? 'utf-16le'
      : body[0] === 0xfe && body[1] === 0xff
        ? 'utf-16be'
        : undefined;
  const named =
    charset === 'utf-16'
      ? 'utf-16le'
      : charset === 'utf-16le' || charset === 'utf-16be'
        ? charset
        : undefined;
  const encoding = bom ?? named;
  if (encoding === undefined) return undefined;
  try {
    // The decoder drops the byte order mark itself.
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    throw new ValidationError(`The body is not valid ${encoding}.`, [
      { path: '(body)', message: `is not valid ${encoding}` },
    ]);
  }
}

/**
 * A page's text in the charset it declares (Content-Type first, then for HTML
 * its own meta), decoded with a real decoder: windows-1252 bytes 0x80-0x9F
 * are € ’ “ ”, not control characters, and ISO-8859-1 is read as browsers
 * read it (as windows-1252). UTF-8 when nothing is declared.
 * @throws UnsupportedMediaTypeError for a charset no decoder knows; ValidationError for invalid UTF-8.
 */
function decodePage(req: HttpRequest, body: Buffer, mediaType: PageType): string {
  return decodeAs(
    body,
    declaredCharset(req) ?? (mediaType === 'text/html' ? sniffedCharset(body) : undefined) ?? 'utf-8',
  );
}

/** Bytes in a named charset; ISO-8859-1 and ASCII are read as browsers read them (as windows-1252). */
function decodeAs(body: Buffer, named: string): string {
  const charset = ['iso-8859-1', 'latin1', 'us-ascii', 'ascii'].includes(named) ? 'windows-1252' : named;
  if (charset === 'utf-8' || charset === 'utf8') return decodeUtf8(body);
  if (!iconv.encodingExists(charset))
    throw new UnsupportedMediaTypeError(`charset "${named}" is not supported; send UTF-8.`);
  return iconv.decode(body, charset);
}

export type ArticleBody =
  | { kind: 'json'; value: Record<string, unknown> }
  | { kind: 'page'; mediaType: PageType; text: string };

/**
 * What a POST of an article carries: a JSON object, or a raw page as
 * text/plain or text/html.
 * @throws PayloadTooLargeError, UnsupportedMediaTypeError or ValidationError.
 */
export function readArticleBody(req: HttpRequest): ArticleBody {
  const mediaType = mediaTypeOf(req);
  if (!PAGE_TYPES.includes(mediaType as PageType))
    return { kind: 'json', value: readJsonObject(req, 'application/json, text/plain or text/html') };
  assertBodySize(req, MAX_PAGE_BYTES);
  const body = req.body ?? Buffer.alloc(0);
  // UTF-16 text is full of NUL bytes: it is decoded first, and the decoded text judged instead.
  const wide = utf16Of(req, body);
  if (wide === undefined && looksBinary(body))
    throw new UnsupportedMediaTypeError(`The body is binary data, not a ${mediaType} page.`);
  const text = wide ?? decodePage(req, body, mediaType as PageType);
  if (text.includes('\u0000'))
    throw new UnsupportedMediaTypeError(`The body is binary data, not a ${mediaType} page.`);
  if (text.trim() === '')
    throw new ValidationError('The body is empty; send the page.', [{ path: '(body)', message: 'is empty' }]);
  return { kind: 'page', mediaType: mediaType as PageType, text };
}

/** How deep a body's arrays and objects may nest: an article needs four levels; anything deep is hostile. */
const MAX_JSON_DEPTH = 32;

/**
 * Refuses JSON nested deeper than MAX_JSON_DEPTH before any parser or
 * recursive walk sees it, in one pass over the text (brackets inside strings
 * do not count).
 * @throws ValidationError naming (body).
 */
function assertJsonDepth(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH)
        throw new ValidationError(`The body nests deeper than ${MAX_JSON_DEPTH} levels.`, [
          { path: '(body)', message: `must not nest deeper than ${MAX_JSON_DEPTH} levels` },
        ]);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

/**
 * The JSON object a write carries.
 * @throws PayloadTooLargeError, UnsupportedMediaTypeError or ValidationError.
 */
export function readJsonObject(req: HttpRequest, accepted = 'application/json'): Record<string, unknown> {
  assertBodySize(req);
  const mediaType = mediaTypeOf(req);
  if (!isJson(mediaType)) {
    throw new UnsupportedMediaTypeError(
      `Content-Type ${mediaType === undefined ? 'is missing' : `"${mediaType}" is not accepted`}; send ${accepted}.`,
    );
  }
  if (req.body === null || req.body.length === 0) {
    throw new ValidationError('The body is empty; send a JSON object.', [
      { path: '(body)', message: 'is empty' },
    ]);
  }
  const text = decodeUtf8(req.body);
  assertJsonDepth(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`The body is not valid JSON: ${(error as Error).message}`, [
      { path: '(body)', message: 'is not valid JSON' },
    ]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError('The body must be a JSON object.', [
      { path: '(body)', message: 'must be a JSON object' },
    ]);
  }
  return value as Record<string, unknown>;
}

/** What POST /api/import takes: a feed file as its generator wrote it. */
const FEED_TYPES = [
  'application/rss+xml',
  'application/atom+xml',
  'application/rdf+xml',
  'application/xml',
  'text/xml',
  'application/feed+json',
  'application/json',
];

/**
 * A feed file's text: XML in the encoding its declaration names (a
 * WordPress export of an old blog may be ISO-8859-1), JSON in UTF-8.
 * @throws PayloadTooLargeError, UnsupportedMediaTypeError or ValidationError.
 */
export function readFeedBody(req: HttpRequest): string {
  const mediaType = mediaTypeOf(req);
  if (mediaType === undefined || !FEED_TYPES.includes(mediaType))
    throw new UnsupportedMediaTypeError(`Send the feed file as one of ${FEED_TYPES.join(', ')}.`);
  assertBodySize(req, MAX_PAGE_BYTES);
  return decodeFeed(req.body ?? Buffer.alloc(0), declaredCharset(req));
}

/**
 * A feed file's bytes as text, in the charset given (a Content-Type's) or
 * else the one its XML declaration names; UTF-8 when neither names one. The
 * CLI reads files with this too.
 */
export function decodeFeed(body: Buffer, charset?: string): string {
  if (looksBinary(body)) throw new UnsupportedMediaTypeError('The body is binary data, not a feed file.');
  const declared =
    charset ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(body.subarray(0, 200).toString('latin1'))?.[1];
  const text = decodeAs(body, declared?.toLowerCase() ?? 'utf-8');
  if (text.trim() === '')
    throw new ValidationError('The body is empty; send the feed file.', [
      { path: '(body)', message: 'is empty' },
    ]);
  return text;
}
