/**
 * A full disk under `npm start`: the data directory on a small tmpfs of its
 * own. Writes answer 503 with Retry-After before the store's disk fills (a
 * LevelDB that fails a write refuses every write after), reads go on, the
 * process stays up, and writes work again once space returns.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNpm } from '../helpers/npm-start.js';
import { describeWith, type Requirement } from '../helpers/requires.js';

const KEY = 'disk-full-editor-key-0123456789';

function canMountTmpfs(): Requirement {
  let available = false;
  const probe = mkdtempSync(join(tmpdir(), 'feedwright-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    available = true;
  } catch {
    available = false;
  }
  rmSync(probe, { recursive: true, force: true });
  return {
    what: 'permission to mount a tmpfs (root)',
    available,
    howToGet: 'run the suite as root, as .ci/run does',
  };
}

describeWith([canMountTmpfs()], 'a full disk', () => {
  let dir: string;
  let child: ChildProcess;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'feedwright-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir]);
    const started = await startNpm(dir, { EDITOR_API_KEY: KEY, MIN_FREE_MB: '4', SITE_URL: undefined });
    child = started.child;
    base = started.base;
  }, 60_000);

  afterAll(() => {
    child?.kill('SIGKILL');
    try {
      execFileSync('umount', ['-l', dir]);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (n: number) =>
    fetch(`${base}/api/articles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: `Filler ${n}`, contentText: 'word '.repeat(6_000) }),
    });

  it('answers writes 503 with Retry-After before the disk fills, keeps serving reads, and writes again when space returns', async () => {
    const statuses: number[] = [];
    for (let n = 1; n <= 400 && !statuses.includes(503); n++) {
      const res = await post(n);
      statuses.push(res.status);
      if (res.status === 503) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      }
      await res.text();
    }
    expect(statuses.at(-1)).toBe(503);
    expect(new Set(statuses)).toEqual(new Set([201, 503]));
    expect(child.exitCode).toBeNull();
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    expect((await fetch(`${base}/rss.xml`)).status).toBe(200);
    // Space returns: the same process takes writes again, and publishes them.
    execFileSync('mount', ['-o', 'remount,size=64m', dir]);
    const again = await post(999);
    expect(again.status).toBe(201);
    let page = 404;
    for (let i = 0; i < 100 && page !== 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      page = (await fetch(`${base}/articles/filler-999`)).status;
    }
    expect(page).toBe(200);
  });
});
