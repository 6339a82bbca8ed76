import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Ping {
  contentType: string | undefined;
  form: URLSearchParams;
}

export interface HubStandIn {
  url: string;
  /** Every publish ping received, in order. */
  pings: Ping[];
  /** Answers every held ping, and every later one at once. */
  release(): void;
  close(): Promise<void>;
}

/**
 * A WebSub hub stand-in on loopback that records the publish pings; `status`
 * is what it answers. A held hub records each ping but answers none until
 * `release()`: a hub that has stopped responding.
 */
export async function startHub(status = 204, options: { held?: boolean } = {}): Promise<HubStandIn> {
  const pings: Ping[] = [];
  let held = options.held ?? false;
  const waiting: Array<() => void> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      pings.push({ contentType: req.headers['content-type'], form: new URLSearchParams(body) });
      const answer = () => res.writeHead(status).end();
      if (held) waiting.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hub`,
    pings,
    release: () => {
      held = false;
      for (const answer of waiting.splice(0)) answer();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
