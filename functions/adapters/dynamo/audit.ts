/** Who did what, when: the audit log, newest first, paged by an opaque cursor. */
import { randomUUID } from 'node:crypto';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditEntry, AuditLog, AuditQuery, Page } from '../../core/ports.js';
import { keys, PARTITIONS } from './schema.js';
import { type Item, invalidCursor, type Table } from './table.js';

function auditFromItem(item: Item): AuditEntry & { sk: string } {
  const raw = unmarshall(item);
  return {
    at: String(raw.at),
    // Entries written before keys had ids carry none.
    editorId: raw.editorId === undefined ? '' : String(raw.editorId),
    editor: String(raw.editor),
    action: raw.action as AuditEntry['action'],
    subject: String(raw.subject),
    ...(raw.version === undefined ? {} : { version: Number(raw.version) }),
    sk: String(raw.sk),
  };
}

/** The audit cursor names the last entry's sort key. */
function encodeCursor(sk: string): string {
  return Buffer.from(JSON.stringify([PARTITIONS.AUDIT, sk])).toString('base64url');
}

function decodeCursor(cursor: string): Item {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parts) && parts[0] === PARTITIONS.AUDIT && typeof parts[1] === 'string')
      return { pk: { S: PARTITIONS.AUDIT }, sk: { S: parts[1] } };
  } catch {
    // falls through to the error below
  }
  throw invalidCursor();
}

export class DynamoAudit implements AuditLog {
  constructor(private readonly table: Table) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.table.put(
      marshall({ ...keys.audit(entry.at, randomUUID()), ...entry }, { removeUndefinedValues: true }),
    );
  }

  async list(query: AuditQuery): Promise<Page<AuditEntry>> {
    const found: Array<AuditEntry & { sk: string }> = [];
    // A subject filter applies after DynamoDB's page limit: read on until one entry past the page is found.
    for await (const items of this.table.pages({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': { S: PARTITIONS.AUDIT },
        ...(query.subject === undefined ? {} : { ':subject': { S: query.subject } }),
      },
      ...(query.subject === undefined ? {} : { FilterExpression: 'subject = :subject' }),
      ScanIndexForward: false,
      Limit: 100,
      ...(query.cursor === undefined ? {} : { ExclusiveStartKey: decodeCursor(query.cursor) }),
    })) {
      found.push(...items.map(auditFromItem));
      if (found.length > query.limit) break;
    }
    const page = found.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(({ sk: _sk, ...entry }) => entry),
      nextCursor: found.length > query.limit && last !== undefined ? encodeCursor(last.sk) : null,
    };
  }
}
