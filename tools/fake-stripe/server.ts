import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Router from '@koa/router';
import Koa, { type Middleware } from 'koa';

/** The fake's HTTP app: the `/v1` API, the checkout and portal pages, and `/_control`. */
export function createApp(api: Middleware, routers: Router[]): Koa {
  const app = new Koa();
  app.silent = true;
  app.on('error', (err: Error) => console.error('[fake-stripe]', err));
  app.use(api);
  for (const r of routers) {
    app.use(r.routes());
    app.use(r.allowedMethods());
  }
  app.use((ctx) => {
    ctx.status = 404;
    ctx.body = { error: `Not found: ${ctx.method} ${ctx.path} (fake Stripe)` };
  });
  return app;
}

export async function listen(app: Koa, port: number, host: string): Promise<{ server: Server; port: number }> {
  const server = app.listen({ port, host });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
