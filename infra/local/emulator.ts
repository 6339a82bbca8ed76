/**
 * dynalite, the DynamoDB-compatible emulator, inside this process: an HTTP
 * listener on loopback that the ordinary SDK client talks to, persisted with
 * LevelDB under a directory (or in memory without one).
 */
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from '../../functions/adapters/dynamo/schema.js';

export interface Emulator {
  endpoint: string;
  /** A new client for this emulator (one per world, built once). */
  client(): DynamoDBClient;
  /** Closes the listener and the LevelDB store cleanly. */
  close(): Promise<void>;
}

export async function startEmulator(path?: string): Promise<Emulator> {
  if (path !== undefined) await mkdir(path, { recursive: true });
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    client: () =>
      new DynamoDBClient({
        endpoint,
        region: 'local',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 3,
        // A request the emulator never answers (its store failed under it) ends as a timeout: a 503, not a hang.
        requestHandler: { requestTimeout: 10_000 },
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Creates the table from the shared schema unless it exists, and waits until it and its index are ACTIVE. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  }
  // The emulator, like DynamoDB, reports CREATING for a moment; a query then fails with ResourceNotFound.
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const ready =
      Table?.TableStatus === 'ACTIVE' &&
      (Table.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === 'ACTIVE');
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Table ${tableName} did not become ACTIVE`);
}
