import { afterEach, describe, expect, it } from 'vitest';
import { JsonLogger } from '../../functions/adapters/log.js';
import { KEY, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe('authentication abuse', () => {
  it('answers 429 with Retry-After to a wrong key after ten failures from one client, never to a good key', async () => {
    server = await startServer();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await server.post({ title: 'x', contentText: 'x' }, { authorization: `Bearer guess-${i}` });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      }
      await res.text();
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The limit is on failures from that client: claiming another address does not reset it.
    const spoofed = await server.post(
      { title: 'x', contentText: 'x' },
      { authorization: 'Bearer again', 'x-forwarded-for': '203.0.113.9', 'x-viewer-address': '203.0.113.10' },
    );
    expect(spoofed.status).toBe(429);
    // The editor behind the same address (a shared proxy) is never locked out.
    const good = await server.post({ title: 'x', contentText: 'x' });
    expect(good.status).toBe(201);
  });
});

describe('logs', () => {
  it('never contain an editor key or an Authorization header, whatever the request', async () => {
    const lines: string[] = [];
    const log = new JsonLogger({ service: 'feedwright' }, (line) => lines.push(line));
    server = await startServer({ log });
    const keyResponse = await fetch(server.url('/api/keys'), {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'logged' }),
    });
    const created = (await keyResponse.json()) as { key: string };
    await server.post({ title: 'Logged post', contentText: 'x' });
    await server.post({ title: 'Logged post', contentText: 'x' }, { authorization: `Bearer ${created.key}` });
    await server.post(
      { title: 'Bad', contentText: 'x' },
      { authorization: 'Bearer fw_not-a-real-key-but-secret' },
    );
    await server.post('{"broken json', { authorization: `Bearer ${KEY}` });
    await server.runtime.idle();
    const all = lines.join('\n');
    // The log is not empty: both creations and their publication are in it (how many publish
    // runs depends on the batching window, so only that there was one).
    const messages = lines.map((l) => (JSON.parse(l) as { message: string }).message);
    expect(messages.filter((m) => m === 'article.created')).toHaveLength(2);
    expect(messages).toContain('publish.done');
    for (const secret of [KEY, created.key, 'fw_not-a-real-key-but-secret', 'Bearer'])
      expect(all).not.toContain(secret);
    expect(all).not.toMatch(/authorization/i);
  });
});

describe('pages', () => {
  it('are served with CSP, X-Content-Type-Options and Referrer-Policy', async () => {
    server = await startServer();
    for (const path of ['/', '/rss.xml', '/api/latest', '/missing']) {
      const res = await fetch(server.url(path));
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
      await res.text();
    }
    const csp = (await fetch(server.url('/'))).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
