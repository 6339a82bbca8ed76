/**
 * The strict validators: a site with tables, right-to-left text, several
 * authors, sources, categories in two scripts, archives and a deletion. Where
 * the W3C Feed Validation Service is available (FEEDVALIDATOR_SRC: its src/
 * folder, run offline under python3 with html5lib) every main, category and
 * archive feed and the OPML go through it; everywhere, the points it raised
 * against earlier versions are checked here too.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWith, type Requirement } from '../helpers/requires.js';
import { KEY, startServer, type TestServer } from '../helpers/server.js';

const VALIDATOR = process.env.FEEDVALIDATOR_SRC;
const W3C_VALIDATOR: Requirement = {
  what: 'the W3C Feed Validation Service',
  available: VALIDATOR !== undefined && existsSync(join(VALIDATOR, 'demo.py')),
  howToGet:
    'bring a snapshot of the public w3c/feedvalidator repository, apt-get install python3-html5lib, and set FEEDVALIDATOR_SRC to its src/ folder (the checks above run without it)',
};

/** What the validator says that is its age, not ours (docs/feeds.md, the strict validators). */
const VALIDATOR_AGE = [
  // It predates RFC 6721 tombstones, JSON Feed and OPML 2.0's head elements.
  /Use of unknown namespace: http:\/\/purl\.org\/atompub\/tombstones\/1\.0/,
  /Feeds should not be served with the "application\/feed\+json" media type/,
  /XML parsing error: <unknown>:1:0: not well-formed/,
  /Undefined head element: docs/,
];

/**
 * Ours, and left so on purpose: the only archive page of a feed has no older
 * or newer page to link, and RFC 5005 has nothing else for it to say (it is
 * no complete feed). The validator calls it incomplete.
 */
const LONE_ARCHIVE_PAGE = /Archive incomplete/;

let server: TestServer;
const paths: string[] = [];

beforeAll(async () => {
  server = await startServer({
    env: { ARCHIVE_SIZE: '3', FEED_SIZE: '4', SITE_ICON: 'https://img.example/icon.png' },
  });
  for (let n = 1; n <= 8; n++) {
    const res = await server.post({
      title: n % 2 === 0 ? `Story ${n}` : `جدول ${n}`,
      contentHtml: `<p dir="rtl" lang="ar">مرحبا ${n}</p><table><caption>T</caption><tr><th scope="col">a</th></tr><tr><td>1</td></tr></table><dl><dt>t</dt><dd>d</dd></dl>`,
      categories: n < 3 ? ['Ships', 'Спорт'] : ['Ships'],
      authors: [{ name: 'Ana Lima' }, { name: 'Ben Ode', url: 'https://news.example/ben' }],
      source: n % 2 === 0 ? { name: 'Harbour Wire' } : { name: 'Port News', url: 'https://port.example/' },
      image: 'https://img.example/a.png',
    });
    expect(res.status).toBe(201);
  }
  await server.post({ id: 'gone', title: 'Gone', contentText: 'x', categories: ['Ships'] });
  await server.runtime.idle();
  await fetch(server.url('/api/articles/gone'), {
    method: 'DELETE',
    headers: { authorization: `Bearer ${KEY}` },
  });
  await server.runtime.idle();
  const sport = encodeURIComponent('спорт');
  for (const dir of [
    '',
    'categories/ships/',
    `categories/${sport}/`,
    'archive/1/',
    'categories/ships/archive/1/',
    `categories/${sport}/archive/open/`,
  ])
    for (const file of ['rss.xml', 'atom.xml']) paths.push(`/${dir}${file}`);
  paths.push('/feeds.opml');
});

afterAll(async () => {
  await server?.dispose();
});

describe('what the W3C validator checks', () => {
  it('declares the tombstone namespace only where there are tombstones', async () => {
    for (const path of paths.filter((p) => p.endsWith('atom.xml'))) {
      const xml = await (await fetch(server.url(path))).text();
      expect(xml.includes('xmlns:at='), path).toBe(xml.includes('<at:deleted-entry'));
    }
  });

  it('gives every atom:source an id, a title and updated', async () => {
    const xml = await (await fetch(server.url('/atom.xml'))).text();
    const sources = [...xml.matchAll(/<source>([\s\S]*?)<\/source>/g)].map((m) => m[1] as string);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources)
      for (const el of ['<id>', '<title>', '<updated>']) expect(source).toContain(el);
  });

  it('gives every archive page its current feed, and its neighbours where it has any', async () => {
    for (const path of paths.filter((p) => p.includes('/archive/'))) {
      const xml = await (await fetch(server.url(path))).text();
      expect(xml, path).toContain('<fh:archive/>');
      expect(/rel="current"/.test(xml), path).toBe(true);
      const lone = path.includes('/archive/open/') && path.includes('%D1%81');
      if (!lone) expect(/prev-archive|next-archive/.test(xml), path).toBe(true);
    }
  });

  it('types every OPML outline that says more than its text', async () => {
    const opml = await (await fetch(server.url('/feeds.opml'))).text();
    for (const outline of opml.match(/<outline [^>]*>/g) ?? []) {
      const attributes = [...outline.matchAll(/ (\w+)="/g)].map((m) => m[1]);
      if (attributes.some((a) => a !== 'text')) expect(attributes, outline).toContain('type');
    }
  });
});

describeWith(
  [W3C_VALIDATOR],
  'the W3C Feed Validation Service, run offline',
  () => {
    it('finds nothing of ours in any main, category or archive feed or the OPML', async () => {
      const found: string[] = [];
      for (const path of paths) {
        let out = '';
        try {
          // Asynchronously: the server under test answers from this same process.
          out = (
            await promisify(execFile)('/usr/bin/python3', ['demo.py', server.url(path)], {
              cwd: VALIDATOR,
              timeout: 60_000,
            })
          ).stdout;
        } catch (error) {
          out = String((error as { stdout?: string }).stdout ?? '');
        }
        for (const line of out.split('\n').slice(1)) {
          if (line.trim() === '' || line.includes('No errors or warnings')) continue;
          if (VALIDATOR_AGE.some((age) => age.test(line))) continue;
          if (LONE_ARCHIVE_PAGE.test(line) && path.includes('/archive/open/') && path.includes('%D1%81'))
            continue;
          found.push(`${path}: ${line.trim()}`);
        }
      }
      expect(found).toEqual([]);
    }, 600_000);
  },
  { requiredInCi: false },
);
