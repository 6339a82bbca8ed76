/**
 * Independent feed readers, so a test can check that they agree on what a
 * feed holds: rss-parser, feedparser (a streaming SAX-based parser) and
 * @extractus/feed-extractor. And a JSON Feed 1.1 schema check with ajv.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { extractFromXml } from '@extractus/feed-extractor';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import FeedParser from 'feedparser';
import Parser from 'rss-parser';

export interface ReadItem {
  id: string;
  title: string;
  link: string;
}

export async function withRssParser(xml: string): Promise<ReadItem[]> {
  const feed = await new Parser().parseString(xml);
  return feed.items.map((i) => ({
    id: String(i.guid ?? i.id),
    title: String(i.title),
    link: String(i.link),
  }));
}

export function withFeedparser(xml: string): Promise<ReadItem[]> {
  return new Promise((done, fail) => {
    const items: ReadItem[] = [];
    const parser = new FeedParser({});
    parser.on('error', fail);
    parser.on('readable', () => {
      for (let item = parser.read(); item !== null; item = parser.read()) {
        items.push({ id: item.guid, title: item.title, link: item.link });
      }
    });
    parser.on('end', () => done(items));
    Readable.from([xml]).pipe(parser);
  });
}

/** Each item's author as feedparser shows it (from dc:creator in RSS). */
export function authorsWithFeedparser(xml: string): Promise<Array<string | null>> {
  return new Promise((done, fail) => {
    const authors: Array<string | null> = [];
    const parser = new FeedParser({});
    parser.on('error', fail);
    parser.on('readable', () => {
      for (let item = parser.read(); item !== null; item = parser.read()) authors.push(item.author);
    });
    parser.on('end', () => done(authors));
    Readable.from([xml]).pipe(parser);
  });
}

export function withFeedExtractor(xml: string): ReadItem[] {
  const feed = extractFromXml(xml, { normalization: true, useISODateFormat: true }) as {
    entries?: Array<{ id: string; title: string; link: string }>;
  };
  return (feed.entries ?? []).map((e) => ({ id: e.id, title: e.title, link: e.link }));
}

const schema = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../fixtures/jsonfeed-1.1.schema.json'), 'utf8'),
);
const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

/** Errors of a JSON Feed against the JSON Feed 1.1 schema; empty when valid. */
export function jsonFeedErrors(text: string): string[] {
  const ok = validate(JSON.parse(text));
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
