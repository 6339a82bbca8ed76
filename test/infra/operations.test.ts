/**
 * What an operator meets after `cdk deploy`, asserted on the template: alarms
 * that arrive, a site that answers at once, a rotation without an outage,
 * several stacks in one account, one publisher at a time, least privilege.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { WRITTEN_KEYS } from '../../functions/adapters/dynamo/schema.js';
import { DIRECTORY_URL_PATTERN } from '../../functions/core/documents.js';
import { viewerRequestFunction } from '../../infra/cdn.js';
import { readContext } from '../../infra/context.js';
import { FeedwrightStack, type FeedwrightStackProps } from '../../infra/stack.js';

type Resource = {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
};
type Statement = {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

function synth(
  props: FeedwrightStackProps = {},
  id = 'Feedwright',
  env?: { account: string; region: string },
) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  return Template.fromStack(
    new FeedwrightStack(app, id, { ...props, ...(env === undefined ? {} : { env }) }),
  );
}

const template = synth();
/** The value, which the test needs to go on. */
function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

const all = (t: Template, type: string) => t.findResources(type) as Record<string, Resource>;
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

function fnId(t: Template, prefix: string): string {
  const [id] =
    Object.entries(all(t, 'AWS::Lambda::Function')).find(([, r]) =>
      String(r.Properties.Description).startsWith(`feedwright: ${prefix}`),
    ) ?? [];
  if (id === undefined) throw new Error(`no function ${prefix}`);
  return id;
}

function statementsOf(t: Template, id: string): Statement[] {
  const role = (must(all(t, 'AWS::Lambda::Function')[id]).Properties.Role as { 'Fn::GetAtt': [string] })[
    'Fn::GetAtt'
  ][0];
  return Object.values(all(t, 'AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === role))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

describe('alarms reach the operator', () => {
  it('encrypt the topic with a key of the stack that CloudWatch may use, and let CloudWatch publish', () => {
    const [topic] = Object.values(all(template, 'AWS::SNS::Topic'));
    const keyRef = JSON.stringify(topic?.Properties.KmsMasterKeyId);
    expect(keyRef).not.toContain('alias/aws/sns');
    const [keyId, key] = Object.entries(all(template, 'AWS::KMS::Key'))[0] ?? [];
    expect(keyRef).toContain(keyId);
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    const keyStatements = (must(key).Properties.KeyPolicy as { Statement: Statement[] }).Statement;
    const forCloudWatch = keyStatements.find(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ Service: 'cloudwatch.amazonaws.com' }),
    );
    expect(actionsOf(forCloudWatch as Statement)).toEqual(
      expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']),
    );
    const [policy] = Object.values(all(template, 'AWS::SNS::TopicPolicy'));
    const publish = (must(policy).Properties.PolicyDocument as { Statement: Statement[] }).Statement.find(
      (s) => s.Effect === 'Allow' && actionsOf(s).includes('sns:Publish'),
    );
    expect(publish?.Principal).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(publish?.Condition?.StringEquals).toHaveProperty('aws:SourceAccount');
  });
});

describe('the site right after a deploy', () => {
  it('renders the whole site once the stack is up, and again whenever publish or its configuration changes', () => {
    const [trigger] = Object.values(all(template, 'Custom::Trigger'));
    expect(trigger).toBeDefined();
    const publish = fnId(template, 're-renders');
    // Bound to the function's current version, which changes with its code or environment.
    const handler = JSON.stringify(trigger?.Properties.HandlerArn);
    const [versionId] =
      Object.entries(all(template, 'AWS::Lambda::Version')).find(
        ([, v]) => JSON.stringify(v.Properties.FunctionName) === JSON.stringify({ Ref: publish }),
      ) ?? [];
    expect(versionId).toBeDefined();
    expect(handler).toContain(versionId);
    expect(trigger?.Properties.InvocationType).toBe('Event');
    const titled = synth({ siteTitle: 'Another title' });
    const versionOf = (t: Template) =>
      Object.keys(all(t, 'AWS::Lambda::Version')).find((id) =>
        id.startsWith('PublishFunctionCurrentVersion'),
      );
    expect(versionOf(titled)).not.toBe(versionOf(template));
  });

  it('answers a missing key with the site 404 page and status 404, not S3 403', () => {
    const [dist] = Object.values(all(template, 'AWS::CloudFront::Distribution'));
    const config = must(dist).Properties.DistributionConfig as { CustomErrorResponses: unknown[] };
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 10 },
    ]);
  });

  it('redirects a directory named without its slash, and serves index.html for one with it', () => {
    const run = (uri: string) =>
      new Function(`${viewerRequestFunction({})}; return handler;`)()({ request: { uri, headers: {} } }) as {
        uri?: string;
        statusCode?: number;
        headers?: { location: { value: string } };
      };
    expect(run('/categories/news')).toMatchObject({
      statusCode: 301,
      headers: { location: { value: '/categories/news/' } },
    });
    expect(run('/categories')).toMatchObject({ statusCode: 301 });
    expect(run('/archive/3')).toMatchObject({ statusCode: 301 });
    expect(run('/categories/news/archive/2')).toMatchObject({ statusCode: 301 });
    expect(run('/categories/news/').uri).toBe('/categories/news/index.html');
    for (const file of ['/articles/some-story', '/rss.xml', '/categories/news/feed.json', '/404.html'])
      expect(run(file).uri, file).toBe(file);
    expect(DIRECTORY_URL_PATTERN.test('/articles/x')).toBe(false);
  });
});

