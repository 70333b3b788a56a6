import Router from '@koa/router';
import { newPasswordSchema, verifyEmailRequest } from '../../../../shared/api/auth.ts';
import { AppError } from '../../http/errors.ts';
import { page, escapeHtml } from '../../http/page.ts';
import { rateLimit } from '../../http/rate-limit.ts';
import type { AuthDeps } from './deps.ts';
import * as auth from './service.ts';

/**
 * The few pages a mail link opens in a normal browser: plain server-rendered HTML with
 * no scripts (the CSP forbids inline script), forms posting back to the same origin.
 */
export function authPages(deps: AuthDeps): Router {
  const router = new Router();
  const em = () => deps.orm.em;
  const { windowMs, registerPerIp } = deps.config.rateLimit;
  const formLimit = rateLimit(deps.rateLimits, { name: 'pages-ip', max: registerPerIp, windowMs, key: (ctx) => ctx.ip, message: 'Too many attempts. Try again later.' });

  router.get('/api/auth/verify-email', async (ctx) => {
    ctx.type = 'html';
    const parsed = verifyEmailRequest.safeParse({ token: String(ctx.query.token ?? '') });
    if (!parsed.success) {
      ctx.status = 400;
      ctx.body = page('Link not valid', '<p>This confirmation link is not complete. Open the link from the mail again, or ask for a new one from the player.</p>');
      return;
    }
    try {
      const user = await auth.verifyEmail(deps, em(), ctx, parsed.data.token);
      ctx.body = page('Email confirmed', `<p>Thanks, <strong>${escapeHtml(user.email)}</strong> is confirmed. Go back to StageTracker Pro and sign in.</p>`);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      ctx.status = err.status;
      ctx.body = page('Link not valid', `<p>${escapeHtml(err.message)}</p>`);
    }
  });

  router.get('/auth/reset-password', (ctx) => {
    ctx.type = 'html';
    const token = String(ctx.query.token ?? '');
    ctx.body = page(
      'Choose a new password',
      `<form method="post" action="/auth/reset-password">
        <input type="hidden" name="token" value="${escapeHtml(token)}">
        <label>New password <input type="password" name="newPassword" autocomplete="new-password" required autofocus></label>
        <p class="hint">At least 10 characters, with a lowercase letter, an uppercase letter and a digit.</p>
        <button type="submit">Set password</button>
      </form>`,
    );
  });

  router.post('/auth/reset-password', formLimit, async (ctx) => {
    ctx.type = 'html';
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const token = typeof body.token === 'string' ? body.token : '';
    const password = newPasswordSchema.safeParse(body.newPassword);
    if (!password.success) {
      ctx.status = 400;
      const problems = password.error.issues.map((i) => `<li>${escapeHtml(i.message)}</li>`).join('');
      ctx.body = page('Choose a new password', `<ul class="error">${problems}</ul><p><a href="/auth/reset-password?token=${encodeURIComponent(token)}">Try again</a></p>`);
      return;
    }
    try {
      await auth.resetPassword(deps, em(), ctx, token, password.data);
      ctx.body = page('Password changed', '<p>Your password is changed and every device was signed out. Sign in again from the player.</p>');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      ctx.status = err.status;
      ctx.body = page('Link not valid', `<p>${escapeHtml(err.message)}</p>`);
    }
  });

  return router;
}
