import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createTableInput } from '../../functions/adapters/dynamo/schema.js';
import { API_ROUTES } from '../../functions/http/routes.js';
import { FeedwrightStack } from '../../infra/stack.js';

/** Bundling is skipped here for speed; `npm run synth` bundles for real in CI. */
function synth(app = new App({ context: { 'aws:cdk:bundling-stacks': [] } })) {
  const stack = new FeedwrightStack(app, 'Test');
  return { app, stack, template: Template.fromStack(stack) };
}

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let template: Template;
beforeAll(() => {
  template = synth().template;
});

function resources(type: string): Record<string, Resource> {
  return template.findResources(type) as Record<string, Resource>;
}

/** Logical id of the function whose Description starts with `feedwright: <prefix>`. */
function functionId(prefix: string): string {
  const [id] = Object.entries(resources('AWS::Lambda::Function')).find(([, r]) =>
    String(r.Properties.Description).startsWith(`feedwright: ${prefix}`),
  ) ?? [''];
  expect(id, prefix).not.toBe('');
  return id;
}

/** Every statement of the policies attached to a function's role. */
function statementsOf(fnId: string): Statement[] {
  const fn = resources('AWS::Lambda::Function')[fnId] as Resource;
  const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === role))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

/** A function's environment variables, by logical id. */
function envOf(fnId: string): Record<string, unknown> {
  const fn = resources('AWS::Lambda::Function')[fnId] as Resource;
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourceList = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

describe('the stack’s logical ids', () => {
  it('keep the CloudFront resources where a deployed stack has them (updated in place, never replaced)', () => {
    // A new logical id would make CloudFormation replace the distribution, and with it the site's
    // *.cloudfront.net name: these ids are part of the stack's contract with every deployment.
    const ids = Object.keys(template.toJSON().Resources as Record<string, unknown>);
    for (const id of [
      'Cdn9963B1AD',
      'OriginSecret5DDC59F1',
      'LatestCacheE6707DF2',
      'DeskHeaders336C15FA',
      'IndexRewrite0A63A7CD',
      'SecurityHeadersE66B69D3',
      'SiteAccess75A4FAE2',
      'SiteResponses22641FD2',
      'ViewerAddress74EB5079',
    ])
      expect(ids).toContain(id);
  });
});

describe('table', () => {
  it('has exactly the key schema and index of the local table schema', () => {
    const local = createTableInput('x');
    const [table] = Object.values(resources('AWS::DynamoDB::Table')) as [Resource];
    expect(table.Properties.KeySchema).toEqual(local.KeySchema);
    expect(table.Properties.AttributeDefinitions).toEqual(expect.arrayContaining(local.AttributeDefinitions));
    expect((table.Properties.AttributeDefinitions as unknown[]).length).toBe(
      local.AttributeDefinitions.length,
    );
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(local.GlobalSecondaryIndexes);
  });

  it('is on-demand, point-in-time recoverable, streams new and old images, and is retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    });
  });

  it('can be made destroyable for a throw-away stack', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new FeedwrightStack(app, 'Dev', { destroyable: true });
    Template.fromStack(stack).hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });
});

