/**
 * The publisher's bookkeeping, done before it renders what it keeps: each
 * change's category memberships (and the numbers they take) and its
 * tombstone; a category's directory entry before its files.
 */
import type { Article } from '../article.js';
import type { SiteBooks } from '../ports.js';
import type { Category } from './feed-files.js';
import { type Collapsed, categoriesOf, categoryName, listed, tombstoneOf, widest } from './plan.js';

export interface Memberships {
  /** Every category the changes reach (joined, stayed, left), by slug, with its name. */
  categories: Map<string, string>;
  /** Per category, the numbers of the members the changes touched. */
  members: Map<string, number[]>;
}

/** Keeps the batch's category listings (new members numbered in the batch's order) and each deletion's tombstone. */
export async function keepMemberships(
  books: SiteBooks,
  changes: readonly Collapsed[],
  now: Date,
): Promise<Memberships> {
  const categories = new Map<string, string>();
  const members = new Map<string, number[]>();
  const widened = changes.map((change) => ({ before: widest(change), after: change.after }));
  for (const { slug, sequence } of await books.syncCategories(widened))
    members.set(slug, [...(members.get(slug) ?? []), sequence]);
  const gone = widened.flatMap(({ before, after }) => (listed(before) && !listed(after) ? [before] : []));
  await Promise.all(gone.map((before) => books.addTombstone(tombstoneOf(before, now))));
  for (const { before, after } of widened)
    for (const [slug, name] of categoriesOf([before, after])) categories.set(slug, name);
  return { categories, members };
}

/**
 * Keeps a category's directory entry in step with what it lists: an empty
 * category leaves the directory, a listed one is there under the name its
 * newest member files it by.
 * @returns the category as its files name it (null when it is empty), and whether the directory changed.
 */
export async function keepDirectoryEntry(
  books: SiteBooks,
  category: Category,
  listing: readonly Article[],
): Promise<{ category: Category | null; changed: boolean }> {
  if (listing.length === 0) {
    await books.unlistCategory(category.slug);
    return { category: null, changed: true };
  }
  const name = categoryName(listing, category);
  return { category: { slug: category.slug, name }, changed: await books.listCategory(category.slug, name) };
}
