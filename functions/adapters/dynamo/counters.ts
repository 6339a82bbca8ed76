/** The archive counters (the site's and each category's): the last number given out. */
import { keys } from './schema.js';
import type { Table } from './table.js';

/** Gives out the next number (an atomic counter). */
export async function nextNumber(table: Table, category?: string): Promise<number> {
  const out = await table.update(keys.archiveCounter(category), 'ADD #n :one', {
    names: { '#n': 'n' },
    values: { ':one': { N: '1' } },
    returnNew: true,
  });
  return Number(out?.n?.N);
}

/** The last number given out, 0 before the first. */
export async function currentNumber(table: Table, category?: string): Promise<number> {
  const item = await table.get(keys.archiveCounter(category));
  return Number(item?.n?.N ?? 0);
}
