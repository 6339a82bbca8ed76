/**
 * The editors' desk's static files, published into the site like every other
 * document (locally into the public directory, on AWS into the bucket), so
 * the same site serves /desk/ in both worlds.
 */
import { readFile } from 'node:fs/promises';
import { DESK_PREFIX, publicDocument } from '../core/documents.js';
import type { FileStore } from '../core/ports.js';

/** What the desk is made of, as built (see infra/desk/build.ts). */
const DESK_FILES = ['index.html', 'desk.css', 'app.js'] as const;

export interface DeskAsset {
  name: (typeof DESK_FILES)[number];
  body: string;
}

/** The built desk in a directory (the publish bundle carries it beside itself); null when it is not there. */
export async function readDesk(dir: URL): Promise<DeskAsset[] | null> {
  try {
    return await Promise.all(
      DESK_FILES.map(async (name) => ({ name, body: await readFile(new URL(name, dir), 'utf8') })),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes the desk's files under /desk/; unchanged ones are not rewritten. Returns the paths written. */
export async function publishDesk(files: FileStore, assets: readonly DeskAsset[]): Promise<string[]> {
  const written: string[] = [];
  // The page last: it never names a script that is not there yet.
  for (const asset of [...assets].sort(
    (a, b) => Number(a.name === 'index.html') - Number(b.name === 'index.html'),
  )) {
    const doc = publicDocument(`${DESK_PREFIX}${asset.name}`, asset.body);
    if (await files.put(doc)) written.push(doc.path);
  }
  return written;
}
