import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, rows } from './common.js';
import { benchHugo } from './hugo.js';
import { benchExtraction, benchImport } from './inputs.js';
import {
  benchBacklog,
  benchCoalescing,
  benchIngestToVisible,
  benchRegeneration,
  benchRender,
} from './publishing.js';
import { BENCH_ORDER, mergeRun, type Results, renderPerformanceDoc, type StoredRow } from './report.js';
import { benchScale } from './scale.js';
import { benchServing } from './serving.js';
import { benchBundles, benchDesk } from './startup.js';

async function main(): Promise<void> {
  // The pinned SDK runs on Node 20; its notice about future SDKs needing 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = Date.now();
  const benches: Record<(typeof BENCH_ORDER)[number], () => Promise<void>> = {
    render: benchRender,
    extraction: benchExtraction,
    regeneration: benchRegeneration,
    coalescing: benchCoalescing,
    visible: benchIngestToVisible,
    backlog: benchBacklog,
    scale: benchScale,
    hugo: benchHugo,
    serving: benchServing,
    bundles: benchBundles,
    desk: benchDesk,
    import: benchImport,
  };
  // BENCH_ONLY=import,visible runs those alone; the stored rows of the others stay as they were.
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const ran: string[] = [];
  const stored: StoredRow[] = [];
  const at = new Date().toISOString();
  for (const name of BENCH_ORDER) {
    if (only !== undefined && !only.includes(name)) continue;
    const before = rows.length;
    await benches[name]();
    ran.push(name);
    stored.push(...rows.slice(before).map((row) => ({ ...row, bench: name, run: at })));
  }
  const machine = {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  const width = Math.max(...rows.map((r) => r.name.length));
  const valueWidth = Math.max(...rows.map((r) => r.value.length));
  const lines = [
    `feedwright benchmarks, ${new Date().toISOString()} on ${machine.cpus} × ${machine.model}, ${machine.memoryGiB} GiB, Node ${machine.node}`,
    '',
    `${'measurement'.padEnd(width)}  ${'result (medians)'.padEnd(valueWidth)}  ${'target'.padEnd(22)}  pass`,
    ...rows.map(
      (r) =>
        `${r.name.padEnd(width)}  ${r.value.padEnd(valueWidth)}  ${r.target.padEnd(22)}  ${r.pass === null ? '-' : r.pass ? 'pass' : 'MISS'}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const file = join(ROOT, 'bench/results.json');
  const previous = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Results) : null;
  const what = only === undefined ? 'npm run bench (every row)' : `BENCH_ONLY=${ran.join(',')}`;
  const seconds = Math.round((Date.now() - started) / 1000);
  const results = mergeRun(previous, { id: at, at, seconds, what, machine, ran }, stored);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(ROOT, 'docs/performance.md'), renderPerformanceDoc(results));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack}\n`);
  process.exit(1);
});
