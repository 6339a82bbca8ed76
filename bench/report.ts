/**
 * bench/results.json and docs/performance.md: the rows of the latest run of
 * each benchmark, merged (a BENCH_ONLY run replaces only its own rows), and
 * the performance doc rendered from them, so no figure is copied by hand.
 * `npm run bench` writes both; a test checks the doc is what this renders.
 */
import type { Row } from './common.js';

export interface Machine {
  cpus: number;
  model: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface StoredRow extends Row {
  /** The benchmark that measured it (a BENCH_ONLY name). */
  bench: string;
  /** The run it came from (a key of `runs`). */
  run: string;
}

export interface Results {
  machine: Machine;
  runs: Record<string, { at: string; seconds?: number; what: string }>;
  results: StoredRow[];
}

/** The benchmarks, in the order they run and are shown. */
export const BENCH_ORDER = [
  'render',
  'extraction',
  'regeneration',
  'coalescing',
  'visible',
  'backlog',
  'scale',
  'hugo',
  'serving',
  'bundles',
  'desk',
  'import',
] as const;

/** The stored results with one run's rows in place of the earlier rows of the same benchmarks. */
export function mergeRun(
  previous: Results | null,
  run: { id: string; at: string; seconds: number; what: string; machine: Machine; ran: readonly string[] },
  rows: readonly StoredRow[],
): Results {
  const kept = (previous?.results ?? []).filter((r) => !run.ran.includes(r.bench));
  const results = [...kept, ...rows].sort(
    (a, b) =>
      BENCH_ORDER.indexOf(a.bench as (typeof BENCH_ORDER)[number]) -
      BENCH_ORDER.indexOf(b.bench as (typeof BENCH_ORDER)[number]),
  );
  const runs = Object.fromEntries(
    Object.entries({
      ...previous?.runs,
      [run.id]: { at: run.at, seconds: run.seconds, what: run.what },
    }).filter(([id]) => results.some((r) => r.run === id)),
  );
  // A run that measured nothing (BENCH_ONLY=none: the doc alone) keeps the machine the figures came from.
  return { machine: run.ran.length > 0 || previous === null ? run.machine : previous.machine, runs, results };
}

const verdict = (pass: boolean | null) => (pass === null ? '' : pass ? 'pass' : '**miss**');
const cell = (text: string) => text.replace(/\|/g, '\\|');

/** Why a row misses and what would fix it, by the start of its name: reasons, never figures (those are in the table). */
const MISSES: Array<[string, string]> = [
  [
    '2. after 2,000 posts',
    'Under a sustained burst each run takes the whole queue, so the drain costs per article: its page and its share of its categories’ files on the embedded store.',
  ],
  [
    '3. one change visible',
    'The generator spreads 1,000 articles over 1,000 categories, so at 1,000 stored the changed article’s category holds one item, and at 100,000 it holds a full feed: the larger site renders a full category feed, the smaller an almost empty one. A like-with-like comparison would give the small site full categories too.',
  ],
  [
    '3. peak RSS',
    'The server’s own memory does not grow with the site: measured in its process after a start and ten changes, its JavaScript heap is the same at 1,000 and 20,000 stored (about 50 MB) and its RSS 1.06× (173 vs 183 MB). What grows towards 100,000 is native memory of the embedded store (dynalite over LevelDB, in the same process, its table files and caches growing with the data). On AWS that memory is DynamoDB’s. Running the emulator in a child process would keep the server flat, at the cost of the single process `npm start` promises.',
  ],
  [
    '4.',
    'The ratios move between runs on two cores where wrk, our server and the minimal server share the machine. The gap that stays is the per-request work the minimal server does not do: connection accounting, the route choice, the freshness check of the cached file. A run on a machine with cores to spare for wrk would say how much of it is ours.',
  ],
];

const METHOD = `## How each row is measured

- **Rows 1 (visible, coalescing).** 40 posts to an idle local server, 50 ms apart, each timed from its 201 to its title in \`/rss.xml\` polled with \`If-None-Match\`; 500 POSTs at concurrency 50, counting publisher runs, and the last one's 201 to visible.
- **Rows 2 (backlog).** 2,000 posts at concurrency 20, then the time until a new post is visible, then the same timing for the next 20.
- **Rows 3 (scale).** A generator stores 1,000, 10,000 and 100,000 articles in 1,000 categories through the store and a full rebuild renders each; then \`npm start\`'s own process opens the data directory: its time to answer \`/api/health\`, ten new posts' time to visible, its peak RSS (VmHWM).
- **Rows 4 (serving).** wrk, 2 threads, 50 connections, 4 s, three alternating rounds against \`npm start\`'s server and a minimal \`node:http\` server sending the same bytes.
- **Row 5 (bundles).** Each handler bundled as the stack bundles it, imported in a fresh node, alternately with \`node -e 0\`.
- **Rows 6 (hugo).** The same 2,000 articles as Markdown built by Debian's \`hugo\` three times into an empty \`public/\`, against feedwright's time to make one new article visible with 2,000 stored. A static site generator pays for the whole site on every change, so its cost grows with the archive, while feedwright's publish cost stays flat (rows 3); what Hugo gives for it is no server at all. Hugo's feed is smaller because its template carries only summaries; feedwright's carries full content.
- **Row 7 (cost).** [cost.md](cost.md), from the stack's settings and these durations.
- The other rows (render, regeneration, extraction, desk, import) are described in the bench's source (\`bench/publishing.ts\`, \`bench/inputs.ts\`, \`bench/startup.ts\`).`;

const POLICY = `## What keeps the targets

- **No batching window.** The first change after a quiet spell is published at once; changes that arrive while a run lasts come together as the next run. On AWS the same policy is the event-source mapping's \`MaximumBatchingWindowInSeconds: 0\`: with one shard and reserved concurrency 1 the records that arrive during an invocation wait for it and form the next batch.
- **A file store that remembers what the publisher wrote** (\`functions/adapters/files/remembering.ts\`): only the publisher writes the files, one run at a time, so a warm container answers "is this page there" and "are these bytes already stored" from memory.
- **Work per batch, not per article**: a run reads the batch's articles in one batch read, syncs its category memberships at once (the members already there in one batch read, each category's new members numbered by one counter update), reads the main listing, the archive bounds and pages together, and writes the documents of one tier (a feed's three formats) at once; new pages, categories and existing pages a few at a time within their tiers.
- **An archive page is rendered again only when it changes**: the pages the batch's members sit on, the page still filling, pages not written yet, and a page before one of those only when its next-archive link changes (a page opened or filled after it).
- **A start costs the same at any size**: the whole site is rendered again only when its configuration changed; otherwise the newest two archive pages and any missing page.
- **Serving**: a 304 carries only validators and caching headers (RFC 9110 15.4.5), and only pipelined requests are bounded per connection.`;

/** docs/performance.md, from the stored results. */
export function renderPerformanceDoc(results: Results): string {
  const m = results.machine;
  const runIds = Object.keys(results.runs).sort((a, b) =>
    (results.runs[a]?.at ?? '').localeCompare(results.runs[b]?.at ?? ''),
  );
  const label = (id: string) => `r${runIds.indexOf(id) + 1}`;
  const table = [
    '| Measurement | Result (medians) | Target | | Run |',
    '| --- | --- | --- | --- | --- |',
    ...results.results.map(
      (r) =>
        `| ${cell(r.name)} | ${cell(r.value)} | ${cell(r.target)} | ${verdict(r.pass)} | ${label(r.run)} |`,
    ),
  ];
  const runs = runIds.map((id) => {
    const run = results.runs[id];
    return `- ${label(id)}: ${run?.at} — ${run?.what}${run?.seconds === undefined ? '' : ` (${run.seconds} s)`}`;
  });
  const misses = MISSES.flatMap(([prefix, reason]) => {
    const rows = results.results.filter((r) => r.pass === false && r.name.startsWith(prefix));
    return rows.length === 0 ? [] : [`- **${rows.map((r) => r.name).join('; ')}.** ${reason}`];
  });
  const unexplained = results.results.filter(
    (r) => r.pass === false && !MISSES.some(([prefix]) => r.name.startsWith(prefix)),
  );
  misses.push(...unexplained.map((r) => `- **${r.name}.** Not explained yet.`));
  return `${[
    '# Performance',
    '',
    '<!-- Generated by bench/report.ts from bench/results.json: `npm run bench` rewrites it; edit the generator, not this file. -->',
    '',
    '`npm run bench` runs every measurement on the local runtime, prints each row with its target and pass or miss, merges the rows into `bench/results.json` and writes this page. `BENCH_ONLY=visible,serving` runs some of them (' +
      BENCH_ORDER.map((b) => `\`${b}\``).join(', ') +
      ') and replaces only their rows; `BENCH_SCALE_MAX=10000` shrinks the scale run. It needs `wrk` and `hugo` (`apt-get install -y wrk hugo`) and Debian’s chromium for the desk row; a row whose tool is missing says so. Every figure is a median; every comparison is a ratio measured in one run. The full run takes about 20 minutes, most of it generating and rebuilding 100,000 articles.',
    '',
    `## The latest figures (${m.cpus} × ${m.model}, ${m.memoryGiB} GiB, Node ${m.node.replace(/^v/, '')}, ${m.platform})`,
    '',
    ...table,
    '',
    'Runs:',
    '',
    ...runs,
    '',
    '## The misses, and what would fix them',
    '',
    ...(misses.length === 0 ? ['None in the latest runs.'] : misses),
    '',
    POLICY,
    '',
    METHOD,
  ].join('\n')}\n`;
}
