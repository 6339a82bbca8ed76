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

/**
 * The JSON object a write carries.
 * @throws PayloadTooLargeError, UnsupportedMediaTypeError or ValidationError.
 */
export function readJsonObject(req: HttpRequest): Record<string, unknown> {
  assertBodySize(req);
  const mediaType = mediaTypeOf(req);
  if (!isJson(mediaType)) {
    throw new UnsupportedMediaTypeError(
      `Content-Type ${mediaType === undefined ? 'is missing' : `"${mediaType}" is not accepted`}; send application/json.`,
    );
  }
  if (req.body === null || req.body.length === 0) {
    throw new ValidationError('The body is empty; send a JSON object.', [
      { path: '(body)', message: 'is empty' },
    ]);
  }
  const text = decodeUtf8(req.body);
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