describe('moving in: old links and old feed URLs answer 301 through CloudFront', () => {
  /** A CloudFront function of the template, by its name's ending, as the edge runs it. */
  const edgeFunction = (t: Template, name: string) => {
    const found = Object.values(all(t, 'AWS::CloudFront::Function')).find((r) =>
      JSON.stringify(r.Properties.Name).includes(name),
    );
    return new Function(`${must(found).Properties.FunctionCode as string}; return handler;`)() as (
      event: unknown,
    ) => { statusCode?: number; uri?: string; headers: Record<string, { value: string }> };
  };

  it("turns an old path's redirect page (its object metadata) into a 301, and leaves other responses be", () => {
    const respond = edgeFunction(synth({ websubHubs: 'https://hub.example/' }), 'SiteResponses');
    const moved = respond({
      request: { uri: '/2024/06/old-post/index.html', headers: { host: { value: 'news.example' } } },
      response: {
        statusCode: 200,
        headers: { 'x-amz-meta-location': { value: 'https://news.example/articles/old-post' } },
      },
    });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location?.value).toBe('https://news.example/articles/old-post');
    expect(moved.headers['x-amz-meta-location']).toBeUndefined();
    const feed = respond({
      request: { uri: '/rss.xml', headers: { host: { value: 'news.example' } } },
      response: { statusCode: 200, headers: {} },
    });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers.link?.value).toContain('rel="hub"');
  });

  it('sends the old feed URLs of WordPress, Ghost, Hugo and Jekyll to the feed of the same format', () => {
    const request = edgeFunction(template, 'IndexRewrite');
    const run = (uri: string, querystring: Record<string, { value: string }> = {}) =>
      request({ request: { uri, querystring, headers: {} } });
    expect(run('/feed/')).toMatchObject({ statusCode: 301, headers: { location: { value: '/rss.xml' } } });
    expect(run('/', { feed: { value: 'rss2' } }).headers.location?.value).toBe('/rss.xml');
    expect(run('/', { feed: { value: 'atom' } }).headers.location?.value).toBe('/atom.xml');
    expect(run('/index.xml').headers.location?.value).toBe('/rss.xml');
    expect(run('/feed.xml').headers.location?.value).toBe('/atom.xml');
    expect(run('/rss/').headers.location?.value).toBe('/rss.xml');
    expect(run('/').uri).toBe('/index.html');
    const custom = edgeFunction(synth({ oldFeedPaths: '/blog/feed/=/feed.json' }), 'IndexRewrite');
    expect(
      custom({ request: { uri: '/blog/feed/', querystring: {}, headers: {} } }).headers.location?.value,
    ).toBe('/feed.json');
    expect(custom({ request: { uri: '/feed/', querystring: {}, headers: {} } }).uri).toBe('/feed/index.html');
  });

  it('refuses an oldFeedPaths context that names no feed of the site, at synth', () => {
    expect(() => readContext((key) => (key === 'oldFeedPaths' ? '/feed/=/nowhere.xml' : undefined))).toThrow(
      /Context oldFeedPaths/,
    );
  });
});

