import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Requirement, SHARED_DIR, sharedFile } from './requires.js';

/** The seed page: a real copied page, in ../shared/fixtures. */
export const SEED_PAGE: Requirement = sharedFile('fixtures/seed-article.txt');

/**
 * A file of the team's shared fixtures (../shared/fixtures beside the
 * repository, as on developer machines and in CI), read in place and never
 * copied into the repository. Call it inside a suite guarded by its
 * Requirement (describeWith), so a clone without ../shared skips that suite.
 */
export function sharedFixture(name: string): string {
  const path = resolve(SHARED_DIR, 'fixtures', name);
  if (!existsSync(path)) {
    throw new Error(
      `Shared fixture ${path} is missing: put shared/ beside the repository or set FEEDWRIGHT_SHARED.`,
    );
  }
  return readFileSync(path, 'utf8');
}
