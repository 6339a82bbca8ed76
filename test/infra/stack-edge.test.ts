/** The stack's edge (bucket, CloudFront, WebSub, the custom domain), its observability and cdk-nag. */
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FeedwrightStack } from '../../infra/stack.js';
import { actions, type Resource, resourceList, synth, templateQueries } from '../helpers/template.js';

let template: Template;
beforeAll(() => {
  template = synth().template;
});
const { resources, functionId, statementsOf, envOf } = templateQueries(() => template);

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
