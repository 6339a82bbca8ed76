import type { AddressInfo } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3FileStore } from '../../functions/adapters/files/s3.js';
import { publicDocument, redirectPage } from '../../functions/core/documents.js';
import { tempDir } from '../helpers/emulator.js';

const BUCKET = 'feedwright-test';
let server: S3rver;
let client: S3Client;
let removeDir: () => Promise<void>;

beforeAll(async () => {
  const dir = await tempDir();
  removeDir = dir.remove;
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: dir.path,
    configureBuckets: [{ name: BUCKET }],
  });
  const address = (await server.run()) as AddressInfo;
  client = new S3Client({
    endpoint: `http://127.0.0.1:${address.port}`,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    // s3rver predates flexible checksums; S3 itself accepts either.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
  await removeDir();
});

async function head(key: string) {
  return client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
}

describe('S3FileStore against an S3-compatible server', () => {
  it('sets Content-Type with charset and Cache-Control on every object', async () => {
    const files = new S3FileStore(client, BUCKET);
    for (const [path, type] of [
      ['rss.xml', 'application/rss+xml; charset=utf-8'],
      ['atom.xml', 'application/atom+xml; charset=utf-8'],
      ['feed.json', 'application/feed+json; charset=utf-8'],
      ['articles/one', 'text/html; charset=utf-8'],
    ]) {
      expect(await files.put(publicDocument(path as string, `body of ${path}`))).toBe(true);
      const h = await head(path as string);
      expect(h.ContentType, path).toBe(type);
      expect(h.CacheControl, path).toMatch(/^public, max-age=\d+/);
    }
  });

  it("marks an old path's redirect page with its target, for CloudFront to answer 301", async () => {
    const files = new S3FileStore(client, BUCKET);
    const target = 'https://news.example/articles/moved?a=1&b=2';
    await files.put(publicDocument('2019/05/old/index.html', redirectPage(target)));
    expect((await head('2019/05/old/index.html')).Metadata?.location).toBe(target);
    await files.put(publicDocument('articles/plain', '<!doctype html><p>a page</p>'));
    expect((await head('articles/plain')).Metadata?.location).toBeUndefined();
  });

  it('replaces an object whose bytes changed and skips one whose bytes did not', async () => {
    const files = new S3FileStore(client, BUCKET);
    await files.put(publicDocument('replace.xml', 'one'));
    const before = await head('replace.xml');
    expect(await files.put(publicDocument('replace.xml', 'one'))).toBe(false);
    expect((await head('replace.xml')).ETag).toBe(before.ETag);
    expect(await files.put(publicDocument('replace.xml', 'two ü'))).toBe(true);
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'replace.xml' }));
    expect(await got.Body?.transformToString('utf-8')).toBe('two ü');
  });

  it('deletes, and says when there was nothing to delete', async () => {
    const files = new S3FileStore(client, BUCKET);
    await files.put(publicDocument('gone/rss.xml', 'x'));
    expect(await files.remove('gone/rss.xml')).toBe(true);
    await expect(head('gone/rss.xml')).rejects.toThrow();
    expect(await files.remove('gone/rss.xml')).toBe(false);
  });
});