describe("the editors' desk on the stack", () => {
  it('serves /desk/* from the bucket with its own strict CSP, never framed', () => {
    const [dist] = Object.values(all(template, 'AWS::CloudFront::Distribution'));
    const config = must(dist).Properties.DistributionConfig as {
      CacheBehaviors: Array<{
        PathPattern: string;
        ResponseHeadersPolicyId: { Ref: string };
        TargetOriginId: string;
      }>;
      DefaultCacheBehavior: { TargetOriginId: string };
    };
    const desk = must(config.CacheBehaviors.find((b) => b.PathPattern === '/desk/*'));
    expect(desk.TargetOriginId).toBe(config.DefaultCacheBehavior.TargetOriginId);
    const policy = must(
      all(template, 'AWS::CloudFront::ResponseHeadersPolicy')[desk.ResponseHeadersPolicyId.Ref],
    );
    const headers = (
      policy.Properties.ResponseHeadersPolicyConfig as {
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: string; Override: boolean };
        };
      }
    ).SecurityHeadersConfig;
    const csp = headers.ContentSecurityPolicy.ContentSecurityPolicy;
    expect(headers.ContentSecurityPolicy.Override).toBe(true);
    for (const directive of [
      "script-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "default-src 'none'",
    ])
      expect(csp).toContain(directive);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });
});

describe('rotating the origin secret', () => {
  it('changes the distribution (so CloudFront re-reads the secret) and no function when the version is raised', () => {
    const rotated = synth({ originSecretVersion: 2 });
    const dist = (t: Template) => Object.values(all(t, 'AWS::CloudFront::Distribution'))[0]?.Properties;
    expect(JSON.stringify(dist(rotated))).not.toBe(JSON.stringify(dist(template)));
    expect((must(dist(rotated)).DistributionConfig as { Comment: string }).Comment).toContain(
      'origin secret v2',
    );
    // The functions read the current and previous values live, so they need no deploy to accept the new one.
    const fns = (t: Template) => JSON.stringify(all(t, 'AWS::Lambda::Function'));
    expect(fns(rotated)).toBe(fns(template));
  });
});

describe('several stacks in one account', () => {
  const names = (t: Template) => {
    const named: string[] = [];
    for (const r of Object.values(all(t, 'AWS::CloudFront::ResponseHeadersPolicy')))
      named.push(JSON.stringify((r.Properties.ResponseHeadersPolicyConfig as { Name: unknown }).Name));
    for (const r of Object.values(all(t, 'AWS::CloudFront::CachePolicy')))
      named.push(JSON.stringify((r.Properties.CachePolicyConfig as { Name: unknown }).Name));
    for (const r of Object.values(all(t, 'AWS::CloudFront::OriginAccessControl')))
      named.push(JSON.stringify((r.Properties.OriginAccessControlConfig as { Name: unknown }).Name));
    for (const r of Object.values(all(t, 'AWS::CloudFront::Function')))
      named.push(JSON.stringify(r.Properties.Name));
    return named;
  };

  it('names every account-wide CloudFront resource after its stack and region', () => {
    const account = '123456789012';
    const paris = names(synth({}, 'Feedwright', { account, region: 'eu-west-3' }));
    const dublin = names(synth({}, 'Feedwright', { account, region: 'eu-west-1' }));
    const staging = names(synth({}, 'Feedwright-staging', { account, region: 'eu-west-3' }));
    expect(paris.length).toBeGreaterThanOrEqual(5);
    for (const name of paris) {
      expect(dublin).not.toContain(name);
      expect(staging).not.toContain(name);
    }
  });

  it('takes the stack name from the stage context', () => {
    expect(readContext(() => undefined).stackName).toBe('Feedwright');
    expect(readContext((k) => (k === 'stage' ? 'prod' : undefined)).stackName).toBe('Feedwright-prod');
    expect(() => readContext((k) => (k === 'stage' ? 'Prod stack' : undefined))).toThrow(/Context stage/);
  });
});

