/** The publisher's plan, without a store: what a batch touches, worked out from the changes alone. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  archiveKey,
  archivePagesOf,
  boundsOf,
  candidatesAhead,
  categoriesOf,
  categoryName,
  collapse,
  mainMembers,
  openGoing,
  touchesMain,
  widest,
} from '../../functions/core/publish/plan.js';
import { makeArticle } from '../fixtures/articles.js';

describe('the publish plan', () => {
  it('collapses a batch per article: the first before, the last after, every state between', () => {
    const v1 = makeArticle(1, { categories: ['Harbour'] });
    const v2 = { ...v1, version: 2, categories: ['Weather'] };
    const v3 = { ...v1, version: 3, categories: ['Sport'] };
    const other = makeArticle(2);
    const [one, two] = collapse([
      { id: v1.id, before: null, after: v1 },
      { id: other.id, before: null, after: other },
      { id: v1.id, before: v1, after: v2 },
      { id: v1.id, before: v2, after: v3 },
    ]);
    expect(one).toEqual({ id: v1.id, before: null, after: v3, earlier: [v1, v2] });
    expect(two).toEqual({ id: other.id, before: null, after: other, earlier: [] });
    // Memberships are undone from every category a state of the batch was in.
    expect(widest(one as never)?.categories).toEqual(['Harbour', 'Weather']);
  });

  it('names the archive pages a batch touches: theirs, the filling one, and a predecessor whose next link changes', () => {
    expect(boundsOf(0, 10)).toEqual({ full: 0, last: 0 });
    expect(boundsOf(25, 10)).toEqual({ full: 2, last: 3 });
    expect(boundsOf(30, 10)).toEqual({ full: 3, last: 3 });
    expect(archivePagesOf([], boundsOf(0, 10), 10)).toEqual([]);
    // A member in the open page: that page alone; the page before keeps its links.
    expect(archivePagesOf([25], boundsOf(25, 10), 10)).toEqual([3]);
    expect(archivePagesOf([4], boundsOf(25, 10), 10)).toEqual([3, 1]);
    // A member that opens a page, or fills one: the page before links it anew.
    expect(archivePagesOf([21], boundsOf(21, 10), 10)).toEqual([3, 2]);
    expect(archivePagesOf([30], boundsOf(30, 10), 10)).toEqual([3, 2]);
    // The open page's files going in this run (the last page filled in an earlier one): the page before too.
    expect(
      archivePagesOf([], boundsOf(30, 10), 10, { openGoing: openGoing(boundsOf(30, 10), true) }),
    ).toEqual([3, 2]);
    // Pages opened by articles written after the batch was cut (files not there yet), and the one before.
    expect(archivePagesOf([1], boundsOf(5, 1), 1, { missing: [5, 4] })).toEqual([5, 4, 3, 1]);
    expect(openGoing(boundsOf(25, 10), true)).toBe(false);
    expect(archivePagesOf([1], boundsOf(1, 1), 1)).toEqual([1]);
    expect(archivePagesOf([2], boundsOf(2, 1), 1)).toEqual([2, 1]);
    expect(archiveKey(3, boundsOf(25, 10))).toBe('open');
    expect(archiveKey(2, boundsOf(25, 10))).toBe(2);
  });

  it('archive pages are always in range, include the last page, and each touched member’s page', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 1, max: 500 }), { maxLength: 20 }),
        (count, size, touched) => {
          const bounds = boundsOf(count, size);
          const members = touched.filter((n) => n <= count);
          const pages = archivePagesOf(members, bounds, size);
          expect(pages.every((p) => p >= 1 && p <= bounds.last)).toBe(true);
          expect(pages).toContain(bounds.last);
          for (const n of members) expect(pages).toContain(Math.ceil(n / size));
          expect([...pages].sort((a, b) => b - a)).toEqual(pages);
          expect(new Set(pages).size).toBe(pages.length);
        },
      ),
    );
  });

  it('counts every listed state of a batch as a main archive member, drafts none', () => {
    const listed = makeArticle(1, { sequence: 7 });
    const draft = makeArticle(2, { status: 'draft' });
    const gone = makeArticle(3, { sequence: 9 });
    const changes = [
      { id: listed.id, before: null, after: listed },
      { id: draft.id, before: null, after: draft },
      { id: gone.id, before: gone, after: null },
    ];
    expect(mainMembers(changes)).toEqual([7, 9]);
    expect(touchesMain(changes)).toBe(true);
    expect(touchesMain([{ id: draft.id, before: null, after: draft }])).toBe(false);
  });

  it('names a category by its newest member, and finds articles a listing has that the batch does not', () => {
    const a = makeArticle(1, { categories: ['Harbour News'] });
    const b = makeArticle(2, { categories: ['harbour news'] });
    expect(categoriesOf([a, null])).toEqual(new Map([['harbour-news', 'Harbour News']]));
    expect(categoryName([b, a], { slug: 'harbour-news', name: 'Old' })).toBe('harbour news');
    expect(categoryName([], { slug: 'harbour-news', name: 'Old' })).toBe('Old');
    expect(candidatesAhead([{ id: a.id, before: null, after: a }], [a, b, b]).map((x) => x.id)).toEqual([
      b.id,
    ]);
  });
});
