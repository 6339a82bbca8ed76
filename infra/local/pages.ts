/**
 * Raw pages read off the server's only thread: one worker thread reads them
 * one at a time, each within a time and a memory budget. A page over budget
 * gets 422 saying so and the worker is replaced; `/api/health` and every
 * other request go on being answered meanwhile.
 */
import { Worker } from 'node:worker_threads';
import { UnprocessableError, ValidationError } from '../../functions/core/errors.js';
import type { PageReader } from '../../functions/core/ports.js';

/** A page's reading must finish within this, or it is refused. */
const PAGE_TIME_BUDGET_MS = 2_000;
/** The worker's heap; a page that needs more is refused. */
const PAGE_MEMORY_BUDGET_MB = 512;

type Reply = {
  id: number;
  fields?: Record<string, unknown>;
  error?: { name?: string; message: string; errors?: [] };
};

export class WorkerPages implements PageReader {
  private readonly timeMs: number;
  private readonly memoryMb: number;
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private next = 0;
  /** One page at a time: a queue of reads. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(budget: { timeMs?: number; memoryMb?: number } = {}) {
    this.timeMs = budget.timeMs ?? PAGE_TIME_BUDGET_MS;
    this.memoryMb = budget.memoryMb ?? PAGE_MEMORY_BUDGET_MB;
  }

  private start(): Promise<void> {
    const worker = new Worker(new URL('./page-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb },
    });
    worker.unref();
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    return this.ready;
  }

  read(text: string, mediaType: 'text/plain' | 'text/html'): Promise<Record<string, unknown>> {
    const run = this.tail.then(() => this.readNow(text, mediaType));
    this.tail = run.catch(() => {});
    return run;
  }

  private async readNow(
    text: string,
    mediaType: 'text/plain' | 'text/html',
  ): Promise<Record<string, unknown>> {
    if (this.worker === undefined) await this.start();
    const worker = this.worker as Worker;
    await this.ready;
    const id = ++this.next;
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      const replace = () => {
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
      };
      const timer = setTimeout(() => {
        finish();
        replace();
        reject(
          new UnprocessableError(`Reading the page took longer than ${this.timeMs} ms; it was stopped.`, [
            { path: '(body)', message: `took longer than ${this.timeMs} ms to read` },
          ]),
        );
      }, this.timeMs);
      const onError = (error: Error & { code?: string }) => {
        finish();
        replace();
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new UnprocessableError(
                `Reading the page needed more than ${this.memoryMb} MB; it was stopped.`,
                [{ path: '(body)', message: `needed more than ${this.memoryMb} MB to read` }],
              )
            : error,
        );
      };
      const onMessage = (reply: Reply) => {
        if (reply.id !== id) return;
        finish();
        if (reply.fields !== undefined) return resolve(reply.fields);
        const { name, message, errors = [] } = reply.error ?? { message: 'unknown' };
        // The domain's refusals cross the thread as what they are; anything else is ours.
        if (name === 'UnprocessableError') reject(new UnprocessableError(message, errors));
        else if (name === 'ValidationError') reject(new ValidationError(message, errors));
        else reject(new Error(message));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage({ id, text, mediaType });
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}
