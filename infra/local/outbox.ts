/**
 * What makes the local stream as durable as DynamoDB Streams: every change
 * record is appended to a journal file before the write is acknowledged to the
 * client, and marked done once the publisher has handled it (or dead-lettered
 * it). At start, the records not marked done are replayed through the
 * publisher before the server answers, so a crash at any instant (kill -9, a
 * power cut of the process) loses no acknowledged change, and recovery is
 * exact rather than "the newest FEED_SIZE". The journal is emptied whenever
 * every record in it is done.
 *
 * Appends are synchronous: a record is on disk (in the page cache, as the
 * store's own writes are) before the request that made it can be answered,
 * and no append interleaves with emptying the file.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DynamoDBRecord } from 'aws-lambda';

type Line = { r: DynamoDBRecord } | { d: string[] };

export class Outbox {
  /** Ids of records appended and not yet done. */
  private readonly open = new Set<string>();

  constructor(private readonly file: string) {}

  /** Records left undone by the previous run, in the order they were written. */
  pending(): DynamoDBRecord[] {
    if (!existsSync(this.file)) return [];
    const records = new Map<string, DynamoDBRecord>();
    for (const text of readFileSync(this.file, 'utf8').split('\n')) {
      if (text.trim() === '') continue;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        // A line cut short by the crash: its write was never acknowledged.
        continue;
      }
      if ('r' in line) records.set(line.r.eventID ?? '', line.r);
      else for (const id of line.d) records.delete(id);
    }
    for (const id of records.keys()) this.open.add(id);
    return [...records.values()];
  }

  append(record: DynamoDBRecord): void {
    this.open.add(record.eventID ?? '');
    appendFileSync(this.file, `${JSON.stringify({ r: record } satisfies Line)}\n`);
  }

  done(records: readonly DynamoDBRecord[]): void {
    const ids = records.map((r) => r.eventID ?? '').filter((id) => this.open.delete(id));
    if (ids.length === 0) return;
    if (this.open.size === 0) writeFileSync(this.file, '');
    else appendFileSync(this.file, `${JSON.stringify({ d: ids } satisfies Line)}\n`);
  }
}
