/**
 * Copied pages in shapes of our own: a consent banner above the story, a menu
 * of short lines, related links and a footer after it. The article is the
 * densest run of paragraphs; what stands around it goes.
 */
import { describe, expect, it } from 'vitest';
import { extractText } from '../../functions/core/extract/text.js';

const STORY = [
  'Harbour Office Redesigns Its Tide Tables',
  'By Ana Lima',
  'The harbour office has redesigned its tide tables after a year of letters from readers who found the old ones hard to read on a phone.',
  'The new tables use larger print, mark spring tides in bold and show the times of both high waters on one line, the office said on Monday.',
  'Fishermen who had asked for the change said the new layout saved them a trip to the office every week.',
];

describe('copied text around the article', () => {
  it('drops a consent banner written in sentences above the story, and finds the headline near the body', () => {
    const page = [
      'This website uses cookies to improve your experience while you navigate through the website, and you can accept or change your settings at any time.',
      'Necessary cookies are absolutely essential for the website to function properly and cannot be switched off.',
      '',
      ...STORY.flatMap((l) => [l, '']),
    ].join('\n');
    const result = extractText(page);
    expect(result.title).toBe('Harbour Office Redesigns Its Tide Tables');
    expect(result.contentHtml).not.toContain('cookies');
    expect(result.contentHtml).toContain('larger print');
  });

  it('drops a menu of short lines and everything after the article: related links, footer', () => {
    const menu = ['News', 'Sport', 'Weather', 'Harbour', 'Tides', 'Ferries', 'Contact'];
    const after = [
      'Related Stories',
      'Ferry timetable changes for the winter season',
      'New lighthouse keeper appointed',
      'Dredging work to start in the spring',
      'About us / Advertise / Contact',
      'Editorial Standards / Privacy Policy / Terms of Use',
      '© 2026 The Harbour Times, All Rights Reserved.',
      'Facebook',
      'Twitter',
    ];
    const result = extractText([...menu, '', ...STORY.flatMap((l) => [l, '']), ...after].join('\n'));
    expect(result.title).toBe('Harbour Office Redesigns Its Tide Tables');
    for (const gone of ['Weather', 'Ferries', 'lighthouse keeper', 'Privacy Policy', 'All Rights Reserved'])
      expect(result.contentHtml).not.toContain(gone);
    expect(result.contentHtml).toContain('saved them a trip');
  });
});
