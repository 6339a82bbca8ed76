/** Serving: /rss.xml and /api/latest under wrk, against a minimal node:http server sending the same bytes (row 4). */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { KEY, median, postArticle, progress, ROOT, rows } from './common.js';

import { BODY } from './publishing.js';

const run = promisify(execFile);

async function hasWrk(): Promise<boolean> {
  return run('wrk', ['--version']).then(
    () => true,
    (error: { stdout?: string; stderr?: string }) =>
      // `wrk --version` prints its banner and exits 1.
      /^wrk /m.test(`${error.stdout ?? ''}${error.stderr ?? ''}`),
  );
}

interface WrkResult {
  rps: number;
  p99ms: number;
  non2xx: number;
}

async function wrk(url: string, headers: Record<string, string> = {}, seconds = 4): Promise<WrkResult> {
  const args = [
    '-t2',
    '-c50',
    `-d${seconds}s`,
    '--latency',
    ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  const { stdout } = await run('wrk', args);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /\s99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const unit = p99?.[2] === 'us' ? 0.001 : p99?.[2] === 's' ? 1000 : 1;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  return { rps, p99ms: Number(p99?.[1]) * unit, non2xx };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

/** A minimal node:http server that sends the same bytes and headers, with the same 304 rule. */
const MINIMAL_SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const body = fs.readFileSync(process.env.BODY_FILE);
const headers = JSON.parse(process.env.HEADERS);
http.createServer((req, res) => {
  if (req.headers['if-none-match'] === headers.etag) { res.writeHead(304, headers); res.end(); return; }
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function peakRssMb(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (status) => Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]) / 1024,
  );
}

export async function benchServing(): Promise<void> {
  if (!(await hasWrk())) {
    for (const name of ['4. serving /rss.xml', '/api/latest', 'peak RSS while serving']) {
      rows.push({ name, value: 'not run: wrk is missing (apt-get install -y wrk)', target: '-', pass: null });
    }
    return;
  }
  progress('serving (wrk, 50 connections)');
  const dir = await mkdtemp(join(tmpdir(), 'feedwright-bench-'));
  const port = await freePort();
  const local: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dir,
      EDITOR_API_KEY: KEY,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: 'ignore',
  });
  let minimal: ChildProcess | undefined;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/api/health`);
    for (let n = 0; n < 50; n++) {
      const res = await postArticle(base, { title: `Served article ${n}`, contentHtml: BODY });
      await res.body?.cancel();
    }
    let rss = '';
    for (let i = 0; i < 100 && !rss.includes('Served article 49'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      rss = await (await fetch(`${base}/rss.xml`)).text();
    }
    const feed = await fetch(`${base}/rss.xml`);
    const bytes = Buffer.from(await feed.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const name of [
      'content-type',
      'cache-control',
      'etag',
      'last-modified',
      'x-content-type-options',
      'referrer-policy',
    ]) {
      headers[name] = feed.headers.get(name) ?? '';
    }
    const bodyFile = join(dir, 'rss-bytes.xml');
    await writeFile(bodyFile, bytes);
    const minimalPort = await freePort();
    minimal = spawn(process.execPath, ['-e', MINIMAL_SERVER], {
      env: {
        ...process.env,
        PORT: String(minimalPort),
        BODY_FILE: bodyFile,
        HEADERS: JSON.stringify(headers),
      },
      stdio: 'ignore',
    });
    await waitFor(`http://127.0.0.1:${minimalPort}/`);

    const ratios = { full: [] as number[], revalidate: [] as number[] };
    const rps = {
      full: [] as number[],
      revalidate: [] as number[],
      minimalFull: [] as number[],
      minimalRevalidate: [] as number[],
    };
    for (let round = 0; round < 3; round++) {
      const ours = await wrk(`${base}/rss.xml`);
      const theirs = await wrk(`http://127.0.0.1:${minimalPort}/rss.xml`);
      const ours304 = await wrk(`${base}/rss.xml`, { 'If-None-Match': headers.etag as string });
      const theirs304 = await wrk(`http://127.0.0.1:${minimalPort}/rss.xml`, {
        'If-None-Match': headers.etag as string,
      });
      rps.full.push(ours.rps);
      rps.minimalFull.push(theirs.rps);
      rps.revalidate.push(ours304.rps);
      rps.minimalRevalidate.push(theirs304.rps);
      ratios.full.push(ours.rps / theirs.rps);
      ratios.revalidate.push(ours304.rps / theirs304.rps);
    }
    const full = median(ratios.full);
    const revalidate = median(ratios.revalidate);
    rows.push({
      name: `4. /rss.xml (${(bytes.length / 1024).toFixed(0)} KB) full 200, vs minimal node:http`,
      value: `${median(rps.full).toFixed(0)} vs ${median(rps.minimalFull).toFixed(0)} req/s = ${full.toFixed(2)}`,
      target: '≥ 0.95',
      pass: full >= 0.95,
    });
    rows.push({
      name: '4. /rss.xml 304 revalidation, vs minimal node:http',
      value: `${median(rps.revalidate).toFixed(0)} vs ${median(rps.minimalRevalidate).toFixed(0)} req/s = ${revalidate.toFixed(2)}`,
      target: '≥ 0.9',
      pass: revalidate >= 0.9,
    });
    const latest = [
      await wrk(`${base}/api/latest`),
      await wrk(`${base}/api/latest`),
      await wrk(`${base}/api/latest`),
    ];
    rows.push({
      name: '/api/latest at 50 connections',
      value: `${median(latest.map((l) => l.rps)).toFixed(0)} req/s, p99 ${median(latest.map((l) => l.p99ms)).toFixed(1)} ms`,
      target: 'measured',
      pass: latest.every((l) => l.non2xx === 0),
    });
    rows.push({
      name: 'peak RSS of the local server while serving',
      value: `${(await peakRssMb(local.pid as number)).toFixed(0)} MB`,
      target: 'measured',
      pass: null,
    });
  } finally {
    minimal?.kill();
    local.kill('SIGINT');
    await new Promise((r) => local.once('exit', r));
    await rm(dir, { recursive: true, force: true });
  }
}

// 7. Lambda bundles --------------------------------------------------------------------------------
