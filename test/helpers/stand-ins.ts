/**
 * Loopback stand-ins for the two AWS services that have no emulator here:
 * EventBridge Scheduler (recorded, answered as the API does) and Secrets
 * Manager's GetSecretValue by version stage. They speak the services' own
 * protocols, so the SDK in a bundle talks to them unchanged through its
 * documented AWS_ENDPOINT_URL_{SERVICE} variables.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  endpoint: string;
  close(): Promise<void>;
}

async function serve(
  handle: (req: IncomingMessage, body: string, res: ServerResponse) => void,
): Promise<StandIn> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** EventBridge Scheduler: every call is recorded as "METHOD /path" (and its body, if any) and succeeds. */
export async function schedulerStandIn(calls: string[]): Promise<StandIn> {
  return serve((req, body, res) => {
    calls.push(`${req.method} ${req.url}${body === '' ? '' : ` ${body}`}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ScheduleArn: 'arn:aws:scheduler:eu-west-1:123456789012:schedule/g/s' }));
  });
}

/** Secrets Manager: one secret's values by stage; `stages` may be changed between calls (a rotation). */
export async function secretsStandIn(
  stages: Partial<Record<'AWSCURRENT' | 'AWSPREVIOUS', string>>,
): Promise<StandIn> {
  return serve((req, body, res) => {
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(value));
    };
    if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue')
      return json(400, { __type: 'UnknownOperationException', message: String(req.headers['x-amz-target']) });
    const { SecretId, VersionStage } = JSON.parse(body) as { SecretId: string; VersionStage?: string };
    const value = stages[(VersionStage ?? 'AWSCURRENT') as 'AWSCURRENT' | 'AWSPREVIOUS'];
    if (value === undefined)
      return json(400, { __type: 'ResourceNotFoundException', message: `No ${VersionStage} version` });
    json(200, { ARN: SecretId, Name: 'origin', SecretString: value, VersionStages: [VersionStage] });
  });
}
