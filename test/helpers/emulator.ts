import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoStores, type Stores } from '../../functions/adapters/dynamo/stores.js';
import { type Emulator, ensureTable, startEmulator } from '../../infra/local/emulator.js';

/** An in-memory emulator for one test file; stop it in afterAll. */
export async function emulator(): Promise<Emulator> {
  return startEmulator();
}

/** A table of its own for one suite or test, built from the shared schema. */
export async function freshTable(
  emu: Emulator,
): Promise<{ client: DynamoDBClient; tableName: string; stores: Stores }> {
  const client = emu.client();
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, tableName, stores: dynamoStores(client, tableName) };
}

/** A temporary directory, removed by the returned function. */
export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'feedwright-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
