/**
 * The furniture Readability keeps inside the article it finds, taken out by
 * what the best extractors look at rather than by known phrases alone: link
 * density (related-story teasers and tag lists are mostly links), captions
 * and photo credits, the dateline and byline lines above the text, and the
 * end of the story (a "Related" or "Tags" heading in its second half, when
 * no paragraph of prose follows it).
 */
import { parseHTML } from 'linkedom';
import { normaliseSpace } from '../text.js';
import {
  ABOUT_HEADING,
  ABOUT_SAID,
  EXCERPT_END,
  RELATED_ELSEWHERE,
  STORY_SAID,
  siteSpeaks,
} from './copied-lines.js';
import type { Dropped } from './types.js';

const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, figcaption, blockquote, dd, dt, td, pre';

/** A caption's credit or a dateline: short, and saying whose photo or when, not what happened. */
const CREDIT =
  /(?:^|\s)(?:©|\(c\)|credit:|photo(?:graph)?s?(?: by)?:|image(?: source)?:|getty images|ap photo|reuters|afp|shutterstock|istock)(?:\s|$)|\|\s*getty|\bcredit\b.*$/i;
const DATELINE =
  /^(?:(?:updated|posted|published|last updated|modified)\b[^.!?]{0,80}$|by\s+[\p{Lu}][^.!?]{0,80}$|\d{1,2}[ /.-](?:\d{1,2}|[a-z]{3,9})[ /.-]\d{2,4}[,\s]+\d{1,2}[:.]\d{2}[^.!?]{0,20}$|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s[^.!?]{0,40}\d{4}[^.!?]{0,20}$)/iu;
/** The site's own lines wherever they stand: newsletter sign-ups, copyright notices, update stamps. */
const SITE_LINE =
  /^(?:.{0,200}\bcontributed to this (?:report|story|article)\.?|media playback is unsupported on your device.*|media caption.{0,200}|.{0,80}\b(?:may not be reproduced, distributed|have not been evaluated by the food and drug administration)\b.*|(?:get|sign up for|subscribe to)\b.{0,80}\b(?:newsletters?|inbox)\b.{0,60}|(?:the contents of this site are |copyright )?©\s?\d{4}\b.{0,160}|.{0,120}\ball rights reserved\.?|(?:updated|last updated|posted)(?: at| on)? \d{1,2}[:.]\d{2}\s?(?:[ap]\.?m\.?)?(?: [a-z]{2,4})?\.?)$/i;
/** Lines that are the site's, however short: labels, buttons, shortcodes, stamps, credits at a caption's end. */
const SITE_LABEL =
  /^(?:advert(?:isement)?s?|sponsored(?: content)?|sign in|log in|breaking news(?: emails?)?|continue reading below|post comment(?: \(\+\))?|by|this slideshow requires javascript\.?|this post may contain affiliate.{0,120}|(?=.{0,80}$)(?:first published|published|updated|posted|last updated)\s*:?\s*[^.!?]{0,60}\d{4}[^.!?]{0,30}|(?=.{0,60}$)[a-z]{3,9}\.? \d{1,2}, \d{4}, \d{1,2}:\d{2} ?[ap]m(?: [a-z]{2,4})?|\d{1,2}[./-]\d{1,2}[./-]\d{4}\s*[-–—|].{0,160}|get (?:the latest|breaking)\b.{0,120}\b(?:alerts|news|updates)\b.{0,100}|\|?\s*(?:published|updated|posted|last updated)\s*:?\s*\d{1,2}[:.]\d{2}\b.{0,40}|\[\w+[^\]]*\].*\[\/\w+\]|.{0,200}\bclick here for more information\.?|.{0,120}\b\d{3}[-. ]\d{3}[-. ]\d{4}\s*(?:tel|fax|phone)\b.{0,120}|[^\p{L}\p{N}]+)$|\((?:image|photo|picture)s?\s*:[^()]{1,60}\)$|\((?:ap|afp|reuters|getty images)(?: photos?)?[^()]{0,60}\)$/iu;
/** Where a story ends and the site goes on. */
const END_HEADINGS =
  /tags?|topics?|related(?: articles| stories| posts| content| coverage| news)?|you (?:may|might) also (?:like|be interested in)|more (?:from|on|stories|news|in)\b.{0,40}|read more|recommended(?: for you| stories)?|most (?:read|popular|viewed)|trending(?: now)?|share (?:this|on)\b.{0,30}|newsletter|comments?|leave a (?:comment|reply)|about the author|have a tip\?.*/;
const END_MARKER = new RegExp(`^(?:${END_HEADINGS.source}|${RELATED_ELSEWHERE.source})[\\s.:!…]*$`, 'i');

const textOf = (el: Element) => normaliseSpace(el.textContent ?? '');

function linkDensity(el: Element): number {
  const text = textOf(el).length;
  if (text === 0) return 0;
  const linked = Array.from(el.querySelectorAll('a')).reduce((n, a) => n + textOf(a).length, 0);
  return linked / text;
}

