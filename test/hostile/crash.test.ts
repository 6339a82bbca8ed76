import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { TOMBSTONE_LIMIT } from '../../functions/core/publish/plan.js';
import { tempDir } from '../helpers/emulator.js';
import { type Started, startNpm } from '../helpers/npm-start.js';

const KEY = 'crash-test-editor-key-0123456789';
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const OPS = Number(process.env.CRASH_OPS ?? 60);
const CATEGORIES = ['Ships', 'Tide', 'Harbour'];

type Running = Started;

const start = (dataDir: string) =>
  startNpm(dataDir, { EDITOR_API_KEY: KEY, FEED_SIZE: '5', ARCHIVE_SIZE: '7', SITE_URL: undefined });

async function kill9(running: Running): Promise<void> {
  const exited = once(running.child, 'exit');
  running.child.kill('SIGKILL');
  await exited;
}

/** A small deterministic generator, so a failing round can be run again. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

type Known = { state: 'live'; categories: string[] } | { state: 'deleted'; guid: string };

let running: Running | undefined;
afterEach(() => {
  if (running?.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
});

describe('a crash at any moment', () => {
  it('loses no acknowledged post, edit or delete: pages, feeds, archives and categories all catch up', async () => {
    const dir = await tempDir();
    const random = rng(20261130);
    const known = new Map<string, Known>();
    const uncertain = new Set<string>();
    /** The guid of every article a delete was sent for, answered or not. */
    const deletionsTried = new Set<string>();
    let n = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      running = await start(dir.path);
      const base = running.base;
      const killAfter = Math.floor(OPS * (0.25 + random() * 0.5));
      let acked = 0;
      let killed: Promise<void> | undefined;
      const request = async (method: string, path: string, body?: unknown): Promise<Response | null> => {
        try {
          return await fetch(`${base}${path}`, {
            method,
            headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
        } catch {
          return null; // the process died under it
        }
      };
      const one = async () => {
        const live = [...known].filter(([id, k]) => k.state === 'live' && !uncertain.has(id));
        const roll = random();
        let id: string;
        let answered: Response | null;
        let outcome: Known;
        if (roll < 0.15 && live.length > 0) {
          const [victim] = live[Math.floor(random() * live.length)] as [string, Known];
          id = victim;
          uncertain.add(id);
          const current = await request('GET', `/api/articles/${id}`);
          const guid = current?.ok ? ((await current.json()) as { guid: string }).guid : '';
          deletionsTried.add(guid);
          answered = await request('DELETE', `/api/articles/${id}`);
          outcome = { state: 'deleted', guid };
          if (answered?.status !== 204) return;
        } else if (roll < 0.3 && live.length > 0) {
          const [edited] = live[Math.floor(random() * live.length)] as [string, Known];
          id = edited;
          uncertain.add(id);
          const categories = [CATEGORIES[Math.floor(random() * 3)] as string];
          answered = await request('PUT', `/api/articles/${id}`, {
            title: `Edited ${id}`,
            contentText: 'Edited.',
            categories,
          });
          outcome = { state: 'live', categories };
          if (answered?.status !== 200) return;
        } else {
          n += 1;
          id = `story-${n}`;
          uncertain.add(id);
          const categories = [CATEGORIES[n % 3] as string];
          answered = await request('PUT', `/api/articles/${id}`, {
            title: `Story ${n}`,
            contentText: `Body of story ${n}.`,
            categories,
            // Some back-dated, so they land on archive pages rather than in the current feed.
            ...(n % 4 === 0 ? { publishedAt: '2024-01-01' } : {}),
          });
          outcome = { state: 'live', categories };
          if (answered?.status !== 201) return;
        }
        if (killed !== undefined) return; // answered, but after the kill began: leave it uncertain
        known.set(id, outcome);
        uncertain.delete(id);
        acked += 1;
        if (acked === killAfter) killed = kill9(running as Running);
      };
      // Twenty at a time until the kill; the ones in flight then are left uncertain.
      const queue = Array.from({ length: OPS }, () => one);
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (queue.length > 0 && killed === undefined) await (queue.shift() as () => Promise<void>)();
        }),
      );
      await (killed ?? kill9(running));
    }

    // The last restart publishes what the crash left undone before it answers.
    running = await start(dir.path);
    const base = running.base;
    const json = async (path: string) => (await fetch(`${base}${path}`)).json();
    const chain = async (feed: string): Promise<Set<string>> => {
      const ids = new Set<string>();
      let url: string | undefined = `${base}${feed}`;
      while (url !== undefined) {
        const doc = (await (await fetch(url)).json()) as { items: Array<{ url: string }>; next_url?: string };
        for (const item of doc.items) ids.add(item.url.replace(/^.*\/articles\//, ''));
        url = doc.next_url;
      }
      return ids;
    };
    const main = await chain('/feed.json');
    const byCategory = new Map<string, Set<string>>();
    for (const name of CATEGORIES) {
      const slug = name.toLowerCase();
      const res = await fetch(`${base}/categories/${slug}/feed.json`);
      byCategory.set(name, res.ok ? await chain(`/categories/${slug}/feed.json`) : new Set());
    }
    const atom = await (await fetch(`${base}/atom.xml`)).text();
    const checked = [...known].filter(([id]) => !uncertain.has(id));
    expect(checked.length).toBeGreaterThan(OPS / 2);
    const problems: string[] = [];
    for (const [id, k] of checked) {
      const page = await fetch(`${base}/articles/${id}`);
      if (k.state === 'live') {
        if (page.status !== 200) problems.push(`${id}: page ${page.status}`);
        if (!main.has(id)) problems.push(`${id}: not in the main feed or its archives`);
        for (const name of CATEGORIES) {
          const listed = byCategory.get(name)?.has(id) ?? false;
          if (listed !== k.categories.includes(name)) problems.push(`${id}: ${name} listing says ${listed}`);
        }
      } else {
        if (page.status !== 404) problems.push(`${id}: deleted but its page answers ${page.status}`);
        if (main.has(id)) problems.push(`${id}: deleted but still in the main feed chain`);
        for (const [name, ids] of byCategory) if (ids.has(id)) problems.push(`${id}: deleted but in ${name}`);
      }
    }
    // Tombstones: the newest TOMBSTONE_LIMIT deletions are in the Atom feed, and nothing else is.
    const refs = [...atom.matchAll(/<at:deleted-entry ref="([^"]+)"/g)].map((m) => m[1] as string);
    for (const ref of refs)
      if (!deletionsTried.has(ref)) problems.push(`tombstone for ${ref}, never deleted`);
    const deleted = checked.flatMap(([, k]) => (k.state === 'deleted' && k.guid !== '' ? [k.guid] : []));
    if (deleted.length <= TOMBSTONE_LIMIT) {
      for (const guid of deleted) if (!refs.includes(guid)) problems.push(`${guid}: no tombstone`);
    } else if (refs.length !== TOMBSTONE_LIMIT) {
      problems.push(`${refs.length} tombstones for ${deleted.length} deletions`);
    }
    const latest = (await json('/api/latest?limit=100')) as { items: Array<{ id: string }> };
    for (const item of latest.items)
      if (known.get(item.id)?.state === 'deleted' && !uncertain.has(item.id))
        problems.push(`${item.id}: deleted but in /api/latest`);
    expect(problems).toEqual([]);
    await kill9(running);
    await dir.remove();
  }, 600_000);
});
