/**
 * `npm run bench:extract [data dir]`: the article-extraction benchmark (181
 * real pages, read from ../shared/benchmarks/article-extraction unless a path
 * is given) through feedwright's extractor, both ways a page arrives: its HTML
 * (text/html) and its text copied from a browser (text/plain). Each body is
 * scored with bench/extract-score.ts (evaluate.py's metric) beside the
 * published figures; timings are per page (median, slowest). Writes
 * bench/extract.json. Where the data is absent it says so and exits 0.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { htmlToText } from '../functions/core/content.js';
import { extractPage, type PageMediaType } from '../functions/core/extract/index.js';
import { type Bodies, score } from './extract-score.js';
import { renderExtractionTable, TARGETS, withExtractionTable } from './extract-table.js';

const DATA = resolve(
  process.argv[2] ?? resolve(import.meta.dirname, '../../shared/benchmarks/article-extraction'),
);
if (!existsSync(join(DATA, 'ground-truth.json'))) {
  process.stdout.write(
    `bench:extract: no benchmark data at ${DATA}; put the team's shared/ folder beside the repository or give its path.\n`,
  );
  process.exit(0);
}

const truth = JSON.parse(readFileSync(join(DATA, 'ground-truth.json'), 'utf8')) as Bodies;
const ids = Object.keys(truth).sort();

function run(mediaType: PageMediaType, read: (id: string) => string) {
  const bodies: Bodies = {};
  const titles: Record<string, string> = {};
  const ms: number[] = [];
  const refused: Record<string, string> = {};
  for (const id of ids) {
    const page = read(id);
    const started = performance.now();
    let body = '';
    try {
      const found = extractPage(page, mediaType);
      body = htmlToText(found.contentHtml ?? '');
      titles[id] = found.title ?? '';
    } catch (error) {
      refused[id] = (error as Error).message;
    }
    ms.push(performance.now() - started);
    bodies[id] = { articleBody: body };
  }
  const sorted = [...ms].sort((a, b) => a - b);
  const result = score(truth, bodies);
  const worst = Object.entries(result.pages)
    .map(([id, s]) => ({ id, f1: (2 * s.precision * s.recall) / (s.precision + s.recall || 1), ...s }))
    .sort((a, b) => a.f1 - b.f1)
    .slice(0, 10);
  return {
    f1: result.f1,
    precision: result.precision,
    recall: result.recall,
    p50Ms: sorted[Math.floor(sorted.length / 2)] ?? 0,
    maxMs: sorted.at(-1) ?? 0,
    refused,
    worst,
    titles,
  };
}

/**
 * On how many pages the copied text's headline is the HTML path's (which reads the publisher's own
 * statement of it): the same words, or one holding the other. The truth has no headlines; this stands in.
 */
function headlinesAgreeing(fromHtml: Record<string, string>, fromText: Record<string, string>): number {
  const words = (title = '') =>
    title
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return ids.filter((id) => {
    const [a, b] = [words(fromHtml[id]), words(fromText[id])];
    return a === b || (b.length > 10 && (a.includes(b) || b.includes(a)));
  }).length;
}

const html = run('text/html', (id) =>
  gunzipSync(readFileSync(join(DATA, 'html', `${id}.html.gz`))).toString('utf8'),
);
const textDir = join(DATA, 'text');
const text = run('text/plain', (id) =>
  existsSync(join(textDir, `${id}.txt`)) ? readFileSync(join(textDir, `${id}.txt`), 'utf8') : '',
);

const { titles: htmlTitles, ...htmlResult } = html;
const { titles: textTitles, ...textResult } = text;
const results = {
  pages: ids.length,
  targets: TARGETS,
  html: htmlResult,
  text: { ...textResult, headlinesAsHtml: headlinesAgreeing(htmlTitles, textTitles) },
};
const table = renderExtractionTable(results);
process.stdout.write(`article-extraction benchmark, ${ids.length} pages (${DATA})\n\n${table}\n`);
writeFileSync(resolve(import.meta.dirname, 'extract.json'), `${JSON.stringify(results, null, 2)}\n`);
const readme = resolve(import.meta.dirname, '../README.md');
writeFileSync(readme, withExtractionTable(readFileSync(readme, 'utf8'), table));
