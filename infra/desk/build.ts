/**
 * Builds the editors' desk (desk/): its TypeScript bundled by esbuild into
 * one ES module, beside its page and style sheet. The local server builds it
 * at start; the CDK stack builds it into the publish function's bundle
 * (`node --import tsx infra/desk/build.ts <dir>`), whose deploy-time render
 * writes it to the bucket.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { DeskAsset } from '../../functions/adapters/desk.js';

const DESK = resolve(import.meta.dirname, '../../desk');

export async function buildDesk(): Promise<DeskAsset[]> {
  const bundle = await build({
    entryPoints: [join(DESK, 'src/main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0];
  if (script === undefined) throw new Error('esbuild wrote no desk bundle');
  return [
    { name: 'index.html', body: await readFile(join(DESK, 'index.html'), 'utf8') },
    { name: 'desk.css', body: await readFile(join(DESK, 'desk.css'), 'utf8') },
    { name: 'app.js', body: script.text },
  ];
}

const main = process.argv[1] === undefined ? '' : pathToFileURL(process.argv[1]).href;
if (import.meta.url === main) {
  const out = process.argv[2];
  if (out === undefined) throw new Error('usage: node --import tsx infra/desk/build.ts <output directory>');
  await mkdir(out, { recursive: true });
  for (const asset of await buildDesk()) await writeFile(join(out, asset.name), asset.body);
}
