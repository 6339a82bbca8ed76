/** The generated files as the local server serves them (conditional, compressed, 404, safe paths), and what survives a restart. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Parser from 'rss-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE, rawBytes, rawGet, text } from '../helpers/http.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe('generated files over HTTP', () => {
  it('answer conditional GETs with 304 and support HEAD', async () => {
    server = await startServer();
    const first = await fetch(server.url('/rss.xml'));
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const revalidated = await fetch(server.url('/rss.xml'), { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    // RFC 9110 15.4.5: the validators and caching headers, not the representation's own.
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
    expect(revalidated.headers.get('content-type')).toBeNull();
    expect(revalidated.headers.get('content-security-policy')).toBeNull();
    expect(
      (await fetch(server.url('/rss.xml'), { headers: { 'if-none-match': `"other", ${etag}` } })).status,
    ).toBe(304);
    expect(
      (await fetch(server.url('/rss.xml'), { headers: { 'if-modified-since': lastModified } })).status,
    ).toBe(304);
    // If-None-Match wins over If-Modified-Since.
    const both = await fetch(server.url('/rss.xml'), {
      headers: { 'if-none-match': '"stale"', 'if-modified-since': lastModified },
    });
    expect(both.status).toBe(200);
    const head = await fetch(server.url('/rss.xml'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(etag);
    expect(head.headers.get('content-length')).toBe(String((await first.text()).length));
    expect(await head.text()).toBe('');
  });

  it('compresses with Brotli or gzip as the client accepts, each coding with its own strong tag', async () => {
    // Prepare: a feed well over the 1,000 bytes worth compressing.
    server = await startServer();
    const posted = await server.post({
      ...EXAMPLE,
      contentMarkdown: 'A paragraph that says something. '.repeat(100),
    });
    expect(posted.status).toBe(201);
    await server.runtime.idle();
    const get = (headers: Record<string, string>) => rawBytes(server?.runtime.port ?? 0, '/rss.xml', headers);
    // Act
    const identity = await get({});
    const br = await get({ 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await get({ 'accept-encoding': 'br;q=0, gzip' });
    const refused = await get({ 'accept-encoding': 'identity' });
    // Assess: the same bytes under each coding, smaller, and told apart for caches.
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.vary).toBe('accept-encoding');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(identity.body)).toBe(true);
    expect(br.body.length).toBeLessThan(identity.body.length / 2);
    expect(br.headers['content-length']).toBe(String(br.body.length));
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(identity.body)).toBe(true);
    expect(refused.headers['content-encoding']).toBeUndefined();
    const tags = [identity, br, gzip].map((r) => String(r.headers.etag));
    expect(new Set(tags).size).toBe(3);
    for (const tag of tags) expect(tag).toMatch(/^"[\w-]+"$/);
    // A tag of any coding revalidates, and the 304 names the coding it would have sent.
    for (const tag of tags) {
      const revalidated = await get({ 'accept-encoding': 'br', 'if-none-match': tag });
      expect(revalidated.status).toBe(304);
      expect(revalidated.headers.etag).toBe(br.headers.etag);
    }
  });

  it('keeps crawlers off the API with a plain-text robots.txt that names the sitemap', async () => {
    server = await startServer();
    const robots = await fetch(server.url('/robots.txt'));
    expect(robots.status).toBe(200);
    expect(robots.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await robots.text()).toBe(
      `User-agent: *\nDisallow: /api/\n\nSitemap: ${server.runtime.site.siteUrl}/sitemap.xml\n`,
    );
    const sitemap = await fetch(server.url('/sitemap.xml'));
    expect(sitemap.headers.get('content-type')).toBe('application/xml; charset=utf-8');
  });

  it("answers a missing path with the site's own 404 page, and a directory without its slash with a redirect", async () => {
    server = await startServer();
    const missing = await text(server, '/no/such/page');
    expect(missing.res.status).toBe(404);
    expect(missing.body).toContain('<h1>Not found</h1>');
    expect(missing.body).toContain('name="robots" content="noindex"');
    expect(missing.body).toContain(server.runtime.site.siteTitle);
    expect((await server.post({ title: 'Filed', contentText: 'x', categories: ['News'] })).status).toBe(201);
    await server.runtime.idle();
    expect((await fetch(server.url('/categories/news/'))).status).toBe(200);
    for (const path of ['/categories/news', '/categories']) {
      const res = await fetch(server.url(path), { redirect: 'manual' });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location'), path).toBe(`${path}/`);
    }
  });

  it('changes the ETag when a post changes the feed', async () => {
    server = await startServer();
    const etag = (await fetch(server.url('/atom.xml'))).headers.get('etag') ?? '';
    await server.post(EXAMPLE);
    await server.runtime.idle();
    const res = await fetch(server.url('/atom.xml'), { headers: { 'if-none-match': etag } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(etag);
  });

  it('never serves a file outside the public directory, however the path is spelled', async () => {
    // Prepare: a file beside public/ that a traversal would reach.
    server = await startServer();
    await writeFile(join(server.dataDir, 'secret.txt'), 'TOP SECRET');
    const paths = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..\\secret.txt',
      '/%2e%2e%5csecret.txt',
      '/articles/../../secret.txt',
      '/rss.xml%00.txt',
      '/.%2e/secret.txt',
    ];
    for (const path of paths) {
      // Act: raw requests, so no client normalises the path first.
      const res = await rawGet(server.runtime.port, path);
      // Assess
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('TOP SECRET');
    }
  });
});

describe('restarts', () => {
  it('keeps every article across a restart, and creates the first key only once', async () => {
    const first = await startServer({ editorApiKey: null });
    const key = first.runtime.firstKey;
    expect(key).toMatch(/^fw_/);
    const res = await first.post(EXAMPLE, { authorization: `Bearer ${key}` });
    expect(res.status).toBe(201);
    await first.stop();

    server = await startServer({ dataDir: first.dataDir, editorApiKey: null });
    expect(server.runtime.firstKey).toBeNull();
    const latest = (await (await fetch(server.url('/api/latest'))).json()) as {
      items: Array<{ id: string }>;
    };
    expect(latest.items.map((i) => i.id)).toEqual(['hello-feeds']);
    const rss = await new Parser().parseString((await text(server, '/rss.xml')).body);
    expect(rss.items.map((i) => i.title)).toEqual([EXAMPLE.title]);
    // The key printed on the first start still works; only its hash was stored.
    expect((await server.post({ ...EXAMPLE, id: 'second' }, { authorization: `Bearer ${key}` })).status).toBe(
      201,
    );
  });
});

describe('recovery', () => {
  it('renders every page and category again at the next start when the site configuration changed', async () => {
    server = await startServer({ env: { SITE_TITLE: 'Old Name', FEED_SIZE: '2' } });
    for (const n of [1, 2, 3, 4])
      expect(
        (await server.post({ title: `Story ${n}`, contentText: 'x', categories: [`Topic ${n}`] })).status,
      ).toBe(201);
    await server.runtime.idle();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ dataDir, env: { SITE_TITLE: 'New Name', FEED_SIZE: '2' } });
    // Story 1 is in no current feed now (FEED_SIZE 2), and Topic 1 has had no change since: both re-rendered.
    const page = await (await fetch(server.url('/articles/story-1'))).text();
    expect(page).toContain('New Name');
    expect(page).not.toContain('Old Name');
    expect(await (await fetch(server.url('/categories/topic-1/rss.xml'))).text()).toContain(
      'New Name: Topic 1',
    );
  });

  it('makes good at the next start a page and a category feed lost with their publish', async () => {
    const first = await startServer();
    await first.post({ id: 'recovered', title: 'Recovered', contentText: 'x', categories: ['Mended'] });
    await first.runtime.idle();
    await first.stop();
    // As if the process had died between the write and its publish: the generated files are gone.
    const { rm } = await import('node:fs/promises');
    await rm(join(first.dataDir, 'public'), { recursive: true, force: true });
    server = await startServer({ dataDir: first.dataDir });
    expect((await fetch(server.url('/articles/recovered'))).status).toBe(200);
    expect((await fetch(server.url('/categories/mended/rss.xml'))).status).toBe(200);
    expect(
      (await new Parser().parseString(await (await fetch(server.url('/rss.xml'))).text())).items,
    ).toHaveLength(1);
  });
});