describe('functions', () => {
  it('all run the newest Node.js runtime on ARM64 with the handler export', () => {
    const fns = Object.values(resources('AWS::Lambda::Function')).filter((r) =>
      String(r.Properties.Description).startsWith('feedwright'),
    );
    expect(fns).toHaveLength(3);
    for (const fn of fns) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).toHaveProperty(
        'TABLE_NAME',
      );
    }
  });

  it('each entry module really exports a handler function', async () => {
    vi.stubEnv('TABLE_NAME', 'table');
    vi.stubEnv('SITE_URL', 'https://news.example');
    vi.stubEnv('BUCKET_NAME', 'bucket');
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    for (const entry of ['ingest', 'read', 'publish']) {
      const mod = (await import(`../../functions/handlers/${entry}.ts`)) as { handler?: unknown };
      expect(typeof mod.handler, entry).toBe('function');
    }
    vi.unstubAllEnvs();
  });

  it('read writes nothing to the table but failure counters', () => {
    const writes = /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem|\*)$/;
    const statements = statementsOf(functionId('latest'));
    expect(statements.length).toBeGreaterThan(0);
    const writing = statements.filter((s) => actions(s).some((a) => writes.test(a)));
    expect(writing).toHaveLength(1);
    expect(actions(writing[0] as Statement)).toEqual(['dynamodb:UpdateItem']);
    expect((writing[0] as Statement & { Condition: unknown }).Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['FAILURES#*'] },
    });
  });

  it('lets DynamoDB expire failure counters (and whatever else carries expiresAt)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('ingest cannot touch the bucket', () => {
    expect(
      statementsOf(functionId('article writes'))
        .flatMap(actions)
        .filter((a) => a.startsWith('s3:')),
    ).toEqual([]);
  });

  it('publish puts only into the site bucket', () => {
    const site = Object.keys(resources('AWS::S3::Bucket')).find((id) => id.startsWith('Site'));
    expect(site).toBeDefined();
    const puts = statementsOf(functionId('re-renders')).filter((s) =>
      actions(s).some((a) => a.startsWith('s3:Put')),
    );
    expect(puts.length).toBeGreaterThan(0);
    for (const statement of puts) {
      for (const resource of resourceList(statement)) {
        expect(JSON.stringify(resource)).toContain(`"${site}"`);
      }
    }
  });
});

describe('scheduled publishing', () => {
  it('lets ingest create, move and delete schedules in its group, which invoke publish through their own role', () => {
    const ingest = functionId('article writes');
    const statements = statementsOf(ingest);
    const schedulerActions = statements.flatMap(actions).filter((a) => a.startsWith('scheduler:'));
    expect(schedulerActions).toEqual(
      expect.arrayContaining([
        'scheduler:CreateSchedule',
        'scheduler:UpdateSchedule',
        'scheduler:DeleteSchedule',
      ]),
    );
    const passRole = statements.find((s) => actions(s).includes('iam:PassRole'));
    const [roleId] = Object.entries(resources('AWS::IAM::Role')).find(([, r]) =>
      JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    ) ?? [''];
    expect(JSON.stringify(passRole?.Resource)).toContain(roleId);
    const invoke = Object.values(resources('AWS::IAM::Policy')).find((p) =>
      (p.Properties.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId),
    );
    expect(JSON.stringify(invoke?.Properties.PolicyDocument)).toContain('lambda:InvokeFunction');
    expect(JSON.stringify(invoke?.Properties.PolicyDocument)).toContain(functionId('re-renders'));
    const ingestFn = resources('AWS::Lambda::Function')[ingest] as Resource;
    const env = (ingestFn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(['SCHEDULE_GROUP', 'SCHEDULER_ROLE_ARN', 'PUBLISH_FUNCTION_ARN']),
    );
    // A wake-up that fails is retried twice, then dead-lettered with the stream's failures.
    const [asyncConfig] = Object.values(resources('AWS::Lambda::EventInvokeConfig'));
    expect(asyncConfig?.Properties.FunctionName).toEqual({ Ref: functionId('re-renders') });
    expect(asyncConfig?.Properties.MaximumRetryAttempts).toBe(2);
    const [dlqId] = Object.keys(resources('AWS::SQS::Queue')).filter((id) =>
      id.includes('PublishDeadLetters'),
    );
    expect(JSON.stringify(asyncConfig?.Properties.DestinationConfig)).toContain(dlqId);
    // The read and publish functions never schedule.
    expect(
      statementsOf(functionId('latest'))
        .flatMap(actions)
        .some((a) => a.startsWith('scheduler:')),
    ).toBe(false);
  });
});

describe('publish subscription', () => {
  it('batches, reports partial failures, bisects, retries a bounded number of times and dead-letters', () => {
    const dlq = Object.keys(resources('AWS::SQS::Queue'))[0];
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: functionId('re-renders') },
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      StartingPosition: 'LATEST',
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'ARTICLE#' }] } } } }) },
        ],
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });
});

describe('HTTP API', () => {
  it('has one route per shared route table entry, plus the /api fallback, throttled', () => {
    const keys = Object.values(resources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey as string,
    );
    const expected = API_ROUTES.flatMap((r) =>
      r.method === 'GET' ? [`GET ${r.path}`, `HEAD ${r.path}`] : [`${r.method} ${r.path}`],
    );
    expect(keys.sort()).toEqual([...expected, 'ANY /api/{proxy+}'].sort());
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
    });
  });
});

