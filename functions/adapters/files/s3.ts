import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { REDIRECT_METADATA, redirectTarget } from '../../core/documents.js';
import type { FileStore, PublicDocument } from '../../core/ports.js';

/** Object metadata key holding the body's SHA-256, so unchanged documents are not rewritten. */
const HASH_KEY = 'sha256';

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    error instanceof NotFound ||
    e.name === 'NotFound' ||
    e.name === 'NoSuchKey' ||
    e.$metadata?.httpStatusCode === 404
  );
}

/**
 * The generated files as objects in a private bucket that CloudFront serves.
 * Every object carries the Content-Type (with charset) and Cache-Control the
 * publisher chose, which S3 and CloudFront send as they are. A PutObject is
 * atomic: readers see the old object or the new one.
 */
export class S3FileStore implements FileStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  private async storedHash(key: string): Promise<string | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.Metadata?.[HASH_KEY] ?? null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async put(doc: PublicDocument): Promise<boolean> {
    const body = Buffer.from(doc.body, 'utf8');
    const hash = createHash('sha256').update(body).digest('hex');
    // An old path's redirect page: CloudFront's viewer-response function turns it into a 301.
    const redirect = redirectTarget(doc.body);
    if ((await this.storedHash(doc.path)) === hash) return false;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: doc.path,
        Body: body,
        ContentType: doc.contentType,
        CacheControl: doc.cacheControl,
        Metadata: { [HASH_KEY]: hash, ...(redirect === null ? {} : { [REDIRECT_METADATA]: redirect }) },
      }),
    );
    return true;
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: path }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async remove(path: string): Promise<boolean> {
    if (!(await this.exists(path))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: path }));
    return true;
  }
}
