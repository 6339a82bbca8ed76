/**
 * Moving in: one article per item of a feed file, keeping each item's id as
 * the article's guid (so no reader sees an item twice), its dates, and its
 * old link as a redirect. Importing the same file again creates nothing.
 */
import type { Article } from '../article.js';
import { SUMMARY_MAX } from '../content.js';
import { aliasPathOf } from '../documents.js';
import { replaceArticle, sameContent } from '../edits.js';
import { FeedwrightError, ValidationError } from '../errors.js';
import { sanitiseHtml } from '../sanitise.js';
import { type ArticleInput, parseArticleInput } from '../schema.js';
import { normaliseSpace, truncateAtWord } from '../text.js';
import { type ArticleDeps, buildArticle, createArticle } from '../writing.js';
import { type FeedFile, type FeedItem, oldestFirst } from './read-feed.js';

export interface ImportOptions {
  /** Refresh items that exist but whose content changed (a minor edit: readers do not see them again). */
  update: boolean;
  /** Report what would happen; write nothing. */
  dryRun: boolean;
  /** The old site's address when it was not this site's: its links' paths become redirects here. */
  oldBase?: string | undefined;
  /** The last part of an import (the CLI sends big files in parts): its last write tells the hubs. */
  final: boolean;
}

type Outcome = 'created' | 'unchanged' | 'updated' | 'refused';

export interface ItemReport {
  guid: string;
  title: string;
  outcome: Outcome;
  /** The article it is (or would be) now. */
  id?: string | undefined;
  /** Why it was refused. */
  reason?: string | undefined;
  /** What the import had to make up or leave out. */
  notes?: string[] | undefined;
}

export interface ImportReport {
  format: FeedFile['format'];
  dryRun: boolean;
  created: number;
  unchanged: number;
  updated: number;
  refused: number;
  items: ItemReport[];
  /** Entries of the file that are not articles (WXR pages, attachments). */
  skipped: FeedFile['skipped'];
}

/** The path an old link had, when that old site is this one (or `oldBase`); with a note when it has none. */
function oldPathOf(
  link: string | undefined,
  siteUrl: string,
  oldBase: string | undefined,
): { path?: string; note?: string } {
  if (link === undefined) return {};
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { note: `its link "${link}" is not a URL` };
  }
  const base = new URL(oldBase ?? siteUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  if (url.host !== base.host || !url.pathname.startsWith(`${basePath}/`)) return {};
  if (url.search !== '' || url.hash !== '')
    return { note: `its old link ${link} has a query or fragment: it is not redirected` };
  const alias = aliasPathOf(url.pathname.slice(basePath.length));
  if ('refused' in alias) return { note: `its old link ${link} is not redirected: ${alias.refused}` };
  return { path: alias.path };
}

