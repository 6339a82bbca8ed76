import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Ping {
  contentType: string | undefined;
  form: URLSearchParams;
}

export interface HubStandIn {
  url: string;
  /** Every publish ping received, in order. */
  pings: Ping[];
  close(): Promise<void>;
}

/** A WebSub hub stand-in on loopback that records the publish pings; `status` is what it answers. */
export async function startHub(status = 204): Promise<HubStandIn> {
  const pings: Ping[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      pings.push({ contentType: req.headers['content-type'], form: new URLSearchParams(body) });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`,
    pings,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
