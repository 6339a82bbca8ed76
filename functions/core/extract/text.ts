/**
 * A copied page (text/plain) to article fields: the site's furniture
 * (weather widgets, share bars, comment forms, sidebars, adverts, "Also read"
 * lines, promotional sign-offs) dropped wherever it stands; the headline, a
 * date line, a byline, a source line and a tag line read; short title-like
 * lines between paragraphs made h2; paragraphs kept word for word.
 */

import { SUMMARY_MAX } from '../content.js';
import { truncateAtWord } from '../text.js';
import { headlineOf } from './copied-headline.js';
import { storyHtml } from './copied-html.js';
import {
  BIO,
  bylineNames,
  COMMENT_HEAD,
  COMMENTS_HEADING,
  EXCERPT_END,
  endsSentence,
  FURNITURE,
  isMenuItem,
  isName,
  isParagraph,
  isPlace,
  isShareNetworks,
  isTitleLike,
  type Line,
  namedBylineNames,
  RELEASE_END,
  SIDEBAR,
  SOURCE,
  TAGS,
  TEMPERATURE,
} from './copied-lines.js';
import { countBelow, mainRun, storyEnd } from './copied-run.js';
import { datelineDate, parseDateLine } from './dates.js';
import { repeatsOf } from './repeats.js';
import { stopWordDensity, stopWordsFor } from './stopwords.js';
import type { ExtractedPage } from './types.js';

/** A line that starts with a numeric date, then a separator and more (a byline, a section). */
const LEADING_DATE = /^(\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{2}-\d{2})\s*(?:[-–—|·,]|\s)\s*\S/;

/** How many menu items in a row make a menu. */
const MENU_RUN = 5;

/** A line this long whose words are fewer than this share stop words is not prose. */
const NOT_PROSE_LENGTH = 60;
const NOT_PROSE_DENSITY = 0.15;

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
    // A browser copies a table's cells tab-separated: the row keeps them.
    const cells = rawLine.includes('\t')
      ? rawLine.split('\t').map((cell) => cell.replace(/\s+/g, ' ').trim())
      : [];
    while (cells[0] === '') cells.shift();
    while (cells.at(-1) === '') cells.pop();
    lines.push(cells.length >= 2 ? { text, block, cells } : { text, block });
  }

  const found: ExtractedPage = { authors: [], categories: [], dropped: [] };
  const kept: Line[] = [];
  /** Where the story's byline or date line stood (as a place among the kept lines): its text follows them. */
  const anchors: number[] = [];
  /** Where a sidebar's heading stood (a place among the kept lines): it parts the story's run. */
  const breaks: number[] = [];
  let inSidebar = false;
  /** Whether a paragraph has been kept: a byline without "By" names the story's authors only above it. */
  let storyBegun = false;
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
    // A dateline that goes on with its byline or section ("05/10/2018 - Published by: ..."): the story follows.
    const lead = LEADING_DATE.exec(text);
    if (lead?.[1] !== undefined && text.length <= 200 && !endsSentence(text)) {
      // A date written day and month in numbers alone may be read either way: it dates nothing then.
      const leading = parseDateLine(lead[1]);
      if (leading !== null) found.publishedAt ??= leading;
      anchors.push(kept.length);
      drop('dateline');
      continue;
    }
    const source = SOURCE.exec(text);
    if (source?.[1] !== undefined && source[1].length <= 100) {
      found.source ??= { name: source[1].trim() };
      drop('source line');
      continue;
    }
    const names = bylineNames(text) ?? (storyBegun ? null : namedBylineNames(text));
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
      breaks.push(kept.length);
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
    storyBegun ||= isParagraph(text);
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

  /** The byline, date and sidebar places move up past the lines taken out above them (positions, ascending). */
  const movePlaces = (removed: readonly number[]) => {
    for (const places of [anchors, breaks])
      places.forEach((a, k) => {
        places[k] = a - countBelow(removed, a);
      });
  };
  /** Takes out the lines `drop` names, in one pass. */
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
    movePlaces(removed);
  };
  // Teasers: excerpts of other stories cut with an ellipsis. Two or more of them are a list of stories.
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

  // An author's bio after the story: their name alone on a line, then a line about them that starts with it.
  const bios = new Set<Line>();
  kept.forEach((line, i) => {
    const name = kept[i - 1];
    if (name === undefined || !BIO.test(line.text) || !isName(name.text)) return;
    if (name.text.split(' ').some((part) => line.text.startsWith(part))) bios.add(name).add(line);
  });
  removeLines((line) => bios.has(line), 'author bio');

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
  const run = mainRun(kept, anchors, breaks);
  if (run !== undefined) {
    for (const line of kept.splice(run.end + 1))
      found.dropped.push({ line: line.text, why: 'after the article' });
    // The story ends where the site begins to speak.
    const end = storyEnd(kept.slice(run.start)) + run.start;
    for (const line of kept.splice(end)) found.dropped.push({ line: line.text, why: 'after the story' });
    // A wire story dates itself in its first sentence ("OSLO, Norway, June 3, 2024 /Wire/ -- ...").
    const opening = kept.slice(run.start).find((line) => isParagraph(line.text));
    const dated = opening === undefined ? null : datelineDate(opening.text);
    if (dated !== null) found.publishedAt ??= dated;
  }
  const bodyStart = run?.start ?? kept.findIndex((line) => isParagraph(line.text));
  const header = kept.slice(0, bodyStart === -1 ? Math.min(kept.length, 1) : bodyStart);
  // The headline: the title-shaped line above the story that reads most like its headline; lines above it
  // are the site's header (name, menu) and go.
  const headline = headlineOf(
    header,
    anchors,
    kept.slice(Math.max(0, bodyStart)).flatMap((line) => (isParagraph(line.text) ? [line.text] : [])),
  );
  if (headline !== -1) {
    found.title = (header[headline] as Line).text;
    for (const line of kept.splice(0, headline + 1).slice(0, -1))
      found.dropped.push({ line: line.text, why: 'page header' });
    movePlaces(Array.from({ length: headline + 1 }, (_, i) => i));
  }
  // Between the headline and the story's first paragraph: above the byline or date line, the standfirst
  // (the summary) and a picture's caption and credit; below it, lists of other stories' headlines and labels.
  // None of it is the story's text; a line with figures (a score, a price, a table's row) may be, and stays.
  const gapEnd = bodyStart === -1 ? 0 : bodyStart - (headline + 1);
  const anchorInGap = Math.max(0, ...anchors.filter((a) => a <= gapEnd));
  let standfirst: string | undefined;
  const beforeStory = new Set(
    kept.slice(0, gapEnd).filter((line, i) => {
      if (i < anchorInGap) {
        if (standfirst === undefined && isParagraph(line.text)) standfirst = line.text;
        return true;
      }
      return !isParagraph(line.text) && isTitleLike(line.text, 30) && !/\d/.test(line.text);
    }),
  );
  removeLines((line) => beforeStory.has(line), 'before the story');

  // A line said twice (a caption again in the gallery, a pull quote from the story): the repeat goes, and a
  // short pull quote never becomes a heading.
  const repeats = new Set([...repeatsOf(kept.map((line) => line.text))].map((i) => kept[i]));
  removeLines((line) => repeats.has(line), 'said again');

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

  const { html, lead } = storyHtml(kept);
  if (html.length > 0) found.contentHtml = html.join('\n');
  const summary = standfirst ?? lead;
  if (summary !== undefined) found.summary = truncateAtWord(summary, SUMMARY_MAX);
  return found;
}
