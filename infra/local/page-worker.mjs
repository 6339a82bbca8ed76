// The worker thread that reads raw pages for the local server: TypeScript is loaded through tsx's
// loader (a dependency), so the worker runs the same extractor module as Lambda does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { inThreadPages } = await import('../../functions/adapters/pages.ts');
// Loaded before the worker says it is ready, so a page's time budget is spent on the page alone.
await import('../../functions/core/extract/index.ts');

parentPort.on('message', async ({ id, text, mediaType }) => {
  try {
    parentPort.postMessage({ id, fields: await inThreadPages.read(text, mediaType) });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: { name: error?.name, message: String(error?.message ?? error), errors: error?.errors },
    });
  }
});
parentPort.postMessage({ ready: true });
