import { describe, expect, it } from 'vitest';
import { RememberingFileStore } from '../../functions/adapters/files/remembering.js';
import { publicDocument } from '../../functions/core/documents.js';
import type { FileStore, PublicDocument } from '../../functions/core/ports.js';

/** A file store in memory that counts what it is asked. */
class CountingFiles implements FileStore {
  readonly files = new Map<string, string>();
  asked = { put: 0, exists: 0, remove: 0 };
  async put(doc: PublicDocument) {
    this.asked.put++;
    const same = this.files.get(doc.path) === doc.body;
    this.files.set(doc.path, doc.body);
    return !same;
  }
  async exists(path: string) {
    this.asked.exists++;
    return this.files.has(path);
  }
  async remove(path: string) {
    this.asked.remove++;
    return this.files.delete(path);
  }
}

describe('RememberingFileStore', () => {
  it('answers what it wrote from memory: unchanged bytes, and pages that exist', async () => {
    const inner = new CountingFiles();
    const files = new RememberingFileStore(inner);
    expect(await files.put(publicDocument('articles/a', '<!doctype html>a'))).toBe(true);
    expect(await files.put(publicDocument('articles/a', '<!doctype html>a'))).toBe(false);
    expect(await files.exists('articles/a')).toBe(true);
    expect(inner.asked).toEqual({ put: 1, exists: 0, remove: 0 });
    expect(await files.put(publicDocument('articles/a', '<!doctype html>b'))).toBe(true);
    expect(inner.files.get('articles/a')).toBe('<!doctype html>b');
  });

  it('asks the store for what it does not know, remembers only what exists, and forgets what it removes', async () => {
    const inner = new CountingFiles();
    inner.files.set('old', 'x');
    const files = new RememberingFileStore(inner);
    expect(await files.exists('missing')).toBe(false);
    expect(await files.exists('missing')).toBe(false);
    expect(inner.asked.exists).toBe(2);
    expect(await files.exists('old')).toBe(true);
    expect(await files.exists('old')).toBe(true);
    expect(inner.asked.exists).toBe(3);
    // Known to exist, bytes unknown: a put still goes through.
    expect(await files.put(publicDocument('old', 'x'))).toBe(false);
    expect(inner.asked.put).toBe(1);
    expect(await files.remove('old')).toBe(true);
    expect(await files.exists('old')).toBe(false);
  });

  it('stays bounded: past its limit it forgets and learns again', async () => {
    const inner = new CountingFiles();
    const files = new RememberingFileStore(inner, 2);
    for (const path of ['a', 'b', 'c']) await files.put(publicDocument(path, path));
    await files.exists('a');
    expect(inner.asked.exists).toBe(1);
  });
});
