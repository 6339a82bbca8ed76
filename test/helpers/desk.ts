/// <reference lib="dom" />
/** The editors' desk suite's browser, server and helpers: tabs, signing in, screenshots, the status line. */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from './requires.js';
import { KEY, startServer, type TestServer } from './server.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');
export const VECTORS = readFileSync(resolve(import.meta.dirname, '../fixtures/xss-vectors.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

export let browser: Browser;
export let server: TestServer;
export const contexts: BrowserContext[] = [];

export interface Tab {
  page: Page;
  /** Anything a script tried to show (alert, confirm, prompt): must stay empty. */
  dialogs: string[];
  errors: string[];
}

export async function tab(
  options: { width?: number; height?: number; timezoneId?: string } = {},
): Promise<Tab> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timezoneId: options.timezoneId ?? 'Europe/Oslo',
    locale: 'en-GB',
  });
  contexts.push(context);
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, dialogs, errors };
}

export async function signedIn(options?: Parameters<typeof tab>[0]): Promise<Tab> {
  const t = await tab(options);
  await t.page.goto(server.url('/desk/'));
  await t.page.getByLabel('Editor key').fill(KEY);
  await t.page.getByRole('button', { name: 'Sign in' }).click();
  await t.page.getByRole('heading', { name: 'Desk', exact: true }).waitFor();
  return t;
}

export const shot = (page: Page, name: string) =>
  page.screenshot({ path: resolve(ARTIFACTS, `desk-${name}.png`), fullPage: true });

export async function feedTitles(): Promise<string> {
  await server.runtime.idle();
  return (await fetch(server.url('/rss.xml'))).text();
}

/** What the status line says once it says something containing `text` (it is set after the answer arrives). */
export async function status(page: Page, text: string | RegExp): Promise<string> {
  const line = page.getByRole('status');
  await expect
    .poll(async () => (await line.textContent()) ?? '', { timeout: 10_000 })
    .toMatch(typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text);
  return (await line.textContent()) ?? '';
}

export async function article(id: string) {
  return fetch(server.url(`/api/articles/${id}`), { headers: { authorization: `Bearer ${KEY}` } });
}

/** Starts the server (one article out) and chromium for the suite that calls it, and closes them after. */
export function useDesk(): void {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    server = await startServer({ env: { SITE_TITLE: 'The Desk Gazette' } });
    await server.post({ title: 'Already Out', contentText: 'An older story.', categories: ['Harbour News'] });
    await server.runtime.idle();
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.dispose();
  });
}
