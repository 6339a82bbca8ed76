/** Errors to RFC 9457 problem+json, in one place. 4xx say what is wrong; anything unexpected is a logged, generic 500. */
import { FeedwrightError, UnprocessableError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import type { HttpResponse } from './types.js';

export const TYPE_BASE = 'https://feedwright.dev/problems/';

export function problem(error: unknown, log: Logger, requestId: string): HttpResponse {
  if (error instanceof FeedwrightError && error.status < 500) {
    const body: Record<string, unknown> = {
      type: `${TYPE_BASE}${error.problemType}`,
      title: error.title,
      status: error.status,
      detail: error.message,
    };
    if ((error instanceof ValidationError || error instanceof UnprocessableError) && error.errors.length > 0)
      body.errors = error.errors;
    return response(error.status, body, error.headers);
  }
  if (error instanceof FeedwrightError && error.status === 503) {
    log.warn('request.unavailable', {
      requestId,
      error: error.message,
      cause: String((error.cause as Error | undefined)?.message),
    });
    return response(
      503,
      { type: `${TYPE_BASE}${error.problemType}`, title: error.title, status: 503, detail: error.message },
      error.headers,
    );
  }
  log.error('request.failed', { requestId, error: (error as Error)?.stack ?? String(error) });
  return response(500, {
    type: `${TYPE_BASE}internal`,
    title: 'Internal error',
    status: 500,
    detail: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`,
  });
}

function response(
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/problem+json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
