import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createTableInput } from '../../functions/adapters/dynamo/schema.js';
import { API_ROUTES } from '../../functions/http/routes.js';
import { FeedwrightStack } from '../../infra/stack.js';
import {
  actions,
  type Resource,
  resourceList,
  type Statement,
  synth,
  templateQueries,
} from '../helpers/template.js';

let template: Template;
beforeAll(() => {
  template = synth().template;
});
const { resources, functionId, statementsOf } = templateQueries(() => template);

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
