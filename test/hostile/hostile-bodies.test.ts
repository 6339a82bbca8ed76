/** Hostile pages and bodies, and the local server's connection limits: refused in bounded time, never a hang. */
import { afterEach, describe, expect, it } from 'vitest';
import { KEY, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
});

const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

describe('hostile pages and bodies', () => {
  /** Well within the guards, but slow to read: nested blocks of real-looking paragraphs. */
  const slowPage = `<html><head><title>A long page</title></head><body><h1>A long page</h1>${'<div><div><div><div><p>A sentence of text, long enough to count as a paragraph of the story.</p></div></div></div></div>'.repeat(3000)}</body></html>`;

  it('refuses JSON nested 10,000 deep with 400 and HTML nested 1,000 deep with 422, never 500', async () => {
    server = await startServer();
    const deepJson = `{"title":"x","contentText":"y","categories":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const json = await server.post(deepJson);
    expect(json.status).toBe(400);
    expect(((await json.json()) as { errors: unknown[] }).errors).toEqual([
      { path: '(body)', message: 'must not nest deeper than 32 levels' },
    ]);
    for (const body of [
      `<html><body><p>${'<b><i><u>'.repeat(1000)}x${'</u></i></b>'.repeat(1000)}</p></body></html>`,
      `<html><body><h1>Lists</h1>${'<ul><li>'.repeat(1000)}x${'</li></ul>'.repeat(1000)}</body></html>`,
      `<html><body><h1>Flat</h1><p>${`${'<b><i><u>'.repeat(40)}x${'</u></i></b>'.repeat(40)}`.repeat(600)}</p></body></html>`,
    ]) {
      const res = await fetch(server.url('/api/articles'), {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/html; charset=utf-8' },
        body,
      });
      expect(res.status).toBe(422);
      expect(((await res.json()) as { errors: Array<{ path: string }> }).errors[0]?.path).toBe('(body)');
    }
  });

  it('reads or refuses (422) 100,000 short lines and one 4 MB line within the page budget, never a 500', async () => {
    // The default budget (2 s): a page read past it is stopped and refused, so neither ever hangs ingest.
    server = await startServer();
    const para =
      'The harbour board voted on Tuesday to rebuild the north quay, a project argued over for a decade.';
    for (const page of [
      Array.from({ length: 100_000 }, (_, i) => (i % 100 === 0 ? para : `Line ${i}`)).join('\n'),
      `A Headline\n\n${'word '.repeat(800_000)}`,
    ]) {
      expect(Buffer.byteLength(page)).toBeLessThanOrEqual(4 * 1024 * 1024);
      const res = await fetch(server.url('/api/articles?dryRun=true'), {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/plain; charset=utf-8' },
        body: page,
      });
      expect([200, 422]).toContain(res.status);
      expect(res.headers.get('content-type')).toMatch(res.status === 200 ? /json/ : /problem\+json/);
    }
  });

  it('keeps answering /api/health while a page is being read', async () => {
    // A generous budget: this is about the thread staying free, however loaded the machine is.
    server = await startServer({ pageBudget: { timeMs: 60_000 } });
    let read = false;
    const page = fetch(server.url('/api/articles?dryRun=true'), {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/html; charset=utf-8' },
      body: slowPage,
    }).then((res) => {
      read = true;
      return res.status;
    });
    // Several health answers arrive while the page is still being read: reading never holds the thread.
    let answeredMeanwhile = 0;
    while (!read) {
      const health = await fetch(server.url('/api/health'));
      if (health.status === 200 && !read) answeredMeanwhile++;
    }
    expect(await page).toBe(200);
    expect(answeredMeanwhile).toBeGreaterThan(3);
  });

  it('stops a page over its time budget with 422 saying so, and reads the next one', async () => {
    const { WorkerPages } = await import('../../infra/local/pages.js');
    const pages = new WorkerPages({ timeMs: 100 });
    try {
      await expect(pages.read(slowPage, 'text/html')).rejects.toMatchObject({
        status: 422,
        message: expect.stringMatching(/took longer than 100 ms/),
      });
      const fields = await pages.read(
        'A Short Headline Here\n\nA first paragraph of the article, with words.',
        'text/plain',
      );
      expect(fields.title).toBe('A Short Headline Here');
    } finally {
      await pages.close();
    }
  });
});

describe('connection limits of the local server', () => {
  const limits = {
    headersTimeoutMs: 400,
    requestTimeoutMs: 800,
    keepAliveTimeoutMs: 300,
    idleTimeoutMs: 600,
    maxConnections: 20,
    maxRequestsPerSocket: 10,
  };

  /** Opens a raw connection; resolves with what the server sent and how long until it closed it. */
  async function hold(
    port: number,
    act: (socket: import('node:net').Socket) => void,
  ): Promise<{ data: string; closedAfterMs: number }> {
    const net = await import('node:net');
    const started = Date.now();
    return new Promise((done) => {
      let data = '';
      const socket = net.connect(port, '127.0.0.1', () => act(socket));
      socket.on('data', (b) => {
        data += b;
      });
      socket.on('error', () => {});
      socket.on('close', () => done({ data, closedAfterMs: Date.now() - started }));
      // The test's own bound: a server that never closes fails here, not by hanging.
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
  }

  it('closes a slow request head (slowloris), an idle socket, and a connection past its request count', async () => {
    server = await startServer({ limits });
    const port = Number(new URL(server.runtime.url).port);
    // Slowloris: one header line every 100 ms, never finishing the head.
    const slow = await hold(port, (socket) => {
      socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n');
      const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
      socket.on('close', () => clearInterval(drip));
    });
    expect(slow.closedAfterMs).toBeLessThan(5_000);
    expect(slow.data === '' || slow.data.startsWith('HTTP/1.1 408')).toBe(true);
    // An idle connection that never sends a byte.
    expect((await hold(port, () => {})).closedAfterMs).toBeLessThan(5_000);
    // A thousand pipelined requests, none of their answers read: at most the per-socket count is answered.
    const pipelined = await hold(port, (socket) => {
      socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n'.repeat(1_000));
    });
    const answered = pipelined.data.match(/HTTP\/1\.1 /g)?.length ?? 0;
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThanOrEqual(limits.maxRequestsPerSocket + 1);
  });

  it('keeps a keep-alive connection that reads each answer before asking again, past the pipelining bound', async () => {
    server = await startServer({ limits });
    const port = Number(new URL(server.runtime.url).port);
    const net = await import('node:net');
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let closed = false;
    socket.on('close', () => {
      closed = true;
    });
    let answers = 0;
    for (let n = 0; n < limits.maxRequestsPerSocket * 3; n++) {
      const answered = new Promise<string>((r) => {
        socket.once('data', (b) => r(String(b)));
        socket.once('close', () => r(''));
      });
      socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
      if ((await answered).startsWith('HTTP/1.1 200')) answers++;
    }
    expect(answers).toBe(limits.maxRequestsPerSocket * 3);
    expect(closed).toBe(false);
    socket.destroy();
  });

  it('refuses connections past its cap at once, and serves again when they go', async () => {
    server = await startServer({ limits });
    const port = Number(new URL(server.runtime.url).port);
    const net = await import('node:net');
    const open = await Promise.all(
      Array.from(
        { length: limits.maxConnections },
        () =>
          new Promise<import('node:net').Socket>((done) => {
            const socket = net.connect(port, '127.0.0.1', () => done(socket));
            socket.on('error', () => {});
          }),
      ),
    );
    const extra = await hold(port, (socket) =>
      socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n'),
    );
    expect(extra.data).toBe('');
    for (const socket of open) socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await fetch(server.url('/api/health'))).status).toBe(200);
  });
});
