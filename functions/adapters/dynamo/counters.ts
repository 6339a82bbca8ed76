/** The archive counters (the site's and each category's): the last number given out. */
import { keys } from './schema.js';
import type { Table } from './table.js';

/** Gives out the next `count` numbers at once (one atomic update); returns the first of them. */
export async function nextNumbers(table: Table, count: number, category?: string): Promise<number> {
  const out = await table.update(keys.archiveCounter(category), 'ADD #n :count', {
    names: { '#n': 'n' },
    values: { ':count': { N: String(count) } },
    returnNew: true,
  });
  return Number(out?.n?.N) - count + 1;
}

/** The last number given out, 0 before the first. */
export async function currentNumber(table: Table, category?: string): Promise<number> {
  const item = await table.get(keys.archiveCounter(category));
  return Number(item?.n?.N ?? 0);
}
