/**
 * A file store that remembers what the publisher wrote, so a publish run
 * does not ask the disk or S3 again: whether an article's page exists (a run
 * asks it of every article it lists), and whether a document's bytes are
 * already there (most of a run's documents are unchanged). Only the
 * publisher writes the public files, one run at a time (reserved concurrency
 * 1 on AWS, one queue locally), so what it remembers stays true; a new
 * container or process starts knowing nothing and asks the store.
 */
import { createHash } from 'node:crypto';
import type { FileStore, PublicDocument } from '../../core/ports.js';

/** Known to exist, bytes unknown (seen by `exists`, not written by us). */
const EXISTS = '';

export class RememberingFileStore implements FileStore {
  /** Path to the SHA-1 of the bytes last written there (or EXISTS). */
  private readonly known = new Map<string, string>();

  constructor(
    private readonly inner: FileStore,
    /** Past this many paths it forgets everything and learns again (memory stays bounded). */
    private readonly limit = 200_000,
  ) {}

  private remember(path: string, digest: string): void {
    if (this.known.size >= this.limit && !this.known.has(path)) this.known.clear();
    this.known.set(path, digest);
  }

  async put(doc: PublicDocument): Promise<boolean> {
    const digest = createHash('sha1').update(doc.body).digest('base64');
    if (this.known.get(doc.path) === digest) return false;
    const written = await this.inner.put(doc);
    this.remember(doc.path, digest);
    return written;
  }

  async remove(path: string): Promise<boolean> {
    this.known.delete(path);
    return this.inner.remove(path);
  }

  async exists(path: string): Promise<boolean> {
    if (this.known.has(path)) return true;
    const found = await this.inner.exists(path);
    if (found) this.remember(path, EXISTS);
    return found;
  }
}
