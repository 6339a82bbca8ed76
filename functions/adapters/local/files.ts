import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { DOCUMENT_PATH } from '../../core/documents.js';
import type { FileStore, PublicDocument } from '../../core/ports.js';

/**
 * Files under a directory, written atomically: a temporary file in the same
 * directory, then a rename, so a reader sees the old file or the new one,
 * never half of either. Unchanged bytes are not rewritten (the ETag and
 * Last-Modified stay).
 */
export class LocalFileStore implements FileStore {
  private readonly root: string;

  /** @param onChange told of every path written or removed (the local static server's cache). */
  constructor(
    root: string,
    private readonly onChange: (path: string) => void = () => {},
  ) {
    this.root = resolve(root);
  }

  private target(path: string): string {
    if (!DOCUMENT_PATH.test(path) || path.split('/').some((part) => part === '.' || part === '..')) {
      throw new Error(`Refusing to write outside the public directory: ${path}`);
    }
    const target = join(this.root, path);
    if (!target.startsWith(this.root + sep))
      throw new Error(`Refusing to write outside the public directory: ${path}`);
    return target;
  }

  async put(doc: PublicDocument): Promise<boolean> {
    const target = this.target(doc.path);
    const body = Buffer.from(doc.body, 'utf8');
    const existing = await readFile(target).catch(() => null);
    if (existing?.equals(body)) return false;
    await mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, body);
      await rename(temp, target);
      this.onChange(doc.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return true;
  }

  async remove(path: string): Promise<boolean> {
    try {
      await unlink(this.target(path));
      this.onChange(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async exists(path: string): Promise<boolean> {
    return access(this.target(path)).then(
      () => true,
      () => false,
    );
  }
}
