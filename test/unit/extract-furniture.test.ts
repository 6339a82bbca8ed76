import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../functions/core/content.js';
import { trimFurniture } from '../../functions/core/extract/furniture.js';
import { extractPage } from '../../functions/core/extract/index.js';

const PROSE = [
  'The harbour board voted on Tuesday to rebuild the north quay, a project that has been argued over for most of a decade and that the fishing fleet has asked for since the last storm.',
  'Work starts in March. The board expects the quay to be closed to boats for eleven weeks, during which the fleet will land its catch at the ferry pier on the other side of the bay.',
  'Residents who spoke at the meeting welcomed the decision, though several asked that the old granite blocks be kept and reused in the new wall rather than carted away.',
];

/** A story as Readability hands it over: the prose with the site's furniture in and around it. */
const STORY = `
<p>Updated Nov 19, 9:41 AM; Posted Nov 18, 8:19 PM</p>
<p>By Mairi Campbell</p>
<figure><img src="https://img.example/quay.jpg"><figcaption>The north quay at low tide. Photo: Tom Reid | Getty Images</figcaption></figure>
<p>${PROSE[0]}</p>
<p>© Harbour Photo Agency</p>
<p>${PROSE[1]}</p>
<ul><li><a href="/a">Ferry fares rise again</a></li><li><a href="/b">Lifeboat crew called out twice</a></li><li><a href="/c">Café on the pier reopens</a></li></ul>
<p>${PROSE[2]}</p>
<p><a href="/more">More from the harbour: the full council minutes and every vote since 2015</a></p>
<h3>Tags</h3>
<p><a href="/t/harbour">harbour</a>, <a href="/t/council">council</a></p>
<p>Have a tip? Write to the newsroom.</p>`;