/** Blocks in document order, each only once (a paragraph inside a list item counts as the item). */
function blocksOf(root: Element): Element[] {
  return Array.from(root.querySelectorAll(BLOCKS)).filter(
    (el) => el.parentElement?.closest(BLOCKS) === null || el.parentElement?.closest(BLOCKS) === undefined,
  );
}

/**
 * Removes the furniture from an article's HTML (as Readability gives it).
 * The story's own paragraphs stay word for word.
 * @param headline the article's headline: a block that only repeats it goes (the title is not the body).
 */
export function trimFurniture(html: string, dropped: Dropped[] = [], headline?: string): string {
  const drop = (el: Element, why: string) => {
    dropped.push({ line: textOf(el).slice(0, 200), why });
    el.remove();
  };
  const { document } = parseHTML(`<!doctype html><html><body><div id="story">${html}</div></body></html>`);
  const root = document.getElementById('story') as unknown as Element;
  for (const caption of Array.from(root.querySelectorAll('figcaption'))) drop(caption, 'caption');
  let blocks = blocksOf(root);
  const total = blocks.reduce((n, el) => n + textOf(el).length, 0);

  // Lists and blocks made of links: teasers, tag clouds, "more on this story".
  for (const list of Array.from(root.querySelectorAll('ul, ol'))) {
    if (textOf(list).length > 0 && linkDensity(list) >= 0.6) drop(list, 'list of links');
  }
  blocks = blocksOf(root).filter((el) => {
    const text = textOf(el);
    if (text.length > 0 && linkDensity(el) >= 0.6 && text.length < 400) {
      drop(el, 'links');
      return false;
    }
    return true;
  });

  // The headline said again inside the body.
  const title = headline === undefined ? '' : normaliseSpace(headline).toLowerCase();
  if (title !== '')
    blocks = blocks.filter((el) => {
      if (textOf(el).toLowerCase() !== title || el.querySelector('img, picture, video') !== null) return true;
      drop(el, 'headline again');
      return false;
    });

  // Teasers: excerpts cut with an ellipsis, each right after the link (often a picture) to its story.
  // Two or more of them are a list of other stories, never the story's own text.
  const teasers = blocks.filter((el) => {
    const previous = el.previousElementSibling;
    return (
      EXCERPT_END.test(textOf(el)) &&
      previous !== null &&
      (['A', 'IMG', 'PICTURE', 'FIGURE'].includes(previous.tagName) ||
        previous.querySelector('a, img') !== null)
    );
  });
  if (teasers.length >= 2) {
    for (const el of teasers) drop(el, 'teaser');
    blocks = blocks.filter((el) => !teasers.includes(el));
  }

  // A short line said three times or more (a caption under every picture, a recurring label) is the
  // page's, not the story's.
  // Never the bulk of the text, though: a page that says one thing over and over says it.
  const seen = new Map<string, number>();
  for (const el of blocks) seen.set(textOf(el), (seen.get(textOf(el)) ?? 0) + 1);
  const isRepeat = (text: string) => text.length >= 60 && text.length < 400 && (seen.get(text) ?? 0) >= 3;
  const repeated = blocks.reduce((n, el) => n + (isRepeat(textOf(el)) ? textOf(el).length : 0), 0);
  blocks = blocks.filter((el) => {
    const text = textOf(el);
    if (repeated < total * 0.3 && isRepeat(text)) {
      drop(el, 'repeated line');
      return false;
    }
    return true;
  });

  blocks = blocks.filter((el) => {
    // A block with a picture in it is the story's, whatever its text says.
    if (el.querySelector('img, picture, video') !== null) return true;
    if (!SITE_LINE.test(textOf(el)) && !SITE_LABEL.test(textOf(el))) return true;
    drop(el, 'site line');
    return false;
  });

  // Credits anywhere; datelines and bylines only above the story's first paragraph of substance.
  let seenProse = false;
  blocks = blocks.filter((el) => {
    const text = textOf(el);
    const short = text.length < 140;
    if (short && (CREDIT.test(text) || (!seenProse && DATELINE.test(text)))) {
      drop(el, CREDIT.test(text) ? 'credit' : 'dateline');
      return false;
    }
    if (text.length >= 140) seenProse = true;
    return true;
  });

  // The end of the story: a marker in its last part, or the site speaking once most of the story is said
  // (as in copied text: see siteSpeaks), and everything after it.
  let before = 0;
  const isProse = (el: Element) => textOf(el).length >= 150 && linkDensity(el) < 0.3;
  let lastProse = -1;
  for (const [i, el] of blocks.entries()) if (isProse(el)) lastProse = i;
  for (const [i, el] of blocks.entries()) {
    const text = textOf(el);
    const proseFollows = lastProse > i;
    const speaks =
      ((before >= total * STORY_SAID && siteSpeaks(text)) ||
        (before >= total * ABOUT_SAID && ABOUT_HEADING.test(text))) &&
      el.querySelector('img, picture, video') === null;
    if (speaks || (before > total * 0.5 && text.length < 80 && END_MARKER.test(text) && !proseFollows)) {
      for (const after of blocks.slice(i)) drop(after, 'after the end');
      break;
    }
    before += text.length;
  }
  return root.innerHTML;
}
