/**
 * Where the story stands among a copied page's lines: the run of paragraphs
 * that is the article (as opposed to a cookie notice, teasers or a footer
 * written in sentences), and where in it the site begins to speak.
 */
import {
  ABOUT_HEADING,
  ABOUT_SAID,
  continuesProse,
  LIST_ITEM,
  type Line,
  STORY_SAID,
  siteSpeaks,
  textLines,
} from './copied-lines.js';

/** How many parting lines may stand between two paragraphs of one article. */
const RUN_GAP = 5;

/** How many parting lines a sidebar's heading ("Related", "Most read") counts for. */
const SIDEBAR_WEIGHT = 4;

/** How far after a byline or date line the story's first paragraph may stand, and how much a run there weighs. */
const ANCHOR_REACH = 4;
const ANCHOR_WEIGHT = 4;

/** How many of the ascending `values` are below `x` (by halving). */
export function countBelow(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The run of the story's text (paragraphs, a table's rows) with the most of it, where text at most RUN_GAP
 * parting lines apart belongs to one run unless a byline or a date line (`anchors`) stands between, a
 * sidebar's heading (`breaks`) counting as several parting lines: the article, as opposed to a cookie
 * notice, a teaser or a footer that happen to be written in sentences.
 */
export function mainRun(
  lines: readonly Line[],
  anchors: readonly number[] = [],
  breaks: readonly number[] = [],
): { start: number; end: number } | undefined {
  const runs: Array<{ start: number; end: number; chars: number }> = [];
  let current: { start: number; end: number; chars: number } | undefined;
  // Lines that part two paragraphs: a list's items, short sentences and embedded posts do not (they are the story's).
  const parting: number[] = [0];
  const storyText = textLines(lines);
  const isText = (i: number) => storyText[i] as boolean;
  lines.forEach((line, i) => {
    const joins = isText(i) || LIST_ITEM.test(line.text) || continuesProse(line.text);
    parting[i + 1] = (parting[i] ?? 0) + (joins ? 0 : 1);
  });
  // Whether one of the places stands between two others: the places in order, looked up by halving.
  const standsBetween = (places: readonly number[]) => {
    const sorted = [...places].sort((a, b) => a - b);
    return (after: number, upTo: number) => {
      const next = countBelow(sorted, after + 1);
      return next < sorted.length && (sorted[next] as number) <= upTo;
    };
  };
  const anchoredBetween = standsBetween(anchors);
  const brokenBetween = standsBetween(breaks);
  lines.forEach((line, index) => {
    if (!isText(index)) return;
    // A byline or a date line between two paragraphs starts a new run: a story begins there. A sidebar's
    // heading (one or more) parts them as SIDEBAR_WEIGHT lines do (its list of links is gone by now).
    const gap =
      current === undefined
        ? Number.POSITIVE_INFINITY
        : (parting[index] ?? 0) -
          (parting[current.end + 1] ?? 0) +
          (brokenBetween(current.end, index) ? SIDEBAR_WEIGHT : 0);
    if (current !== undefined && gap <= RUN_GAP && !anchoredBetween(current.end, index)) {
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
    (r) => anchoredBetween(r.start - ANCHOR_REACH - 1, r.start) && r.chars * ANCHOR_WEIGHT >= most,
  );
  const best = anchored ?? runs.find((r) => r.chars === most);
  return best === undefined ? undefined : { start: best.start, end: best.end };
}

/**
 * Where the story, the lines of its run, ends: at the first line where the site speaks once most of the
 * story's text is said (see siteSpeaks), less the lines between its last text and there (tags, share
 * bars, the author's name); the lines' count when the site does not speak.
 */
export function storyEnd(lines: readonly Line[]): number {
  const storyText = textLines(lines);
  const isText = (i: number) => storyText[i] as boolean;
  const total = lines.reduce((n, line, i) => n + (isText(i) ? line.text.length : 0), 0);
  const lastTextBefore = (i: number) => {
    let end = i;
    while (end > 0 && !isText(end - 1)) end--;
    return end;
  };
  let said = 0;
  for (const [i, { text }] of lines.entries()) {
    if (said >= total * ABOUT_SAID && ABOUT_HEADING.test(text)) return lastTextBefore(i);
    if (!isText(i)) continue;
    if (said >= total * STORY_SAID && siteSpeaks(text)) return lastTextBefore(i);
    said += text.length;
  }
  return lines.length;
}
