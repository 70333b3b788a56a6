import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  /** The exact bytes received, as a webhook handler must verify them. */
  body: Buffer;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Event types received, in arrival order. */
  types(): string[];
  /** Answer the next `n` deliveries with `status` instead of 200. */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

/** A tiny local webhook endpoint that records what it gets. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let failures: { n: number; status: number } = { n: 0, status: 500 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      if (failures.n > 0) {
        failures.n--;
        res.writeHead(failures.status).end('nope');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    types: () => received.map((r) => (JSON.parse(r.body.toString('utf8')) as { type: string }).type),
    failNext: (n, status = 500) => {
      failures = { n, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