describe('context checked at synth', () => {
  const only = (key: string, value: string) => (k: string) => (k === key ? value : undefined);
  it.each([
    ['feedSize', 'abc', /feedSize: FEED_SIZE must be a whole number from 1 to 500/],
    ['feedSize', '1000', /feedSize: FEED_SIZE must be a whole number from 1 to 500/],
    ['siteUrl', 'news.example', /siteUrl: SITE_URL must be an absolute URL/],
    ['siteIcon', '/icon.png', /siteIcon: SITE_ICON must be an absolute URL/],
    ['websubHubs', 'not a url', /websubHubs: WEBSUB_HUBS must be an absolute URL/],
    ['destroyable', 'yes', /destroyable must be true or false/],
    ['alarmEmail', 'ops', /alarmEmail must be an e-mail address/],
    ['originSecretVersion', '0', /originSecretVersion must be a whole number/],
  ])('refuses %s=%s, naming the key', (key, value, message) => {
    expect(() => readContext(only(key, value))).toThrow(message);
  });

  it('passes good values through as the stack props', () => {
    const context: Record<string, string> = {
      feedSize: '20',
      destroyable: 'true',
      siteUrl: 'https://news.example',
    };
    expect(readContext((k) => context[k]).props).toMatchObject({
      feedSize: 20,
      destroyable: true,
      siteUrl: 'https://news.example',
    });
  });
});

describe('one publisher at a time, with least privilege', () => {
  it('reserves exactly one concurrent publish, so a wake-up and a stream batch never race on rss.xml', () => {
    const publish = all(template, 'AWS::Lambda::Function')[fnId(template, 're-renders')];
    expect(publish?.Properties.ReservedConcurrentExecutions).toBe(1);
  });

  it('grants each function only the table calls the store makes: no Scan, no batch writes, no stream reads for the API', () => {
    for (const prefix of ['article writes', 'latest', 're-renders']) {
      const granted = statementsOf(template, fnId(template, prefix)).flatMap(actionsOf);
      const table = granted.filter((a) => a.startsWith('dynamodb:'));
      for (const forbidden of ['dynamodb:Scan', 'dynamodb:BatchWriteItem', 'dynamodb:*'])
        expect(table, prefix).not.toContain(forbidden);
      if (prefix !== 're-renders')
        expect(table.filter((a) => /Stream|GetRecords|GetShardIterator/.test(a))).toEqual([]);
    }
  });

  it('lets ingest and publish write only the items whose partition keys they own', () => {
    for (const [prefix, owned] of [
      ['article writes', WRITTEN_KEYS.ingest],
      ['re-renders', WRITTEN_KEYS.publish],
    ] as const) {
      const writing = statementsOf(template, fnId(template, prefix)).filter((s) =>
        actionsOf(s).some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem)$/.test(a)),
      );
      expect(writing.length, prefix).toBeGreaterThan(0);
      for (const statement of writing)
        expect(statement.Condition, prefix).toEqual({
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...owned] },
        });
    }
    expect(WRITTEN_KEYS.publish).not.toContain('ARTICLE#*');
    expect(WRITTEN_KEYS.publish).not.toContain('KEY');
  });

  it('lets publish delete objects but never object versions (the versioned bucket is the safety net)', () => {
    const granted = statementsOf(template, fnId(template, 're-renders')).flatMap(actionsOf);
    expect(granted).toContain('s3:DeleteObject');
    expect(granted.filter((a) => /DeleteObjectVersion|DeleteObject\*|s3:\*/.test(a))).toEqual([]);
  });

  it('passes the scheduler role only to EventBridge Scheduler, which may assume it only for this account', () => {
    const pass = statementsOf(template, fnId(template, 'article writes')).find((s) =>
      actionsOf(s).includes('iam:PassRole'),
    );
    expect(pass?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
    const role = Object.values(all(template, 'AWS::IAM::Role')).find((r) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    const trust = (must(role).Properties.AssumeRolePolicyDocument as { Statement: Statement[] }).Statement[0];
    expect(trust?.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
  });
});
