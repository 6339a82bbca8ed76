/** `npm start`: the whole publisher on one machine. */
import { ConfigError, readLocalConfig } from '../../functions/adapters/config.js';
import { JsonLogger } from '../../functions/adapters/log.js';
import { startLocal } from './server.js';

async function main(): Promise<void> {
  // The pinned SDK runs on Node 20 (engines >= 20); its notice about future SDKs needing 22 is noise at every start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = readLocalConfig(process.env);
  const log = new JsonLogger({ service: 'feedwright' }, undefined, config.logLevel);
  const runtime = await startLocal({ ...config, log });
  const base = runtime.site.siteUrl;
  const lines = [
    '',
    `feedwright is publishing at ${base}/ (listening on ${runtime.url})`,
    `  feeds: ${base}/rss.xml  ${base}/atom.xml  ${base}/feed.json  (all of them: ${base}/feeds.opml)`,
    `  api:   ${base}/api/latest   data: ${config.dataDir}`,
  ];
  if (runtime.firstKey !== null) {
    lines.push('', 'Your editor key (shown this once; only its hash is stored):', `  ${runtime.firstKey}`);
  } else if (config.editorApiKey === undefined) {
    lines.push('  editor key: the one printed on the first start (or set EDITOR_API_KEY)');
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('local.stopping', { signal });
    runtime.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('local.stop-failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// The embedded store (dynalite over LevelDB) throws its I/O errors (a full disk) from a callback, which
// would end the process: the request it was serving gets no answer instead (a timeout, so 503), and the
// server stays up. Writes stop before the disk fills (MIN_FREE_MB); this is for what slips past that.
process.on('uncaughtException', (error: Error & { code?: string }) => {
  if (error.code === 'LEVEL_IO_ERROR') {
    process.stderr.write(`feedwright: the store failed to write (${error.message}); still serving.\n`);
    return;
  }
  process.stderr.write(`feedwright crashed: ${error.stack ?? String(error)}\n`);
  process.exit(1);
});

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`feedwright: ${error.message}\n`);
  } else {
    process.stderr.write(`feedwright failed to start: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exit(1);
});
