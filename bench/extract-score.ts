/**
 * The article-extraction benchmark's scorer (its evaluate.py), in TypeScript:
 * each page's predicted and true bodies split into word tokens (Python's
 * Unicode `\w+`), compared as multisets of 4-token shingles, normalised so
 * every page weighs the same; precision and recall averaged over the pages
 * that have any, F1 their harmonic mean.
 */

export type Bodies = Record<string, { articleBody?: string }>;

/** Python's `\w` in Unicode mode: letters, numbers and the underscore. */
const TOKEN = /[\p{L}\p{N}_]+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

function shingles(text: string, n: number): Map<string, number> {
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  for (let i = 0; i < Math.max(1, tokens.length - n + 1); i++) {
    const shingle = tokens.slice(i, i + n);
    if (shingle.length === 0) continue;
    const key = shingle.join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** One page's true positives, false positives and false negatives, normalised to sum to 1. */
export function pageScore(truth: string, prediction: string, n = 4): [number, number, number] {
  const t = shingles(truth, n);
  const p = shingles(prediction, n);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const key of new Set([...t.keys(), ...p.keys()])) {
    const tc = t.get(key) ?? 0;
    const pc = p.get(key) ?? 0;
    tp += Math.min(tc, pc);
    fp += Math.max(0, pc - tc);
    fn += Math.max(0, tc - pc);
  }
  const sum = tp + fp + fn;
  return sum > 0 ? [tp / sum, fp / sum, fn / sum] : [0, 0, 0];
}

const precisionOf = ([tp, fp, fn]: [number, number, number]) =>
  fp === 0 && fn === 0 ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
const recallOf = ([tp, fp, fn]: [number, number, number]) =>
  fp === 0 && fn === 0 ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export interface Score {
  f1: number;
  precision: number;
  recall: number;
  /** Per page, for finding the pages a change loses most on. */
  pages: Record<string, { precision: number; recall: number }>;
}

/** @throws Error when the prediction does not cover exactly the ground truth's pages. */
export function score(truth: Bodies, prediction: Bodies): Score {
  const ids = Object.keys(truth);
  if (ids.length !== Object.keys(prediction).length || ids.some((id) => !(id in prediction)))
    throw new Error('prediction keys do not match ground truth');
  const scores = ids.map((id) => pageScore(truth[id]?.articleBody ?? '', prediction[id]?.articleBody ?? ''));
  const precision = mean(scores.filter(([tp, fp]) => tp + fp > 0).map(precisionOf));
  const recall = mean(scores.filter(([tp, , fn]) => tp + fn > 0).map(recallOf));
  const pages = Object.fromEntries(
    ids.map((id, i) => {
      const s = scores[i] as [number, number, number];
      return [id, { precision: precisionOf(s), recall: recallOf(s) }];
    }),
  );
  return { f1: (2 * precision * recall) / (precision + recall), precision, recall, pages };
}
