/** Copied text: where the story ends (the site begins to speak) and what a page says twice. */
import { describe, expect, it } from 'vitest';
import { repeatsOf } from '../../functions/core/extract/repeats.js';
import { extractText } from '../../functions/core/extract/text.js';
import { structure } from '../helpers/structure.js';

const STORY = [
  'The harbour board voted on Tuesday to rebuild the north quay, a project argued over for most of a decade.',
  'Work starts in March, and the fleet will land its catch at the ferry pier while the quay is closed.',
  'The board said the new wall would stand a metre higher than the old one, to keep out the winter storms.',
  'Fishermen who had asked for the change said they would believe it when they saw the first stone laid.',
  'The cost, put at four million pounds, will be shared between the council and a government fund for ports.',
  'A public meeting in the church hall last month heard from people on both sides of the long argument.',
  'Some wanted the money spent on the ferry pier instead, which is older and in worse repair than the quay.',
  'The board’s chair said both would be done in time, but that the quay could not wait another winter.',
  'Contractors have been asked to bid by the end of January, and the board expects to choose one in February.',
  'Until then the quay stays open, though lorries heavier than ten tonnes are kept off its northern end.',
];

describe('copied text: where the story ends', () => {
  it.each([
    [
      'a newsletter pitch',
      'Get the day’s harbour news delivered to your inbox every morning by signing up here.',
    ],
    [
      'a call to support the site',
      'Support local journalism: become a member of the Gazette today, for less than a pound a week.',
    ],
    [
      'the author’s bio',
      'Mairi Campbell is a senior reporter for the Gazette, covering the harbour and the islands.',
    ],
    [
      'a company’s profile',
      'Harbourline is a leading provider of ferry booking software, with offices in six countries and 300 staff.',
    ],
    [
      'the community guidelines',
      'The Gazette values your replies, but asks that they follow our community guidelines in full.',
    ],
    [
      'a comment policy',
      'Please keep it civil: commenters who attack others will be banned from the discussion.',
    ],
  ])('ends the story at %s after it, and drops what follows', (_kind, line) => {
    const teaser =
      'Ferry fares will rise in the spring, the operator said, and islanders are unhappy about it.';
    const copied = ['Board backs the new quay', ...STORY, line, teaser].join('\n\n');
    expect(structure(extractText(copied).contentHtml ?? '').p).toEqual(STORY);
  });

  it('ends the story at an "About <name>" box, in the page’s language', () => {
    const bio = 'Rui has written about the harbour since 2010, and he lives on the island with his family.';
    for (const heading of ['About Rui Matos', 'Sobre Rui Matos'])
      expect(
        structure(
          extractText(['Board backs the new quay', ...STORY, heading, bio].join('\n\n')).contentHtml ?? '',
        ).p,
      ).toEqual(STORY);
  });

  it('keeps the story’s own words about subscribing, commenting or a reporter while most of it is still to come', () => {
    const own = [
      'Harbour users who subscribe to the board’s newsletter were told first, and many left comments online.',
      'Jo Reid is a reporter for the island radio station, and she was the first to ask the board about the cost.',
      ...STORY,
    ];
    expect(
      structure(extractText(['Board backs the new quay', ...own].join('\n\n')).contentHtml ?? '').p,
    ).toEqual(own);
  });

  it('keeps a closing paragraph that only starts like a call to action', () => {
    const closing = [
      ...STORY,
      'Support for the new quay has grown since the storm, the board’s chair said after the vote on Tuesday.',
      'Please note that the ferry timetable is unchanged until the work starts, the operator added later.',
      'Join the two ends of the wall, and the harbour will be sheltered from every wind but the east one.',
    ];
    expect(
      structure(extractText(['Board backs the new quay', ...closing].join('\n\n')).contentHtml ?? '').p,
    ).toEqual(closing);
  });
});