describe('the furniture Readability keeps', () => {
  it('goes, while every paragraph of the story stays word for word', () => {
    const dropped: Array<{ line: string; why: string }> = [];
    const text = htmlToText(trimFurniture(STORY, dropped));
    expect(text).toBe(PROSE.join(' '));
    expect(dropped.map((d) => d.why).sort()).toEqual(
      [
        'after the end',
        'after the end',
        'caption',
        'credit',
        'dateline',
        'dateline',
        'links',
        'links',
        'list of links',
      ].sort(),
    );
  });

  it('drops excerpts of other stories cut with an ellipsis after their pictures, but not one such paragraph', () => {
    const teaser = (n: number) =>
      `<a href="/story-${n}"><img src="https://img.example/${n}.jpg" alt=""></a><p>Another story of the harbour, told at length elsewhere on the site, begins here and goes on for a while …</p>`;
    const dropped: Array<{ line: string; why: string }> = [];
    const withTeasers = `<p>${PROSE[0]}</p><p>${PROSE[1]}</p>${teaser(1)}${teaser(2)}`;
    expect(htmlToText(trimFurniture(withTeasers, dropped))).toBe([PROSE[0], PROSE[1]].join(' '));
    expect(dropped.map((d) => d.why)).toEqual(['teaser', 'teaser']);
    // One ellipsis after a picture is the story's own (a quotation trailing off), and stays.
    const one = `<p>${PROSE[0]}</p><img src="https://img.example/q.jpg" alt=""><p>And so the chair said, as the lights went out, that the work would wait for nobody …</p>`;
    expect(htmlToText(trimFurniture(one))).toContain('wait for nobody');
  });

  it('drops a long line said three times (a caption under every picture) but keeps short repeated ones', () => {
    const caption = '2024 Harbour Festival, the opening night on the north quay, as seen from the pier';
    const step = 'Stir for two minutes.';
    const html = [PROSE[0], caption, PROSE[1], caption, step, PROSE[2], caption, step, step]
      .map((t) => `<p>${t}</p>`)
      .join('');
    const text = htmlToText(trimFurniture(html));
    expect(text).not.toContain('Harbour Festival');
    expect(text.split(step).length - 1).toBe(3);
  });

  it('drops the site’s own lines wherever they stand: newsletter sign-ups, copyright, update stamps, the media player, contributors', () => {
    const html = [
      PROSE[0],
      'Updated at 1:23 p.m.',
      PROSE[1],
      'Get the latest updates right in your inbox. Subscribe to our newsletters.',
      PROSE[2],
      'The contents of this site are ©2024 Harbour Publishing Ltd., a subsidiary of Bay Media.',
      'Media playback is unsupported on your device',
      'Harbour Wire writers Ana Lima and Ben Ode contributed to this report.',
    ]
      .map((t) => `<p>${t}</p>`)
      .join('');
    expect(htmlToText(trimFurniture(html))).toBe(PROSE.join(' '));
  });

  it('says a page of furniture alone has no text (422), rather than giving an article with none', () => {
    const links = Array.from(
      { length: 12 },
      (_, i) =>
        `<li><a href="/s/${i}">Another story from the harbour, number ${i}, with a longer title than most</a></li>`,
    ).join('');
    const html = `<html><head><title>Harbour links</title></head><body><article><div><div><ul>${links}</ul></div></div></article></body></html>`;
    expect(() => extractPage(html, 'text/html')).toThrow(/no recognisable text/);
  });

  it('drops the site’s labels, shortcodes, stamps, address lines and the headline said again, never a picture', () => {
    const html = [
      '<p>Board backs the new quay</p>',
      `<p>${PROSE[0]}</p>`,
      '<p>Advertisement</p>',
      '<p>Sign In</p>',
      '<p>PUBLISHED: 10:48, Tue, Nov 19, 2019</p>',
      '<p>The quay at low tide (Image: HARBOUR PHOTOS )</p>',
      `<p>${PROSE[1]}</p>`,
      '<p>[button link="/subscribe" type="big"] Send us your story[/button]</p>',
      '<p>/*</p>',
      '<p><img src="https://img.example/quay.jpg" alt="The quay"></p>',
      `<p>${PROSE[2]}</p>`,
      '<p>Harbour Times 1 Quay Street | 555-123-4567 tel | 555-123-4568 fax</p>',
      '<p>Continue Reading Below</p>',
      '<p>Fishermen unload at the ferry pier. (AP Photo/Tom Reid, File)</p>',
      '<p>First Published: Tuesday, November 19, 2019 08:38 AM</p>',
      '<p>Nov. 20, 2019, 9:28 AM UTC</p>',
      '<p>05/10/2018 - Published by: Mairi Campbell - Section: Harbour</p>',
      '<p>This post may contain affiliate and/or referral links. Please see my disclosure page.</p>',
      '<p>Get breaking news alerts and special reports, delivered weekday mornings.</p>',
    ].join('');
    const trimmed = trimFurniture(html, [], 'Board backs the new quay');
    expect(htmlToText(trimmed)).toBe(PROSE.join(' '));
    expect(trimmed).toContain('<img src="https://img.example/quay.jpg"');
  });

  it('does not cut a story at a marker when prose follows it', () => {
    const html = `<p>${PROSE[0]}</p><p>${PROSE[1]}</p><h3>Related</h3><p>${PROSE[2]}</p><p>Share this story, please?</p><p>${PROSE[0]}</p>`;
    expect(htmlToText(trimFurniture(html))).toBe(
      [PROSE[0], PROSE[1], 'Related', PROSE[2], 'Share this story, please?', PROSE[0]].join(' '),
    );
  });

  it('ends the story where the site speaks once most of it is said, as in copied text', () => {
    const story = [...PROSE, ...PROSE.map((p) => p.replace('The', 'Again, the'))];
    const after = [
      'Jane Doe is a senior reporter for the Gazette, covering the harbour, the ferries and the islands.',
      'The lighthouse on the point gets a new keeper next month, the first in twenty years to live on site.',
    ];
    const html = [...story, ...after].map((p) => `<p>${p}</p>`).join('');
    expect(htmlToText(trimFurniture(html))).toBe(story.join(' '));
    const about = `${story.map((p) => `<p>${p}</p>`).join('')}<h3>About Jane Doe</h3><p>${after[1]}</p>`;
    expect(htmlToText(trimFurniture(about))).toBe(story.join(' '));
  });

  it('ends the story at a related list’s heading in the page’s language', () => {
    const html = `${PROSE.map((p) => `<p>${p}</p>`).join('')}<h3>Você pode gostar...</h3><p><a href="/x">Outra mensagem</a></p>`;
    expect(htmlToText(trimFurniture(html))).toBe(PROSE.join(' '));
  });

  it('keeps a byline or a date inside the story, and a paragraph that merely has a link', () => {
    const html = `<p>${PROSE[0]}</p><p>By the time the vote came, the hall was full.</p><p>Read the <a href="/report">board's report</a> before you decide; it is long, but it says plainly what the work will cost and who will pay for it.</p>`;
    expect(htmlToText(trimFurniture(html))).toBe(
      [
        PROSE[0],
        'By the time the vote came, the hall was full.',
        "Read the board's report before you decide; it is long, but it says plainly what the work will cost and who will pay for it.",
      ].join(' '),
    );
  });

  it('applies on the HTML path: a page with related links and tags yields the story alone', () => {
    const page = `<!doctype html><html><head><title>Quay to be rebuilt | Harbour Gazette</title><meta property="og:site_name" content="Harbour Gazette"></head><body><header>Harbour Gazette</header><article><h1>Quay to be rebuilt</h1>${STORY}</article></body></html>`;
    const extracted = extractPage(page, 'text/html');
    expect(extracted.title).toBe('Quay to be rebuilt');
    expect(htmlToText(extracted.contentHtml ?? '')).toBe(PROSE.join(' '));
  });
});
