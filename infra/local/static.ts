/**
 * Serves DATA_DIR/public as CloudFront would serve the bucket: the media
 * type, charset and Cache-Control the publisher chose for each path, a strong
 * ETag, Last-Modified, 304 on a matching conditional GET, and HEAD. Paths
 * are decoded once and anything that could leave the directory is refused.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { cacheControlOf, contentTypeOf, linkHeaderOf } from '../../functions/core/documents.js';

interface Cached {
  mtimeMs: number;
  size: number;
  etag: string;
  lastModified: string;
  body: Buffer;
  /** Headers of a 200 and of a 304, built once per version of the file. */
  full: Record<string, string>;
  notModified: Record<string, string>;
  /** When the file was last compared with the disk. */
  checkedAt: number;
}

/**
 * How long a cached file is trusted without a stat. Writes by this process's
 * publisher invalidate at once (see forget); this only bounds how long an edit
 * made outside the process can go unseen.
 */
const RECHECK_MS = 1000;

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

const HTML_CSP =
  "default-src 'none'; img-src https: http: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The public file a URL path names, or null when the path is not one we serve. */
export function publicPathOf(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(decoded) || !decoded.startsWith('/')) return null;
  const parts = decoded.slice(1).split('/');
  if (parts.some((p) => p === '.' || p === '..' || p.startsWith('.'))) return null;
  const path = decoded.endsWith('/') ? `${decoded.slice(1)}index.html` : decoded.slice(1);
  if (path.endsWith('.tmp')) return null;
  return path;
}

/** RFC 9110 If-None-Match: a list of entity tags or `*`; weak comparison. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

export class StaticFiles {
  private readonly root: string;
  private readonly cache = new Map<string, Cached>();
  /** URL paths already decoded and checked, to the file each names. */
  private readonly known = new Map<string, string>();

  constructor(
    root: string,
    private readonly site: { siteUrl: string; hubs: readonly string[] },
  ) {
    this.root = resolve(root);
  }

  /** Drops a path from the cache: the local file store calls this when it writes or removes the file. */
  forget(path: string): void {
    this.cache.delete(path);
  }

  private async load(path: string): Promise<Cached | null> {
    const hit = this.cache.get(path);
    const now = Date.now();
    if (hit !== undefined && now - hit.checkedAt < RECHECK_MS) return hit;
    const file = join(this.root, path);
    if (!file.startsWith(this.root + sep)) return null;
    const info = await stat(file).catch(() => null);
    if (info === null || !info.isFile()) {
      this.cache.delete(path);
      return null;
    }
    if (hit !== undefined && hit.mtimeMs === info.mtimeMs && hit.size === info.size) {
      hit.checkedAt = now;
      return hit;
    }
    const body = await readFile(file).catch(() => null);
    if (body === null) return null;
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
    const contentType = contentTypeOf(path);
    const link = linkHeaderOf(path, this.site);
    const notModified: Record<string, string> = {
      'content-type': contentType,
      'cache-control': cacheControlOf(path),
      etag,
      'last-modified': lastModified,
      ...SECURITY_HEADERS,
      ...(contentType.startsWith('text/html') ? { 'content-security-policy': HTML_CSP } : {}),
      ...(link === undefined ? {} : { link }),
    };
    const entry: Cached = {
      mtimeMs: info.mtimeMs,
      size: body.length,
      etag,
      lastModified,
      body,
      notModified,
      full: { ...notModified, 'content-length': String(body.length) },
      checkedAt: now,
    };
    this.cache.set(path, entry);
    return entry;
  }

  /**
   * Answers from the cache without touching the disk or awaiting anything,
   * when the file is cached and fresh; returns false to let `serve` do it.
   * This is the path pollers take: most of their requests are revalidations.
   */
  serveCached(req: IncomingMessage, res: ServerResponse, urlPath: string): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = this.known.get(urlPath);
    const file = path === undefined ? undefined : this.cache.get(path);
    if (file === undefined || Date.now() - file.checkedAt >= RECHECK_MS) return false;
    this.answer(req, res, file);
    return true;
  }

  async serve(req: IncomingMessage, res: ServerResponse, urlPath: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, {
        allow: 'GET, HEAD',
        'content-type': 'text/plain; charset=utf-8',
        ...SECURITY_HEADERS,
      });
      res.end('Method not allowed\n');
      return;
    }
    const path = publicPathOf(urlPath);
    const file = path === null ? null : await this.load(path);
    // Remember which URL path names which file, so the next request can skip decoding it (bounded).
    if (path !== null && file !== null && this.known.size < 10_000) this.known.set(urlPath, path);
    if (file === null) {
      res.writeHead(404, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end(
        req.method === 'HEAD'
          ? undefined
          : '<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1></html>\n',
      );
      return;
    }
    this.answer(req, res, file);
  }

  private answer(req: IncomingMessage, res: ServerResponse, file: Cached): void {
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    // If-None-Match wins when both are sent (RFC 9110 13.2.2).
    const notModified =
      inm !== undefined
        ? inm === file.etag || noneMatch(inm, file.etag)
        : ims !== undefined && Date.parse(ims) >= Date.parse(file.lastModified);
    if (notModified) {
      res.writeHead(304, file.notModified);
      res.end();
      return;
    }
    res.writeHead(200, file.full);
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }
}
