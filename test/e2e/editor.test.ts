import { afterEach, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/article.js';
import { auth, rssTitles, send } from '../helpers/editor.js';
import { getJson, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

describe('PUT', () => {
  it('creates, then replaces keeping id and guid and moving updatedAt; an identical PUT changes nothing', async () => {
    server = await startServer();
    const body = { title: 'First', contentText: 'One.' };
    const created = await send(server, 'PUT', '/api/articles/steady', body);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/articles/steady');
    expect(created.headers.get('etag')).toBe('"1"');
    const v1 = (await created.json()) as Article;

    const same = await send(server, 'PUT', '/api/articles/steady', body);
    expect(same.status).toBe(200);
    expect(((await same.json()) as Article).version).toBe(1);

    await new Promise((r) => setTimeout(r, 5));
    const replaced = await send(server, 'PUT', '/api/articles/steady', {
      title: 'First, revised',
      contentText: 'One, revised.',
    });
    expect(replaced.status).toBe(200);
    const v2 = (await replaced.json()) as Article;
    expect(v2).toMatchObject({
      id: 'steady',
      guid: v1.guid,
      createdAt: v1.createdAt,
      publishedAt: v1.publishedAt,
      version: 2,
    });
    expect(v2.updatedAt > v1.updatedAt).toBe(true);
    expect(replaced.headers.get('etag')).toBe('"2"');
    expect(await rssTitles(server)).toEqual(['First, revised']);
    const json = await getJson<{ items: Array<{ id: string; date_modified: string }> }>(
      server.url('/feed.json'),
    );
    expect(json.items[0]).toEqual(expect.objectContaining({ id: v1.guid, date_modified: v2.updatedAt }));
  });

  it('keeps updatedAt on a minor edit', async () => {
    server = await startServer();
    const v1 = (await (
      await send(server, 'PUT', '/api/articles/typo', { title: 'Teh title', contentText: 'x' })
    ).json()) as Article;
    await new Promise((r) => setTimeout(r, 5));
    const fixed = (await (
      await send(server, 'PUT', '/api/articles/typo', {
        title: 'The title',
        contentText: 'x',
        minorEdit: true,
      })
    ).json()) as Article;
    expect(fixed).toMatchObject({ title: 'The title', version: 2, updatedAt: v1.updatedAt });
  });

  it('answers 412 to a stale If-Match and applies a current one', async () => {
    server = await startServer();
    await send(server, 'PUT', '/api/articles/race', { title: 'A', contentText: 'x' });
    await send(server, 'PUT', '/api/articles/race', { title: 'B', contentText: 'x' });
    const stale = await send(
      server,
      'PUT',
      '/api/articles/race',
      { title: 'C', contentText: 'x' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const current = await send(server, 'PATCH', '/api/articles/race', { title: 'C' }, { 'if-match': '"2"' });
    expect(current.status).toBe(200);
    expect((await getJson<Article>(server.url('/api/articles/race'))).title).toBe('C');
    expect(
      (await send(server, 'DELETE', '/api/articles/race', undefined, { 'if-match': '"2"' })).status,
    ).toBe(412);
    expect(
      (await send(server, 'DELETE', '/api/articles/race', undefined, { 'if-match': '"3"' })).status,
    ).toBe(204);
  });
});

describe('PATCH', () => {
  it('changes only the given fields, derives a derived summary again, and removes fields set to null', async () => {
    server = await startServer();
    await send(server, 'PUT', '/api/articles/p', {
      title: 'Patch me',
      contentText: 'Old body.',
      image: 'https://img.example/a.png',
      categories: ['One'],
    });
    const res = await send(
      server,
      'PATCH',
      '/api/articles/p',
      { contentMarkdown: 'New **body**.', image: null },
      {
        'content-type': 'application/merge-patch+json',
      },
    );
    expect(res.status).toBe(200);
    const patched = (await res.json()) as Article;
    expect(patched).toMatchObject({
      title: 'Patch me',
      summary: 'New body.',
      image: null,
      categories: ['One'],
      version: 2,
    });
    expect(patched.contentHtml).toBe('<p>New <strong>body</strong>.</p>');
  });

  it('refuses a patch that would leave the article invalid, names the fields, and changes nothing', async () => {
    server = await startServer();
    await send(server, 'PUT', '/api/articles/q', { title: 'Valid', contentText: 'x' });
    const cases: Array<[unknown, number, string[]]> = [
      [{ title: '' }, 400, ['title']],
      [{ title: null }, 400, ['title']],
      [{ status: 'live' }, 400, ['status']],
      [{ publishedAt: '1969-07-20' }, 400, ['publishedAt']],
      [{ colour: 'red' }, 400, ['colour']],
      [{ id: 'other' }, 400, ['id']],
      [{ minorEdit: 'yes' }, 400, ['minorEdit']],
    ];
    for (const [patch, status, paths] of cases) {
      const res = await send(server, 'PATCH', '/api/articles/q', patch);
      expect(res.status, JSON.stringify(patch)).toBe(status);
      const problem = (await res.json()) as { errors: Array<{ path: string }> };
      expect(
        problem.errors.map((e) => e.path),
        JSON.stringify(patch),
      ).toEqual(paths);
    }
    expect(await getJson<Article>(server.url('/api/articles/q'))).toMatchObject({
      title: 'Valid',
      version: 1,
    });
    expect((await send(server, 'PATCH', '/api/articles/missing', { title: 'x' })).status).toBe(404);
  });
});

describe('drafts', () => {
  it('stay out of feeds, pages and /api/latest until published, and are dated when published', async () => {
    server = await startServer();
    await send(server, 'PUT', '/api/articles/d', {
      title: 'Draft',
      contentText: 'Not yet.',
      status: 'draft',
      publishedAt: '2020-01-01',
    });
    expect(await rssTitles(server)).toEqual([]);
    expect((await fetch(server.url('/articles/d'))).status).toBe(404);
    expect((await getJson<LatestPage>(server.url('/api/latest'))).items).toEqual([]);
    expect((await fetch(server.url('/api/articles/d'))).status).toBe(404);
    expect((await fetch(server.url('/api/articles/d'), { headers: auth() })).status).toBe(200);
    const before = Date.now();
    const published = (await (
      await send(server, 'PATCH', '/api/articles/d', { status: 'published' })
    ).json()) as Article;
    expect(Date.parse(published.publishedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await rssTitles(server)).toEqual(['Draft']);
    expect((await fetch(server.url('/articles/d'))).status).toBe(200);
  });
});

describe("the editors' desk", () => {
  it('lists drafts by last edit and scheduled articles soonest first, to editors only', async () => {
    // Prepare
    server = await startServer();
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const later = new Date(Date.now() + 7_200_000).toISOString();
    await send(server, 'PUT', '/api/articles/old-draft', {
      title: 'Old draft',
      contentText: 'x',
      status: 'draft',
    });
    await send(server, 'PUT', '/api/articles/new-draft', {
      title: 'New draft',
      contentText: 'x',
      status: 'draft',
    });
    await send(server, 'PUT', '/api/articles/later', {
      title: 'Later',
      contentText: 'x',
      publishedAt: later,
    });
    await send(server, 'PUT', '/api/articles/soon', { title: 'Soon', contentText: 'x', publishedAt: soon });
    await send(server, 'PUT', '/api/articles/out', { title: 'Out', contentText: 'x' });
    // Editing the old draft brings it to the top.
    expect((await send(server, 'PATCH', '/api/articles/old-draft', { summary: 'Edited.' })).status).toBe(200);
    // Act
    const desk = (status: string, headers: Record<string, string> = auth()) =>
      fetch(server?.url(`/api/articles?status=${status}`) ?? '', { headers });
    const drafts = await desk('draft');
    const scheduled = await desk('scheduled');
    // Assess
    expect(drafts.status).toBe(200);
    expect(drafts.headers.get('cache-control')).toBe('private, no-store');
    expect(((await drafts.json()) as LatestPage).items.map((i) => i.id)).toEqual(['old-draft', 'new-draft']);
    expect(((await scheduled.json()) as LatestPage).items.map((i) => i.id)).toEqual(['soon', 'later']);
    expect((await desk('draft', {})).status).toBe(401);
    const bad = await desk('everything');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('status');
  });
});

describe('preview', () => {
  it("shows an editor a draft's page as readers will see it, marked and kept out of search engines", async () => {
    // Prepare
    server = await startServer();
    await send(server, 'PUT', '/api/articles/pending', {
      title: 'Pending <story>',
      contentMarkdown: '## First\n\nA paragraph.',
      status: 'draft',
      categories: ['Drafts & Co'],
    });
    // Act
    const preview = await fetch(server.url('/api/articles/pending/preview'), { headers: auth() });
    // Assess
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(preview.headers.get('cache-control')).toBe('private, no-store');
    expect(preview.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(preview.headers.get('x-robots-tag')).toBe('noindex');
    const html = await preview.text();
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<p class="notice" role="status">Preview of a draft');
    expect(html).toContain('<h1>Pending &lt;story&gt;</h1>');
    expect(html).toContain('<h2>First</h2>');
    // The published page is the same page without the notice.
    await send(server, 'PATCH', '/api/articles/pending', { status: 'published' });
    await server.runtime.idle();
    const published = await (await fetch(server.url('/articles/pending'))).text();
    const republished = await (
      await fetch(server.url('/api/articles/pending/preview'), { headers: auth() })
    ).text();
    expect(republished).toContain('Preview: this article is published at');
    const withoutNotice = republished
      .replace(/<p class="notice" role="status">[^<]*<\/p>\n/, '')
      .replace('\n<meta name="robots" content="noindex">', '');
    expect(withoutNotice).toBe(published);
    // Editors only, and only articles that exist.
    expect((await fetch(server.url('/api/articles/pending/preview'))).status).toBe(401);
    expect((await fetch(server.url('/api/articles/nothing/preview'), { headers: auth() })).status).toBe(404);
  });
});
