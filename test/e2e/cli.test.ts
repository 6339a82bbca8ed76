import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../infra/cli/main.js';
import { tempDir } from '../helpers/emulator.js';
import { withRssParser } from '../helpers/readers.js';
import { KEY, startServer, type TestServer } from '../helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const PAGES = resolve(import.meta.dirname, '../fixtures/pages');

let server: TestServer | undefined;
let removeDir: (() => Promise<void>) | undefined;
afterEach(async () => {
  await server?.dispose();
  server = undefined;
  await removeDir?.();
  removeDir = undefined;
});

/** Runs the CLI in-process against the test server; returns what it printed and its exit code. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(
    args,
    { FEEDWRIGHT_URL: server?.runtime.url, FEEDWRIGHT_KEY: KEY },
    { out: (l) => out.push(l), err: (l) => err.push(l), tty: false },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function folder(files: Record<string, string>) {
  const dir = await tempDir();
  removeDir = dir.remove;
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir.path, name, '..'), { recursive: true });
    await writeFile(join(dir.path, name), text);
  }
  return dir.path;
}

const MARKDOWN = `---
title: Notes From the Field
date: 2024-06-01
tags: [Science, Fieldwork]
author: Rosa Diaz
---
We spent a week counting **birds** on the estuary.

## What we saw

More herons than last year.
`;

describe('feedwright CLI', () => {
  it('posts Markdown with front matter, JSON, a text page and an HTML page', async () => {
    server = await startServer();
    const dir = await folder({
      'notes.md': MARKDOWN,
      'plain.json': JSON.stringify({ title: 'From JSON', contentText: 'Hi.' }),
    });
    await copyFile(join(PAGES, 'blog-byline-tags.txt'), join(dir, 'wind.txt'));
    await copyFile(join(PAGES, 'page-with-furniture.html'), join(dir, 'rail.html'));

    const md = await cli('post', join(dir, 'notes.md'));
    expect(md).toMatchObject({ code: 0 });
    expect(md.out).toMatch(/^Created notes-from-the-field \(version 1, published\) /);
    const stored = await (await fetch(`${server.runtime.url}/api/articles/notes-from-the-field`)).json();
    expect(stored).toMatchObject({
      categories: ['Science', 'Fieldwork'],
      authors: [{ name: 'Rosa Diaz' }],
      publishedAt: '2024-06-01T00:00:00.000Z',
    });
    expect(stored.contentHtml).toContain('<h2>What we saw</h2>');

    expect((await cli('post', join(dir, 'plain.json'))).code).toBe(0);
    expect((await cli('post', join(dir, 'wind.txt'), '--draft')).out).toMatch(
      /offshore-wind-farms-turn-to-floating-turbines \(version 1, draft\)/,
    );
    expect((await cli('post', join(dir, 'rail.html'))).code).toBe(0);
    await server.runtime.idle();
    const titles = (await withRssParser(await (await fetch(`${server.runtime.url}/rss.xml`)).text())).map(
      (i) => i.title,
    );
    expect(titles.sort()).toEqual([
      'From JSON',
      'Notes From the Field',
      'Rail Strike Called Off After Late-Night Talks',
    ]);
  });

  it('updates, lists, gets and deletes', async () => {
    server = await startServer();
    const dir = await folder({
      'a.json': JSON.stringify({ title: 'Version one', contentText: 'x' }),
      'b.json': JSON.stringify({ title: 'Version two', contentText: 'x' }),
    });
    await cli('post', join(dir, 'a.json'), '--id', 'story');
    const updated = await cli('update', 'story', join(dir, 'b.json'), '--if-match', '1');
    expect(updated).toMatchObject({ code: 0, out: expect.stringMatching(/^Updated story \(version 2/) });
    const stale = await cli('update', 'story', join(dir, 'a.json'), '--if-match', '1');
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/^Precondition failed \(412\)/);
    await server.runtime.idle();
    expect((await cli('list')).out).toMatch(/story {2}Version two$/);
    expect((await cli('get', 'story')).out).toContain('Version two');
    expect(JSON.parse((await cli('get', 'story', '--json')).out)).toMatchObject({ id: 'story', version: 2 });
    expect((await cli('delete', 'story')).out).toBe('Deleted story');
    expect((await cli('get', 'story')).err).toMatch(/^Not found \(404\)/);
  });

  it('shows every field error the API names, and explains a bad key', async () => {
    server = await startServer();
    const dir = await folder({ 'bad.json': JSON.stringify({ summary: 5 }) });
    const bad = await cli('post', join(dir, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Invalid input (400)');
    expect(bad.err).toContain('  - title: is required');
    expect(bad.err).toContain(
      '  - contentHtml: one of contentHtml, contentMarkdown or contentText is required',
    );
    const out: string[] = [];
    const code = await run(
      ['list', '--json'],
      { FEEDWRIGHT_URL: server.runtime.url },
      { out: (l) => out.push(l), err: () => {}, tty: false },
    );
    expect(code).toBe(0);
    const err: string[] = [];
    const denied = await run(
      ['keys', 'list'],
      { FEEDWRIGHT_URL: server.runtime.url, FEEDWRIGHT_KEY: 'wrong' },
      { out: () => {}, err: (l) => err.push(l), tty: false },
    );
    expect(denied).toBe(1);
    expect(err.join('\n')).toMatch(/Unauthorized \(401\)[\s\S]*Check --key/);
    expect((await cli('post', join(dir, 'missing.md'))).err).toContain('no such file');
    expect((await cli('post', join(dir, 'bad.json'), '--nope')).code).toBe(2);
  });

  it('imports a folder with progress and a summary naming each failure', async () => {
    server = await startServer();
    const dir = await folder({
      'one.md': MARKDOWN,
      'nested/two.json': JSON.stringify({ title: 'Two', contentText: 'x' }),
      'nested/three.md': '# Three\n\nA third story, titled by its heading.',
      'broken.json': '{ not json',
      'furniture.txt': 'Share this:\nFacebook\nTwitter\n',
      'ignored.png': 'not an article',
    });
    const result = await cli('import', dir, '--concurrency', '2');
    expect(result.code).toBe(1);
    expect(result.out).toContain('Imported 5 file(s): 3 created, 2 failed.');
    expect(result.out).toMatch(/broken\.json: .*not valid JSON/);
    expect(result.out).toMatch(/furniture\.txt: Unprocessable content \(422\)/);
    expect(result.err).toContain('[##############################] 5/5');
    await server.runtime.idle();
    expect((await cli('list')).out.split('\n')).toHaveLength(3);
  });

  it('manages keys and reads the audit log', async () => {
    server = await startServer();
    const created = await cli('keys', 'create', 'carol');
    const key = /\n\s+(fw_\S+)/.exec(created.out)?.[1];
    expect(key).toBeDefined();
    const id = /^Key (\w+) for carol/.exec(created.out)?.[1] as string;
    expect((await cli('keys', 'list')).out).toMatch(new RegExp(`${id}\\s+carol`));
    expect((await cli('keys', 'revoke', id)).out).toBe(`Revoked ${id} (carol)`);
    expect((await cli('keys', 'list')).out).toContain('REVOKED');
    const audit = await cli('audit');
    expect(audit.out).toMatch(/EDITOR_API_KEY\s+key\.revoke/);
  });

  it('retries a post safely with --idempotency-key, and schedules through front matter', async () => {
    server = await startServer();
    const later = new Date(Date.now() + 60 * 60_000).toISOString();
    const dir = await folder({
      'once.json': JSON.stringify({ title: 'Posted once', contentText: 'x' }),
      'later.md': `---\ntitle: Embargoed piece\ndate: ${later}\n---\nComing soon.\n`,
    });
    const first = await cli('post', join(dir, 'once.json'), '--idempotency-key', 'cli-1');
    const retry = await cli('post', join(dir, 'once.json'), '--idempotency-key', 'cli-1');
    expect(first.out).toBe(retry.out);
    expect((await cli('post', join(dir, 'later.md'))).code).toBe(0);
    await server.runtime.idle();
    // One article listed: the retry made none, the scheduled one is not out yet.
    expect((await cli('list')).out.split('\n')).toEqual([
      expect.stringMatching(/posted-once {2}Posted once$/),
    ]);
    expect(JSON.parse((await cli('get', 'embargoed-piece', '--json')).out).publishedAt).toBe(later);
    // Its page can be looked at before it goes out.
    const file = join(dir, 'preview.html');
    expect((await cli('preview', 'embargoed-piece', '--out', file)).out).toContain(`written to ${file}`);
    expect(await readFile(file, 'utf8')).toContain('Preview of a scheduled article');
    // The desk shows it, with the minute it goes out.
    expect((await cli('list', '--scheduled')).out).toBe(
      `${later.slice(0, 16)}  embargoed-piece  Embargoed piece`,
    );
    expect((await cli('list', '--drafts')).out).toBe('No articles.');
    expect((await cli('list', '--drafts', '--category', 'x')).code).toBe(2);
  });

  it('has --help on every command, and the bin script runs', async () => {
    for (const command of ['post', 'update', 'delete', 'get', 'preview', 'list', 'import', 'keys', 'audit']) {
      const help = await cli(command, '--help');
      expect(help.code, command).toBe(0);
      expect(help.out, command).toContain('Usage: feedwright');
    }
    const { stdout } = await promisify(execFile)(resolve(ROOT, 'infra/cli/bin.mjs'), ['--help'], {
      cwd: ROOT,
    });
    expect(stdout).toContain('Commands:');
  });
});
