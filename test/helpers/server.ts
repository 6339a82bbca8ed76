import { readSiteConfig } from '../../functions/adapters/config.js';
import { silentLogger } from '../../functions/adapters/log.js';
import type { Logger } from '../../functions/core/ports.js';
import { type ConnectionLimits, type LocalRuntime, startLocal } from '../../infra/local/server.js';
import { tempDir } from './emulator.js';

export const KEY = 'test-editor-key-0123456789';

export interface TestServer {
  runtime: LocalRuntime;
  dataDir: string;
  url: (path: string) => string;
  /** Requests with the editor key unless headers say otherwise. */
  post: (body: unknown, headers?: Record<string, string>) => Promise<Response>;
  stop: () => Promise<void>;
  /** Stops and deletes the data directory. */
  dispose: () => Promise<void>;
}

export async function startServer(
  options: {
    dataDir?: string;
    editorApiKey?: string | null;
    env?: Record<string, string>;
    log?: Logger;
    limits?: Partial<ConnectionLimits>;
    pageBudget?: { timeMs?: number; memoryMb?: number };
  } = {},
): Promise<TestServer> {
  const dir =
    options.dataDir === undefined ? await tempDir() : { path: options.dataDir, remove: async () => {} };
  const runtime = await startLocal({
    port: 0,
    dataDir: dir.path,
    editorApiKey: options.editorApiKey === null ? undefined : (options.editorApiKey ?? KEY),
    siteFor: (port) =>
      readSiteConfig({ SITE_TITLE: 'Test Wire', ...options.env }, `http://127.0.0.1:${port}`),
    log: options.log ?? silentLogger,
    windowMs: 20,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.pageBudget === undefined ? {} : { pageBudget: options.pageBudget }),
  });
  const url = (path: string) => `${runtime.url}${path}`;
  return {
    runtime,
    dataDir: dir.path,
    url,
    post: (body, headers = {}) =>
      fetch(url('/api/articles'), {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    stop: () => runtime.close(),
    dispose: async () => {
      await runtime.close();
      await dir.remove();
    },
  };
}

export interface LatestPage {
  items: Array<{ id: string; title: string; contentHtml?: string }>;
  nextCursor: string | null;
}

/** GET a JSON body, typed by the caller. */
export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  return (await (await fetch(url, init)).json()) as T;
}
