/**
 * One base class for every error the domain raises on purpose. Each carries the
 * HTTP status it maps to, so `http/problem.ts` can turn it into problem+json in
 * one place; anything that is not a FeedwrightError is a bug and becomes a 500.
 */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class FeedwrightError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /**
   * The last part of the problem's `type` URI, written out per class (never
   * derived from the class's name, so a rename cannot change the API).
   */
  abstract readonly problemType: string;
  /** Extra response headers the error asks for (Allow, Retry-After...). */
  readonly headers: Record<string, string> = {};
}

export class ValidationError extends FeedwrightError {
  override name = 'ValidationError';
  readonly problemType: string = 'validation';
  readonly status = 400;
  readonly title = 'Invalid input';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class UnauthorizedError extends FeedwrightError {
  override name = 'UnauthorizedError';
  readonly problemType: string = 'unauthorized';
  readonly status = 401;
  readonly title = 'Unauthorized';
  override readonly headers = { 'www-authenticate': 'Bearer realm="feedwright"' };
}

export class ForbiddenError extends FeedwrightError {
  override name = 'ForbiddenError';
  readonly problemType: string = 'forbidden';
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends FeedwrightError {
  override name = 'NotFoundError';
  readonly problemType: string = 'not-found';
  readonly status = 404;
  readonly title = 'Not found';
}

export class MethodNotAllowedError extends FeedwrightError {
  override name = 'MethodNotAllowedError';
  readonly problemType: string = 'method-not-allowed';
  readonly status = 405;
  readonly title = 'Method not allowed';
  override readonly headers: Record<string, string>;
  constructor(message: string, allowed: readonly string[]) {
    super(message);
    this.headers = { allow: allowed.join(', ') };
  }
}

export class ConflictError extends FeedwrightError {
  override name = 'ConflictError';
  readonly problemType: string = 'conflict';
  readonly status = 409;
  readonly title = 'Conflict';
}

/** A create gave a guid another article already has: readers would take the two for one. */
export class GuidTakenError extends ConflictError {
  override name = 'GuidTakenError';
  override readonly problemType: string = 'guid-taken';
  constructor(
    readonly guid: string,
    readonly holder: string,
  ) {
    super(`The guid "${guid}" is already the guid of article "${holder}".`);
  }
}

export class PreconditionFailedError extends FeedwrightError {
  override name = 'PreconditionFailedError';
  readonly problemType: string = 'precondition-failed';
  readonly status = 412;
  readonly title = 'Precondition failed';
}

export class PayloadTooLargeError extends FeedwrightError {
  override name = 'PayloadTooLargeError';
  readonly problemType: string = 'payload-too-large';
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class UnsupportedMediaTypeError extends FeedwrightError {
  override name = 'UnsupportedMediaTypeError';
  readonly problemType: string = 'unsupported-media-type';
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

export class UnprocessableError extends FeedwrightError {
  override name = 'UnprocessableError';
  readonly problemType: string = 'unprocessable';
  readonly status = 422;
  readonly title = 'Unprocessable content';
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

export class TooManyRequestsError extends FeedwrightError {
  override name = 'TooManyRequestsError';
  readonly problemType: string = 'too-many-requests';
  readonly status = 429;
  readonly title = 'Too many requests';
  override readonly headers: Record<string, string>;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.headers = { 'retry-after': String(retryAfterSeconds) };
  }
}

/** The store (or another dependency) is down: the client may retry. */
export class UnavailableError extends FeedwrightError {
  override name = 'UnavailableError';
  readonly problemType: string = 'unavailable';
  readonly status = 503;
  readonly title = 'Service unavailable';
  override readonly headers = { 'retry-after': '5' };
}
