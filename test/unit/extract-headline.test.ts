/** Copied text's headline: the title-shaped line that reads most like the story's, never a name, label, credit, date or breadcrumb. */
import { describe, expect, it } from 'vitest';
import { extractHtml } from '../../functions/core/extract/html.js';
import { extractText } from '../../functions/core/extract/text.js';

const STORY = [
  'The harbour board voted on Tuesday to rebuild the north quay, a project argued over for most of a decade.',
  'Work on the quay starts in March, and the fleet will land its catch at the ferry pier while it is closed.',
  'The board said the new wall would stand a metre higher than the old one, to keep out the winter storms.',
];
const title = (...lines: string[]) => extractText([...lines, ...STORY].join('\n\n')).title;

describe('the headline of a copied page', () => {
  it('is not the author named alone right above the date line', () => {
    expect(title('Harbour board backs a new north quay', 'Mairi Campbell', 'March 3, 2025')).toBe(
      'Harbour board backs a new north quay',
    );
  });

  it('is not a section label or a credit, even nearer the byline, and may end in a full stop', () => {
    expect(
      title(
        'Harbour',
        'The north quay will be rebuilt. The fleet just might believe it.',
        'Tom Reid | Getty Images',
        'Entertainment',
        'By Mairi Campbell',
      ),
    ).toBe('The north quay will be rebuilt. The fleet just might believe it.');
  });

  it('may hold a slash, but a caption ending in its credit is never the headline', () => {
    expect(
      title(
        'North quay 2025 / the board votes to rebuild',
        'The north quay at low tide, seen from the ferry pier on the board’s last visit.Tom Reid / Reuters file',
        'The quay’s old wall after the January storm. (credit: Harbour Board/Tom Reid)',
        'By Mairi Campbell',
      ),
    ).toBe('North quay 2025 / the board votes to rebuild');
  });

  it('is the line that shares the story’s words, not another story’s headline nearer it', () => {
    expect(
      title(
        'Board votes to rebuild the north quay',
        'Most popular',
        'Lighthouse keeper retires after forty years on the point',
        'Ferry fares to rise again in the spring',
      ),
    ).toBe('Board votes to rebuild the north quay');
  });

  it('is never a breadcrumb, a reading time or the reader’s account', () => {
    expect(
      title(
        'Board votes to rebuild the north quay',
        'Home » News » Harbour',
        'Tempo de leitura: 2 minutos',
        'You are signed in as Mairi',
      ),
    ).toBe('Board votes to rebuild the north quay');
  });
});

describe('the headline of an HTML page', () => {
  it('decodes the character references a publisher wrote into its JSON-LD', () => {
    const ld = { '@type': 'NewsArticle', headline: '&#8216;The Quay&#8217; &amp; the fleet' };
    const page = extractHtml(
      `<html><head><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><article><p>${STORY.join('</p><p>')}</p></article></body></html>`,
    );
    expect(page.title).toBe('‘The Quay’ & the fleet');
  });
});
