/** Copied text by the story's own signals: its byline and date, comments after it, a release's end, lists, stamps and credits. */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../functions/core/extract/text.js';
import { structure } from '../helpers/structure.js';

/** The opening of the story most fixtures here tell. */
const VOTE =
  'The harbour board voted on Tuesday to rebuild the north quay, a project argued over for most of a decade.';
const CLOSED =
  'Work starts in March, and the fleet will land its catch at the ferry pier while the quay is closed.';

describe('extractText by the story’s own signals', () => {
  it('takes the story after its byline and date over a longer run of teasers above it', () => {
    const teaser = (n: number) =>
      `Ferry timetable changes for winter number ${n}. The operator says the last sailing will leave earlier from December, and islanders have asked for a meeting to discuss the change before it starts.`;
    const story = [VOTE, CLOSED];
    const copied = [
      'Harbour Gazette',
      'News',
      'Sport',
      '',
      teaser(1),
      '',
      teaser(2),
      '',
      teaser(3),
      '',
      'Board backs the new quay',
      'By Mairi Campbell',
      'March 3, 2025',
      '',
      story[0],
      '',
      story[1],
    ].join('\n');
    const found = extractText(copied);
    expect(found.title).toBe('Board backs the new quay');
    expect(structure(found.contentHtml ?? '').p).toEqual(story);
    expect(found.authors).toEqual([{ name: 'Mairi Campbell' }]);
  });

  it("drops readers' comments after the story, but not one line of the story that ends in said:", () => {
    const story = [
      VOTE,
      'Asked why it took so long, the chair of the board, who has sat on it since the last storm, said:',
      '“Nobody wanted to pay for it until the fleet had nowhere else to land its catch, and now they do.”',
    ];
    const comments = [
      'quayside_fan says:',
      'About time too, the old wall has been falling into the sea for years and everybody in town knows it.',
      'Morag on March 3, 2025 at 4:47 pm said:',
      'Will the ferry pier cope with the whole fleet for eleven weeks? I doubt it very much, to be honest.',
    ];
    const copied = ['Board backs the new quay', '', ...story, '', ...comments].join('\n\n');
    expect(structure(extractText(copied).contentHtml ?? '').p).toEqual(story);
    const counted = ['Board backs the new quay', '', ...story, '', '[ 12 comments ]', comments[1]].join(
      '\n\n',
    );
    expect(structure(extractText(counted).contentHtml ?? '').p).toEqual(story);
  });

  it('drops picture furniture and reading times, and ends a press release at its end marker', () => {
    const story = [
      'OSLO, Norway, June 3, 2024 /Harbour Wire/ -- The harbour board today announced the rebuilding of the north quay.',
      'Work starts in March, and the fleet will land its catch at the ferry pier while the quay is closed for eleven weeks.',
      'The board expects the new quay to serve the fleet for the next fifty years, and to cost less than the last repair.',
    ];
    const page = (end: string) =>
      [
        'Board backs the new quay',
        '4 min read',
        'Image 1 of 8 The north quay at low tide, seen from the ferry pier.',
        'Image source, Harbour Photo Agency',
        'Image caption, The north quay at low tide',
        'Photograph: Tom Reid',
        ...story,
        end,
        'About Harbour Board: the board has run the harbour since 1872 and employs around forty people in the town.',
        'Media contact: press@harbour.example',
      ].join('\n\n');
    for (const end of [
      '###',
      'Media contact:',
      'SOURCE Harbour Board',
      'View original content: https://wire.example/x',
    ]) {
      const found = extractText(page(end));
      expect(structure(found.contentHtml ?? '').p, end).toEqual(story);
    }
  });

  it('drops the share and save buttons between paragraphs, never making one a heading', () => {
    const story = [
      VOTE,
      CLOSED,
      'The board said the new wall would stand a metre higher than the old one, to keep out the winter storms.',
    ];
    const buttons = ['Share', 'Save', 'Save article', 'Bookmark', 'Listen to this article', 'Copy link'];
    const copied = [
      'Board backs the new quay',
      story[0],
      ...buttons.slice(0, 3),
      story[1],
      ...buttons.slice(3),
      story[2],
    ];
    const found = structure(extractText(copied.join('\n\n')).contentHtml ?? '');
    expect(found.p).toEqual(story);
    expect(found.h2).toEqual([]);
  });

  it('keeps lists as lists: bulleted lines become ul, numbered ones ol', () => {
    const copied = [
      'Board backs the new quay',
      VOTE,
      'What the work includes:',
      '• a new granite wall on the seaward side',
      '• two slipways for the lifeboat',
      'In order:',
      '1. the old wall comes down',
      '2) the new one goes up',
      CLOSED,
    ].join('\n\n');
    const html = extractText(copied).contentHtml ?? '';
    expect(html).toContain(
      '<ul><li>a new granite wall on the seaward side</li><li>two slipways for the lifeboat</li></ul>',
    );
    expect(html).toContain('<ol><li>the old wall comes down</li><li>the new one goes up</li></ol>');
    // A single line that starts with a dash is not a list.
    expect(
      extractText(
        [
          'Board backs the new quay',
          '- and so it goes on, said the chair of the board at the end of a long meeting.',
        ].join('\n\n'),
      ).contentHtml,
    ).not.toContain('<ul>');
  });

  it('takes the headline right above the byline, over a longer line further up and a standfirst', () => {
    const copied = [
      'Harbour Gazette',
      'The north quay at low tide on a grey morning last week, seen from the end of the ferry pier',
      'Board backs the new quay',
      'After a decade of argument, the harbour will get its wall.',
      'By Mairi Campbell',
      VOTE,
    ].join('\n\n');
    expect(extractText(copied).title).toBe('Board backs the new quay');
  });

  it('takes the standfirst above the byline as the summary, and drops what stands between it and the story', () => {
    const story = [VOTE, CLOSED];
    const copied = [
      'Board backs the new quay',
      'After a decade of argument, the harbour will get its wall.',
      'The north quay at low tide on a grey morning, seen from the end of the ferry pier.',
      '(Tom Reid / Harbour Photo Agency)',
      'By Mairi Campbell',
      'March 3, 2025',
      'More on the harbour',
      'Ferry timetable changes for the winter season',
      'New lighthouse keeper appointed for the point',
      'Dredging work to start in the spring',
      'Final score: Harbour 3, Ferries 1',
      ...story,
    ].join('\n\n');
    const found = extractText(copied);
    expect(found.title).toBe('Board backs the new quay');
    expect(found.summary).toBe('After a decade of argument, the harbour will get its wall.');
    // A line with figures may be the story's data (a score, a price, a table's row): it stays.
    expect(structure(found.contentHtml ?? '')).toMatchObject({
      p: ['Final score: Harbour 3, Ferries 1', ...story],
    });
    for (const gone of ['More on the harbour', 'lighthouse keeper', 'low tide', 'Photo Agency'])
      expect(found.contentHtml).not.toContain(gone);
  });

  it('drops update stamps, bracketed photo credits and share counts, but keeps a sentence about a publication', () => {
    const story = [VOTE, 'Published in 2019, the report is still read.', CLOSED];
    const copied = [
      'Board backs the new quay',
      'Updated on: November 19, 2019 / 10:07 AM / Harbour News',
      '(Tom Reid / Harbour Photo Agency)',
      story[0],
      story[1],
      'This story has been shared 44,976 times. 44,976',
      story[2],
      'You may also like...',
      'Ferry fares rise again',
    ].join('\n\n');
    const found = extractText(copied);
    expect(found.title).toBe('Board backs the new quay');
    expect(structure(found.contentHtml ?? '').p).toEqual(story);
  });

  it('drops excerpts of other stories cut with an ellipsis, and still finds the story after its byline', () => {
    const teaser = (n: number) =>
      `Another story of the harbour, number ${n}, told at length elsewhere on the site, begins here and goes on …`;
    const story = [VOTE, CLOSED];
    const copied = [
      teaser(1),
      teaser(2),
      'Board backs the new quay',
      'By Mairi Campbell',
      ...story,
      teaser(3),
    ].join('\n\n');
    const found = extractText(copied);
    expect(found.title).toBe('Board backs the new quay');
    expect(structure(found.contentHtml ?? '').p).toEqual(story);
  });

  it('drops captions that end in their credit, the media player, contributor lines, legal notices and alerts', () => {
    const story = [VOTE, CLOSED];
    const copied = [
      'Board backs the new quay',
      story[0],
      'The north quay at low tide last week, seen from the end of the ferry pier. (Photo: Harbour Images)',
      'Media playback is unsupported on your device',
      story[1],
      'Harbour Wire writers Ana Lima and Ben Ode contributed to this report.',
      'Get breaking harbour news and the latest updates on ferries and tides!',
      'The material on this site may not be reproduced, distributed or transmitted without permission.',
    ].join('\n\n');
    expect(structure(extractText(copied).contentHtml ?? '').p).toEqual(story);
  });
  it('takes a dateline that goes on with its byline as the story’s start, without reading an ambiguous date', () => {
    const archive = Array.from({ length: 12 }, (_, i) => `Outubro de ${2000 + i} (${i + 3})`);
    const story =
      'A equipe do Serviço de Atendimento Domiciliar registrou nesta manhã o arrombamento de dois dos cinco automóveis da unidade.';
    const copied = [
      ...archive,
      'Os carros da unidade foram arrombados e os vidros quebrados; a polícia investiga o caso, que ocorreu durante a madrugada, segundo a coordenação.',
      'Atendimento Domiciliar registra arrombamento em veículos',
      '05/10/2018 - Publicado por: Clarissa Borba - Categoria: Saúde',
      story,
    ].join('\n\n');
    const found = extractText(copied);
    expect(found.title).toBe('Atendimento Domiciliar registra arrombamento em veículos');
    expect(structure(found.contentHtml ?? '').p).toEqual([story]);
    expect(found.publishedAt).toBeUndefined();
  });
  it('drops the author’s bio after the story: their name, then a line about them', () => {
    const story = [VOTE, CLOSED];
    const copied = [
      'Board backs the new quay',
      'By Mairi Campbell',
      ...story,
      'Mairi Campbell',
      'Mairi joined the Gazette in 2017 and has covered the harbour and its fleet since then.',
    ].join('\n\n');
    expect(structure(extractText(copied).contentHtml ?? '').p).toEqual(story);
  });
});
