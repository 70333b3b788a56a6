import Router from '@koa/router';
import type { Logger } from 'pino';
import { safeEqual } from '../../crypto.ts';
import { notFound, unauthorized } from '../../http/errors.ts';
import type { Mailer } from './mailer.ts';

const LOOPBACK_PEER = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Development only: the mails that would have been sent, so a person (or an end-to-end
 * test in another process) can open a verification link without an SMTP server. Mounted only
 * on a loopback bind without SMTP (config.devMailbox), answers only to this machine, and only
 * with the random token printed at start: a reset link in it would take the account over.
 */
export function devMailRoutes(deps: { mailer: Mailer; mailbox: { token: string }; log: Logger }): Router {
  const router = new Router({ prefix: '/api/dev' });
  deps.log.info(`development mailbox: GET /api/dev/mail with the header "X-Dev-Mail-Token: ${deps.mailbox.token}" (or ?token=${deps.mailbox.token})`);
  router.get('/mail', (ctx) => {
    if (!LOOPBACK_PEER.test(ctx.req.socket.remoteAddress ?? '')) throw notFound();
    const sent = ctx.get('x-dev-mail-token') || (typeof ctx.query.token === 'string' ? ctx.query.token : '');
    if (!sent || !safeEqual(sent, deps.mailbox.token)) {
      throw unauthorized('dev_mail_token', 'Send the development mailbox token printed when the backend started (X-Dev-Mail-Token header or ?token=).');
    }
    const to = typeof ctx.query.to === 'string' ? ctx.query.to.toLowerCase() : undefined;
    ctx.body = { mails: deps.mailer.outbox.filter((m) => !to || m.to === to) };
  });
  return router;
}
