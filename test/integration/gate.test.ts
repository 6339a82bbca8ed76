import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../functions/adapters/clock.js';
import { LocalFileStore } from '../../functions/adapters/local/files.js';
import { PublishError, Publisher } from '../../functions/core/publish/publisher.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { makeArticle, testSite } from '../fixtures/articles.js';
import { emulator, freshTable, tempDir } from '../helpers/emulator.js';

// The fault: an Atom writer that, once switched on, emits a broken document.
const fault = vi.hoisted(() => ({ on: false }));
vi.mock('../../functions/core/render/feeds.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../functions/core/render/feeds.js')>();
  return {
    ...real,
    renderFeedSet: (...args: Parameters<typeof real.renderFeedSet>) => {
      const feeds = real.renderFeedSet(...args);
      return fault.on ? { ...feeds, atom: '<feed><entry>' } : feeds;
    },
  };
});

let emu: Emulator;
beforeAll(async () => {
  emu = await emulator();
});
afterAll(async () => {
  await emu.close();
});

describe('the validation gate', () => {
  it('keeps the previous file when a rendered document is broken, publishes the rest and fails loudly', async () => {
    // Prepare
    const { stores } = await freshTable(emu);
    const dir = await tempDir();
    const errors: Array<Record<string, unknown>> = [];
    const publisher = new Publisher({
      ...stores,
      files: new LocalFileStore(dir.path),
      clock: new FixedClock(new Date('2025-01-01T00:00:00Z')),
      site: testSite(),
      hubs: { notify: async () => {} },
      log: { info() {}, warn() {}, error: (message, fields) => errors.push({ message, ...fields }) },
    });
    const first = makeArticle(1, { categories: [] });
    await stores.articles.insert(first);
    await publisher.publish([{ id: first.id, before: null, after: first }]);
    const goodAtom = await readFile(join(dir.path, 'atom.xml'), 'utf8');
    // Act
    fault.on = true;
    const second = makeArticle(2, { categories: [] });
    await stores.articles.insert(second);
    const attempt = publisher.publish([{ id: second.id, before: null, after: second }]);
    // Assess
    await expect(attempt).rejects.toBeInstanceOf(PublishError);
    expect(await readFile(join(dir.path, 'atom.xml'), 'utf8')).toBe(goodAtom);
    expect(await readFile(join(dir.path, 'rss.xml'), 'utf8')).toContain('Article 2');
    expect(errors).toEqual([
      expect.objectContaining({ message: 'publish.invalid-document', path: 'atom.xml' }),
    ]);
    fault.on = false;
    await dir.remove();
  });
});
