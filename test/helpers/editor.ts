/** Editor requests the editor suites share: the key header, JSON requests, the feed's titles. */
import { withRssParser } from './readers.js';
import { KEY, type TestServer } from './server.js';

/** An editor's Authorization header. */
export const auth = (key = KEY) => ({ authorization: `Bearer ${key}` });

/** A JSON request from an editor. */
export function send(
  s: TestServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  return fetch(s.url(path), {
    method,
    headers: { ...auth(), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The titles in /rss.xml once everything so far is published. */
export async function rssTitles(s: TestServer): Promise<string[]> {
  await s.runtime.idle();
  return (await withRssParser(await (await fetch(s.url('/rss.xml'))).text())).map((i) => i.title);
}
