/**
 * The `npm start` entry (infra/local/main.ts) in a child process of its own,
 * as a user or a power cut meets it. Node runs it directly with tsx's loader
 * (not the tsx wrapper), so a signal, SIGKILL included, reaches the process
 * that holds the store.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Started {
  child: ChildProcess;
  /** The site's URL, from the banner. */
  base: string;
  /** Everything it printed so far. */
  output: () => string;
}

/** Starts it on a free port with DATA_DIR and `env`, and waits for its banner. @param env unset with undefined. */
export async function startNpm(
  dataDir: string,
  env: Record<string, string | undefined> = {},
): Promise<Started> {
  const merged: Record<string, string | undefined> = { ...process.env, PORT: '0', DATA_DIR: dataDir, ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    out += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (!/publishing at (\S+)\//.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`npm start did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, base: /publishing at (\S+)\//.exec(out)?.[1] as string, output: () => out };
}
