import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/emulator.js';
import { type Started, startNpm } from '../helpers/npm-start.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs the `npm start` entry with no key or site URL set, as a new user does. */
const start = (dataDir: string) => startNpm(dataDir, { EDITOR_API_KEY: undefined, SITE_URL: undefined });

async function interrupt(started: Started): Promise<number | null> {
  const exited = once(started.child, 'exit');
  started.child.kill('SIGINT');
  const [code] = await exited;
  return code as number | null;
}

let running: Started | undefined;
afterEach(() => {
  if (running?.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
});

describe('npm start', () => {
  it('prints a key once, publishes, stops cleanly on Ctrl-C and finds everything again', async () => {
    const dir = await tempDir();
    // Prepare: a first start on an empty data directory.
    running = await start(dir.path);
    const key = /\n\s+(fw_[\w-]+)\n/.exec(running.output())?.[1];
    expect(key).toBeDefined();
    expect(running.output()).not.toMatch(/Warning/);
    // Act: post, wait for the feed, then Ctrl-C.
    const res = await fetch(`${running.base}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Survives restarts', contentText: 'Still here.' }),
    });
    expect(res.status).toBe(201);
    let rss = '';
    for (let i = 0; i < 100 && !rss.includes('Survives restarts'); i++) {
      rss = await (await fetch(`${running.base}/rss.xml`)).text();
      if (!rss.includes('Survives restarts')) await new Promise((r) => setTimeout(r, 50));
    }
    expect(rss).toContain('Survives restarts');
    expect(await interrupt(running)).toBe(0);
    // Assess: a second start keeps the article and the key, and prints no new key.
    running = await start(dir.path);
    expect(running.output()).not.toContain('fw_');
    const latest = (await (await fetch(`${running.base}/api/latest`)).json()) as {
      items: Array<{ id: string }>;
    };
    expect(latest.items.map((i) => i.id)).toEqual(['survives-restarts']);
    const del = await fetch(`${running.base}/api/articles/survives-restarts`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(del.status).toBe(204);
    expect(await interrupt(running)).toBe(0);
    await dir.remove();
  });

  it('answers requests that arrive while it is still starting (none hangs)', async () => {
    const dir = await tempDir();
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolvePort) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolvePort(free));
      });
    });
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dir.path,
      EDITOR_API_KEY: 'k',
    };
    const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['infra/local/main.ts'], {
      cwd: ROOT,
      env,
      stdio: 'ignore',
    });
    running = { child, base: `http://127.0.0.1:${port}`, output: () => '' };
    // Knock from the first moment the port may be open; each answer must come, or the connection be refused.
    let answered = 0;
    for (let i = 0; i < 400 && answered < 5; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/rss.xml`, { signal: AbortSignal.timeout(5000) });
        expect(res.status).toBe(200);
        await res.text();
        answered++;
      } catch (error) {
        expect((error as Error).name, 'a request hung').not.toBe('TimeoutError');
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    expect(answered).toBe(5);
    expect(await interrupt(running)).toBe(0);
    await dir.remove();
  });

  it('fails fast with a clear message on bad configuration', async () => {
    const child = spawn(resolve(ROOT, 'node_modules/.bin/tsx'), ['infra/local/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, FEED_SIZE: 'lots' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(err).toContain('FEED_SIZE must be a whole number from 1 to 500, not "lots".');
  });
});
