/**
 * Lines a page says twice: a paragraph copied again (a caption under its
 * picture and in the gallery), or a pull quote that repeats words of the
 * story. Found by word shingles, so the cost stays linear in the page's text.
 */

/** How many words a shingle holds: a pull quote shorter than this is not looked for. */
const SHINGLE = 5;
/** A pull quote is a sentence or two, not a paragraph. */
const PULL_QUOTE_MAX = 400;

function shinglesOf(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const keys: string[] = [];
  for (let i = 0; i + SHINGLE <= words.length; i++) keys.push(words.slice(i, i + SHINGLE).join(' '));
  return keys;
}

/**
 * The positions of the lines that repeat another: a line of five words or more
 * said word for word earlier, or a short one whose every run of five words stands in a longer
 * line (a pull quote, wherever it stands). The first saying and the longer
 * line stay.
 * @example repeatsOf(['A long line of the story, said once.', 'A long line of the story, said once.']) // Set {1}
 */
export function repeatsOf(lines: readonly string[]): Set<number> {
  const repeats = new Set<number>();
  const said = new Set<string>();
  const quotes = new Map<number, string[]>();
  // Each line's shingles, read once; a long line's only when a pull quote may stand in it.
  const known = lines.map((line) => (line.length <= PULL_QUOTE_MAX ? shinglesOf(line) : undefined));
  lines.forEach((line, index) => {
    // Short lines (a label, a button, a heading) may well be said twice; they are other rules' business.
    const keys = known[index] ?? [];
    if (known[index] !== undefined && keys.length === 0) return;
    if (said.has(line)) repeats.add(index);
    else if (keys.length > 0) quotes.set(index, keys);
    said.add(line);
  });
  if (quotes.size === 0) return repeats;
  // For each shingle a pull quote holds, the length of the longest line that holds it.
  const wanted = new Map<string, number>();
  for (const keys of quotes.values()) for (const key of keys) wanted.set(key, 0);
  for (const [index, line] of lines.entries())
    for (const key of known[index] ?? shinglesOf(line)) {
      const longest = wanted.get(key);
      if (longest !== undefined && longest < line.length) wanted.set(key, line.length);
    }
  for (const [index, keys] of quotes)
    if (keys.every((key) => (wanted.get(key) as number) > (lines[index] as string).length))
      repeats.add(index);
  return repeats;
}
