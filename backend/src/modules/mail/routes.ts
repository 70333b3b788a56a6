import Router from '@koa/router';
import type { Mailer } from './mailer.ts';

/**
 * Development only: the mails that would have been sent, so a person (or an end-to-end
 * test in another process) can open a verification link without an SMTP server.
 * Never mounted in production or when SMTP is configured.
 */
export function devMailRoutes(deps: { mailer: Mailer }): Router {
  const router = new Router({ prefix: '/api/dev' });
  router.get('/mail', (ctx) => {
    const to = typeof ctx.query.to === 'string' ? ctx.query.to.toLowerCase() : undefined;
    ctx.body = { mails: deps.mailer.outbox.filter((m) => !to || m.to === to) };
  });
  return router;
}