/** An item as article input: content sanitised with relative URLs resolved against its old link. */
function inputOf(item: FeedItem, siteUrl: string, notes: string[]): Record<string, unknown> {
  const base = item.link ?? `${siteUrl}/`;
  const content =
    item.content === null
      ? item.summary === undefined
        ? undefined
        : { contentText: item.summary }
      : 'html' in item.content
        ? { contentHtml: sanitiseHtml(item.content.html, base) }
        : { contentText: item.content.text };
  let title = item.title;
  if (Array.from(title).length > 500) {
    title = truncateAtWord(title, 500);
    notes.push('its title was cut to 500 characters');
  }
  const categories = item.categories.filter((c) => Array.from(c).length <= 100);
  if (categories.length > 20) notes.push(`it had ${categories.length} categories: the first 20 are kept`);
  const image = item.image !== undefined && /^https?:\/\//i.test(item.image) ? item.image : undefined;
  if (item.image !== undefined && image === undefined)
    notes.push(`its image "${item.image}" is not an http(s) URL`);
  const summary =
    item.summary === undefined ? undefined : truncateAtWord(normaliseSpace(item.summary), SUMMARY_MAX);
  return {
    guid: item.guid,
    title,
    ...content,
    ...(summary === undefined || summary === '' || item.content === null ? {} : { summary }),
    authors: item.authors.slice(0, 20).map((a) => ({
      name: truncateAtWord(a.name, 200),
      ...(a.url !== undefined && /^https?:\/\//i.test(a.url) ? { url: a.url } : {}),
      ...(a.email !== undefined && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(a.email) ? { email: a.email } : {}),
    })),
    categories: categories.slice(0, 20),
    ...(image === undefined ? {} : { image }),
    status: item.status,
    ...(item.publishedAt === undefined ? {} : { publishedAt: item.publishedAt }),
  };
}

interface Planned {
  item: FeedItem;
  input: ArticleInput;
  existing: Article | null;
  alias?: string | undefined;
  notes: string[];
}

function reasonOf(error: unknown): string {
  if (error instanceof ValidationError && error.errors.length > 0)
    return error.errors.map((e) => `${e.path} ${e.message}`).join('; ');
  if (error instanceof FeedwrightError) return error.message;
  throw error;
}

/**
 * Imports a read feed file. Items are written oldest first, so they take
 * archive numbers in date order. Every write but the import's last is quiet:
 * the hubs hear of the import once, from its last write.
 */
export async function importFeed(
  deps: ArticleDeps,
  file: FeedFile,
  options: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = {
    format: file.format,
    dryRun: options.dryRun,
    created: 0,
    unchanged: 0,
    updated: 0,
    refused: 0,
    items: [],
    skipped: file.skipped,
  };
  const done = (item: FeedItem, outcome: Outcome, extra: Partial<ItemReport> = {}) => {
    report[outcome]++;
    const notes = [...item.notes, ...(extra.notes ?? [])];
    report.items.push({
      guid: item.guid,
      title: item.title,
      outcome,
      ...extra,
      notes: notes.length > 0 ? notes : undefined,
    });
  };
  const byDate = oldestFirst(file.items);
  const planned: Planned[] = [];
  const aliases = new Set<string>();
  for (const item of byDate) {
    const notes: string[] = [];
    try {
      if (item.status === 'published' && item.publishedAt === undefined)
        throw new ValidationError('no date', [
          { path: 'publishedAt', message: 'is missing: a published item needs its date' },
        ]);
      const input = parseArticleInput(inputOf(item, deps.site.siteUrl, notes));
      const old = oldPathOf(item.link, deps.site.siteUrl, options.oldBase);
      if (old.note !== undefined) notes.push(old.note);
      let alias = old.path;
      if (alias !== undefined && aliases.has(alias)) {
        notes.push(`another item has the same old link: ${item.link} is not redirected to this one`);
        alias = undefined;
      }
      if (alias !== undefined) aliases.add(alias);
      planned.push({ item, input, existing: await deps.articles.byGuid(item.guid), alias, notes });
    } catch (error) {
      done(item, 'refused', { reason: reasonOf(error), notes });
    }
  }
  const now = deps.clock.now();
  const changes = (p: Planned): boolean =>
    p.existing === null ||
    (options.update && !sameContent(p.existing, buildArticle(p.input, p.existing.id, now, deps.site)));
  const lastWrite = options.final ? planned.findLastIndex(changes) : -1;
  for (const [index, p] of planned.entries()) {
    const { item, input, existing, notes } = p;
    if (!changes(p)) {
      done(item, 'unchanged', { id: existing?.id, notes });
      continue;
    }
    if (options.dryRun) {
      done(item, existing === null ? 'created' : 'updated', { id: existing?.id, notes });
      continue;
    }
    try {
      if (existing === null) {
        const article = await createArticle(deps, input, {
          updatedAt: importedUpdate(item, input, now),
          aliases: p.alias === undefined ? undefined : [p.alias],
          quiet: index !== lastWrite,
        });
        done(item, 'created', { id: article.id, notes });
      } else {
        const { article } = await replaceArticle(deps, existing.id, input, { minorEdit: true });
        done(item, article.version > existing.version ? 'updated' : 'unchanged', { id: article.id, notes });
      }
    } catch (error) {
      done(item, 'refused', { reason: reasonOf(error), notes });
    }
  }
  return report;
}

/** The item's own last update, never before its publication (nor after now). */
function importedUpdate(item: FeedItem, input: ArticleInput, now: Date): string | undefined {
  const published = Date.parse(input.publishedAt ?? '');
  const updated = Date.parse(item.updatedAt ?? '');
  if (Number.isNaN(published)) return undefined;
  const at = Number.isNaN(updated) ? published : Math.min(Math.max(updated, published), now.getTime());
  return new Date(at).toISOString();
}
