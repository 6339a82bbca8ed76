/**
 * The Lambda adapter: an API Gateway HTTP API (payload 2.0) event becomes the
 * app's request, and its response the structured result.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { App } from './app.js';
import type { HttpRequest } from './types.js';

function decodePath(raw: string): string {
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
 * x-viewer-address (overwriting whatever a client sent); the local server
 * does the same. Without it, the connection's own address.
 */
function clientOf(event: APIGatewayProxyEventV2): string {
  const viewer = event.headers?.['x-viewer-address']?.trim();
  return viewer !== undefined && viewer !== '' ? viewer : event.requestContext.http.sourceIp;
}

export function requestFromEvent(event: APIGatewayProxyEventV2): HttpRequest {
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

/** Wraps the app as a Lambda handler for HTTP API events. */
export function lambdaHandler(
  app: App,
): (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2> {
  return async (event) => {
    const response = await app(requestFromEvent(event));
    return {
      statusCode: response.status,
      headers: response.headers,
      body: response.body,
      isBase64Encoded: false,
    };
  };
}
