/**
 * The extraction benchmark's table, rendered from bench/extract.json: printed
 * by `npm run bench:extract` and written into the README between its
 * markers, so the README's figures are always the last run's (a test checks).
 */

/** The published F1, precision and recall of other extractors on the same pages (the benchmark's README). */
export const PUBLISHED: Array<[string, number, number, number]> = [
  ['Zyte AutoExtract', 0.97, 0.984, 0.956],
  ['rs_trafilatura', 0.97, 0.951, 0.99],
  ['trafilatura 2.0.0', 0.958, 0.938, 0.978],
  ['Readability.js 0.6.0', 0.947, 0.914, 0.982],
];

export const TARGETS = { html: 0.97, text: 0.93 };

export interface PathResult {
  f1: number;
  precision: number;
  recall: number;
  p50Ms: number;
  maxMs: number;
  refused: Record<string, string>;
}

export interface ExtractResults {
  pages: number;
  html: PathResult;
  /** And on how many pages the copied text's headline is the HTML path's. */
  text: PathResult & { headlinesAsHtml?: number };
}

const START = '<!-- extraction table: written by npm run bench:extract from bench/extract.json -->';
const END = '<!-- end of extraction table -->';

export function renderExtractionTable(results: ExtractResults): string {
  const row = (name: string, f1: number, p: number, r: number, notes = '') => [
    name,
    f1.toFixed(3),
    p.toFixed(3),
    r.toFixed(3),
    notes,
  ];
  const ours = (name: string, result: PathResult, target: number) =>
    row(
      name,
      result.f1,
      result.precision,
      result.recall,
      `target ${target}: ${result.f1 >= target ? 'met' : '**missed**'}; p50 ${result.p50Ms.toFixed(0)} ms, slowest ${result.maxMs.toFixed(0)} ms; ${Object.keys(result.refused).length} refused`,
    );
  const text = ours('feedwright, the page copied as text', results.text, TARGETS.text);
  if (results.text.headlinesAsHtml !== undefined)
    text[4] += `; headline as from the HTML on ${results.text.headlinesAsHtml}`;
  return aligned([
    [`on ${results.pages} pages`, 'F1', 'precision', 'recall', 'notes'],
    ours("feedwright, the page's HTML", results.html, TARGETS.html),
    text,
    ...PUBLISHED.map(([name, f1, p, r]) => row(`${name} (published, HTML)`, f1, p, r)),
  ]);
}

/** A Markdown table with its columns padded, as the formatter (Biome) writes it. */
function aligned(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The README with its extraction table replaced by `table`. @throws when the README has no markers. */
export function withExtractionTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('The README has no extraction table markers.');
  return `${readme.slice(0, start)}${START}\n\n${table}\n\n${readme.slice(end)}`;
}
