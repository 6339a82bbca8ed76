/**
 * Suites that need something outside the repository (../shared, Debian's
 * chromium, cfn-lint, the benchmark data). Where it is there they run; where
 * it is not they are skipped with one visible line saying what is missing and
 * how to get it, so a fresh clone passes `npm ci && npm test`. Under CI=true
 * the thing is required: a missing one fails the suite instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'vitest';

export interface Requirement {
  /** What is needed, as a person would name it. */
  what: string;
  available: boolean;
  /** How to get it. */
  howToGet: string;
}

/** The team's shared folder beside the repository (FEEDWRIGHT_SHARED points elsewhere). */
export const SHARED_DIR = process.env.FEEDWRIGHT_SHARED ?? resolve(import.meta.dirname, '../../../shared');

export function sharedFile(relative: string): Requirement {
  const path = resolve(SHARED_DIR, relative);
  return {
    what: `shared/${relative}`,
    available: existsSync(path),
    howToGet: `put the team's shared/ folder beside the repository, or set FEEDWRIGHT_SHARED (looked for ${path})`,
  };
}

export function program(command: string, howToGet: string): Requirement {
  let available = false;
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    available = true;
  } catch {
    available = false;
  }
  return { what: command, available, howToGet };
}

const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM: Requirement = {
  what: `Debian's chromium (${CHROMIUM_PATH})`,
  available: existsSync(CHROMIUM_PATH),
  howToGet: 'apt-get install -y chromium (.ci/run does)',
};

/** Debian's chromium, headless, as every browser suite runs it (never a downloaded browser). */
export async function launchChromium(): Promise<import('playwright-core').Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const announced = new Set<string>();

function announce(title: string, requirement: Requirement): void {
  const line = `skipped "${title}": ${requirement.what} is missing; ${requirement.howToGet}.`;
  if (announced.has(line)) return;
  announced.add(line);
  process.stderr.write(`${line}\n`);
}

/**
 * A describe block that runs only where every requirement is met. Under
 * CI=true a missing requirement is a failing test naming it, unless the
 * suite says CI cannot have it (a checkout only a developer can fetch).
 */
export function describeWith(
  requirements: Requirement[],
  title: string,
  body: () => void,
  options: { requiredInCi?: boolean } = {},
): void {
  const missing = requirements.filter((r) => !r.available);
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  if (process.env.CI === 'true' && options.requiredInCi !== false) {
    describe(title, () => {
      for (const r of missing)
        it(`needs ${r.what}`, () => {
          throw new Error(`${r.what} is missing (CI requires it): ${r.howToGet}`);
        });
    });
    return;
  }
  for (const r of missing) announce(title, r);
  // The body is not run (it may read what is missing); one skipped entry keeps the suite visible in reports.
  describe.skipIf(true)(title, () => {
    it(`needs ${missing.map((r) => r.what).join(' and ')}`, () => {});
  });
}
