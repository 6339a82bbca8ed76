/** The world the Lambda bundle suite runs the bundles in: the synthesized stack, the emulator, S3 and stand-ins. */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll } from 'vitest';
import { generateKey, hashKey } from '../../functions/core/keys.js';
import type { Emulator } from '../../infra/local/emulator.js';
import { emulator, freshTable, tempDir } from '../helpers/emulator.js';
import { type StandIn, schedulerStandIn, secretsStandIn } from '../helpers/stand-ins.js';

const ROOT = resolve(import.meta.dirname, '../..');
export const ORIGIN_SECRET = 'current-origin-secret-value';
export const DISTRIBUTION_DOMAIN = 'd1234abcd.cloudfront.net';
const BUCKET = 'feedwright-site';

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
export type Handler = 'Ingest' | 'Read' | 'Publish';

export let out: { path: string; remove: () => Promise<void> };
let template: Template;
let emu: Emulator;
export let table: Awaited<ReturnType<typeof freshTable>>;
let s3: S3rver;
let s3Endpoint: string;
let scheduler: StandIn;
export const scheduleCalls: string[] = [];
let secrets: StandIn;
/** The origin secret's versions, as Secrets Manager holds them; a test rotates it. */
export const originSecret: { AWSCURRENT?: string; AWSPREVIOUS?: string } = { AWSCURRENT: ORIGIN_SECRET };
export const editorKey = generateKey();
const running: ChildProcess[] = [];

/** Synthesizes the stack and starts the stand-ins, once for the suite that calls it. */
export function useLambdaWorld(): void {
  beforeAll(async () => {
    out = await tempDir();
    // The same command CI runs, into a folder of this suite's own: the bundles are the ones that ship.
    execFileSync('npx', ['cdk', 'synth', '--quiet', '-o', out.path], { cwd: ROOT, stdio: 'pipe' });
    template = JSON.parse(readFileSync(join(out.path, 'Feedwright.template.json'), 'utf8'));
    emu = await emulator();
    table = await freshTable(emu);
    await table.stores.keys.add({
      hash: hashKey(editorKey),
      name: 'lambda-editor',
      createdAt: new Date().toISOString(),
    });
    const files = await tempDir();
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: files.path,
      configureBuckets: [{ name: BUCKET }],
    });
    s3Endpoint = `http://127.0.0.1:${((await s3.run()) as AddressInfo).port}`;
    scheduler = await schedulerStandIn(scheduleCalls);
    secrets = await secretsStandIn(originSecret);
  }, 180_000);

  afterAll(async () => {
    for (const child of running) child.kill();
    await scheduler?.close();
    await secrets?.close();
    await s3?.close();
    await emu?.close();
    await out?.remove();
  });
}

export function functionOf(handler: Handler): { logicalId: string; properties: Record<string, unknown> } {
  const entry = Object.entries(template.Resources).find(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(`${handler}Function`),
  );
  if (entry === undefined) throw new Error(`No ${handler} function in the template`);
  return { logicalId: entry[0], properties: entry[1].Properties };
}

/**
 * What CloudFormation would put in a variable, for the resources this world
 * stands in for. Anything else is an error: a variable that names a resource
 * the test does not know about would be a surprise worth seeing.
 */