describe('copied text: a newsletter box in the middle of the story', () => {
  it('drops the box (its heading, pitch, field and button) and keeps the story on both sides of it', () => {
    const box = [
      'Newsletter',
      'Sign up for our morning briefing and get the harbour news in your inbox.',
      'Enter your email',
      'Subscribe',
    ];
    const copied = ['Board backs the new quay', ...STORY.slice(0, 2), ...box, ...STORY.slice(2)].join('\n\n');
    const found = extractText(copied);
    expect(structure(found.contentHtml ?? '').p).toEqual(STORY);
    expect(found.dropped.map((d) => d.line)).toEqual(expect.arrayContaining(box));
  });
});

describe('copied text: a sidebar’s list heading', () => {
  const teaser =
    'Ferry fares will rise in the spring, the operator said, and islanders are unhappy about it.';
  it.each(['Related Topics', 'More on this story', 'Related press releases', 'Most read'])(
    'drops "%s" and its short items, and with the site’s lines before it parts the story from what follows',
    (heading) => {
      // The site's lines before the heading part the story too; the heading's own items are gone by then.
      const site = ['Harbour Gazette', 'Front page'];
      const copied = ['Board backs the new quay', ...STORY, ...site, heading, 'Harbour', 'Ferries', teaser];
      expect(structure(extractText(copied.join('\n\n')).contentHtml ?? '').p).toEqual(STORY);
    },
  );

  it.each(['Leia também:', 'Você pode gostar...', 'Das könnte Sie auch interessieren', 'Vous aimerez aussi'])(
    'knows "%s" for a related list in the page’s language',
    (heading) => {
      const site = ['Harbour Gazette', 'Front page'];
      const copied = ['Board backs the new quay', ...STORY, ...site, heading, 'Harbour', 'Ferries', teaser];
      const found = extractText(copied.join('\n\n'));
      expect(found.dropped).toContainEqual({ line: heading, why: 'sidebar heading' });
      expect(structure(found.contentHtml ?? '').p).toEqual(STORY);
    },
  );

  it('keeps the story going past a related box inside it', () => {
    const [first, second, ...rest] = STORY as [string, string, ...string[]];
    const copied = [
      'Board backs the new quay',
      first,
      second,
      'Related Topics',
      'Harbour',
      'Ferries',
      ...rest,
    ];
    expect(structure(extractText(copied.join('\n\n')).contentHtml ?? '').p).toEqual(STORY);
  });
});

describe('copied text said twice', () => {
  it('drops a pull quote that repeats the story’s words, and never makes it a heading', () => {
    const copied = [
      'Board backs the new quay',
      STORY[0],
      STORY[1],
      '“a metre higher than the old one”',
      ...STORY.slice(2),
    ].join('\n\n');
    const found = structure(extractText(copied).contentHtml ?? '');
    expect(found.p).toEqual(STORY);
    expect(found.h2).toEqual([]);
  });

  it('keeps the first of a paragraph said twice (a caption under the picture and in the gallery)', () => {
    const caption =
      'The north quay at low tide on a grey morning last week, seen from the end of the ferry pier.';
    const copied = [
      'Board backs the new quay',
      STORY[0],
      caption,
      STORY[1],
      STORY[2],
      caption,
      STORY[3],
    ].join('\n\n');
    expect(structure(extractText(copied).contentHtml ?? '').p).toEqual([
      STORY[0],
      caption,
      STORY[1],
      STORY[2],
      STORY[3],
    ]);
  });

  it('finds repeats in linear passes: a short line held by a longer one, a line said again, never a line by itself', () => {
    const long = 'The board said the new wall would stand a metre higher than the old one.';
    expect(repeatsOf([long, 'a metre higher than the old one', long, 'Share', 'Share'])).toEqual(
      new Set([1, 2]),
    );
    expect(repeatsOf(['A line said once, and only once, on the page.'])).toEqual(new Set());
  });
});

