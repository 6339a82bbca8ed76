/**
 * The one-machine topology: the emulator, the API (the same apps as the
 * Lambda functions run, called directly), the publisher fed by stream records, and the
 * generated files, all in this process.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, statfs } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { systemClock } from '../../functions/adapters/clock.js';
import { publishDesk } from '../../functions/adapters/desk.js';
import { keys } from '../../functions/adapters/dynamo/schema.js';
import { isQuietRecord } from '../../functions/adapters/dynamo/stream.js';
import { MemoryFailureCounter } from '../../functions/adapters/local/failures.js';
import { LocalFileStore } from '../../functions/adapters/local/files.js';
import { LocalScheduler } from '../../functions/adapters/local/scheduler.js';
import { WebSubNotifier } from '../../functions/adapters/websub.js';
import { movedFeed, OLD_FEED_PATHS } from '../../functions/core/documents.js';
import { UnavailableError } from '../../functions/core/errors.js';
import { ensureFirstKey } from '../../functions/core/keys.js';
import type { Clock, Logger } from '../../functions/core/ports.js';
import type { SiteConfig } from '../../functions/core/site.js';
import { ingestApp } from '../../functions/handlers/ingest.js';
import { publishFunction } from '../../functions/handlers/publish.js';
import { readApp } from '../../functions/handlers/read.js';
import type { App } from '../../functions/http/app.js';
import { problem } from '../../functions/http/problem.js';
import { type FunctionName, functionFor } from '../../functions/http/routes.js';
import { wireServices } from '../../functions/http/services.js';
import { buildDesk } from '../desk/build.js';
import { ensureTable, startEmulator } from './emulator.js';
import { LatestCache } from './latest-cache.js';
import { readBody, requestFrom, send } from './node-http.js';
import { Outbox } from './outbox.js';
import { WorkerPages } from './pages.js';
import { BackgroundPings } from './pings.js';
import { SECURITY_HEADERS, StaticFiles } from './static.js';
import { StreamBatcher, tapStream } from './stream.js';

export const TABLE_NAME = 'feedwright';

export interface LocalOptions {
  port: number;
  dataDir: string;
  editorApiKey: string | undefined;
  siteFor(port: number): SiteConfig;
  log: Logger;
  clock?: Clock;
  /** Batching window of the local stream, ms. */
  windowMs?: number;
  /** The connection limits (CONNECTION_LIMITS unless a test needs them short). */
  limits?: Partial<ConnectionLimits>;
  /** Writes are refused (503) while the data directory's disk has less free space than this. */
  minFreeBytes?: number;
  /** A raw page's reading budget (PAGE_TIME_BUDGET_MS and PAGE_MEMORY_BUDGET_MB unless given). */
  pageBudget?: { timeMs?: number; memoryMb?: number };
  /** Old feed URLs answered with a 301 to a feed here (OLD_FEED_PATHS unless given). */
  oldFeedPaths?: Readonly<Record<string, string>>;
}

/** What one client may hold of the server, so no client (slow, idle or greedy) can starve the rest. */
export interface ConnectionLimits {
  /** The whole request head must arrive within this (slowloris). */
  headersTimeoutMs: number;
  /** The whole request, body included, within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** A connection that sends nothing at all is closed after this. */
  idleTimeoutMs: number;
  /** Open connections at most; more are refused at once. */
  maxConnections: number;
  /**
   * Requests one connection may have waiting for their answers at once (pipelined); a client that
   * pipelines without reading its answers cannot grow memory past this. Sequential requests on a
   * keep-alive connection are not counted against it.
   */
  maxRequestsPerSocket: number;
}

const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 30_000,
  maxConnections: 1_000,
  maxRequestsPerSocket: 100,
};

export interface LocalRuntime {
  url: string;
  port: number;
  site: SiteConfig;
  /** The editor key created on this start (shown once), or null. */
  firstKey: string | null;
  /** Resolves when every write so far is published and its hubs pinged. */
  idle(): Promise<void>;
  /** The emulator's client, for tools (and for tests that inject a store fault). */
  dynamo: DynamoDBClient;
  close(): Promise<void>;
}

