/**
 * A copied page (text/plain) to article fields: the site's furniture
 * (weather widgets, share bars, comment forms, sidebars, adverts, "Also read"
 * lines, promotional sign-offs) dropped wherever it stands; the headline, a
 * date line, a byline, a source line and a tag line read; short title-like
 * lines between paragraphs made h2; paragraphs kept word for word.
 */

import { SUMMARY_MAX } from '../content.js';
import { escapeXml, truncateAtWord } from '../text.js';
import { parseDateLine } from './dates.js';
import { stopWordDensity, stopWordsFor } from './stopwords.js';
import type { ExtractedPage } from './types.js';

const NETWORKS = new Set(
  'facebook twitter x whatsapp linkedin email e-mail mail print telegram pinterest reddit messenger copylink tumblr threads bluesky mastodon sms viber vk line'.split(
    ' ',
  ),
);

/**
 * A share bar's row of network names ("Facebook Twitter | WhatsApp"). Checked
 * token by token: a regex with optional separators between repeated names
 * backtracks exponentially on a long row that almost matches.
 */
function isShareNetworks(line: string): boolean {
  const tokens = line
    .toLowerCase()
    .replace(/copy link/g, 'copylink')
    .split(/[\s|·•,/]+/)
    .filter((t) => t.length > 0);
  return tokens.length > 0 && tokens.length <= 16 && tokens.every((t) => NETWORKS.has(t));
}

/** Each rule names one kind of furniture; a line matching any of them is dropped. */
const FURNITURE: Array<[string, RegExp]> = [
  // A consent banner, in whatever words: cookies named beside the site, consent or settings.
  [
    'cookie notice',
    /\bcookies?\b.*\b(?:website|site|browser|consent|accept|settings|necessary|privacy|experience)\b|\b(?:website|site|accept|consent|settings|necessary|privacy)\b.*\bcookies?\b/i,
  ],
  [
    'share bar',
    /^(?:share(?: this| the| on)?(?: article| story| post| page)?\s*:?|(?:share on |tweet|pin it)\s*.*)$/i,
  ],
  [
    'comment form',
    /^(?:please enter your (?:comment|name|e-?mail(?: address)?)(?: here)?\s*!?|you have entered an incorrect e-?mail address\s*!?|leave a (?:reply|comment)|cancel reply|post comment|submit comment|add a comment|\d+\s+comments?|no comments(?: yet)?|save my name,? e-?mail,? and website in this browser for the next time i comment\.?|(?:name|e-?mail|website|comment)\s*:?\s*\*?)$/i,
  ],
  [
    'advert',
    /^(?:-+\s*)?(?:advertisement|advertisements|advert|ads?|sponsored(?: content)?|promoted|scroll to continue(?: with content)?)(?:\s*-+)?\s*(?:spot_img)?$/i,
  ],
  ['advert marker', /^(?:spot_img|td_block|\[ad\]|ad slot)$/i],
  [
    'also read',
    /^(?:also read|read also|read more|see also|must read|also see|related|recommended)\s*[:\-–—|]\s*\S/i,
  ],
  ['promotional sign-off', /\bstay tuned (?:to|for|with)\b/i],
  [
    'promotion',
    /^(?:for (?:more|all the latest|the latest) (?:updates|news|stories)\b.*|follow us on\b.*|subscribe to (?:our|the)\b.*|sign up for our\b.*|join our\b.*(?:channel|group|newsletter).*|download (?:our|the) app\b.*|click here to\b.*|like us on facebook\b.*)$/i,
  ],
  ['copyright', /^(?:©|\(c\)\s|copyright\b|all rights reserved\b)/i],
  // A picture's furniture: its place in a gallery, its caption and credit labels, and the gallery's buttons.
  ['gallery', /^(?:image|photo|picture|slide)\s+\d+\s+of\s+\d+\b/i],
  ['caption', /^(?:image(?: (?:source|caption)s?)?|photograph(?:s| by)?|photos? by|picture)\s*[,:]\s*\S/i],
  // A photo credit alone in brackets: "(Reed Saxon / Associated Press)".
  ['credit', /^\([^()]{2,80}(?:\/|photo|press|images|getty|reuters|afp|ap\b)[^()]{0,80}\)$/i],
  // A caption that ends in its credit: "... (Photo: Getty Images)", "... (AP)".
  [
    'caption',
    /\((?:photo|image|picture)s?\s*:[^()]{1,60}\)$|\((?:ap|afp|reuters|getty images|ap photo[^()]{0,40})\)$/i,
  ],
  ['media player', /^(?:media playback is unsupported on your device|media caption)\b/i],
  ['contributors', /\bcontributed to this (?:report|story|article)\.?$/i],
  [
    'legal notice',
    /\b(?:may not be reproduced, distributed|have not been evaluated by the food and drug administration|results vary depending on)\b/i,
  ],
  [
    'promotion',
    /^get (?:the latest|breaking|our|the best)\b.{0,120}\b(?:updates|news|newsletters?|inbox|alerts)\b.{0,60}$/i,
  ],
  ['share count', /^this (?:story|article|post|page) has been shared [\d,.]+ times\b.{0,20}$/i],
  // Update and publication stamps the date reader could not read whole ("Updated on: November 19, 2019 / 10:07 AM / CBS News").
  [
    'date stamp',
    /^(?=.{0,110}$)(?:updated|first published|published|posted|last updated|last modified|modified)(?: on| at)?\s*:?\s*[^!?]{0,60}\d[^!?]{0,60}[^.!?]$/i,
  ],
  [
    'reading time',
    /^(?:\d+\s*(?:min(?:ute)?s?)(?:\s+read|\s+reading time)?|reading time\s*:?\s*\d+.{0,12})$/i,
  ],
];

