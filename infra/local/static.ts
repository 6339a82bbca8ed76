/**
 * Serves DATA_DIR/public as CloudFront would serve the bucket: the media
 * type, charset and Cache-Control the publisher chose for each path, a strong
 * ETag, Last-Modified, 304 on a matching conditional GET, HEAD, and Brotli or
 * gzip for clients that accept them. Paths are decoded once and anything that
 * could leave the directory is refused.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import {
  cacheControlOf,
  contentTypeOf,
  cspOf,
  linkHeaderOf,
  NOT_FOUND_PATH,
  redirectTarget,
} from '../../functions/core/documents.js';

export type Coding = 'br' | 'gzip';

/** One representation of a file: its bytes, and the headers of a 200 and of a 304, built once. */
interface Representation {
  body: Buffer;
  /** Every header of the representation, kept as an object to derive others from. */
  headers: Record<string, string>;
  /** The 200's headers as a flat name, value list (what writeHead takes fastest), with its length. */
  full: string[];
  /** A 304 carries only what RFC 9110 15.4.5 asks of it: the validators and the caching headers. */
  notModified: string[];
}

interface Cached {
  mtimeMs: number;
  size: number;
  /** The content's hash, from which each representation's entity tag is made. */
  tag: string;
  /** Every entity tag this file's representations carry, for If-None-Match. */
  validators: string[];
  lastModified: string;
  identity: Representation;
  /** Compressed representations, made on first request and kept with this version. */
  coded: Partial<Record<Coding, Representation>>;
  compressible: boolean;
  /** An old path's redirect page: answered with a 301 to here, as CloudFront does. */
  redirect: string | null;
  /** When the file was last compared with the disk. */
  checkedAt: number;
}

/** As CloudFront: smaller files are not worth compressing. */
const MIN_COMPRESSIBLE = 1000;

/**
 * The coding to answer with for an Accept-Encoding header: Brotli before gzip
 * (as CloudFront), by q-value, none when neither is acceptable.
 *
 * @example chooseCoding('gzip, br;q=0') // 'gzip'
 */
export function chooseCoding(header: string | undefined): Coding | null {
  if (header === undefined) return null;
  const weights = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: Coding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gzip = weightOf('gzip');
  if (br <= 0 && gzip <= 0) return null;
  return br >= gzip ? 'br' : 'gzip';
}

function compress(body: Buffer, coding: Coding): Buffer {
  return coding === 'br'
    ? brotliCompressSync(body, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
      })
    : gzipSync(body);
}

/**
 * How long a cached file is trusted without a stat. Writes by this process's
 * publisher invalidate at once (see forget); this only bounds how long an edit
 * made outside the process can go unseen.
 */
const RECHECK_MS = 1000;
/** Enough of a page to hold a redirect page's mark and its target (an escaped URL of up to 2,048 characters). */
const REDIRECT_HEAD_BYTES = 16 * 1024;

export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** The public file a URL path names, or null when the path is not one we serve. */
function publicPathOf(urlPath: string): string | null {
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

/**
 * RFC 9110 If-None-Match: a list of entity tags or `*`; weak comparison, and
 * a tag of any representation of the file matches (a poller that switched
 * codings still has the same content).
 */
function noneMatch(header: string, validators: readonly string[]): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => validators.includes(tag.trim().replace(/^W\//, '')));
}

const NOT_MODIFIED_HEADERS = [
  'etag',
  'cache-control',
  'last-modified',
  'vary',
  'content-location',
  'expires',
];

const flat = (headers: Record<string, string>) => Object.entries(headers).flat();

function representation(body: Buffer, headers: Record<string, string>): Representation {
  return {
    body,
    headers,
    full: flat({ ...headers, 'content-length': String(body.length) }),
    notModified: flat(
      Object.fromEntries(Object.entries(headers).filter(([name]) => NOT_MODIFIED_HEADERS.includes(name))),
    ),
  };
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
    const tag = createHash('sha256').update(body).digest('base64url').slice(0, 27);
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
    const contentType = contentTypeOf(path);
    const link = linkHeaderOf(path, this.site);
    const csp = cspOf(path);
    const compressible = body.length >= MIN_COMPRESSIBLE;
    const headers: Record<string, string> = {
      'content-type': contentType,
      'cache-control': cacheControlOf(path),
      etag: `"${tag}"`,
      'last-modified': lastModified,
      // Caches between here and the reader must keep the codings apart.
      ...(compressible ? { vary: 'accept-encoding' } : {}),
      ...SECURITY_HEADERS,
      ...(csp === undefined ? {} : { 'content-security-policy': csp }),
      ...(link === undefined ? {} : { link }),
    };
    const entry: Cached = {
      mtimeMs: info.mtimeMs,
      size: body.length,
      tag,
      validators: [`"${tag}"`, `"${tag}-br"`, `"${tag}-gzip"`],
      lastModified,
      identity: representation(body, headers),
      coded: {},
      compressible,
      // A redirect page says so in its first bytes: the head is read, not the whole page.
      redirect: contentType.startsWith('text/html')
        ? redirectTarget(body.subarray(0, REDIRECT_HEAD_BYTES).toString('utf8'))
        : null,
      checkedAt: now,
    };
    this.cache.set(path, entry);
    return entry;
  }

  /** The representation to send for the request's Accept-Encoding, compressing on first use. */
  private representationFor(req: IncomingMessage, file: Cached): Representation {
    const coding = file.compressible ? chooseCoding(req.headers['accept-encoding']) : null;
    if (coding === null) return file.identity;
    let coded = file.coded[coding];
    if (coded === undefined) {
      // Each coding has its own strong tag (RFC 9110 8.8.3): the bytes differ.
      coded = representation(compress(file.identity.body, coding), {
        ...file.identity.headers,
        etag: `"${file.tag}-${coding}"`,
        'content-encoding': coding,
      });
      file.coded[coding] = coded;
    }
    return coded;
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
      // A directory named without its slash (/categories/news) is found where its index is.
      if (path !== null && !path.endsWith('index.html') && (await this.load(`${path}/index.html`)) !== null) {
        res.writeHead(301, { location: `${urlPath}/`, 'cache-control': 'no-store', ...SECURITY_HEADERS });
        res.end();
        return;
      }
      const page = await this.load(NOT_FOUND_PATH);
      res.writeHead(404, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...SECURITY_HEADERS,
      });
      res.end(
        req.method === 'HEAD'
          ? undefined
          : (page?.identity.body ??
              '<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1></html>\n'),
      );
      return;
    }
    this.answer(req, res, file);
  }

  private answer(req: IncomingMessage, res: ServerResponse, file: Cached): void {
    if (file.redirect !== null) {
      res.writeHead(301, {
        location: file.redirect,
        'cache-control': cacheControlOf('index.html'),
        ...SECURITY_HEADERS,
      });
      res.end();
      return;
    }
    const sent = this.representationFor(req, file);
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    // If-None-Match wins when both are sent (RFC 9110 13.2.2).
    const notModified =
      inm !== undefined
        ? file.validators.includes(inm) || noneMatch(inm, file.validators)
        : ims !== undefined && Date.parse(ims) >= Date.parse(file.lastModified);
    if (notModified) {
      res.writeHead(304, sent.notModified);
      res.end();
      return;
    }
    res.writeHead(200, sent.full);
    res.end(req.method === 'HEAD' ? undefined : sent.body);
  }
}
