/**
 * One Lambda execution environment, as the Node.js runtime runs a function:
 * a fresh process per cold start, the handler named by _HANDLER loaded from
 * LAMBDA_TASK_ROOT, then invocations one at a time in the same process (a
 * warm container). The parent sends { event } over IPC and gets back
 * { result } or { error } as the runtime would report them. Plain JavaScript
 * on purpose: nothing here may help the bundle load.
 */
import { pathToFileURL } from 'node:url';

const root = process.env.LAMBDA_TASK_ROOT;
const [file, name] = (process.env._HANDLER ?? '').split('.');
let handler;
let initError;
try {
  const module = await import(pathToFileURL(`${root}/${file}.mjs`).href);
  handler = module[name];
  if (typeof handler !== 'function') throw new Error(`${process.env._HANDLER} is not a function`);
} catch (error) {
  initError = error;
}

let invocation = 0;
process.on('message', async ({ event }) => {
  invocation += 1;
  if (initError !== undefined) {
    process.send({
      error: { name: 'Runtime.ImportModuleError', message: String(initError?.stack ?? initError) },
    });
    return;
  }
  const context = {
    awsRequestId: `req-${process.pid}-${invocation}`,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    getRemainingTimeInMillis: () => 10_000,
  };
  try {
    const result = await handler(event, context);
    process.send({ result: result === undefined ? null : result });
  } catch (error) {
    process.send({ error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } });
  }
});
process.send({ ready: true });
