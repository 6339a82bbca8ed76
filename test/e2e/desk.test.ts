/// <reference lib="dom" />
/**
 * The editors' desk in Debian's chromium: everything an editor does there,
 * by mouse and by keyboard, on a desk and on a phone, with the hostile
 * inputs of the XSS suite posted as every field.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import {
  article,
  browser,
  contexts,
  feedTitles,
  server,
  shot,
  signedIn,
  status,
  tab,
  useDesk,
  VECTORS,
} from '../helpers/desk.js';
import { CHROMIUM, describeWith } from '../helpers/requires.js';
import { KEY } from '../helpers/server.js';
import { SEED_PAGE, sharedFixture } from '../helpers/shared.js';

describeWith([CHROMIUM], "the editors' desk in a real browser", () => {
  useDesk();

  it('is served with its own strict policy, and says it needs JavaScript without it', async () => {
    const res = await fetch(server.url('/desk/'));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    const html = await res.text();
    expect(html).toMatch(/<noscript>[\s\S]*needs JavaScript/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
    expect((await fetch(server.url('/desk'), { redirect: 'manual' })).headers.get('location')).toBe('/desk/');
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(server.url('/desk/'));
    await expect(page.getByRole('heading', { name: 'The desk needs JavaScript' }).isVisible()).resolves.toBe(
      true,
    );
  });

  it('says so when the key is wrong, and keeps the key out of every URL', async () => {
    const t = await tab();
    const requests: string[] = [];
    t.page.on('request', (r) => requests.push(r.url()));
    await t.page.goto(server.url('/desk/'));
    await shot(t.page, 'sign-in');
    await t.page.getByLabel('Editor key', { exact: true }).fill('fw_not-a-key');
    await t.page.getByRole('button', { name: 'Sign in' }).click();
    await expect(t.page.getByRole('alert').textContent()).resolves.toMatch(/not accepted/);
    await shot(t.page, 'wrong-key');
    await t.page.getByLabel('Editor key', { exact: true }).fill(KEY);
    await t.page.getByRole('button', { name: 'Sign in' }).click();
    await t.page.getByRole('heading', { name: 'Desk', exact: true }).waitFor();
    expect(requests.filter((url) => url.includes(KEY) || url.includes('fw_not'))).toEqual([]);
    expect(await t.page.evaluate(() => Object.keys(localStorage))).toEqual([]);
    await shot(t.page, 'desk');
  });

  it('writes and publishes an article with a live preview; it appears in /rss.xml', async () => {
    const t = await signedIn();
    await t.page.getByRole('link', { name: 'Write an article' }).click();
    await t.page.getByLabel('Title', { exact: true }).fill('Written at the Desk');
    await t.page.getByLabel('Body', { exact: true }).fill('The **new** desk works.\n\n- one\n- two');
    await expect
      .poll(() =>
        t.page
          .frameLocator('iframe.preview')
          .locator('strong')
          .textContent()
          .catch(() => null),
      )
      .toBe('new');
    await t.page.getByLabel('Categories', { exact: true }).fill('Desk News');
    await t.page.getByLabel('Add an existing category').selectOption('Harbour News');
    await t.page.getByLabel('Authors', { exact: true }).fill('Rosa Diaz, Sam Lee');
    await shot(t.page, 'write');
    await t.page.getByRole('button', { name: 'Publish' }).click();
    await status(t.page, 'Published “Written at the Desk”');
    expect(await feedTitles()).toContain('Written at the Desk');
    const stored = (await (await article('written-at-the-desk')).json()) as Record<string, unknown>;
    expect(stored).toMatchObject({
      categories: ['Desk News', 'Harbour News'],
      authors: [{ name: 'Rosa Diaz' }, { name: 'Sam Lee' }],
    });
    expect(t.errors).toEqual([]);
  });

  it('pastes a page, shows what was extracted beside the original, and publishes it edited', async () => {
    const text = SEED_PAGE.available
      ? sharedFixture('seed-article.txt')
      : readFileSync(resolve(import.meta.dirname, '../fixtures/pages/blog-byline-tags.txt'), 'utf8');
    const t = await signedIn();
    await t.page.getByRole('link', { name: 'Paste a page' }).first().click();
    await t.page.getByLabel('The copied page (text or HTML)').fill(text);
    await t.page.getByRole('button', { name: 'Extract the article' }).click();
    await t.page.getByRole('heading', { name: 'The article as extracted' }).waitFor();
    const title = await t.page.getByLabel('Title', { exact: true }).inputValue();
    expect(title.length).toBeGreaterThan(10);
    expect(await t.page.getByLabel('The page as pasted').textContent()).toBe(text);
    await shot(t.page, 'paste');
    await t.page.getByLabel('Title', { exact: true }).fill(`${title} (checked)`);
    await t.page.getByLabel('Publish now', { exact: true }).check();
    await t.page.getByRole('button', { name: 'Publish' }).click();
    await status(t.page, '(checked)');
    expect(await feedTitles()).toContain(`${title} (checked)`.replace(/&/g, '&amp;'));
  });

  it("schedules an article a few seconds ahead in the editor's zone; it moves from scheduled to published", async () => {
    const t = await signedIn({ timezoneId: 'America/New_York' });
    await t.page.getByRole('link', { name: 'Write an article' }).click();
    await t.page.getByLabel('Title', { exact: true }).fill('Going Out Shortly');
    await t.page.getByLabel('Body', { exact: true }).fill('Scheduled from the desk.');
    await t.page.getByLabel(/Publish at a date and time/).check();
    expect(
      await t.page
        .getByText(/America\/New_York/)
        .first()
        .isVisible(),
    ).toBe(true);
    // The wall clock in New York, 10 seconds from now (time enough for a loaded machine to list it as
    // scheduled first), as the picker takes it.
    const local = await t.page.evaluate(() => {
      const d = new Date(Date.now() + 10_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
    });
    await t.page.getByLabel(/Date and time/).fill(local);
    await t.page.getByRole('button', { name: 'Schedule' }).click();
    await status(t.page, /going out .*(EST|EDT|GMT-[45])/);
    const scheduled = t.page.getByRole('list', { name: 'Scheduled' });
    await scheduled.getByText('Going Out Shortly').waitFor({ timeout: 5_000 });
    const stored = (await (await article('going-out-shortly')).json()) as { publishedAt: string };
    expect(Math.abs(Date.parse(stored.publishedAt) - (Date.now() + 10_000))).toBeLessThan(6_000);
    await shot(t.page, 'scheduled');
    await expect
      .poll(async () => (await feedTitles()).includes('Going Out Shortly'), { timeout: 25_000 })
      .toBe(true);
    await t.page.getByRole('link', { name: 'Desk', exact: true }).click();
    await t.page.evaluate(() => window.dispatchEvent(new HashChangeEvent('hashchange')));
    const published = t.page.getByRole('list', { name: 'Published' });
    await published.getByText('Going Out Shortly').waitFor();
    await expect(scheduled.getByText('Going Out Shortly').count()).resolves.toBe(0);
  });

  it('tells an editor someone else saved first, and lets them overwrite', async () => {
    await server.post({ title: 'Contested Story', contentText: 'First version.' });
    const a = await signedIn();
    const b = await signedIn();
    for (const t of [a, b]) await t.page.goto(server.url('/desk/#/edit/contested-story'));
    await a.page.getByRole('heading', { name: 'Edit “Contested Story”' }).waitFor();
    await b.page.getByRole('heading', { name: 'Edit “Contested Story”' }).waitFor();
    await b.page.getByLabel('Title', { exact: true }).fill('Contested Story (B)');
    await b.page.getByRole('button', { name: 'Save' }).click();
    await status(b.page, 'Saved “Contested Story (B)”');
    await a.page.getByLabel('Title', { exact: true }).fill('Contested Story (A)');
    await a.page.getByRole('button', { name: 'Save' }).click();
    const conflict = a.page.locator('.conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toMatch(
      /Someone else saved “Contested Story \(B\)” after you opened it/,
    );
    await shot(a.page, 'conflict');
    await a.page.getByRole('button', { name: 'Save mine over theirs' }).click();
    await status(a.page, 'Saved “Contested Story (A)”');
    expect(
      (await (await article('contested-story')).json()) as { title: string; version: number },
    ).toMatchObject({
      title: 'Contested Story (A)',
      version: 3,
    });
  });

  it("deletes after a confirmation naming the article, and previews the reader's page", async () => {
    await server.post({ title: 'Doomed Story', contentText: 'Soon gone.' });
    await server.runtime.idle();
    const t = await signedIn();
    await t.page.getByRole('button', { name: 'Preview Doomed Story' }).click();
    const frame = t.page.frameLocator('dialog iframe.preview');
    await expect(frame.getByRole('heading', { name: 'Doomed Story' }).textContent()).resolves.toBe(
      'Doomed Story',
    );
    await shot(t.page, 'preview');
    await t.page.getByRole('button', { name: 'Close preview' }).click();
    await t.page.getByRole('button', { name: 'Delete Doomed Story' }).click();
    const dialog = t.page.getByRole('dialog');
    expect(await dialog.getByRole('heading').textContent()).toBe('Delete “Doomed Story”?');
    await shot(t.page, 'delete');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await status(t.page, 'Deleted “Doomed Story”');
    expect((await article('doomed-story')).status).toBe(404);
  });

  it('creates a key shown once with a copy button, revokes it, and shows the audit log', async () => {
    const t = await signedIn();
    await t.page.getByRole('link', { name: 'Keys' }).click();
    await t.page.getByLabel('New key for', { exact: true }).fill('Night Desk');
    await t.page.getByRole('button', { name: 'Create key' }).click();
    const key = await t.page.getByLabel('The new key for Night Desk').inputValue();
    expect(key).toMatch(/^fw_/);
    expect(await t.page.getByRole('button', { name: 'Copy the key' }).isVisible()).toBe(true);
    await shot(t.page, 'keys');
    const check = await fetch(server.url('/api/articles?status=draft'), {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(check.status).toBe(200);
    await t.page.getByRole('button', { name: 'Done' }).click();
    await t.page.getByRole('button', { name: 'Revoke the key of Night Desk' }).click();
    await t.page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await status(t.page, 'Revoked the key of Night Desk');
    expect(
      (await fetch(server.url('/api/articles?status=draft'), { headers: { authorization: `Bearer ${key}` } }))
        .status,
    ).toBe(401);
    await t.page.getByRole('link', { name: 'Audit log' }).click();
    await t.page
      .getByText(/key\.revoke/)
      .first()
      .waitFor();
    await shot(t.page, 'audit');
  });

  it('runs none of the hostile inputs posted as titles, categories, authors and content', async () => {
    for (const [n, vector] of VECTORS.entries()) {
      const res = await server.post({
        id: `hostile-${n}`,
        title: `Hostile ${n} ${vector}`,
        contentHtml: `<p>x</p>${vector}`,
        categories: [vector.slice(0, 100)],
        authors: [{ name: vector.slice(0, 200) }],
        status: n % 2 === 0 ? 'draft' : 'published',
      });
      expect([201, 400]).toContain(res.status);
    }
    await server.runtime.idle();
    const t = await signedIn();
    await t.page
      .getByRole('button', { name: 'More drafts' })
      .click()
      .catch(() => {});
    await t.page.waitForLoadState('networkidle');
    for (const n of [0, 1, 5, 17]) {
      await t.page.goto(server.url(`/desk/#/edit/hostile-${n}`));
      const title = t.page.getByRole('textbox', { name: 'Title', exact: true });
      await expect.poll(() => title.inputValue().catch(() => '')).toContain(`Hostile ${n} `);
      await t.page.waitForLoadState('networkidle');
    }
    await t.page.goto(server.url('/desk/#/paste'));
    await t.page
      .getByLabel('The copied page (text or HTML)')
      .fill(
        `<html><head><title>${VECTORS.join(' ')}</title></head><body><article><h1>Hostile page</h1><p>${VECTORS.join('</p><p>')}</p></article></body></html>`,
      );
    await t.page.getByRole('button', { name: 'Extract the article' }).click();
    await t.page.getByRole('heading', { name: 'The article as extracted' }).waitFor();
    await t.page.waitForLoadState('networkidle');
    await t.page.waitForTimeout(800);
    expect(t.dialogs).toEqual([]);
    expect(
      await t.page.evaluate(
        () => document.querySelectorAll('#view script, #view [onerror], #view [onload]').length,
      ),
    ).toBe(0);
  });

  it('works on a phone: nothing wider than the screen', async () => {
    const t = await signedIn({ width: 390, height: 844 });
    const overflow = () => t.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(t.page, 'phone-desk');
    await t.page.getByRole('link', { name: 'Write an article' }).click();
    await t.page.getByLabel('Title', { exact: true }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(t.page, 'phone-write');
  });

  it('takes the main flow by keyboard alone: sign in, write, publish', async () => {
    const t = await tab();
    await t.page.goto(server.url('/desk/'));
    const focusedLabel = () =>
      t.page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (el === null) return '';
        const label = el.id === '' ? null : document.querySelector(`label[for="${el.id}"]`);
        return (label?.textContent ?? el.textContent ?? '').trim();
      });
    const seen: string[] = [];
    const press = async (key: string, until: () => Promise<boolean>, max = 40) => {
      for (let i = 0; i < max; i++) {
        if (await until()) return;
        await t.page.keyboard.press(key);
        seen.push(await focusedLabel());
      }
      throw new Error(`never reached the element by ${key}; focus went ${seen.join(' > ')}`);
    };
    await press('Tab', async () => (await focusedLabel()) === 'Editor key');
    await t.page.keyboard.type(KEY);
    await t.page.keyboard.press('Enter');
    await t.page.getByRole('heading', { name: 'Desk', exact: true }).waitFor();
    await press('Tab', async () => (await focusedLabel()) === 'Write an article');
    await t.page.keyboard.press('Enter');
    await t.page.getByLabel('Title', { exact: true }).waitFor();
    await press('Tab', async () => (await focusedLabel()) === 'Title');
    await t.page.keyboard.type('Typed Without a Mouse');
    await press('Tab', async () => (await focusedLabel()) === 'Body');
    await t.page.keyboard.type('Every step by keyboard.');
    await press('Tab', async () => (await focusedLabel()) === 'Publish');
    await t.page.keyboard.press('Enter');
    await status(t.page, 'Published “Typed Without a Mouse”');
    expect(await feedTitles()).toContain('Typed Without a Mouse');
  });

  it('shows when to retry once a client has failed too often (429)', async () => {
    const t = await tab();
    await t.page.goto(server.url('/desk/'));
    for (let i = 0; i < 12; i++) {
      await t.page.getByLabel('Editor key', { exact: true }).fill(`fw_wrong-${i}`);
      await t.page.getByRole('button', { name: 'Sign in' }).click();
      await t.page.getByRole('alert').waitFor();
    }
    await expect(t.page.getByRole('alert').textContent()).resolves.toMatch(/Try again in \d+ seconds/);
    await shot(t.page, 'too-many');
  });
});