describe('bucket and distribution', () => {
  it('keeps the site bucket private, encrypted, versioned and TLS-only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('serves the bucket through OAC and /api/* from the HTTP API, compressed, with security headers', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [dist] = Object.values(resources('AWS::CloudFront::Distribution')) as Resource[];
    const config = dist?.Properties.DistributionConfig as {
      DefaultCacheBehavior: Record<string, unknown>;
      CacheBehaviors: Array<Record<string, unknown>>;
    };
    expect(config.DefaultCacheBehavior).toMatchObject({
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
    const patterns = config.CacheBehaviors.map((b) => b.PathPattern);
    expect(patterns).toEqual(['/desk/*', '/api/latest', '/api/*']);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({ Compress: true, AllowedMethods: expect.arrayContaining(['POST', 'DELETE']) });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 30,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: {
            QueryStringBehavior: 'whitelist',
            QueryStrings: ['limit', 'cursor', 'category'],
          },
        }),
      }),
    });
  });
});

describe('WebSub on CloudFront', () => {
  it('adds Link headers for feeds only, from a viewer-response function', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const t = Template.fromStack(new FeedwrightStack(app, 'Hubs', { websubHubs: 'https://hub.example/' }));
    const [fn] = Object.values(t.findResources('AWS::CloudFront::Function')).filter((r) =>
      String((r as Resource).Properties.FunctionCode).includes('https://hub.example/'),
    ) as Resource[];
    expect(fn).toBeDefined();
    // Run the function's own code as CloudFront would.
    const handler = new Function(`${fn?.Properties.FunctionCode as string}; return handler;`)() as (
      e: unknown,
    ) => {
      headers: Record<string, { value: string }>;
    };
    const event = (uri: string) => ({
      request: { uri, headers: { host: { value: 'd1.cloudfront.net' } } },
      response: { headers: {} },
    });
    expect(handler(event('/categories/news/atom.xml')).headers.link?.value).toBe(
      '<https://hub.example/>; rel="hub", <https://d1.cloudfront.net/categories/news/atom.xml>; rel="self"',
    );
    expect(handler(event('/articles/x')).headers.link).toBeUndefined();
  });

  it("passes the viewer's address to the API, overwriting a client's claim", () => {
    const [fn] = Object.values(resources('AWS::CloudFront::Function')).filter((r) =>
      String(r.Properties.FunctionCode).includes('x-viewer-address'),
    );
    const handler = new Function(`${String(fn?.Properties.FunctionCode)}; return handler;`)() as (
      e: unknown,
    ) => {
      headers: Record<string, { value: string }>;
    };
    const request = handler({
      viewer: { ip: '198.51.100.7' },
      request: { headers: { 'x-viewer-address': { value: '1.2.3.4' } } },
    });
    expect(request.headers['x-viewer-address']?.value).toBe('198.51.100.7');
  });

  it('proves to the API that a request came through CloudFront, with a secret only the functions that serve it read', () => {
    const [secretId] = Object.keys(resources('AWS::SecretsManager::Secret'));
    expect(secretId).toBeDefined();
    const [dist] = Object.values(resources('AWS::CloudFront::Distribution'));
    const config = (dist as Resource).Properties.DistributionConfig as {
      Origins: Array<Record<string, unknown>>;
    };
    const origins = config.Origins;
    const apiOrigin = origins.find((o) => o.CustomOriginConfig !== undefined);
    const header = (
      apiOrigin?.OriginCustomHeaders as Array<{ HeaderName: string; HeaderValue: unknown }>
    )?.[0];
    expect(header?.HeaderName).toBe('x-origin-verify');
    // A dynamic reference: CloudFormation resolves it at deploy time; the template never holds the value.
    expect(JSON.stringify(header?.HeaderValue)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(header?.HeaderValue)).toContain(secretId);
    // The functions read the current and previous values at run time: no value sits in their environment.
    for (const prefix of ['article writes', 'latest']) {
      const variables = envOf(functionId(prefix));
      expect(variables.ORIGIN_SECRET_ARN).toEqual({ Ref: secretId });
      expect(JSON.stringify(variables)).not.toContain('{{resolve:');
      const reads = statementsOf(functionId(prefix)).filter((st) =>
        actions(st).includes('secretsmanager:GetSecretValue'),
      );
      expect(reads.flatMap(resourceList)).toEqual([{ Ref: secretId }]);
    }
    expect(envOf(functionId('re-renders')).ORIGIN_SECRET_ARN).toBeUndefined();
  });

  it('adds no such function without hubs', () => {
    const codes = Object.values(resources('AWS::CloudFront::Function')).map((r) =>
      String(r.Properties.FunctionCode),
    );
    expect(codes.some((c) => c.includes('response.headers.link'))).toBe(false);
  });
});

describe('observability', () => {
  it('alarms on dead letters, publish errors and API 5xx', () => {
    const metrics = Object.values(resources('AWS::CloudWatch::Alarm')).map((r) => r.Properties.MetricName);
    expect(metrics.sort()).toEqual(['5xx', 'ApproximateNumberOfMessagesVisible', 'Errors']);
  });

  it('draws business metrics from the structured logs', () => {
    const names = Object.values(resources('AWS::Logs::MetricFilter')).map(
      (r) => (r.Properties.MetricTransformations as Array<{ MetricName: string }>)[0]?.MetricName,
    );
    expect(names.sort()).toEqual(['ArticlesIngested', 'PublishDurationMs', 'Regenerations']);
  });

  it('outputs the site, API, feeds, table and bucket', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining([
        'SiteUrl',
        'ApiUrl',
        'RssUrl',
        'AtomUrl',
        'JsonFeedUrl',
        'TableName',
        'BucketName',
      ]),
    );
  });
});

/** The rule ids acknowledged anywhere in a construct tree (Validations.of(x).acknowledge). */
function acknowledgedRules(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => JSON.stringify(m.data).match(/AwsSolutions-[A-Za-z0-9]+/g) ?? []);
}

describe('custom domain', () => {
  const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

  it('serves the domain with its certificate, pins TLS 1.2, and makes it the site URL (with its icon)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const t = Template.fromStack(
      new FeedwrightStack(app, 'Domain', {
        domainName: 'News.Example.com',
        certificateArn: CERT,
        siteIcon: 'https://news.example.com/icon.png',
      }),
    );
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['news.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: CERT,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
      }),
    });
    const fns = (Object.values(t.findResources('AWS::Lambda::Function')) as Resource[]).filter((f) =>
      String(f.Properties.Description).startsWith('feedwright:'),
    );
    const siteUrls = fns.map(
      (f) => (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables.SITE_URL,
    );
    expect(new Set(siteUrls)).toEqual(new Set(['https://news.example.com']));
    const icons = fns.map(
      (f) => (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables.SITE_ICON,
    );
    expect(new Set(icons)).toEqual(new Set(['https://news.example.com/icon.png']));
    expect(Object.keys(t.findOutputs('*'))).toContain('DistributionDomainName');
  });

  it('refuses a domain without its certificate, or a certificate outside us-east-1', () => {
    const stack = (props: Record<string, string>) => () =>
      new FeedwrightStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Bad', props);
    expect(stack({ domainName: 'news.example.com' })).toThrow(/go together/);
    expect(stack({ certificateArn: CERT })).toThrow(/go together/);
    expect(
      stack({ domainName: 'news.example.com', certificateArn: CERT.replace('us-east-1', 'eu-west-1') }),
    ).toThrow(/us-east-1/);
    expect(stack({ domainName: 'https://news.example.com/', certificateArn: CERT })).toThrow(/host name/);
  });

  it('passes cdk-nag with no acknowledgement of the TLS finding, which the pinned policy answers', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new FeedwrightStack(app, 'NagDomain', {
      domainName: 'news.example.com',
      certificateArn: CERT,
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
    expect(acknowledgedRules(stack)).not.toContain('AwsSolutions-CFR4');
    // Without a domain the finding is acknowledged, with its reason.
    expect(acknowledgedRules(synth().stack)).toContain('AwsSolutions-CFR4');
  });
});

describe('cdk-nag', () => {
  it('finds no unacknowledged AwsSolutions error', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    new FeedwrightStack(app, 'Nag');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('finds none either when the stack has an explicit account and region (as cdk synth gives it)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    new FeedwrightStack(app, 'NagEnv', { env: { account: '123456789012', region: 'eu-west-1' } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });
});
