/** Every store port on one DynamoDB table: what a function of either world is given. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  ArticleStore,
  AuditLog,
  FailureCounter,
  IdempotencyStore,
  KeyStore,
  SiteBooks,
} from '../../core/ports.js';
import { DynamoArticles } from './articles.js';
import { DynamoAudit } from './audit.js';
import { DynamoBooks } from './books.js';
import { DynamoIdempotency } from './idempotency.js';
import { DynamoFailureCounter, DynamoKeys } from './keys.js';
import { Table } from './table.js';

export interface Stores {
  articles: ArticleStore;
  books: SiteBooks;
  keys: KeyStore;
  idempotency: IdempotencyStore;
  audit: AuditLog;
  /** Failed authentications counted in the table, for worlds where many processes answer side by side. */
  failures: FailureCounter;
}

export function dynamoStores(client: DynamoDBClient, tableName: string): Stores {
  const table = new Table(client, tableName);
  return {
    articles: new DynamoArticles(table),
    books: new DynamoBooks(table),
    keys: new DynamoKeys(table),
    idempotency: new DynamoIdempotency(table),
    audit: new DynamoAudit(table),
    failures: new DynamoFailureCounter(table),
  };
}
