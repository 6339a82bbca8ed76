import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/emulator.js';
import { startServer } from '../helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe('keys tool', () => {
  it('creates a key whose hash the server accepts, and then no first key is made', async () => {
    // Prepare
    const dir = await tempDir();
    // Act
    const { stdout } = await run(
      resolve(ROOT, 'node_modules/.bin/tsx'),
      ['infra/keys.ts', 'create', '--name', 'alice', '--local', '--data-dir', dir.path],
      { cwd: ROOT },
    );
    const key = /\n\s+(fw_[\w-]+)/.exec(stdout)?.[1];
    // Assess
    expect(key).toBeDefined();
    const server = await startServer({ dataDir: dir.path, editorApiKey: null });
    try {
      expect(server.runtime.firstKey).toBeNull();
      expect(
        (await server.post({ title: 'By Alice', contentText: 'x' }, { authorization: `Bearer ${key}` }))
          .status,
      ).toBe(201);
      expect(
        (await server.post({ title: 'By nobody', contentText: 'x' }, { authorization: 'Bearer fw_wrong' }))
          .status,
      ).toBe(401);
    } finally {
      await server.dispose();
      await dir.remove();
    }
  });

  it('explains its usage when the table is missing', async () => {
    await expect(
      run(resolve(ROOT, 'node_modules/.bin/tsx'), ['infra/keys.ts', 'create', '--name', 'x'], { cwd: ROOT }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('--table or --local is required'),
    });
  });
});
