/**
 * feedwright on AWS: one stack. DynamoDB (from the shared table schema) with a
 * stream to the publish function; ingest and read behind an HTTP API; the
 * generated files in a private bucket; CloudFront in front of both.
 */
import {
  CfnOutput,
  CfnResource,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AttributeType,
  BillingMode,
  type CfnTable,
  ProjectionType,
  StreamViewType,
  Table,
} from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { type CfnFunction, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { FilterPattern, LogGroup, MetricFilter, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { InvocationType, Trigger } from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { parseHubs } from '../functions/adapters/config.js';
import { PARTITIONS, TABLE_SCHEMA, WRITTEN_KEYS } from '../functions/adapters/dynamo/schema.js';
import { parseOldFeedPaths } from '../functions/core/documents.js';
import { API_ROUTES, FALLBACK_FUNCTION, type FunctionName } from '../functions/http/routes.js';
import { customDomain, SiteCdn } from './cdn.js';
import { FeedwrightFunction } from './function.js';

export interface FeedwrightStackProps extends StackProps {
  /**
   * Public site URL; default: https://{domainName} with a custom domain, else
   * the distribution's https://*.cloudfront.net.
   */
  siteUrl?: string;
  /**
   * A custom domain for the distribution (news.example.com), served with
   * `certificateArn`: an ACM certificate for it in us-east-1, as CloudFront
   * requires. Point the domain's DNS at the DistributionDomainName output.
   */
  domainName?: string;
  certificateArn?: string;
  siteTitle?: string;
  /** A square image's URL: the feeds' icon and the pages' favicon. */
  siteIcon?: string;
  /** WebSub hubs, comma-separated. */
  websubHubs?: string;
  feedSize?: number;
  /** Throw-away dev stack: table and buckets are deleted with the stack. */
  destroyable?: boolean;
  /** Where alarm notifications go. */
  alarmEmail?: string;
  /**
   * Raised by one after each rotation of the origin secret (docs/operations.md, step 7):
   * CloudFront re-reads a dynamic reference only when its resource changes.
   */
  originSecretVersion?: number;
  /** Old feed URLs answered with a 301 to a feed here: `from=to` pairs (documents.ts parseOldFeedPaths). */
  oldFeedPaths?: string;
}

/** What each function may do to the table: the calls the store makes, and nothing else (no Scan, no batch writes). */
const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'] as const;
const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'] as const;

/** Metric namespace for the business metrics drawn from the structured logs. */
const METRIC_NAMESPACE = 'Feedwright';

export class FeedwrightStack extends Stack {
  constructor(scope: Construct, id: string, props: FeedwrightStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.destroyable === true ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const grantTable = (grantee: IGrantable, actions: readonly string[]) =>
      Grant.addToPrincipal({
        grantee,
        actions: [...actions],
        resourceArns: [table.tableArn, `${table.tableArn}/index/*`],
      });
    /** Writes only to the items whose partition keys the function owns. */
    const grantWrites = (grantee: IGrantable, owned: readonly string[]) =>
      Grant.addToPrincipal({
        grantee,
        actions: [...TABLE_WRITES],
        resourceArns: [table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...owned] } },
      });
    const hubs = parseHubs(props.websubHubs);

    // --- Store: the same keys and indexes as the local emulator's table.
    const attribute = (a: { name: string; type: 'S' | 'N' }) => ({
      name: a.name,
      type: a.type === 'N' ? AttributeType.NUMBER : AttributeType.STRING,
    });
    const table = new Table(this, 'Articles', {
      partitionKey: attribute(TABLE_SCHEMA.partitionKey),
      sortKey: attribute(TABLE_SCHEMA.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TABLE_SCHEMA.timeToLive,
      removalPolicy,
      deletionProtection: props.destroyable !== true,
    });
    for (const index of TABLE_SCHEMA.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }

    // --- Buckets: access logs, and the generated files (private; CloudFront reads them through OAC).
    const logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: props.destroyable === true,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket; logging it into itself would loop.',
    });
    const site = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: props.destroyable === true,
    });

    // --- Dead-letter queue for stream batches that keep failing.
    const dlq = new Queue(this, 'PublishDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the publish stream.',
    });

    // --- The HTTP API (its URL is the CloudFront origin for /api/*).
    const apiLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const api = new HttpApi(this, 'Api', {
      description: 'feedwright API (/api/*), served through CloudFront',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.HEAD, CorsHttpMethod.OPTIONS],
        allowHeaders: ['content-type', 'if-none-match'],
        maxAge: Duration.hours(1),
      },
    });
    new HttpStage(this, 'ApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(apiLogs),
        format: AccessLogFormat.jsonWithStandardFields(),
      },
    });

    // --- CloudFront: one public origin for the files and the API (infra/cdn.ts).
    const domain = customDomain(props);
    const { distribution, originSecret } = new SiteCdn(this, {
      site,
      logs,
      api,
      hubs,
      domain,
      oldFeedPaths: parseOldFeedPaths(props.oldFeedPaths),
      originSecretVersion: props.originSecretVersion ?? 1,
    });

    const siteUrl =
      props.siteUrl ??
      (domain === undefined ? `https://${distribution.distributionDomainName}` : `https://${domain.name}`);
    const environment = {
      TABLE_NAME: table.tableName,
      SITE_URL: siteUrl,
      SITE_TITLE: props.siteTitle ?? 'feedwright',
      FEED_SIZE: String(props.feedSize ?? 50),
      ...(hubs.length === 0 ? {} : { WEBSUB_HUBS: hubs.join(',') }),
      ...(props.siteIcon === undefined ? {} : { SITE_ICON: props.siteIcon }),
    };

    // --- Functions, each with only the permissions it needs.
    const ingest = new FeedwrightFunction(this, 'Ingest', {
      handler: 'ingest',
      description: 'feedwright: article writes',
      environment: { ...environment, ORIGIN_SECRET_ARN: originSecret.secretArn },
      memorySize: 1024,
      timeout: Duration.seconds(10),
    });
    grantTable(ingest.fn, TABLE_READS);
    grantWrites(ingest.fn, WRITTEN_KEYS.ingest);
    originSecret.grantRead(ingest.fn);

    const read = new FeedwrightFunction(this, 'Read', {
      handler: 'read',
      description: 'feedwright: latest and article reads',
      environment: { ...environment, ORIGIN_SECRET_ARN: originSecret.secretArn },
      memorySize: 512,
      timeout: Duration.seconds(5),
    });
    grantTable(read.fn, TABLE_READS);
    originSecret.grantRead(read.fn);
    // It counts failed authentications too (shared by every container), and may write nothing else.
    Grant.addToPrincipal({
      grantee: read.fn,
      actions: ['dynamodb:UpdateItem'],
      resourceArns: [table.tableArn],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...WRITTEN_KEYS.read] } },
    });

    const publish = new FeedwrightFunction(this, 'Publish', {
      handler: 'publish',
      description: 'feedwright: re-renders feeds and pages from the table stream',
      environment: { ...environment, BUCKET_NAME: site.bucketName },
      memorySize: 1024,
      timeout: Duration.minutes(2),
      // The editors' desk ships beside the bundle; the deploy-time render writes it to the bucket.
      afterBundling: (root, out) => [`node --import tsx "${root}/infra/desk/build.ts" "${out}/desk"`],
    });
    // One render at a time: a wake-up and a stream batch can never race, so no older render overwrites a newer one.
    (publish.fn.node.defaultChild as CfnFunction).reservedConcurrentExecutions = 1;
    // Reads articles, keeps the category listing items, writes and removes generated files (never a version:
    // the bucket's versions are the safety net).
    grantTable(publish.fn, TABLE_READS);
    grantWrites(publish.fn, WRITTEN_KEYS.publish);
    site.grantRead(publish.fn);
    site.grantPut(publish.fn);
    Grant.addToPrincipal({
      grantee: publish.fn,
      actions: ['s3:DeleteObject'],
      resourceArns: [site.arnForObjects('*')],
    });
    publish.fn.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 100,
        // As locally (npm run bench, row 1): no window. The first change after a quiet spell is published
        // at once; with one shard poller and reserved concurrency 1, the changes that arrive while a run
        // lasts wait for it and come together as the next batch, so a burst still makes few runs.
        maxBatchingWindow: Duration.seconds(0),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(6),
        parallelizationFactor: 1,
        onFailure: new SqsDlq(dlq),
        // Category listings and keys live in the same table; only article changes need publishing.
        filters: [
          FilterCriteria.filter({
            dynamodb: { Keys: { pk: { S: FilterRule.beginsWith(PARTITIONS.ARTICLE) } } },
          }),
        ],
      }),
    );

    // --- Scheduled publishing: ingest creates, moves and cancels one-time schedules that invoke publish.
    const schedules = new ScheduleGroup(this, 'Schedules', { removalPolicy: RemovalPolicy.DESTROY });
    const schedulerRole = new Role(this, 'SchedulerRole', {
      // Only schedules of this account may assume it (no confused deputy).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler invokes the publish function when a scheduled article is due',
    });
    publish.fn.grantInvoke(schedulerRole);
    // Schedules invoke publish asynchronously: a wake-up that fails (or comes early) is retried
    // by Lambda, and one that still fails lands in the same dead-letter queue as the stream's.
    publish.fn.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
      onFailure: new SqsDestination(dlq),
    });
    // The first render at deploy, and a re-render whenever the function or its configuration (the site's
    // title, icon, URL, feed size) changes: each makes a new version, and so runs this trigger again.
    // Asynchronous, so a stream batch holding publish's one slot delays it (Lambda retries) instead of failing the deploy.
    new Trigger(this, 'RenderOnDeploy', {
      handler: publish.fn,
      invocationType: InvocationType.EVENT,
      executeOnHandlerChange: true,
      executeAfter: [site, table],
    });
    schedules.grantWriteSchedules(ingest.fn);
    schedules.grantDeleteSchedules(ingest.fn);
    Grant.addToPrincipal({
      grantee: ingest.fn,
      actions: ['iam:PassRole'],
      resourceArns: [schedulerRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    });
    ingest.fn.addEnvironment('SCHEDULE_GROUP', schedules.scheduleGroupName);
    ingest.fn.addEnvironment('SCHEDULER_ROLE_ARN', schedulerRole.roleArn);
    ingest.fn.addEnvironment('PUBLISH_FUNCTION_ARN', publish.fn.functionArn);

    // cdk-nag names each wildcard it finds; each is acknowledged on its own, with its reason.
    const tableArn = `<${this.getLogicalId(table.node.defaultChild as CfnTable)}.Arn>`;
    const siteArn = `<${this.getLogicalId(site.node.defaultChild as CfnBucket)}.Arn>`;
    const wildcard = (finding: string, reason: string) => ({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    // cdk-nag prints a pseudo parameter as <AWS::Region> when the stack is environment-agnostic, the value when not.
    const pseudo = (value: string, name: string) => (Token.isUnresolved(value) ? `<${name}>` : value);
    for (const fn of [ingest, read, publish]) {
      Validations.of(fn).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'The basic execution role only lets the function write its own CloudWatch Logs.',
        },
        wildcard(
          `Resource::${tableArn}/index/*`,
          "grant*Data covers the table's indexes; the byFeed index is the only one.",
        ),
      );
    }
    Validations.of(ingest).acknowledge(
      wildcard(
        `Resource::arn:<AWS::Partition>:scheduler:${pseudo(this.region, 'AWS::Region')}:${pseudo(this.account, 'AWS::AccountId')}:schedule/${schedules.scheduleGroupName}/*`,
        "One schedule per scheduled article, named after it, within the stack's own schedule group only.",
      ),
    );
    Validations.of(schedulerRole).acknowledge(
      wildcard(
        `Resource::<${this.getLogicalId(publish.fn.node.defaultChild as CfnFunction)}.Arn>:*`,
        "grantInvoke covers the function's versions and aliases.",
      ),
    );
    Validations.of(publish).acknowledge(
      wildcard(
        `Resource::${siteArn}/*`,
        'The publisher writes any generated file path, but only in the site bucket.',
      ),
      wildcard(
        'Action::s3:GetObject*',
        'grantRead: the publisher reads object metadata to skip unchanged files.',
      ),
      wildcard('Action::s3:GetBucket*', 'grantRead on the site bucket only.'),
      wildcard('Action::s3:List*', 'grantRead on the site bucket only.'),
      wildcard('Action::s3:Abort*', 'grantPut: aborting its own multipart uploads in the site bucket.'),
      wildcard(
        'Action::s3:DeleteObject*',
        'grantDelete: removing pages and emptied category feeds in the site bucket.',
      ),
      wildcard(
        'Resource::*',
        'dynamodb:ListStreams, added by the stream event source, has no resource-level permissions.',
      ),
    );

    const integrations: Record<FunctionName, HttpLambdaIntegration> = {
      ingest: new HttpLambdaIntegration('IngestIntegration', ingest.fn),
      read: new HttpLambdaIntegration('ReadIntegration', read.fn),
    };
    for (const route of API_ROUTES) {
      const methods = route.method === 'GET' ? [HttpMethod.GET, HttpMethod.HEAD] : [HttpMethod[route.method]];
      api.addRoutes({ path: route.path, methods, integration: integrations[route.fn] });
    }
    // Everything else under /api reaches the app, which answers 404 or 405 as problem+json.
    api.addRoutes({
      path: '/api/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: integrations[FALLBACK_FUNCTION],
    });
    Validations.of(api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Writes are authorised in the function with hashed editor keys (Bearer); reads are public by design.',
    });

    // --- Business metrics from the structured logs, and alarms.
    new MetricFilter(this, 'ArticlesIngested', {
      logGroup: ingest.logGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'ArticlesIngested',
      filterPattern: FilterPattern.stringValue('$.message', '=', 'article.created'),
      metricValue: '1',
    });
    new MetricFilter(this, 'Regenerations', {
      logGroup: publish.logGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'Regenerations',
      filterPattern: FilterPattern.stringValue('$.message', '=', 'publish.done'),
      metricValue: '1',
    });
    new MetricFilter(this, 'PublishDuration', {
      logGroup: publish.logGroup,
      metricNamespace: METRIC_NAMESPACE,
      metricName: 'PublishDurationMs',
      filterPattern: FilterPattern.stringValue('$.message', '=', 'publish.done'),
      metricValue: '$.ms',
    });

    // A key of the stack's own: CloudWatch cannot use the AWS-managed alias/aws/sns key, so alarms
    // published to a topic encrypted with it are dropped.
    const alarmKey = new Key(this, 'AlarmKey', {
      description: 'feedwright: encrypts the alarm topic; CloudWatch may use it to publish alarms',
      enableKeyRotation: true,
      removalPolicy,
    });
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': this.account } };
    alarmKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromThisAccount,
      }),
    );
    const alarms = new Topic(this, 'Alarms', {
      displayName: 'feedwright alarms',
      enforceSSL: true,
      masterKey: alarmKey,
    });
    alarms.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [alarms.topicArn],
        conditions: {
          ...fromThisAccount,
          ArnLike: {
            'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*`,
          },
        },
      }),
    );
    if (props.alarmEmail !== undefined) alarms.addSubscription(new EmailSubscription(props.alarmEmail));
    const alarmDefs = [
      [
        'DeadLettersAlarm',
        'Stream batches reached the dead-letter queue',
        dlq.metricApproximateNumberOfMessagesVisible(),
      ],
      [
        'PublishErrorsAlarm',
        'The publish function failed',
        publish.fn.metricErrors({ period: Duration.minutes(5) }),
      ],
      ['Api5xxAlarm', 'The API answered 5xx', api.metricServerError({ period: Duration.minutes(5) })],
    ] as const;
    for (const [id, description, metric] of alarmDefs) {
      new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(new SnsAction(alarms));
    }

    // A function's Role is a GetAtt of its role, which orders the two already: the DependsOn CDK adds
    // beside it is redundant (cfn-lint W3005). The dependency on the role's policy stays.
    for (const construct of this.node.findAll()) {
      if (!(construct instanceof CfnResource) || construct.cfnResourceType !== 'AWS::Lambda::Function')
        continue;
      for (const dependency of construct.obtainDependencies())
        if (dependency instanceof CfnResource && dependency.cfnResourceType === 'AWS::IAM::Role')
          construct.removeDependency(dependency);
    }

    // --- Outputs.
    const outputs: Record<string, string> = {
      SiteUrl: siteUrl,
      // Where a custom domain's DNS record (an alias, or a CNAME) points.
      DistributionDomainName: distribution.distributionDomainName,
      ApiUrl: `${siteUrl}/api`,
      RssUrl: `${siteUrl}/rss.xml`,
      AtomUrl: `${siteUrl}/atom.xml`,
      JsonFeedUrl: `${siteUrl}/feed.json`,
      TableName: table.tableName,
      BucketName: site.bucketName,
      DeadLetterQueueUrl: dlq.queueUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
