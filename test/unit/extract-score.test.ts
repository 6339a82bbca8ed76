/**
 * The benchmark scorer of our own reproduces the benchmark's evaluate.py on
 * the two published outputs it ships (Readability.js 0.947, trafilatura
 * 0.958), so the figures `npm run bench:extract` prints mean what the
 * published table means.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Bodies, pageScore, score, tokenize } from '../../bench/extract-score.js';
import { describeWith, SHARED_DIR, sharedFile } from '../helpers/requires.js';

const DATA = join(SHARED_DIR, 'benchmarks/article-extraction');

describe('the shingle scorer', () => {
  it("tokenises as Python's Unicode \\w+ does, and scores one page", () => {
    expect(tokenize("Don't stop — 3.14 naïve_case 東京 мир")).toEqual([
      'Don',
      't',
      'stop',
      '3',
      '14',
      'naïve_case',
      '東京',
      'мир',
    ]);
    expect(pageScore('a b c d e', 'a b c d e')).toEqual([1, 0, 0]);
    expect(pageScore('a b c d e', '')).toEqual([0, 0, 1]);
  });
});

describeWith([sharedFile('benchmarks/article-extraction/ground-truth.json')], 'the benchmark scorer', () => {
  it('gives the published figures for the published outputs, within 0.002', () => {
    const truth = JSON.parse(readFileSync(join(DATA, 'ground-truth.json'), 'utf8')) as Bodies;
    const read = (name: string) => {
      const data = JSON.parse(readFileSync(join(DATA, 'published', `${name}.json`), 'utf8'));
      return (data.output ?? data) as Bodies;
    };
    expect(score(truth, read('readability_js')).f1).toBeCloseTo(0.947, 2);
    expect(Math.abs(score(truth, read('readability_js')).f1 - 0.947)).toBeLessThan(0.002);
    expect(Math.abs(score(truth, read('trafilatura')).f1 - 0.958)).toBeLessThan(0.002);
  });
});

describe('npm run bench:extract', () => {
  it('says where it looked and exits 0 when the data is absent', () => {
    const run = spawnSync('npx', ['tsx', 'bench/extract.ts', '/nonexistent/benchmark'], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('no benchmark data at /nonexistent/benchmark');
  });
});
