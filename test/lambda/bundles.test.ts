/**
 * The built bundles, run as Lambda runs them: synthesized by `cdk synth`,
 * each function loaded from its asset in cdk.out by a fresh Node process per
 * cold start (test/lambda/runtime.mjs), with Lambda's whole defined
 * environment (TZ=:UTC among it) plus exactly the variables the synthesized
 * template gives the function, a working directory it may not write (Node's
 * permission model; only its /tmp is writable), against the table emulator,
 * an S3-compatible server and a recorder standing in for EventBridge
 * Scheduler's endpoint. A variable the stack forgets makes the handler fail
 * here as it would on AWS.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  coldStart,
  DISTRIBUTION_DOMAIN,
  editorKey,
  functionOf,
  type HttpResult,
  httpEvent,
  ORIGIN_SECRET,
  object,
  originSecret,
  out,
  resolveValue,
  scheduleCalls,
  table,
  useLambdaWorld,
} from '../helpers/lambda-world.js';
import { describeWith, program } from '../helpers/requires.js';

useLambdaWorld();

describe('the bundles in cdk.out, run as Lambda runs them', () => {
  it('give every function the environment its handler needs, with no variable left to resolve', () => {
    for (const handler of ['Ingest', 'Read', 'Publish'] as const) {
      const { properties } = functionOf(handler);
      const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const value of Object.values(variables)) expect(() => resolveValue(value)).not.toThrow();
      expect(properties.Handler).toBe('index.handler');
    }
  });

  it('answer the API routes through ingest and read, under TZ=:UTC', async () => {
    const ingest = await coldStart('Ingest');
    const read = await coldStart('Read');
    const auth = { authorization: `Bearer ${editorKey}` };

    const created = await ingest(
      httpEvent('POST', '/api/articles', {
        body: { title: 'Cold start', contentText: 'Written by a bundle.', categories: ['News'] },
        headers: auth,
      }),
    );
    expect(created.error).toBeUndefined();
    const createdResult = created.result as HttpResult;
    expect(createdResult.statusCode).toBe(201);
    expect(JSON.parse(createdResult.body ?? '{}').url).toBe(
      `https://${DISTRIBUTION_DOMAIN}/articles/cold-start`,
    );

    const scheduled = await ingest(
      httpEvent('POST', '/api/articles', {
        body: {
          title: 'Later',
          contentText: 'Tomorrow.',
          publishedAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
        headers: auth,
      }),
    );
    expect((scheduled.result as HttpResult).statusCode).toBe(201);
    expect(scheduleCalls.some((c) => c.startsWith('POST /schedules/'))).toBe(true);

    const badKey = await ingest(
      httpEvent('POST', '/api/articles', { body: { title: 'x' }, headers: { authorization: 'Bearer nope' } }),
    );
    expect((badKey.result as HttpResult).statusCode).toBe(401);

    for (const [path, status] of [
      ['/api/health', 200],
      ['/api/latest', 200],
      ['/api/articles/cold-start', 200],
      ['/api/articles/nothing-here', 404],
    ] as const) {
      const answer = await read(httpEvent('GET', path));
      expect(answer.error, path).toBeUndefined();
      expect((answer.result as HttpResult).statusCode, path).toBe(status);
    }
    const latest = JSON.parse(
      ((await read(httpEvent('GET', '/api/latest'))).result as HttpResult).body ?? '{}',
    );
    expect(latest.items.map((i: { id: string }) => i.id)).toEqual(['cold-start']);

    const deleted = await ingest(httpEvent('DELETE', '/api/articles/cold-start', { headers: auth }));
    expect((deleted.result as HttpResult).statusCode).toBe(204);
  });

  it('publish renders a stream batch to the bucket, reports a poison record, and publishes a wake-up', async () => {
    const publish = await coldStart('Publish');
    expect(await table.stores.articles.get('later')).not.toBeNull();
    const image = { pk: { S: 'ARTICLE#due-now' } };
    // A record as the stream delivers it: the new image of an article written with a past date.
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const { makeArticle } = await import('../fixtures/articles.js');
    const fresh = makeArticle(7);
    await table.stores.articles.insert(fresh);
    const stored = await table.client.send(
      new (await import('@aws-sdk/client-dynamodb')).GetItemCommand({
        TableName: table.tableName,
        Key: marshall({ pk: `ARTICLE#${fresh.id}`, sk: 'ARTICLE' }),
      }),
    );
    expect(stored.Item).toBeDefined();
    const batch = await publish({
      Records: [
        {
          eventID: '1',
          eventName: 'INSERT',
          dynamodb: { Keys: { pk: stored.Item?.pk }, NewImage: stored.Item, SequenceNumber: '100' },
        },
        {
          eventID: '2',
          eventName: 'INSERT',
          dynamodb: { Keys: image, NewImage: image, SequenceNumber: '101' },
        },
      ],
    });
    expect(batch.error).toBeUndefined();
    expect(batch.result).toEqual({ batchItemFailures: [{ itemIdentifier: '101' }] });
    expect(await object(`articles/${fresh.id}`)).toContain(fresh.title);
    expect(await object('rss.xml')).toContain(fresh.title);

    // A scheduled article's wake-up at its time: its page and the feeds, as EventBridge Scheduler invokes it.
    const due = makeArticle(8, {
      id: 'due-now',
      title: 'Due now',
      publishedAt: new Date(Date.now() - 1000).toISOString(),
    });
    await table.stores.articles.insert(due);
    const woken = await publish({ source: 'feedwright.schedule', articleId: 'due-now' });
    expect(woken.error).toBeUndefined();
    expect(await object('articles/due-now')).toContain('Due now');
    expect(await object('atom.xml')).toContain('Due now');
  });

  it('publish renders the whole site on a deploy-time invocation, so a new stack answers at once', async () => {
    const publish = await coldStart('Publish');
    // The deploy-time trigger invokes the function with an empty payload.
    const rebuilt = await publish({});
    expect(rebuilt.error).toBeUndefined();
    for (const key of ['index.html', 'rss.xml', 'atom.xml', 'feed.json', '404.html'])
      expect(await object(key), key).not.toBeNull();
    // The editors' desk rides in the publish bundle and goes out with the deploy.
    expect(await object('desk/index.html')).toContain('<script type="module" src="app.js">');
    expect(await object('desk/app.js')).toContain('/api/articles');
    expect(await object('desk/desk.css')).not.toBeNull();
  });

  it('take the rotated origin secret and the previous one, read live, and refuse any other or none', async () => {
    originSecret.AWSPREVIOUS = ORIGIN_SECRET;
    originSecret.AWSCURRENT = 'rotated-origin-secret';
    try {
      const read = await coldStart('Read');
      for (const [value, status] of [
        ['rotated-origin-secret', 200],
        [ORIGIN_SECRET, 200],
        ['some-other-value', 403],
        ['', 403],
      ] as const) {
        const answer = await read(httpEvent('GET', '/api/health', { headers: { 'x-origin-verify': value } }));
        expect((answer.result as HttpResult).statusCode, value).toBe(status);
      }
    } finally {
      originSecret.AWSCURRENT = ORIGIN_SECRET;
      delete originSecret.AWSPREVIOUS;
    }
  });

  it('fail on the first invocation when a variable the handler needs is missing', async () => {
    const { properties } = functionOf('Read');
    const variables = (properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const saved = variables.TABLE_NAME;
    delete variables.TABLE_NAME;
    try {
      const read = await coldStart('Read');
      const answer = await read(httpEvent('GET', '/api/health'));
      expect(answer.error?.message ?? '').toMatch(/TABLE_NAME is required/);
    } finally {
      variables.TABLE_NAME = saved;
    }
  });
});

describeWith(
  [program('cfn-lint', 'it is installed on the team machines and in CI; elsewhere pip install cfn-lint')],
  'the synthesized template under cfn-lint',
  () => {
    it('has no error, and no warning but the two CDK itself writes', () => {
      let report = '[]';
      try {
        report = execFileSync('cfn-lint', ['--format', 'json', join(out.path, 'Feedwright.template.json')], {
          encoding: 'utf8',
        });
      } catch (error) {
        // cfn-lint exits non-zero whenever it finds anything; the report is still on stdout.
        report = (error as { stdout: string }).stdout;
      }
      const findings = (
        JSON.parse(report) as Array<{ Level: string; Rule: { Id: string }; Location: { Path: string[] } }>
      ).map((f) => `${f.Rule.Id} ${f.Location.Path[1]}`);
      // CloudFront's standard logs need the log bucket's ACL (W3045); CDK's Function adds a DependsOn on the
      // role its Role property already references (W3005). Anything else is ours.
      const known = (finding: string) =>
        /^W3045 AccessLogs/.test(finding) || /^W3005 (Ingest|Read|Publish)Function[0-9A-F]+$/.test(finding);
      expect(findings.filter((f) => !known(f))).toEqual([]);
    });
  },
);
