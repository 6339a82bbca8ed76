/**
 * The headline of a copied page: among the title-shaped lines above the
 * story, the one that reads most like its headline — its words are the
 * story's words, it stands near the byline or date line and the first
 * paragraph — and never a name, a section label, a credit or a date.
 */
import { endsSentence, isName, isTitleLike, type Line, wordCount } from './copied-lines.js';
import { parseDateLine } from './dates.js';

/** How far above the story's first paragraph the headline is looked for. */
const HEADLINE_REACH = 30;
/** How much of the story's opening its words are matched against. */
const OPENING_CHARS = 1500;

const wordsOf = (text: string): string[] =>
  (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 3);

/** A line that only dates or credits something: a time, a date, a photographer and their agency. */
const DATED = /\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/;
const CREDITED =
  /(?:^|[\s/|])(?:getty images|associated press|reuters|afp|ap photo|shutterstock|submitted photo)(?: file)?\s*$|\/\s?(?:the )?\p{Lu}[\p{L} .]{1,40}(?:times|press|images|photos?|news|post|agency)$|\((?:photo )?credit:[^()]{1,80}\)$/iu;

/** How much a line reads as the headline of the story that opens with `opening` (0 for a line that is not one). */
function headlineScore(line: string, opening: Set<string>, distance: number): number {
  const sentence = !isTitleLike(line, 30);
  if (sentence && !(endsSentence(line) && wordCount(line) <= 25 && line.length <= 200)) return 0;
  if (parseDateLine(line) !== null || DATED.test(line) || CREDITED.test(line)) return 0;
  const words = wordCount(line);
  // A name alone (an author, a photographer) or a one- or two-word label (a section, a button).
  const shape = isName(line) && words <= 4 ? 0.15 : words >= 4 ? 1 : words === 3 ? 0.5 : 0.2;
  const own = wordsOf(line);
  const shared = own.length === 0 ? 0 : own.filter((w) => opening.has(w)).length / own.length;
  const near = 1 / (1 + distance / 4);
  return shape * (0.3 + shared) * (0.5 + near) * (sentence ? 0.5 : 1);
}

/**
 * The place of the headline among the header's lines, or -1.
 * @param header the lines above the story's first paragraph.
 * @param anchors where bylines and date lines stood among them (the headline stands right above one).
 * @param story the story's paragraphs, in order.
 */
export function headlineOf(
  header: readonly Line[],
  anchors: readonly number[],
  story: readonly string[],
): number {
  let opening = '';
  for (const paragraph of story) {
    if (opening.length >= OPENING_CHARS) break;
    opening += ` ${paragraph}`;
  }
  const openingWords = new Set(wordsOf(opening));
  const sortedAnchors = [...anchors].filter((a) => a <= header.length).sort((a, b) => a - b);
  let best = -1;
  let bestScore = 0;
  for (let index = Math.max(0, header.length - HEADLINE_REACH); index < header.length; index++) {
    // Lines from here to the next byline or date line below, or to the story.
    const nextAnchor = sortedAnchors.find((a) => a > index) ?? header.length;
    const score = headlineScore((header[index] as Line).text, openingWords, nextAnchor - index - 1);
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  }
  return best;
}
