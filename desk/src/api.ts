/**
 * The desk's client of the API. The editor key lives in sessionStorage only
 * (gone when the tab closes), goes out as `Authorization: Bearer` and nowhere
 * else: never in a URL, never logged.
 */
const SLOT = 'feedwright.editor-key';

export const session = {
  key: (): string | null => sessionStorage.getItem(SLOT),
  start: (key: string) => sessionStorage.setItem(SLOT, key),
  end: () => sessionStorage.removeItem(SLOT),
};

export interface Problem {
  title?: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** Seconds to wait, from Retry-After (a 429 or 503). */
    readonly retryAfter: number | null,
  ) {
    super(problem.detail ?? problem.title ?? `The API answered ${status}.`);
  }

  /** What went wrong, as one message naming the fields. */
  describe(): string {
    if (this.status === 429)
      return `Too many attempts from here. Try again in ${this.retryAfter ?? 60} seconds.`;
    const fields = (this.problem.errors ?? []).map((e) => `${e.path} ${e.message}`);
    return [this.message, ...fields].join(' · ');
  }
}

export interface Answer<T> {
  status: number;
  etag: string | null;
  body: T;
}

export async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: { json?: unknown; text?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const key = session.key();
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['content-type'] = options.contentType ?? 'text/plain; charset=utf-8';
    body = options.text;
  }
  const response = await fetch(path, { method, headers, body, cache: 'no-store', credentials: 'omit' });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const parsed: unknown = /json/.test(type) && text !== '' ? JSON.parse(text) : text;
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiError(
      response.status,
      (typeof parsed === 'object' ? parsed : { detail: text }) as Problem,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    );
  }
  return { status: response.status, etag: response.headers.get('etag'), body: parsed as T };
}

/** The article resource, as the desk uses it. */
export interface Article {
  id: string;
  title: string;
  url: string;
  summary: string;
  contentHtml: string;
  authors: Array<{ name: string }>;
  categories: string[];
  image: string | null;
  status: 'published' | 'draft';
  publishedAt: string;
  updatedAt: string;
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