/** A list item as copied: a bullet (•, ◦, ▪, ·, -, *, –) or a number (1. 1)) and its text. */
const LIST_ITEM = /^([•◦▪·*\-–]|\d{1,3}[.)])\s+(\S.*)$/u;

/** A line this long whose words are fewer than this share stop words is not prose. */
const NOT_PROSE_LENGTH = 60;
const NOT_PROSE_DENSITY = 0.15;

/** How a teaser's cut excerpt ends: an ellipsis, bare or bracketed. */
const EXCERPT_END = /(?:…|\.\.\.|\[(?:…|\.\.\.)\])$/;

/** Where a press release ends and the wire's or the company's boilerplate begins. */
const RELEASE_END =
  /^(?:#{3}|-\s*ends\s*-|media contacts?\s*:?|press contacts?\s*:?|investor contacts?\s*:?|view original content\b.*)$|^SOURCE\s+\S/i;

/** A sidebar or footer heading: it and the short lines listed under it are dropped. */
const SIDEBAR =
  /^(?:related(?: articles| posts| stories| news| content)?|latest(?: articles| news| posts| stories| updates)?|more (?:stories|news|articles|from\b.*)|most (?:popular|read|viewed|shared)|popular(?: posts| articles| stories| now)?|recent (?:comments|posts|articles|stories)|stay connected|trending(?: now| news| stories)?|you (?:may|might) also like|recommended(?: for you| stories)?|read next|editor'?s picks|top stories|in other news|newsletter)\s*(?::|\.{3}|…)?$/i;

const TEMPERATURE = /^-?\d{1,3}(?:[.,]\d+)?\s*°?\s*[CF]$/i;
const SOURCE = /^(?:source|sources|via|courtesy)\s*:\s*(.+?)\.?$/i;
const BYLINE = /^(?:by|written by|words by|reported by|story by)\s+(.+)$/i;
const TAGS = /^(?:tags|tagged|topics|categories|filed under|keywords)\s*:\s*(.+)$/i;

/** A plausible person's name: 1-5 words, each starting with a capital. */
function isName(value: string): boolean {
  const words = value.split(/\s+/);
  return (
    value.length <= 60 &&
    words.length >= 1 &&
    words.length <= 5 &&
    words.every((w) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w))
  );
}

function bylineNames(line: string): string[] | null {
  const match = BYLINE.exec(line);
  if (match?.[1] === undefined) return null;
  // "By Jane Doe | Sept 22" or "By Jane Doe - Staff Writer": the names come first.
  const names = (match[1].split(/\s+[|–—-]\s+/)[0] ?? '')
    .split(/\s*(?:,|&|\band\b)\s*/)
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  return names.length > 0 && names.every(isName) ? names : null;
}

function wordCount(line: string): number {
  return line.split(/\s+/).filter((w) => w.length > 0).length;
}

/** Ends like a sentence (allowing a closing quote or bracket). */
function endsSentence(line: string): boolean {
  // Latin, CJK (。！？), Arabic (؟ ، ؛ ۔) and Devanagari (। ॥) sentence ends.
  return /[.!?…:;,。！？、；：؟،؛۔।॥]["'”’)\]」』）]*$/.test(line);
}

/** A paragraph of body text, as opposed to a title, heading or label. */
function isParagraph(line: string): boolean {
  // Scripts written without spaces (Chinese, Japanese) count by length, not words.
  return line.length > 160 || (endsSentence(line) && (wordCount(line) >= 5 || line.length >= 25));
}

/** Short, title-like, standing alone: a headline or a section heading. */
function isTitleLike(line: string, maxWords: number): boolean {
  return (
    line.length >= 2 &&
    line.length <= 200 &&
    wordCount(line) <= maxWords &&
    !/[.,;:。、，؛،]["'”’)]*$/.test(line) &&
    // A capital, a digit, or a letter of a script without case (Arabic, Hebrew, CJK, Devanagari...).
    /^["'“‘«(「『\p{Lu}\p{Lt}\p{Lo}\p{N}]/u.test(line)
  );
}

/** A line that names a place for the weather widget: a few words, no sentence punctuation. */
function isPlace(line: string): boolean {
  return (
    line.length <= 40 && wordCount(line) <= 4 && /^[\p{L}][\p{L} ,.'’-]*$/u.test(line) && !endsSentence(line)
  );
}

interface Line {
  text: string;
  /** Index of the blank-line-separated block the line came from. */
  block: number;
}

/** A line a menu is made of: a few words, no sentence. */
const isMenuItem = (line: string) => wordCount(line) <= 3 && !endsSentence(line);
/** How many menu items in a row make a menu. */
const MENU_RUN = 5;

/** How far above the byline or date line the headline may stand (a standfirst between). */
const BYLINE_REACH = 3;

/** How far above the first paragraph the headline may stand (a byline, a date, a standfirst between). */
const HEADLINE_REACH = 12;

/** A reader's comment's head: "handle says:", "Name on <date> at <time> said:". */
const COMMENT_HEAD = /^(?:\S{2,40}|[^.!?]{1,60}\s(?:on|at)\s[^!?]{4,60})\s(?:says|said|wrote|replied)\s?:$/i;
/** The comments section's own heading: a count of comments, "Top rated comments". */
const COMMENTS_HEADING =
  /^(?:\[\s*)?\d+\s+comments?(?:\s*\])?$|^(?:top rated |view all |show |\d+\s)comments?$/i;

/** How many non-paragraph lines may stand between two paragraphs of one article. */
const RUN_GAP = 8;

/** How far after a byline or date line the story's first paragraph may stand, and how much a run there weighs. */
const ANCHOR_REACH = 4;
const ANCHOR_WEIGHT = 4;

/**
 * The run of paragraphs with the most text, where paragraphs at most RUN_GAP
 * lines apart belong to one run: the article, as opposed to a cookie notice,
 * a teaser or a footer that happen to be written in sentences.
 */
function mainRun(
  lines: readonly Line[],
  anchors: readonly number[] = [],
): { start: number; end: number } | undefined {
  const runs: Array<{ start: number; end: number; chars: number }> = [];
  let current: { start: number; end: number; chars: number } | undefined;
  lines.forEach((line, index) => {
    if (!isParagraph(line.text)) return;
    // A byline or a date line between two paragraphs starts a new run: a story begins there.
    const anchoredHere = anchors.some((a) => current !== undefined && a > current.end && a <= index);
    if (current !== undefined && index - current.end - 1 <= RUN_GAP && !anchoredHere) {
      current.end = index;
      current.chars += line.text.length;
    } else {
      current = { start: index, end: index, chars: line.text.length };
      runs.push(current);
    }
  });
  const most = Math.max(0, ...runs.map((r) => r.chars));
  // A run that starts right after the story's byline or date line is the story, unless another run holds
  // far more text (a byline in a sidebar teaser).
  const anchored = runs.find(
    (r) =>
      anchors.some((a) => r.start >= a && r.start - a <= ANCHOR_REACH) && r.chars * ANCHOR_WEIGHT >= most,
  );
  const best = anchored ?? runs.find((r) => r.chars === most);
  return best === undefined ? undefined : { start: best.start, end: best.end };
}

/**
 * Extracts the fields of an article from a copied page.
 * @example extractText('Headline\n\nFirst paragraph of the story, long enough.').title === 'Headline'
 */
export function extractText(page: string): ExtractedPage {
  const raw = page.replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ');
  const lines: Line[] = [];
  let block = 0;
  for (const rawLine of raw.split('\n')) {
    const text = rawLine.replace(/\s+/g, ' ').trim();
    if (text === '') {
      block++;
      continue;
    }
    lines.push({ text, block });
  }

  const found: ExtractedPage = { authors: [], categories: [], dropped: [] };
  const kept: Line[] = [];
  /** Where the story's byline or date line stood (as a place among the kept lines): its text follows them. */
  const anchors: number[] = [];
  let inSidebar = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    const { text } = line;
    const drop = (why: string) => found.dropped.push({ line: text, why });

    if (TEMPERATURE.test(text)) {
      drop('weather widget');
      // The widget names its place on the next line.
      const next = lines[i + 1];
      if (next !== undefined && isPlace(next.text) && parseDateLine(next.text) === null) {
        found.dropped.push({ line: next.text, why: 'weather widget' });
        i++;
      }
      continue;
    }
    const date = parseDateLine(text);
    if (date !== null) {
      found.publishedAt ??= date;
      anchors.push(kept.length);
      drop('date line');
      continue;
    }
    const source = SOURCE.exec(text);
    if (source?.[1] !== undefined && source[1].length <= 100) {
      found.source ??= { name: source[1].trim() };
      drop('source line');
      continue;
    }
    const names = bylineNames(text);
    if (names !== null) {
      for (const name of names) if (!found.authors.some((a) => a.name === name)) found.authors.push({ name });
      anchors.push(kept.length);
      drop('byline');
      continue;
    }
    const tags = TAGS.exec(text);
    if (tags?.[1] !== undefined) {
      for (const tag of tags[1].split(/\s*[,;|#]\s*/)) {
        const name = tag.trim();
        if (name.length > 0 && name.length <= 100 && !found.categories.includes(name))
          found.categories.push(name);
      }
      drop('tag line');
      continue;
    }
    if (SIDEBAR.test(text)) {
      inSidebar = true;
      drop('sidebar heading');
      continue;
    }
    if (isShareNetworks(text)) {
      drop('share networks');
      continue;
    }
    const rule = FURNITURE.find(([, pattern]) => pattern.test(text));
    if (rule !== undefined) {
      drop(rule[0]);
      continue;
    }
    if (inSidebar) {
      // A sidebar lists short headlines; body text ends it.
      if (!isParagraph(text)) {
        drop('sidebar item');
        continue;
      }
      inSidebar = false;
    }
    kept.push(line);
  }

  // A press release ends at its end marker (once the story has run a few paragraphs): the wire's and the
  // company's boilerplate and contacts after it go.
  const paragraphsBefore: number[] = [];
  kept.forEach((line, i) => {
    paragraphsBefore[i + 1] = (paragraphsBefore[i] ?? 0) + (isParagraph(line.text) ? 1 : 0);
  });
  const releaseEnd = kept.findIndex(
    (line, i) =>
      (paragraphsBefore[i] ?? 0) >= 3 &&
      RELEASE_END.test(line.text) &&
      (line.text.startsWith('SOURCE') || !/^source\b/i.test(line.text)),
  );
  if (releaseEnd !== -1)
    for (const line of kept.splice(releaseEnd))
      found.dropped.push({ line: line.text, why: 'after the release' });

  // Teasers: excerpts of other stories cut with an ellipsis. Two or more of them are a list of stories.
  /** Takes out the lines `drop` names, in one pass; the byline and date places move up past each one. */
  const removeLines = (drop: (line: Line) => boolean, why: string) => {
    const removed: number[] = [];
    const left: Line[] = [];
    kept.forEach((line, i) => {
      if (!drop(line)) left.push(line);
      else {
        removed.push(i);
        found.dropped.push({ line: line.text, why });
      }
    });
    if (removed.length === 0) return;
    kept.length = 0;
    for (const line of left) kept.push(line);
    const before = (a: number) => {
      let lo = 0;
      let hi = removed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((removed[mid] as number) < a) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    anchors.forEach((a, k) => {
      anchors[k] = a - before(a);
    });
  };
  const isTeaser = (line: Line) => isParagraph(line.text) && EXCERPT_END.test(line.text);
  if (kept.filter(isTeaser).length >= 2) removeLines(isTeaser, 'teaser');

  // A paragraph-sized line with few of its language's stop words is a list of names, labels or links glued
  // together, not prose (jusText's test): it neither makes nor joins the story's run. Headlines (short,
  // unpunctuated) are left to the headline's own rules.
  const stopWords = stopWordsFor(kept.filter((line) => isParagraph(line.text)).map((line) => line.text));
  if (stopWords !== null)
    removeLines(
      (line) =>
        isParagraph(line.text) &&
        line.text.length >= NOT_PROSE_LENGTH &&
        stopWordDensity(line.text, stopWords) < NOT_PROSE_DENSITY,
      'not prose',
    );

  // Readers' comments come after the story: from the first sign of them once the story has begun (their
  // heading, or the second comment's head: one "Smith said:" may be the story's own), the rest goes.
  const firstParagraph = kept.findIndex((line) => isParagraph(line.text));
  const begun = (i: number) => firstParagraph !== -1 && firstParagraph < i;
  const heads = kept.flatMap((line, i) => (COMMENT_HEAD.test(line.text) && begun(i) ? [i] : []));
  const heading = kept.findIndex((line, i) => COMMENTS_HEADING.test(line.text) && begun(i));
  const starts = [heading, heads.length >= 2 ? (heads[0] as number) : -1].filter((i) => i >= 0);
  const comments = Math.min(...starts);
  if (starts.length > 0)
    for (const line of kept.splice(comments)) found.dropped.push({ line: line.text, why: 'comments' });

  // The article is the densest run of paragraphs (short lines between them are its subheadings,
  // lists and captions); what stands after it is the site's furniture (related links, footers).
  const run = mainRun(kept, anchors);
  if (run !== undefined) {
    for (const line of kept.splice(run.end + 1))
      found.dropped.push({ line: line.text, why: 'after the article' });
  }
  // The headline: of the title-like lines before the body starts, the one with the most words;
  // lines above it are the site's header (name, menu) and go.
  const bodyStart = run?.start ?? kept.findIndex((line) => isParagraph(line.text));
  const header = kept.slice(0, bodyStart === -1 ? Math.min(kept.length, 1) : bodyStart);
  let headline = -1;
  // Right above the story's byline or date line, when there is one: the headline stands there (a caption, a
  // menu or a kicker stands further up, a standfirst is a sentence).
  const anchor = Math.max(-1, ...anchors.filter((a) => a <= header.length));
  for (let index = anchor - 1; index >= Math.max(0, anchor - BYLINE_REACH) && headline === -1; index--)
    if (isTitleLike((header[index] as Line).text, 30)) headline = index;
  // Else near the body: a headline stands a few lines above its first paragraph, never among the menus above.
  const nearFrom = Math.max(0, header.length - HEADLINE_REACH);
  if (headline === -1)
    header.forEach((line, index) => {
      if (index < nearFrom || !isTitleLike(line.text, 30)) return;
      if (headline === -1 || wordCount(line.text) > wordCount((header[headline] as Line).text))
        headline = index;
    });
  if (headline !== -1) {
    found.title = (header[headline] as Line).text;
    for (const line of kept.splice(0, headline + 1).slice(0, -1))
      found.dropped.push({ line: line.text, why: 'page header' });
  }

  // Navigation runs: five or more very short lines in a row (menus, topic lists) are never the article's text.
  for (let i = 0; i < kept.length; ) {
    let j = i;
    while (j < kept.length && isMenuItem((kept[j] as Line).text)) j++;
    if (j - i >= MENU_RUN) {
      for (const line of kept.splice(i, j - i))
        found.dropped.push({ line: line.text, why: 'navigation run' });
    } else {
      i = j + 1;
    }
  }

  // Regroup what is left into blocks: a heading is a title-like block of one line followed by a paragraph.
  const blocks: string[][] = [];
  let current: string[] = [];
  let currentBlock = -1;
  for (const line of kept) {
    if (line.block !== currentBlock && current.length > 0) {
      blocks.push(current);
      current = [];
    }
    currentBlock = line.block;
    current.push(line.text);
  }
  if (current.length > 0) blocks.push(current);
  // Text copied without blank lines: every line stands alone.
  const units =
    blocks.length === 1 && (blocks[0]?.length ?? 0) > 1 ? (blocks[0] as string[]).map((l) => [l]) : blocks;

  const html: string[] = [];
  let lead: string | undefined;
  /** The list being gathered: bulleted (ul) or numbered (ol) lines in a row, each an item. */
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const closeList = () => {
    if (list === undefined) return;
    html.push(
      `<${list.tag}>${list.items.map((item) => `<li>${escapeXml(item)}</li>`).join('')}</${list.tag}>`,
    );
    list = undefined;
  };
  units.forEach((unit, index) => {
    const text = unit.join(' ');
    const item = LIST_ITEM.exec(text);
    const nextItem =
      units[index + 1] !== undefined && LIST_ITEM.test((units[index + 1] as string[]).join(' '));
    // Lists stay lists: two or more bulleted or numbered lines in a row.
    if (item?.[2] !== undefined && (list !== undefined || nextItem)) {
      const tag = /\d/.test(item[1] ?? '') ? 'ol' : 'ul';
      if (list !== undefined && list.tag !== tag) closeList();
      list ??= { tag, items: [] };
      list.items.push(item[2]);
      lead ??= item[2];
      return;
    }
    closeList();
    const next = units[index + 1];
    const nextIsBody = next !== undefined && isParagraph(next.join(' '));
    // Between paragraphs: after the lead, before body text.
    if (
      lead !== undefined &&
      unit.length === 1 &&
      text.length <= 100 &&
      isTitleLike(text, 14) &&
      nextIsBody
    ) {
      html.push(`<h2>${escapeXml(text)}</h2>`);
      return;
    }
    lead ??= text;
    html.push(`<p>${escapeXml(text)}</p>`);
  });
  closeList();
  if (html.length > 0) found.contentHtml = html.join('\n');
  if (lead !== undefined) found.summary = truncateAtWord(lead, SUMMARY_MAX);
  return found;
}
