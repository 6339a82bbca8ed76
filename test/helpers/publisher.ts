/** A publisher over a fresh table and a temporary directory, for the publisher's integration suites. */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FixedClock } from '../../functions/adapters/clock.js';
import { LocalFileStore } from '../../functions/adapters/local/files.js';
import { silentLogger } from '../../functions/adapters/log.js';
import type { Article } from '../../functions/core/article.js';
import type { FileStore, HubNotifier } from '../../functions/core/ports.js';
import { Publisher } from '../../functions/core/publish/publisher.js';
import type { SiteConfig } from '../../functions/core/site.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { testSite } from '../fixtures/articles.js';
import { freshTable, tempDir } from './emulator.js';

class RecordingHubs implements HubNotifier {
  pinged: string[][] = [];
  async notify(urls: string[]): Promise<void> {
    this.pinged.push(urls);
  }
}

export async function publisherSetup(
  emu: Emulator,
  files?: (dir: string) => FileStore,
  site: Partial<SiteConfig> = {},
) {
  const { stores } = await freshTable(emu);
  const dir = await tempDir();
  const hubs = new RecordingHubs();
  const clock = new FixedClock(new Date('2025-01-01T00:00:00Z'));
  const publisher = new Publisher({
    ...stores,
    files: files?.(dir.path) ?? new LocalFileStore(dir.path),
    clock,
    site: testSite(site),
    hubs,
    log: silentLogger,
  });
  const read = (path: string) => readFile(join(dir.path, path), 'utf8');
  const exists = (path: string) =>
    stat(join(dir.path, path)).then(
      () => true,
      () => false,
    );
  /** Stores and publishes a change, as the stream would deliver it. */
  const change = async (before: Article | null, after: Article | null) => {
    if (after === null && before !== null) await stores.articles.remove(before.id);
    else if (after !== null && before === null) await stores.articles.insert(after);
    else if (after !== null && before !== null) await stores.articles.replace(after, before.version);
    return publisher.publish([{ id: (after ?? before)?.id as string, before, after }]);
  };
  return { stores, dir, hubs, clock, publisher, read, exists, change };
}
