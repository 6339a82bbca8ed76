/** HTTP helpers the local server suites share: the example article, raw GETs whose bytes go on the wire as written, fetch with its body. */
import { type IncomingHttpHeaders, request } from 'node:http';
import type { TestServer } from './server.js';

/** The README's example article, as the local suites post it. */
export const EXAMPLE = {
  title: 'Hello, feeds',
  contentMarkdown: 'First **post** from feedwright.\n\nA second paragraph.',
  categories: ['Announcements'],
  authors: [{ name: 'Jane Doe' }],
};

/** A GET whose path goes on the wire exactly as written. */
export function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A GET with exactly the given headers, its body as the bytes sent (fetch would decompress them). */
export function rawBytes(
  port: number,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export async function text(
  s: TestServer,
  path: string,
  init?: RequestInit,
): Promise<{ res: Response; body: string }> {
  const res = await fetch(s.url(path), init);
  return { res, body: await res.text() };
}
