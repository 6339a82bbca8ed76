/** Copied text: dates and bylines in their common forms, and what is never an author. */
import { describe, expect, it } from 'vitest';
import { datelineDate } from '../../functions/core/extract/dates.js';
import { extractText } from '../../functions/core/extract/text.js';
import { structure } from '../helpers/structure.js';

const BODY = [
  'Work starts in March, and the fleet will land its catch at the ferry pier while the quay is closed for eleven weeks.',
  'The board expects the new quay to serve the fleet for the next fifty years, and to cost less than the last repair.',
];
const page = (...lines: string[]) =>
  extractText(['Board backs the new quay', ...lines, ...BODY].join('\n\n'));

describe('copied text: dates and bylines', () => {
  it('dates a wire story by the dateline in its first sentence', () => {
    const found = page(
      'OSLO, Norway, June 3, 2024 /Harbour Wire/ -- The harbour board today announced the rebuilding of the north quay.',
    );
    expect(found.publishedAt).toBe('2024-06-03');
    expect(datelineDate('LONDON, 14 March 2025 — The board said on Friday that work would start.')).toBe(
      '2025-03-14',
    );
    expect(datelineDate('NEW YORK, March 3, 2025 (Harbour Newswire) -- The board said it would build.')).toBe(
      '2025-03-03',
    );
    // A sentence that merely starts with a place and a date is no dateline.
    expect(datelineDate('In Oslo, on June 3, 2024 -- or so it was said -- the board met.')).toBeNull();
  });

  it('reads "Published 14 March 2025" and "Updated …" lines as dates', () => {
    expect(page('Published 14 March 2025').publishedAt).toBe('2025-03-14');
    expect(page('Updated 14 March 2025').publishedAt).toBe('2025-03-14');
  });

  it.each([
    ['By Ana Lima and Rui Matos', ['Ana Lima', 'Rui Matos']],
    ['Words by Ana Lima and Rui Matos', ['Ana Lima', 'Rui Matos']],
    ['By Ana Lima, Staff Writer', ['Ana Lima']],
    ['Ana Lima, Reporter', ['Ana Lima']],
    ['Ana Lima and Rui Matos, Harbour Correspondents', ['Ana Lima', 'Rui Matos']],
  ])('reads the byline "%s"', (byline, names) => {
    const found = page(byline);
    expect(found.authors.map((a) => a.name)).toEqual(names);
    expect(found.contentHtml).not.toContain(byline);
  });

  it('never takes a photographer or a press contact for an author, nor a credit for the headline', () => {
    const found = page('Photographs by Tom Reid', 'Tom Reid, Photographer', 'By Ana Lima');
    expect(found.title).toBe('Board backs the new quay');
    expect(found.authors).toEqual([{ name: 'Ana Lima' }]);
    const release = extractText(
      [
        'Board backs the new quay',
        ...BODY,
        BODY[0]?.replace('Work', 'Building'),
        'Media contact: Jo Reid, Press Officer',
      ].join('\n\n'),
    );
    expect(release.authors).toEqual([]);
  });

  it('reads a byline without "By" only above the story: inside it, it heads a correspondent’s box', () => {
    const box = 'Ana Lima, Harbour Correspondent';
    const more = [
      'The quay was last rebuilt in 1952, after a storm took half of its wall into the sea one January night.',
      'Since then it has been patched every few winters, at a cost the board says it can no longer carry.',
    ];
    const found = extractText(['Board backs the new quay', ...BODY, box, ...more].join('\n\n'));
    expect(found.authors).toEqual([]);
    expect(structure(found.contentHtml ?? '').p).toEqual([...BODY, box, ...more].filter((l) => l !== box));
  });
});