describe('copied text: what goes on the story', () => {
  it('keeps the story whole across an embedded post: its text ending in its link, short sentences, its signature', () => {
    const post = [
      'The new quay, finally. Only took ten years https://t.co/AbCd123',
      'Ten.',
      'Years.',
      'pic.twitter.com/XyZ987',
      '— Harbour Watcher (@harbourwatch) March 3, 2025',
      'Worth the wait? https://example.com/quay',
    ];
    const copied = ['Board backs the new quay', ...STORY.slice(0, 6), ...post, ...STORY.slice(6)].join(
      '\n\n',
    );
    const found = structure(extractText(copied).contentHtml ?? '');
    expect(found.p).toEqual(expect.arrayContaining(STORY));
  });

  it('never takes a photographer’s credit for the headline', () => {
    const copied = [
      'Board backs the new quay',
      'Tom Reid | Getty Images',
      'By Mairi Campbell',
      ...STORY,
    ].join('\n\n');
    const found = extractText(copied);
    expect(found.title).toBe('Board backs the new quay');
    expect(found.contentHtml).not.toContain('Getty');
  });
});

describe('copied text: tables and notices in other languages', () => {
  it('keeps a table the story gives (rows of figures) over a longer run of teasers after it', () => {
    const rows = Array.from(
      { length: 16 },
      (_, i) => `${i + 1} Crew ${String.fromCharCode(65 + i)} ${120 - i * 3} pts ${12 - (i % 5)} wins`,
    );
    const teasers = [
      'Ferry fares will rise in the spring, the operator said, and islanders have asked for a meeting about it.',
      'The lighthouse on the point gets a new keeper next month, the first in twenty years to live on site.',
      'Dredging of the harbour mouth starts in April and will close the channel to yachts for two weeks.',
    ];
    const copied = [
      'Rowing league standings',
      'The table after the twelfth round of the harbour rowing league:',
      ...rows,
      'Harbour Gazette',
      'Front page',
      'Letters',
      'Obituaries',
      'Archive',
      'Crosswords',
      ...teasers,
    ].join('\n');
    const found = extractText(copied);
    expect(found.contentHtml).toContain('16 Crew P 75 pts 12 wins');
    expect(found.contentHtml).toContain('1 Crew A 120 pts 12 wins');
    expect(found.contentHtml).not.toContain('lighthouse');
  });

  it('keeps a table copied from a browser (its cells tab-separated) as a table', () => {
    const copied = [
      'Rowing league standings',
      'The table after the twelfth round of the harbour rowing league, with the points of every crew so far:',
      'Pos\tCrew\tPoints\tWins',
      '1\tNorth Quay\t120\t12',
      '2\tFerry Pier\t117\t11',
      '3\tLighthouse\t114\t10',
      'The last round is rowed on Saturday, when the North Quay crew needs only a second place to win the league.',
    ].join('\n');
    const html = extractText(copied).contentHtml ?? '';
    expect(html).toContain(
      '<table><tbody><tr><td>Pos</td><td>Crew</td><td>Points</td><td>Wins</td></tr><tr><td>1</td><td>North Quay</td><td>120</td><td>12</td></tr>',
    );
    expect(html).toContain('<p>The last round is rowed on Saturday');
  });

  it('drops a cookie notice in the page’s language', () => {
    for (const notice of [
      'Utilizziamo i cookie per essere sicuri che tu possa avere la migliore esperienza sul nostro sito.',
      'Wir verwenden Cookies, um Ihnen das beste Erlebnis auf unserer Webseite zu bieten.',
      'Usamos cookies para mejorar su experiencia en nuestro sitio web.',
    ]) {
      const found = extractText(
        ['Board backs the new quay', ...STORY.slice(0, 5), notice, ...STORY.slice(5)].join('\n\n'),
      );
      expect(found.dropped).toContainEqual({ line: notice, why: 'cookie notice' });
      expect(structure(found.contentHtml ?? '').p).toEqual(STORY);
    }
  });

  it('ends the story at a note about its comments’ moderator', () => {
    const copied = [
      'Board backs the new quay',
      ...STORY,
      'Each reply is read by a moderator before it appears below, so yours may take an hour or two.',
      'Ferry fares will rise in the spring, the operator said, and islanders are unhappy about it.',
    ].join('\n\n');
    expect(structure(extractText(copied).contentHtml ?? '').p).toEqual(STORY);
  });
});