/** Free bytes on the disk that holds `dir`, for an unprivileged user. */
async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

/** A host name or address, with an optional port (RFC 9110 Host). */
const VALID_HOST = /^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;

export async function startLocal(options: LocalOptions): Promise<LocalRuntime> {
  const { log } = options;
  const clock = options.clock ?? systemClock;
  const publicDir = join(options.dataDir, 'public');
  await mkdir(publicDir, { recursive: true });
  const emulator = await startEmulator(join(options.dataDir, 'db'));
  const dynamo = emulator.client();
  await ensureTable(dynamo, TABLE_NAME);

  // The handler is attached before listening (the site URL needs the port first): a request that
  // arrives while the rest starts waits for it instead of hanging on a server with no handler.
  let handle: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  let started: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    started = resolve;
  });
  let isReady = false;
  const limits = { ...CONNECTION_LIMITS, ...options.limits };
  const minFree = options.minFreeBytes ?? 0;
  // Node checks the head and request timeouts on this interval: often enough that they hold as set.
  const checkEvery = Math.max(50, Math.min(1_000, limits.headersTimeoutMs / 4));
  /** Requests each connection has made and not yet had answered, for maxRequestsPerSocket. */
  const unanswered = new WeakMap<object, number>();
  /** One listener per connection (made once, not per request: serving from memory is this path's cost). */
  const onAnswered = new WeakMap<object, () => void>();
  const answeredOn = (socket: object): (() => void) => {
    let listener = onAnswered.get(socket);
    if (listener === undefined) {
      listener = () => unanswered.set(socket, (unanswered.get(socket) ?? 1) - 1);
      onAnswered.set(socket, listener);
    }
    return listener;
  };
  const server = createServer({ connectionsCheckingInterval: checkEvery }, (req, res) => {
    // Pipelined requests are bounded, not sequential ones: a keep-alive client that reads each answer
    // before asking again (every feed reader) keeps its connection. The last request a connection may
    // have waiting is answered with Connection: close, and the connection closes after it; requests
    // pipelined past it are neither read further nor answered, so a client that pipelines without
    // reading cannot make the server queue answers for it without bound.
    const socket = req.socket;
    const waiting = (unanswered.get(socket) ?? 0) + 1;
    if (waiting > limits.maxRequestsPerSocket) {
      socket.pause();
      return;
    }
    unanswered.set(socket, waiting);
    res.on('close', answeredOn(socket));
    if (waiting === limits.maxRequestsPerSocket) res.shouldKeepAlive = false;
    // Revalidations and repeat reads of generated files are answered at once, from memory.
    const rawPath = req.url ?? '/';
    if (
      isReady &&
      !rawPath.startsWith('/api') &&
      !rawPath.includes('?') &&
      files.serveCached(req, res, rawPath)
    )
      return;
    ready
      .then(() => (handle as NonNullable<typeof handle>)(req, res))
      .catch((error: unknown) => {
        log.error('local.request-failed', { error: (error as Error).stack });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end();
      });
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const site = options.siteFor(port);

  const scheduler = new LocalScheduler(clock, log);
  const pages = new WorkerPages(options.pageBudget);
  const services = wireServices({
    dynamo,
    tableName: TABLE_NAME,
    site,
    clock,
    log,
    editorApiKey: options.editorApiKey,
    scheduler,
    // One process answers every request: its memory counts exactly.
    failures: new MemoryFailureCounter(),
  });
  const files = new StaticFiles(publicDir, site);
  const oldFeeds = options.oldFeedPaths ?? OLD_FEED_PATHS;
  const latest = new LatestCache();
  // The same function modules Lambda runs, over this world's adapters.
  const pings = new BackgroundPings(new WebSubNotifier(site.hubs, log), log);
  const publicFiles = new LocalFileStore(publicDir, (path) => {
    files.forget(path);
    latest.fileChanged(path);
  });
  const publish = publishFunction(services, publicFiles, pings);
  // One publish run at a time, as reserved concurrency 1 gives on AWS: a stream batch, a scheduled
  // wake-up and the start-up rebuild never interleave their writes.
  let publishing: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(run: () => Promise<T>): Promise<T> => {
    const next = publishing.then(run, run);
    publishing = next.catch(() => {});
    return next;
  };
  const batcher = new StreamBatcher((records) => oneAtATime(() => publish.onRecords(records)), {
    windowMs: options.windowMs ?? 0,
    // An import's parts are published in batches of about a second's writes, not a few records at a time.
    quietWindowMs: 1_000,
    isQuiet: isQuietRecord,
    maxBatch: 1000,
    // Patient enough to ride out a store outage of a minute or so: 0.2 s doubling to 10 s, ten times.
    maxRetries: 10,
    backoffMs: 200,
    deadLetterFile: join(options.dataDir, 'dead-letter.jsonl'),
    log,
    settled: (records) => outbox.done(records),
  });
  // Every change is in the outbox before its write is answered; what a crash left undone is published first.
  const outbox = new Outbox(join(options.dataDir, 'outbox.jsonl'));
  const replay = outbox.pending();
  tapStream(dynamo, (record) => {
    // As the event filter on AWS: only article changes need publishing.
    if (!keys.isArticle(record.dynamodb?.Keys?.pk?.S ?? '')) return;
    outbox.append(record);
    batcher.push(record);
  });
  if (replay.length > 0) {
    log.info('local.outbox-replay', { records: replay.length });
    for (const record of replay) batcher.push(record);
  }

  // Scheduled articles wake the publisher as the publish function's schedule would on AWS.
  scheduler.wake(async (id) => {
    await oneAtATime(() => publish.publisher.publishDue([id]));
  });
  const armed = await scheduler.restore(services.articles);
  if (armed > 0) log.info('local.schedules-restored', { count: armed });

  const firstKey = await ensureFirstKey(services.keys, options.editorApiKey, clock);
  await oneAtATime(() => publish.publisher.rebuild());
  // The editors' desk, built from desk/ as the stack builds it into the publish bundle.
  await publishDesk(publicFiles, await buildDesk());
  // The server answers once what a crash left unpublished is published.
  if (replay.length > 0) await batcher.idle();

  // One app per function, as API Gateway routes requests to them.
  const apps: Record<FunctionName, App> = { ingest: ingestApp(services, pages), read: readApp(services) };
  handle = async (req: IncomingMessage, res: ServerResponse) => {
    // The path and query come from the request line; a malformed Host never reaches URL parsing.
    const url = new URL(req.url ?? '/', `http://localhost:${port}`);
    const host = req.headers.host;
    if (host !== undefined && !VALID_HOST.test(host)) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
      res.end('The Host header is not a host name or address.\n');
      return;
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      // A store that fills its disk fails every write from then on: writes stop before that, and
      // start again by themselves once space returns.
      if (req.method !== 'GET' && req.method !== 'HEAD' && (await freeBytes(options.dataDir)) < minFree) {
        const response = problem(
          new UnavailableError(
            `The data directory has less than ${Math.round(minFree / 1048576)} MB free; writes wait until space returns.`,
          ),
          log,
          randomUUID(),
        );
        send(res, { ...response, headers: { ...response.headers, 'retry-after': '60' } }, SECURITY_HEADERS);
        req.resume();
        return;
      }
      const request = requestFrom(req, url, await readBody(req));
      const response = await latest.answer(request, () =>
        apps[functionFor(request.method, request.path)](request),
      );
      send(res, response, SECURITY_HEADERS);
      return;
    }
    const moved = movedFeed(oldFeeds, url.pathname, url.search);
    if (moved !== null) {
      res.writeHead(301, { location: moved, 'cache-control': 'public, max-age=86400', ...SECURITY_HEADERS });
      res.end();
      return;
    }
    await files.serve(req, res, url.pathname);
  };
  isReady = true;
  started();

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    site,
    firstKey,
    idle: async () => {
      await batcher.idle();
      await pings.idle();
    },
    dynamo,
    close: () => {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await scheduler.close();
        await batcher.close();
        await pages.close();
        await pings.idle();
        dynamo.destroy();
        await emulator.close();
      })();
      return closing;
    },
  };
}
