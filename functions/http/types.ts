/** The app's own request and response: what both the Lambda adapter and tests speak. */
export interface HttpRequest {
  method: string;
  /** Decoded path, e.g. /api/articles/x. */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: Buffer | null;
  /** Request id for logs (API Gateway's, or one the local server made). */
  requestId: string;
  /** Who is asking (an IP address), for per-client limits. */
  client: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** An article's ETag is its version: it changes with every stored change. */
export const etagOf = (version: number) => `"${version}"`;
