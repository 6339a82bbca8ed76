/** What every benchmark shares: the rows of the table, medians and percentiles, the editor key. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { readSiteConfig } from '../functions/adapters/config.js';
import { keys } from '../functions/adapters/dynamo/schema.js';
import type { Logger } from '../functions/core/ports.js';
import { startLocal } from '../infra/local/server.js';

export const ROOT = resolve(import.meta.dirname, '..');
export const KEY = 'bench-editor-key';

export interface Row {
  name: string;
  value: string;
  target: string;
  pass: boolean | null;
  detail?: Record<string, unknown>;
}
export const rows: Row[] = [];

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

/** A logger that writes nothing (the benchmarks time, they do not read logs). */
export const quiet = { info() {}, warn() {}, error() {} };

/** POST /api/articles with the benchmark's editor key. */
export function postArticle(base: string, body: unknown): Promise<Response> {
  return fetch(`${base}/api/articles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Resolves once /rss.xml contains `text`, polled as a feed reader polls it (If-None-Match). */
export async function waitVisible(base: string, text: string): Promise<void> {
  let etag = '';
  for (;;) {
    const feed = await fetch(`${base}/rss.xml`, { headers: etag === '' ? {} : { 'if-none-match': etag } });
    etag = feed.headers.get('etag') ?? '';
    if (feed.status === 200 && (await feed.text()).includes(text)) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Milliseconds from a post's 201 to its title in /rss.xml. */
export async function visibleAfter(
  base: string,
  body: { title: string } & Record<string, unknown>,
): Promise<number> {
  const res = await postArticle(base, body);
  await res.body?.cancel();
  const t = performance.now();
  await waitVisible(base, body.title);
  return performance.now() - t;
}

/** Sets the main archive's counter, as a generator that stored numbered articles directly must. */
export async function setArchiveCounter(client: DynamoDBClient, tableName: string, n: number): Promise<void> {
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: marshall(keys.archiveCounter()),
      UpdateExpression: 'SET n = :n',
      ExpressionAttributeValues: { ':n': { N: String(n) } },
    }),
  );
}

/** Runs `fn` against a local server in this process on a fresh data directory, counting its publish runs. */
export async function withLocal<T>(
  fn: (
    base: string,
    runtime: Awaited<ReturnType<typeof startLocal>>,
    regenerations: () => number,
  ) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'feedwright-bench-'));
  let regenerations = 0;
  const log: Logger = {
    info: (message) => {
      if (message === 'publish.done') regenerations++;
    },
    warn() {},
    error() {},
  };
  const runtime = await startLocal({
    port: 0,
    dataDir: dir,
    editorApiKey: KEY,
    siteFor: (port) => readSiteConfig({}, `http://127.0.0.1:${port}`),
    log,
  });
  try {
    return await fn(runtime.url, runtime, () => regenerations);
  } finally {
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  }
}
