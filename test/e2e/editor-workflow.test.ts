/** The editor workflow over HTTP: idempotent posts, scheduled publishing, keys and the audit log. */
import { afterEach, describe, expect, it } from 'vitest';
import { auth, rssTitles, send } from '../helpers/editor.js';
import { type HubStandIn, startHub } from '../helpers/hub.js';
import { getJson, type LatestPage, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
let hub: HubStandIn | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  await hub?.close();
  hub = undefined;
});

describe('Idempotency-Key', () => {
  it('replays the first answer for a retry and never creates a second article', async () => {
    server = await startServer();
    const body = { title: 'Once only', contentText: 'x' };
    const first = await send(server, 'POST', '/api/articles', body, { 'idempotency-key': 'retry-1' });
    const again = await send(server, 'POST', '/api/articles', body, { 'idempotency-key': 'retry-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(await first.text());
    const racing = await Promise.all(
      Array.from({ length: 5 }, () =>
        send(
          server as TestServer,
          'POST',
          '/api/articles',
          { title: 'Raced', contentText: 'y' },
          { 'idempotency-key': 'race-1' },
        ),
      ),
    );
    expect(racing.filter((r) => r.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(racing.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    await server.runtime.idle();
    const ids = (await getJson<LatestPage>(server.url('/api/latest'))).items.map((i) => i.id).sort();
    expect(ids).toEqual(['once-only', 'raced']);
  });

  it('answers 422 when a key is reused with a different body, and replays refusals too', async () => {
    server = await startServer();
    await send(server, 'POST', '/api/articles', { title: 'A', contentText: 'x' }, { 'idempotency-key': 'k' });
    const reused = await send(
      server,
      'POST',
      '/api/articles',
      { title: 'B', contentText: 'x' },
      { 'idempotency-key': 'k' },
    );
    expect(reused.status).toBe(422);
    const bad = await send(server, 'POST', '/api/articles', { title: '' }, { 'idempotency-key': 'bad' });
    const badAgain = await send(server, 'POST', '/api/articles', { title: '' }, { 'idempotency-key': 'bad' });
    expect([bad.status, badAgain.status]).toEqual([400, 400]);
    expect(badAgain.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('scheduled publishing', () => {
  it('reaches the feeds and pings the hub when publishedAt arrives, not before', async () => {
    hub = await startHub();
    const { pings } = hub;
    server = await startServer({
      env: { WEBSUB_HUBS: hub.url },
    });
    const at = new Date(Date.now() + 1500);
    const res = await send(server, 'POST', '/api/articles', {
      title: 'Embargoed',
      contentText: 'Later.',
      publishedAt: at.toISOString(),
    });
    expect(res.status).toBe(201);
    expect(await rssTitles(server)).toEqual([]);
    expect((await getJson<LatestPage>(server.url('/api/latest'))).items).toEqual([]);
    expect((await fetch(server.url('/articles/embargoed'))).status).toBe(404);
    await server.runtime.idle();
    pings.length = 0;
    // Wait for the publication (bounded), then check it happened no earlier than its time.
    let titles: string[] = [];
    for (let i = 0; i < 100 && titles.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      titles = await rssTitles(server);
    }
    expect(titles).toEqual(['Embargoed']);
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
    // /api/latest agrees with the feeds the moment they change, though its empty answer was cached before.
    expect((await getJson<LatestPage>(server.url('/api/latest'))).items.map((i) => i.id)).toEqual([
      'embargoed',
    ]);
    expect((await fetch(server.url('/articles/embargoed'))).status).toBe(200);
    // The hubs are pinged once every file of the run is written, so shortly after the feed appears.
    const pinged = () => pings.map((p) => p.form.get('hub.url'));
    for (let i = 0; i < 50 && !pinged().includes(`${server.runtime.site.siteUrl}/rss.xml`); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(pinged()).toContain(`${server.runtime.site.siteUrl}/rss.xml`);
  });

  it('restores the schedules of the articles still scheduled after a restart, and not of deleted ones', async () => {
    server = await startServer();
    // Far enough ahead that the restart ends before it (a restart takes well under a second).
    const at = new Date(Date.now() + 3000).toISOString();
    await send(server, 'PUT', '/api/articles/cancelled', {
      title: 'Cancelled',
      contentText: 'x',
      publishedAt: at,
    });
    await send(server, 'PUT', '/api/articles/survivor', {
      title: 'Survivor',
      contentText: 'x',
      publishedAt: at,
    });
    expect((await send(server, 'DELETE', '/api/articles/cancelled')).status).toBe(204);
    const dataDir = server.dataDir;
    await server.stop();
    const restored: unknown[] = [];
    server = await startServer({
      dataDir,
      log: {
        info: (message, fields) => {
          if (message === 'local.schedules-restored') restored.push(fields?.count);
        },
        warn() {},
        error() {},
      },
    });
    expect(restored).toEqual([1]);
    expect(await rssTitles(server)).toEqual([]);
    let titles: string[] = [];
    for (let i = 0; i < 100 && titles.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      titles = await rssTitles(server);
    }
    expect(titles).toEqual(['Survivor']);
  });
});

describe('keys', () => {
  it('creates a key shown once, lists keys with last use, and a revoked key fails at once', async () => {
    server = await startServer();
    const created = await send(server, 'POST', '/api/keys', { name: 'alice' });
    expect(created.status).toBe(201);
    const alice = (await created.json()) as { id: string; key: string; name: string };
    expect(alice.key).toMatch(/^fw_/);
    expect(
      (await send(server, 'POST', '/api/articles', { title: 'By Alice', contentText: 'x' }, auth(alice.key)))
        .status,
    ).toBe(201);
    const listed = await getJson<{ items: Array<Record<string, unknown>> }>(server.url('/api/keys'), {
      headers: auth(),
    });
    const entry = listed.items.find((k) => k.id === alice.id);
    expect(entry).toMatchObject({ name: 'alice', revokedAt: null });
    expect(typeof entry?.lastUsedAt).toBe('string');
    expect(JSON.stringify(listed)).not.toContain(alice.key);
    expect((await send(server, 'DELETE', `/api/keys/${alice.id}`)).status).toBe(200);
    expect(
      (await send(server, 'POST', '/api/articles', { title: 'Too late', contentText: 'x' }, auth(alice.key)))
        .status,
    ).toBe(401);
    expect((await send(server, 'DELETE', '/api/keys/ffffffffffff')).status).toBe(404);
    expect((await send(server, 'POST', '/api/keys', { name: '' })).status).toBe(400);
  });
});

describe('audit', () => {
  it('records who created, changed and deleted what, readable newest first and per article', async () => {
    server = await startServer();
    const bob = (await (await send(server, 'POST', '/api/keys', { name: 'bob' })).json()) as { key: string };
    await send(server, 'PUT', '/api/articles/a1', { title: 'A', contentText: 'x' }, auth(bob.key));
    await send(server, 'PATCH', '/api/articles/a1', { title: 'A2' });
    await send(server, 'PUT', '/api/articles/a2', { title: 'Other', contentText: 'x' });
    await send(server, 'DELETE', '/api/articles/a1', undefined, auth(bob.key));
    const all = await getJson<{ items: Array<{ editor: string; action: string; subject: string }> }>(
      server.url('/api/audit'),
      { headers: auth() },
    );
    expect(all.items.map((e) => [e.editor, e.action, e.subject])).toEqual([
      ['bob', 'delete', 'a1'],
      ['EDITOR_API_KEY', 'create', 'a2'],
      ['EDITOR_API_KEY', 'patch', 'a1'],
      ['bob', 'create', 'a1'],
      ['EDITOR_API_KEY', 'key.create', expect.any(String)],
    ]);
    const one = await getJson<{ items: Array<{ action: string }>; nextCursor: string | null }>(
      server.url('/api/audit?subject=a1&limit=2'),
      { headers: auth() },
    );
    expect(one.items.map((e) => e.action)).toEqual(['delete', 'patch']);
    const rest = await getJson<{ items: Array<{ action: string }>; nextCursor: string | null }>(
      server.url(`/api/audit?subject=a1&limit=2&cursor=${one.nextCursor}`),
      { headers: auth() },
    );
    expect(rest.items.map((e) => e.action)).toEqual(['create']);
    expect(rest.nextCursor).toBeNull();
    expect((await fetch(server.url('/api/audit'))).status).toBe(401);
  });
});
