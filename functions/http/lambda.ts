/**
 * The Lambda adapter: an API Gateway HTTP API (payload 2.0) event becomes the
 * app's request, and its response the structured result.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ForbiddenError } from '../core/errors.js';
import type { Logger } from '../core/ports.js';
import type { App } from './app.js';
import { problem } from './problem.js';
import { ORIGIN_HEADER } from './routes.js';
import type { HttpRequest } from './types.js';

/** The path as the app routes it: each segment percent-decoded (an invalid one left as it came). */
export function decodePath(raw: string): string {
  try {
    return raw
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    return raw;
  }
}

/**
 * The viewer's address. Behind CloudFront the connection comes from an edge
 * server, so a viewer-request function writes the viewer's address into
 * x-viewer-address (overwriting whatever a client sent). Without it, the
 * connection's own address (the local server gives the app its connection's
 * address directly).
 */
function clientOf(event: APIGatewayProxyEventV2): string {
  const viewer = event.headers?.['x-viewer-address']?.trim();
  return viewer !== undefined && viewer !== '' ? viewer : event.requestContext.http.sourceIp;
}

function requestFromEvent(event: APIGatewayProxyEventV2): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const body =
    event.body === undefined || event.body === null
      ? null
      : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: decodePath(event.rawPath),
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    body,
    requestId: event.requestContext.requestId,
    client: clientOf(event),
  };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export interface LambdaOptions {
  /**
   * On AWS, the values CloudFront may send in x-origin-verify (the current
   * one and, after a rotation, the previous one). A request without one did
   * not come through CloudFront (someone called the API's own URL, where
   * x-viewer-address could be forged), so it is refused with 403. Unset,
   * every request is taken (the local server is its only way in).
   */
  originSecrets?: () => Promise<readonly string[]>;
}

/**
 * Wraps the app as a Lambda handler for HTTP API events.
 *
 * @example
 * export const handler = lambdaHandler(createApp(readRoutes(services), log), log, { originSecret });
 */
export function lambdaHandler(
  app: App,
  log: Logger,
  options: LambdaOptions = {},
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const req = requestFromEvent(event);
    const given = req.headers[ORIGIN_HEADER];
    // The secret goes no further than this check: no route, log or response ever sees it.
    delete req.headers[ORIGIN_HEADER];
    // Compared as digests, in constant time and whatever the lengths.
    const givenDigest = given === undefined ? undefined : digest(given);
    const expected =
      options.originSecrets === undefined ? undefined : (await options.originSecrets()).map(digest);
    const through =
      expected === undefined ||
      (givenDigest !== undefined && expected.some((value) => timingSafeEqual(givenDigest, value)));
    const response = through
      ? await app(req)
      : problem(
          new ForbiddenError("The API answers through the site's own address, not directly."),
          log,
          req.requestId,
        );
    return {
      statusCode: response.status,
      headers: response.headers,
      body: response.body,
      isBase64Encoded: false,
    };
  };
}
