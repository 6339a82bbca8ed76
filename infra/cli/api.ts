/** The CLI's client of the HTTP API: one request at a time, problem+json shown as lines a person reads. */
import type { ArticleRequest } from './files.js';

/** An error to show the user as it is, with an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface Problem {
  title?: string;
  status?: number;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

/** The API's problem+json, as lines a person reads. */
function describeProblem(status: number, problem: Problem): string {
  const lines = [`${problem.title ?? 'Error'} (${status}): ${problem.detail ?? ''}`.trim()];
  for (const error of problem.errors ?? []) lines.push(`  - ${error.path}: ${error.message}`);
  if (status === 401) lines.push('  Check --key, $FEEDWRIGHT_KEY or $EDITOR_API_KEY.');
  return lines.join('\n');
}

export class Api {
  constructor(
    private readonly base: string,
    private readonly key: string | undefined,
  ) {}

  async request(
    method: string,
    path: string,
    options: { body?: ArticleRequest; headers?: Record<string, string>; auth?: boolean } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== false) {
      if (this.key === undefined) throw new CliError('No editor key: pass --key or set FEEDWRIGHT_KEY.', 2);
      headers.authorization = `Bearer ${this.key}`;
    }
    if (options.body !== undefined) headers['content-type'] = options.body.contentType;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.base), { method, headers, body: options.body?.body });
    } catch (error) {
      throw new CliError(
        `Cannot reach ${this.base}: ${((error as Error).cause as Error | undefined)?.message ?? (error as Error).message}`,
        2,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      let problem: Problem = {};
      try {
        problem = JSON.parse(text) as Problem;
      } catch {
        problem = { detail: text.slice(0, 200) };
      }
      throw new CliError(describeProblem(res.status, problem));
    }
    const isJson = /json/.test(res.headers.get('content-type') ?? '');
    return {
      status: res.status,
      headers: res.headers,
      text,
      json: text === '' || !isJson ? null : (JSON.parse(text) as Record<string, unknown>),
    };
  }
}