export function resolveValue(value: unknown): string {
  if (typeof value === 'string') {
    if (value.includes('{{resolve:'))
      throw new Error(`A function's environment holds a dynamic reference: ${value}`);
    return value;
  }
  const v = value as Record<string, unknown>;
  if ('Fn::Join' in v) {
    const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
    return resolveValue(parts.map(resolveValue).join(sep));
  }
  if ('Ref' in v) {
    const type = template.Resources[v.Ref as string]?.Type;
    if (type === 'AWS::DynamoDB::Table') return table.tableName;
    if (type === 'AWS::S3::Bucket') return BUCKET;
    if (type === 'AWS::Scheduler::ScheduleGroup') return 'feedwright-schedules';
    if (type === 'AWS::SecretsManager::Secret')
      return `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${v.Ref as string}-AbCdEf`;
    if (v.Ref === 'AWS::Region') return 'eu-west-1';
    throw new Error(`Unresolvable Ref ${String(v.Ref)} (${type})`);
  }
  if ('Fn::GetAtt' in v) {
    const [id, attribute] = v['Fn::GetAtt'] as [string, string];
    const type = template.Resources[id]?.Type;
    if (type === 'AWS::CloudFront::Distribution' && attribute === 'DomainName') return DISTRIBUTION_DOMAIN;
    if (type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:aws:iam::123456789012:role/${id}`;
    if (type === 'AWS::Lambda::Function' && attribute === 'Arn')
      return `arn:aws:lambda:eu-west-1:123456789012:function:${id}`;
    if (type === 'AWS::Scheduler::ScheduleGroup' && attribute === 'Name') return 'feedwright-schedules';
    throw new Error(`Unresolvable GetAtt ${id}.${attribute} (${type})`);
  }
  throw new Error(`Unresolvable value ${JSON.stringify(value)}`);
}

/** A cold start: a new process with Lambda's defined environment and the function's own variables. */
export async function coldStart(
  handler: Handler,
): Promise<
  (event: unknown) => Promise<{ result?: unknown; error?: { name: string; message: string; logs?: string } }>
> {
  const { logicalId, properties } = functionOf(handler);
  const code = properties.Code as { S3Key: string };
  const taskRoot = join(out.path, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
  const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
  const own = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, resolveValue(v)]));
  const tmp = await tempDir();
  const env: Record<string, string> = {
    // Lambda's defined runtime environment variables (Node.js runtime, ARM64).
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: `/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin:${process.env.PATH ?? ''}`,
    LD_LIBRARY_PATH:
      '/var/lang/lib:/lib64:/usr/lib64:/var/runtime:/var/runtime/lib:/var/task:/var/task/lib:/opt/lib',
    NODE_PATH: '/opt/nodejs/node24/node_modules:/opt/nodejs/node_modules:/var/runtime/node_modules',
    _HANDLER: String(properties.Handler),
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: `Feedwright-${logicalId}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(properties.MemorySize),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/Feedwright-${logicalId}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/11/30/[$LATEST]0123456789abcdef',
    AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001',
    // The execution role's credentials; the S3-compatible server accepts only its own pair.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_SESSION_TOKEN: 'session',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    TMPDIR: tmp.path,
    // What stands in for the AWS endpoints on loopback (the SDK's documented endpoint variables).
    AWS_ENDPOINT_URL_DYNAMODB: emu.endpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    ...own,
  };
  const child = fork(join(ROOT, 'test/lambda/runtime.mjs'), [], {
    cwd: taskRoot,
    env,
    // The task root is read-only on Lambda; only /tmp may be written.
    execArgv: ['--experimental-permission', '--allow-fs-read=*', `--allow-fs-write=${tmp.path}/*`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  running.push(child);
  let logs = '';
  child.stdout?.on('data', (b) => {
    logs += b;
  });
  child.stderr?.on('data', (b) => {
    logs += b;
  });
  await new Promise<void>((ready, fail) => {
    child.once('message', () => ready());
    child.once('exit', (code) => fail(new Error(`${handler} exited ${code} before it was ready:\n${logs}`)));
  });
  return (event) =>
    new Promise((done) => {
      child.once('message', (m) => {
        const answer = m as { result?: unknown; error?: { name: string; message: string; logs?: string } };
        // What the function logged, to read beside a failure (CloudWatch Logs, here).
        if (answer.error !== undefined) answer.error.logs = logs.slice(-4000);
        done(answer);
      });
      child.send({ event });
    });
}

export function httpEvent(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; query?: string } = {},
) {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: options.query ?? '',
    headers: {
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
      'content-type': 'application/json',
      'x-origin-verify': ORIGIN_SECRET,
      'x-viewer-address': '198.51.100.7',
      ...options.headers,
    },
    requestContext: {
      http: { method, path, sourceIp: '130.176.0.1', protocol: 'HTTP/1.1', userAgent: 'test' },
      requestId: `api-${Math.random()}`,
      stage: '$default',
    },
    body:
      options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)).toString('base64'),
    isBase64Encoded: true,
  };
}

export type HttpResult = { statusCode: number; headers?: Record<string, string>; body?: string };

export async function object(key: string): Promise<string | null> {
  const client = new S3Client({
    endpoint: s3Endpoint,
    forcePathStyle: true,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  try {
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await got.Body?.transformToString()) ?? null;
  } catch {
    return null;
  } finally {
    client.destroy();
  }
}
