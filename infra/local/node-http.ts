/**
 * Node's request becomes the app's own request once, and the app's response
 * goes back on Node's response (as hono's node adapter does): the local
 * server calls the app directly, with no API Gateway event in between.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_ANY_BODY_BYTES } from '../../functions/http/body.js';
import { decodePath } from '../../functions/http/lambda.js';
import type { HttpRequest, HttpResponse } from '../../functions/http/types.js';

/** Bodies beyond this are not even drained: the connection is dropped. */
const DRAIN_LIMIT = 4 * MAX_ANY_BODY_BYTES;

/** The request's body, cut one byte past the app's largest cap so it can tell "too large" from "at the cap". */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > DRAIN_LIMIT) {
      req.destroy();
      break;
    }
    if (size - chunk.length <= MAX_ANY_BODY_BYTES) chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  return body.length > MAX_ANY_BODY_BYTES + 1 ? body.subarray(0, MAX_ANY_BODY_BYTES + 1) : body;
}

/**
 * The app's request: the path and query from the request line, header names
 * in lower case (repeated ones joined), and the connection's own address as
 * the client (whatever headers the client sent).
 */
export function requestFrom(req: IncomingMessage, url: URL, body: Buffer): HttpRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: decodePath(url.pathname),
    query: url.searchParams,
    headers,
    body: body.length > 0 ? body : null,
    requestId: randomUUID(),
    client: req.socket.remoteAddress ?? '',
  };
}

/** Sends the app's response, with the headers every local answer carries. */
export function send(
  res: ServerResponse,
  response: HttpResponse,
  extraHeaders: Record<string, string>,
): void {
  res.writeHead(response.status, { ...extraHeaders, ...response.headers });
  res.end(response.body);
}
