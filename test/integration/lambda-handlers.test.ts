import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  DynamoDBRecord,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Emulator } from '../../infra/local/emulator.js';
import { makeArticle } from '../fixtures/articles.js';
import { emulator, freshTable } from '../helpers/emulator.js';
import { type StandIn, secretsStandIn } from '../helpers/stand-ins.js';

const KEY = 'lambda-test-key';
const ORIGIN_SECRET = 'origin-secret-as-cloudfront-sends-it';
let emu: Emulator;
let seed: Awaited<ReturnType<typeof freshTable>>;
let secrets: StandIn;

beforeAll(async () => {
  emu = await emulator();
  seed = await freshTable(emu);
  // The Lambda modules read their world from the environment, as on AWS; the SDK honours the endpoint override.
  vi.stubEnv('TABLE_NAME', seed.tableName);
  vi.stubEnv('SITE_URL', 'https://news.example');
  vi.stubEnv('EDITOR_API_KEY', KEY);
  secrets = await secretsStandIn({ AWSCURRENT: ORIGIN_SECRET });
  vi.stubEnv('ORIGIN_SECRET_ARN', 'arn:aws:secretsmanager:local:123456789012:secret:origin');
  vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', secrets.endpoint);
  vi.stubEnv('BUCKET_NAME', 'unused-in-this-test');
  vi.stubEnv('AWS_REGION', 'local');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', emu.endpoint);
  // Ingest's scheduler is configured as on AWS; nothing in these tests is scheduled, so it is never called.
  vi.stubEnv('SCHEDULE_GROUP', 'feedwright');
  vi.stubEnv('SCHEDULER_ROLE_ARN', 'arn:aws:iam::123456789012:role/scheduler');
  vi.stubEnv('PUBLISH_FUNCTION_ARN', 'arn:aws:lambda:local:123456789012:function:publish');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await secrets.close();
  await emu.close();
});

const context = { awsRequestId: 'req-1' } as Context;

function event(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    // As CloudFront sends it; a test of a direct call passes an empty value.
    headers: { 'content-type': 'application/json', 'x-origin-verify': ORIGIN_SECRET, ...headers },
    requestContext: {
      http: { method, path, sourceIp: '198.51.100.20' },
      requestId: 'req-1',
    } as APIGatewayProxyEventV2['requestContext'],
    body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)).toString('base64'),
    isBase64Encoded: true,
  };
}

describe('the Lambda entry modules', () => {
  it('ingest stores a posted article and read lists it, through API Gateway v2 events', async () => {
    const ingest = await import('../../functions/handlers/ingest.js');
    const read = await import('../../functions/handlers/read.js');
    const created = (await ingest.handler(
      event(
        'POST',
        '/api/articles',
        { title: 'From Lambda', contentText: 'Hello' },
        { authorization: `Bearer ${KEY}` },
      ),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(created.statusCode).toBe(201);
    expect(JSON.parse(created.body ?? '{}')).toMatchObject({
      id: 'from-lambda',
      url: 'https://news.example/articles/from-lambda',
    });

    const latest = (await read.handler(
      event('GET', '/api/latest'),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(latest.statusCode).toBe(200);
    expect(JSON.parse(latest.body ?? '{}').items.map((i: { id: string }) => i.id)).toEqual(['from-lambda']);

    const missing = (await read.handler(
      event('GET', '/api/nothing'),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(missing.statusCode).toBe(404);
    expect(missing.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
  });

  it('refuses a request that did not come through CloudFront, even one with a good key', async () => {
    const ingest = await import('../../functions/handlers/ingest.js');
    const direct = (await ingest.handler(
      event(
        'POST',
        '/api/articles',
        { title: 'Around the CDN', contentText: 'x' },
        { authorization: `Bearer ${KEY}`, 'x-origin-verify': '' },
      ),
      context,
    )) as APIGatewayProxyStructuredResultV2;
    expect(direct.statusCode).toBe(403);
    expect(direct.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(await seed.stores.articles.get('around-the-cdn')).toBeNull();
  });

  it('publish reports a poison record as a batch item failure', async () => {
    const publish = await import('../../functions/handlers/publish.js');
    await seed.stores.articles.insert(makeArticle(1));
    const poison: DynamoDBRecord = {
      eventID: 'poison',
      eventName: 'INSERT',
      dynamodb: {
        Keys: { pk: { S: 'ARTICLE#bad' } },
        NewImage: { pk: { S: 'ARTICLE#bad' } },
        SequenceNumber: '999',
      },
    };
    // Only the decoding is exercised: the poison record fails before any S3 write is attempted.
    const result = (await publish.handler({ Records: [poison] }, context)) as { batchItemFailures: unknown };
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: '999' }]);
  });
});
