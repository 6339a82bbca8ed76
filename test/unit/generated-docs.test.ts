/** Figures in the docs are rendered from the stored results, never copied by hand; a run replaces only its rows. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type ExtractResults,
  renderExtractionTable,
  withExtractionTable,
} from '../../bench/extract-table.js';
import { mergeRun, type Results, renderPerformanceDoc } from '../../bench/report.js';

const ROOT = resolve(import.meta.dirname, '../..');
const machine = { cpus: 2, model: 'cpu', memoryGiB: 1, node: 'v20', platform: 'linux x64' };
const row = (bench: string, run: string, pass: boolean | null = true) => ({
  bench,
  run,
  name: `${bench} row`,
  value: `${bench} value`,
  target: 't',
  pass,
});

describe('the performance page', () => {
  it('is exactly what bench/report.ts renders from bench/results.json (npm run bench:report rewrites it)', () => {
    const results = JSON.parse(readFileSync(resolve(ROOT, 'bench/results.json'), 'utf8')) as Results;
    expect(readFileSync(resolve(ROOT, 'docs/performance.md'), 'utf8')).toBe(renderPerformanceDoc(results));
  });

  it('takes a BENCH_ONLY run’s rows in place of the same benchmarks’ rows, keeps the rest, and forgets unused runs', () => {
    const before: Results = {
      machine,
      runs: { a: { at: '2026-01-01', what: 'all' }, b: { at: '2026-01-02', what: 'serving' } },
      results: [row('visible', 'a'), row('serving', 'b'), row('scale', 'a', false)],
    };
    const after = mergeRun(
      before,
      { id: 'c', at: '2026-01-03', seconds: 9, what: 'BENCH_ONLY=serving', machine, ran: ['serving'] },
      [row('serving', 'c', false)],
    );
    expect(after.results.map((r) => `${r.bench}@${r.run}`)).toEqual(['visible@a', 'scale@a', 'serving@c']);
    expect(Object.keys(after.runs)).toEqual(['a', 'c']);
    const doc = renderPerformanceDoc(after);
    // Each miss is listed (with its reason, where one is written); a row that passed is not.
    expect(doc).toContain('- **scale row.** Not explained yet.');
    expect(doc).toContain('- **serving row.** Not explained yet.');
    expect(doc).not.toContain('visible row.');
  });
});

describe("the README's extraction table", () => {
  it('is the last bench:extract run (bench/extract.json), as npm run bench:extract writes it', () => {
    const results = JSON.parse(readFileSync(resolve(ROOT, 'bench/extract.json'), 'utf8')) as ExtractResults;
    const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
    expect(withExtractionTable(readme, renderExtractionTable(results))).toBe(readme);
  });
});
