/**
 * `feedwright import-feed <file>`: moves a site in from its feed or export.
 * The file is read here (so a file of any size goes in parts, with progress)
 * and sent to POST /api/import in parts of at most ~2 MB, each a JSON Feed
 * 1.1 document carrying the items as read, oldest first; only the last part
 * is `final` (its last write tells the WebSub hubs, once).
 */
import { readFile } from 'node:fs/promises';
import { FeedwrightError } from '../../functions/core/errors.js';
import type { ImportReport, ItemReport } from '../../functions/core/import/import.js';
import {
  type FeedFile,
  type FeedItem,
  oldestFirst,
  readFeed,
} from '../../functions/core/import/read-feed.js';
import { decodeFeed } from '../../functions/http/body.js';
import { type Api, CliError } from './api.js';
import { bar, type Output } from './output.js';

export interface ImportFeedOptions {
  update: boolean;
  dryRun: boolean;
  oldBase?: string | undefined;
  json: boolean;
}

/** A part's size: well under the API's 4 MB for raw bodies. */
const PART_BYTES = 2 * 1024 * 1024;
const PART_ITEMS = 200;

/** An item as JSON Feed 1.1 writes it, with its status (a WordPress draft) in an extension. */
function jsonFeedItem(item: FeedItem): Record<string, unknown> {
  return {
    id: item.guid,
    url: item.link,
    title: item.title,
    ...(item.content === null
      ? {}
      : 'html' in item.content
        ? { content_html: item.content.html }
        : { content_text: item.content.text }),
    summary: item.summary,
    image: item.image,
    date_published: item.publishedAt,
    date_modified: item.updatedAt,
    authors: item.authors.length > 0 ? item.authors : undefined,
    tags: item.categories.length > 0 ? item.categories : undefined,
    ...(item.status === 'draft' ? { _feedwright: { status: 'draft' } } : {}),
  };
}

/** The items in parts, oldest first, each part a JSON Feed document of bounded size. */
function parts(file: FeedFile): Array<{ items: FeedItem[]; body: string }> {
  const byDate = oldestFirst(file.items);
  const document = (items: FeedItem[]) =>
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'feedwright import',
      home_page_url: file.link,
      items: items.map(jsonFeedItem),
    });
  const out: Array<{ items: FeedItem[]; body: string }> = [];
  let current: FeedItem[] = [];
  let bytes = 0;
  for (const item of byDate) {
    const size = Buffer.byteLength(JSON.stringify(jsonFeedItem(item)));
    if (current.length > 0 && (current.length >= PART_ITEMS || bytes + size > PART_BYTES)) {
      out.push({ items: current, body: document(current) });
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0 || out.length === 0) out.push({ items: current, body: document(current) });
  return out;
}

function readFeedFile(path: string, bytes: Buffer): FeedFile {
  try {
    return readFeed(decodeFeed(bytes));
  } catch (error) {
    if (error instanceof FeedwrightError) throw new CliError(`${path}: ${error.message}`);
    throw error;
  }
}

export async function importFeedFile(
  api: Api,
  path: string,
  options: ImportFeedOptions,
  io: Output,
): Promise<number> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(error.code === 'ENOENT' ? `${path}: no such file` : `${path}: ${error.message}`, 2);
  });
  const file = readFeedFile(path, bytes);
  // What the reader made up here (a derived id) is said by the item's guid, as the server reports it.
  const notesByGuid = new Map(file.items.map((item) => [item.guid, item.notes]));
  const all = parts(file);
  const total = file.items.length;
  const reports: ItemReport[] = [];
  let done = 0;
  const progress = () => {
    if (io.tty) io.err(`\r${bar(done, total)}`);
    else io.err(bar(done, total));
  };
  progress();
  for (const [index, part] of all.entries()) {
    if (part.items.length === 0) continue;
    const query = new URLSearchParams();
    if (options.update) query.set('update', 'true');
    if (options.dryRun) query.set('dryRun', 'true');
    if (options.oldBase !== undefined) query.set('oldBase', options.oldBase);
    if (index < all.length - 1) query.set('final', 'false');
    const res = await api.request('POST', `/api/import?${query}`, {
      body: { contentType: 'application/feed+json', body: part.body },
    });
    const report = res.json as unknown as ImportReport;
    for (const item of report.items) {
      const notes = [...(notesByGuid.get(item.guid) ?? []), ...(item.notes ?? [])];
      reports.push({ ...item, notes: notes.length > 0 ? notes : undefined });
    }
    done += part.items.length;
    progress();
  }
  if (io.tty) io.err('\n');
  const count = (outcome: ItemReport['outcome']) => reports.filter((r) => r.outcome === outcome).length;
  const summary = {
    format: file.format,
    dryRun: options.dryRun,
    created: count('created'),
    unchanged: count('unchanged'),
    updated: count('updated'),
    refused: count('refused'),
    skipped: file.skipped,
    items: reports,
  };
  if (options.json) io.out(JSON.stringify(summary, null, 2));
  else {
    const verb = options.dryRun ? 'Would import' : 'Imported';
    io.out(
      `${verb} ${total} item(s) from a ${file.format.toUpperCase()} file: ${summary.created} created, ${summary.unchanged} unchanged, ${summary.updated} updated, ${summary.refused} refused${file.skipped.length > 0 ? `; ${file.skipped.length} entries skipped` : ''}.`,
    );
    for (const r of reports.filter((r) => r.outcome === 'refused'))
      io.out(`  refused "${r.title}" (${r.guid}): ${r.reason}`);
    for (const s of file.skipped) io.out(`  skipped "${s.item}": ${s.reason}`);
    for (const r of reports.filter((r) => r.notes !== undefined && r.outcome !== 'refused'))
      io.out(`  note on "${r.title}": ${(r.notes ?? []).join('; ')}`);
  }
  return summary.refused === 0 ? 0 : 1;
}
