/**
 * A fresh clone has no ../shared beside it (and may have no chromium): the
 * suites that need it are skipped with one line saying what is missing, and
 * pass; under CI=true the same suites fail instead.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SUITES = ['test/unit/extract.test.ts', 'test/e2e/raw-pages.test.ts'];

function vitest(env: Record<string, string | undefined>) {
  const { CI: _ci, ...rest } = process.env;
  return spawnSync('npx', ['vitest', 'run', ...SUITES], {
    cwd: ROOT,
    env: { ...rest, ...env, FEEDWRIGHT_SHARED: '/nonexistent/shared' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('a clone without ../shared', () => {
  it('skips the suites that need the seed page, saying what is missing and how to get it, and passes', () => {
    const run = vitest({});
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toContain(
      'skipped "the seed page over HTTP": shared/fixtures/seed-article.txt is missing; put the team\'s shared/ folder beside the repository',
    );
    expect(output).toContain('skipped "extractText on the seed page"');
  });

  it('fails them under CI=true, where they are required', () => {
    const run = vitest({ CI: 'true' });
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('is missing (CI requires it)');
  });
});
