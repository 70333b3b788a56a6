import Router from '@koa/router';
import { changeEmailRequest, confirmEmailChangeRequest, deleteAccountRequest } from '../../../../shared/api/account.ts';
import { AppError } from '../../http/errors.ts';
import { escapeHtml, page } from '../../http/page.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import { validate } from '../../http/validate.ts';
import type { AuthDeps } from '../auth/deps.ts';
import { stripeRouteLimits } from '../billing/stripe-limits.ts';
import { currentSession, requireAuth } from '../sessions/middleware.ts';
import { confirmEmailChange, deleteAccount, requestEmailChange } from './account.ts';
import { exportAccount } from './export.ts';
import { toUserView } from './service.ts';

/** The user's own account: export, delete, change email. */
export function accountRoutes(deps: AuthDeps): Router {
  const router = new Router({ prefix: '/api/account' });
  const em = () => deps.orm.em;
  const { windowMs, mailPerEmail, registerPerIp } = deps.config.rateLimit;
  const perUser = rateLimit(deps.rateLimits, {
    name: 'account-user',
    max: mailPerEmail,
    windowMs,
    key: (ctx) => ctx.state.auth?.principal.userId ?? ctx.ip,
    message: `Too many account changes. Try again in ${Math.round(windowMs / 60_000)} minutes.`,
  });
  const perIp = rateLimit(deps.rateLimits, { name: 'account-ip', max: registerPerIp, windowMs, key: (ctx) => ctx.ip, message: 'Too many attempts. Try again later.' });

  router.get('/export', requireAuth(deps), perUser, async (ctx) => {
    const { user } = currentSession(ctx);
    ctx.set('Content-Disposition', 'attachment; filename="stagetracker-account.json"');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await exportAccount(em(), user);
  });

  // Deleting cancels the Stripe subscriptions: limited per IP like every route that calls Stripe, and per user.
  router.post('/delete', stripeRouteLimits(deps, 'account-delete', 'action').perIp, requireAuth(deps), perUser, async (ctx) => {
    const { password } = validate(deleteAccountRequest, ctx.request.body);
    const { subscriptionsCancelled } = await deleteAccount(deps, em(), ctx, currentSession(ctx).user, password);
    ctx.body = {
      ok: true,
      subscriptionsCancelled,
      message: 'Your account and its personal data are deleted. The library on your devices stays there with Free limits.',
    };
  });

  router.post('/change-email', requireAuth(deps), perUser, async (ctx) => {
    const { newEmail, password } = validate(changeEmailRequest, ctx.request.body);
    await requestEmailChange(deps, em(), ctx, currentSession(ctx).user, newEmail, password);
    ctx.status = 202;
    ctx.body = { ok: true, message: `We sent a confirmation link to ${newEmail}. Your account keeps its current address until you open it.` };
  });

  router.post('/confirm-email-change', perIp, async (ctx) => {
    const { token } = validate(confirmEmailChangeRequest, ctx.request.body);
    const user = await confirmEmailChange(deps, em(), ctx, token);
    ctx.body = { ok: true, user: toUserView(user), message: `Your account now uses ${user.email}. Sign in again on your devices.` };
  });

  /** The page the mailed link opens. */
  router.get('/confirm-email-change', perIp, async (ctx) => {
    ctx.type = 'html';
    const parsed = confirmEmailChangeRequest.safeParse({ token: String(ctx.query.token ?? '') });
    if (!parsed.success) {
      ctx.status = 400;
      ctx.body = page('Link not valid', '<p>This confirmation link is not complete. Open the link from the mail again.</p>');
      return;
    }
    try {
      const user = await confirmEmailChange(deps, em(), ctx, parsed.data.token);
      ctx.body = page('Email changed', `<p>Your account now uses <strong>${escapeHtml(user.email)}</strong>. Sign in again on your devices.</p>`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      ctx.status = err.status;
      ctx.body = page('Link not valid', `<p>${escapeHtml(err.message)}</p>`);
    }
  });

  return router;
}
