/**
 * Editor keys from the command line, for the table of a deployed stack or the
 * local store. Keys are stored only as SHA-256 hashes, exactly as the API
 * checks them; the key itself is printed once.
 *
 *   npx tsx infra/keys.ts create --name alice --table <TableName> [--region eu-west-1]
 *   npx tsx infra/keys.ts create --name alice --local [--data-dir ./.data]   (with npm start stopped)
 */
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoStores } from '../functions/adapters/dynamo/stores.js';
import { generateKey, hashKey } from '../functions/core/keys.js';
import type { KeyStore } from '../functions/core/ports.js';
import { ensureTable, startEmulator } from './local/emulator.js';
import { TABLE_NAME } from './local/server.js';

const USAGE = `Usage:
  feedwright keys create --name <editor> --table <TableName> [--region <region>]
  feedwright keys create --name <editor> --local [--data-dir <dir>]`;

async function withStore<T>(
  options: { table?: string; region?: string; local?: boolean; 'data-dir'?: string },
  run: (keys: KeyStore) => Promise<T>,
): Promise<T> {
  if (options.local === true) {
    const emulator = await startEmulator(`${options['data-dir'] ?? process.env.DATA_DIR ?? './.data'}/db`);
    const client = emulator.client();
    try {
      await ensureTable(client, TABLE_NAME);
      return await run(dynamoStores(client, TABLE_NAME).keys);
    } finally {
      client.destroy();
      await emulator.close();
    }
  }
  if (options.table === undefined) throw new Error(`--table or --local is required.\n${USAGE}`);
  const client = new DynamoDBClient(options.region === undefined ? {} : { region: options.region });
  try {
    return await run(dynamoStores(client, options.table).keys);
  } finally {
    client.destroy();
  }
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      table: { type: 'string' },
      region: { type: 'string' },
      local: { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true || positionals[0] !== 'create') {
    process.stdout.write(`${USAGE}\n`);
    if (values.help !== true) process.exitCode = 2;
    return;
  }
  const name = values.name?.trim();
  if (name === undefined || name === '') throw new Error(`--name is required.\n${USAGE}`);
  const key = generateKey();
  await withStore(values, (keys) =>
    keys.add({ hash: hashKey(key), name, createdAt: new Date().toISOString() }),
  );
  process.stdout.write(`Editor key for ${name} (shown this once; only its hash is stored):\n  ${key}\n`);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`feedwright keys: ${(error as Error).message}\n`);
  process.exit(1);
});
