#!/usr/bin/env node
// The `feedwright` command: runs the TypeScript CLI through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { run } = await import('./main.ts');
const code = await run(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(line.startsWith('\r') ? line : `${line}\n`),
  tty: process.stderr.isTTY === true,
});
process.exitCode = code;
