import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A file of the team's shared fixtures (../shared/fixtures beside the
 * repository, as on developer machines and in CI), read in place and never
 * copied into the repository. FEEDWRIGHT_SHARED points elsewhere if needed.
 */
export function sharedFixture(name: string): string {
  const dir = process.env.FEEDWRIGHT_SHARED ?? resolve(import.meta.dirname, '../../../shared');
  const path = resolve(dir, 'fixtures', name);
  if (!existsSync(path)) {
    throw new Error(
      `Shared fixture ${path} is missing: put shared/ beside the repository or set FEEDWRIGHT_SHARED.`,
    );
  }
  return readFileSync(path, 'utf8');
}
