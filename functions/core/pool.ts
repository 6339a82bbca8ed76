/** Work on many items at once, but only a few at a time (their store calls and writes overlap). */

/** How many articles or categories are worked on at once. */
export const POOL = 8;

/** `fn` over `items`, at most `limit` at a time; the results in the items' order. */
export async function inPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
