import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../functions/adapters/log.js';
import type { App } from '../../functions/http/app.js';
import { lambdaHandler } from '../../functions/http/lambda.js';
import type { HttpRequest } from '../../functions/http/types.js';

function event(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/api/health',
    rawQueryString: '',
    headers,
    requestContext: {
      http: { method: 'GET', path: '/api/health', sourceIp: '203.0.113.9' },
      requestId: 'req-1',
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
  };
}

/** An app that answers with what it was given, so each test sees what reached it. */
function recording(): { app: App; seen: HttpRequest[] } {
  const seen: HttpRequest[] = [];
  return {
    seen,
    app: async (req) => {
      seen.push(req);
      return { status: 200, headers: {}, body: 'ok' };
    },
  };
}

describe('the Lambda adapter with an origin secret', () => {
  it('passes a request carrying the secret, without the secret, and takes the viewer address from CloudFront', async () => {
    const { app, seen } = recording();
    const handler = lambdaHandler(app, silentLogger, { originSecrets: async () => ['s3cret-value'] });
    const res = await handler(
      event({ 'x-origin-verify': 's3cret-value', 'x-viewer-address': '198.51.100.7' }),
    );
    expect(res.statusCode).toBe(200);
    expect(seen[0]?.headers['x-origin-verify']).toBeUndefined();
    expect(seen[0]?.client).toBe('198.51.100.7');
  });

  it('refuses with 403 problem+json a request without it, with a wrong one, or with one of another length', async () => {
    const { app, seen } = recording();
    const handler = lambdaHandler(app, silentLogger, { originSecrets: async () => ['s3cret-value'] });
    const attempts: Array<Record<string, string>> = [
      { 'x-viewer-address': '1.2.3.4' },
      { 'x-origin-verify': 's3cret-valuf' },
      { 'x-origin-verify': 's3cret-value-and-more' },
      { 'x-origin-verify': '' },
    ];
    for (const headers of attempts) {
      const res = await handler(event(headers));
      expect(res.statusCode).toBe(403);
      expect(res.headers?.['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(res.body ?? '{}')).toMatchObject({ status: 403, title: 'Forbidden' });
      expect(res.body).not.toContain('s3cret');
    }
    expect(seen).toEqual([]);
  });

  it('takes the previous value beside the current one during a rotation, and no third', async () => {
    const { app } = recording();
    const handler = lambdaHandler(app, silentLogger, {
      originSecrets: async () => ['new-value', 'old-value'],
    });
    for (const [value, status] of [
      ['new-value', 200],
      ['old-value', 200],
      ['older-value', 403],
    ] as const) {
      expect((await handler(event({ 'x-origin-verify': value }))).statusCode, value).toBe(status);
    }
  });

  it('takes every request when no secret is configured (the local server is the only way in there)', async () => {
    const { app, seen } = recording();
    const res = await lambdaHandler(app, silentLogger)(event({}));
    expect(res.statusCode).toBe(200);
    expect(seen[0]?.client).toBe('203.0.113.9');
  });
});
