/** Request body rules shared by every write route: size cap, media type, strict UTF-8, JSON. */
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../core/errors.js';
import type { HttpRequest } from './types.js';

export const MAX_BODY_BYTES = 1024 * 1024;

export function mediaTypeOf(req: HttpRequest): string | undefined {
  return req.headers['content-type']?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function isJson(mediaType: string | undefined): boolean {
  return (
    mediaType === 'application/json' ||
    (mediaType?.startsWith('application/') === true && mediaType.endsWith('+json'))
  );
}

export function assertBodySize(req: HttpRequest): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if ((req.body?.length ?? 0) > MAX_BODY_BYTES || declared > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(`The body is larger than ${MAX_BODY_BYTES} bytes (1 MiB).`);
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
export type PageType = (typeof PAGE_TYPES)[number];

/** The charset a Content-Type names (utf-8 when it names none). */
function charsetOf(req: HttpRequest): string {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(req.headers['content-type'] ?? '');
  return (match?.[1] ?? 'utf-8').toLowerCase();
}

/**
 * A UTF-16 page, as its byte order mark or its Content-Type charset says
 * (copied text saved by some editors); undefined for any other charset.
 */
function utf16Of(req: HttpRequest, body: Buffer): string | undefined {
  const charset = charsetOf(req);
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

function decodePage(req: HttpRequest, body: Buffer): string {
  const charset = charsetOf(req);
  if (charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') return decodeUtf8(body);
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new UnsupportedMediaTypeError(`charset "${charset}" is not supported; send UTF-8.`);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new ValidationError(`The body is not valid ${charset}.`, [
      { path: '(body)', message: `is not valid ${charset}` },
    ]);
  }
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
  assertBodySize(req);
  const body = req.body ?? Buffer.alloc(0);
  // UTF-16 text is full of NUL bytes: it is decoded first, and the decoded text judged instead.
  const wide = utf16Of(req, body);
  if (wide === undefined && looksBinary(body))
    throw new UnsupportedMediaTypeError(`The body is binary data, not a ${mediaType} page.`);
  const text = wide ?? decodePage(req, body);
  if (text.includes('\u0000'))
    throw new UnsupportedMediaTypeError(`The body is binary data, not a ${mediaType} page.`);
  if (text.trim() === '')
    throw new ValidationError('The body is empty; send the page.', [{ path: '(body)', message: 'is empty' }]);
  return { kind: 'page', mediaType: mediaType as PageType, text };
}

/** How deep a body's arrays and objects may nest: an article needs four levels; anything deep is hostile. */
export const MAX_JSON_DEPTH = 32;

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
