import Router from '@koa/router';
import type { Context } from 'koa';
import {
  changePasswordRequest,
  forgotPasswordRequest,
  loginRequest,
  refreshRequest,
  registerRequest,
  resendVerificationRequest,
  resetPasswordRequest,
  updateProfileRequest,
  verifyEmailRequest,
} from '../../../../shared/api/auth.ts';
import { rateLimit, type RateLimitRule } from '../../http/rate-limit.ts';
import { validate } from '../../http/validate.ts';
import { audit } from '../audit/service.ts';
import { toDeviceView } from '../devices/service.ts';
import { CSRF_COOKIE, SESSION_COOKIE, csrfTokenFor, currentSession, requireAuth } from '../sessions/middleware.ts';
import { refreshFailure, revokeSessions, rotateRefreshToken, issueTokens } from '../sessions/service.ts';
import { toUserView } from '../users/service.ts';
import type { AuthDeps } from './deps.ts';
import * as auth from './service.ts';

const emailOf = (ctx: Context) => {
  const email = (ctx.request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' && email.length <= 254 ? email.trim().toLowerCase() : false;
};

function limits(deps: Pick<AuthDeps, 'config' | 'rateLimits'>) {
  const { windowMs, loginPerIp, loginPerEmail, registerPerIp, mailPerEmail } = deps.config.rateLimit;
  const minutes = Math.round(windowMs / 60_000);
  const rule = (r: RateLimitRule) => rateLimit(deps.rateLimits, r);
  return {
    loginIp: rule({ name: 'login-ip', max: loginPerIp, windowMs, key: (ctx) => ctx.ip, message: `Too many sign-in attempts from this network. Try again in ${minutes} minutes.` }),
    loginEmail: rule({ name: 'login-email', max: loginPerEmail, windowMs, key: emailOf, message: `Too many sign-in attempts for this account. Try again in ${minutes} minutes, or reset your password.` }),
    registerIp: rule({ name: 'register-ip', max: registerPerIp, windowMs, key: (ctx) => ctx.ip, message: `Too many accounts created from this network. Try again in ${minutes} minutes.` }),
    // Per address, so nobody can flood one inbox from many networks; the same answer for every address.
    mailEmail: rule({ name: 'mail-email', max: mailPerEmail, windowMs, key: emailOf, message: `Too many mails asked for this address. Try again in ${minutes} minutes.` }),
    mailIp: rule({ name: 'mail-ip', max: registerPerIp, windowMs, key: (ctx) => ctx.ip, message: `Too many mail requests from this network. Try again in ${minutes} minutes.` }),
    refreshIp: rule({ name: 'refresh-ip', max: loginPerIp * 4, windowMs, key: (ctx) => ctx.ip, message: `Too many renewals from this network. Try again in ${minutes} minutes.` }),
  };
}

function setWebCookies(ctx: Context, deps: Pick<AuthDeps, 'config'>, accessToken: string, sessionId: string) {
  const common = { secure: deps.config.isProduction, sameSite: 'lax' as const, maxAge: deps.config.jwt.accessTtlMs, overwrite: true };
  ctx.cookies.set(SESSION_COOKIE, accessToken, { ...common, httpOnly: true });
  ctx.cookies.set(CSRF_COOKIE, csrfTokenFor(deps, sessionId), { ...common, httpOnly: false });
}

function clearWebCookies(ctx: Context) {
  ctx.cookies.set(SESSION_COOKIE, null);
  ctx.cookies.set(CSRF_COOKIE, null);
}

export function authRoutes(deps: AuthDeps): Router {
  const router = new Router({ prefix: '/api/auth' });
  const limit = limits(deps);
  const em = () => deps.orm.em;

  router.post('/register', limit.registerIp, async (ctx) => {
    const input = validate(registerRequest, ctx.request.body);
    ctx.status = 201;
    ctx.body = await auth.register(deps, em(), ctx, input);
  });

  router.post('/login', limit.loginIp, limit.loginEmail, async (ctx) => {
    const input = validate(loginRequest, ctx.request.body);
    const { response, session } = await auth.login(deps, em(), ctx, input);
    if (input.client === 'web') {
      setWebCookies(ctx, deps, response.accessToken, session.id);
      ctx.body = { ...response, csrfToken: csrfTokenFor(deps, session.id) };
    } else {
      ctx.body = response;
    }
  });

  router.post('/refresh', limit.refreshIp, async (ctx) => {
    const { refreshToken } = validate(refreshRequest, ctx.request.body);
    const outcome = await rotateRefreshToken(deps, em(), refreshToken);
    if (!outcome.ok) {
      await audit(em(), ctx, {
        action: 'auth.refresh_rejected',
        category: 'security',
        severity: outcome.reason === 'reused' ? 'critical' : 'warning',
        userId: outcome.session?.user.id ?? null,
        metadata: { reason: outcome.reason },
      });
      throw refreshFailure[outcome.reason]();
    }
    ctx.body = { ...issueTokens(outcome.session, outcome.refreshToken, deps.config), user: toUserView(outcome.session.user) };
  });

  router.post('/logout', requireAuth(deps), async (ctx) => {
    const session = currentSession(ctx);
    await revokeSessions(deps, em(), session.user.id, { sessionId: session.id }, 'signed_out');
    if (session.device) {
      session.device.signedOutAt = new Date();
      await em().flush();
    }
    clearWebCookies(ctx);
    await audit(em(), ctx, { action: 'auth.logout', category: 'security', userId: session.user.id });
    ctx.body = { ok: true, message: 'Signed out. Your library stays on this device.' };
  });

  router.get('/me', requireAuth(deps), (ctx) => {
    const session = currentSession(ctx);
    ctx.body = { user: toUserView(session.user), device: session.device ? toDeviceView(session.device, session.device.id) : null };
  });

  router.post('/update-profile', requireAuth(deps), async (ctx) => {
    const input = validate(updateProfileRequest, ctx.request.body);
    const { user } = currentSession(ctx);
    if (input.displayName !== undefined) user.displayName = input.displayName;
    await em().flush();
    await audit(em(), ctx, { action: 'auth.profile_updated', category: 'business', userId: user.id });
    ctx.body = { user: toUserView(user) };
  });

  router.post('/change-password', requireAuth(deps), async (ctx) => {
    const input = validate(changePasswordRequest, ctx.request.body);
    await auth.changePassword(deps, em(), ctx, currentSession(ctx), input.currentPassword, input.newPassword);
    ctx.body = { ok: true, message: 'Password changed. Your other devices were signed out.' };
  });

  router.post('/forgot-password', limit.mailIp, limit.mailEmail, async (ctx) => {
    const { email } = validate(forgotPasswordRequest, ctx.request.body);
    await auth.forgotPassword(deps, em(), ctx, email);
    ctx.status = 202;
    ctx.body = { ok: true, message: `If an account exists for ${email}, we sent it a link to choose a new password.` };
  });

  router.post('/reset-password', limit.mailIp, async (ctx) => {
    const input = validate(resetPasswordRequest, ctx.request.body);
    await auth.resetPassword(deps, em(), ctx, input.token, input.newPassword);
    ctx.body = { ok: true, message: 'Password changed. Sign in with your new password.' };
  });

  router.post('/verify-email', async (ctx) => {
    const { token } = validate(verifyEmailRequest, ctx.request.body);
    const user = await auth.verifyEmail(deps, em(), ctx, token);
    ctx.body = { ok: true, user: toUserView(user), message: 'Email confirmed. You can sign in now.' };
  });

  router.post('/resend-verification', limit.mailIp, limit.mailEmail, async (ctx) => {
    const { email } = validate(resendVerificationRequest, ctx.request.body);
    await auth.resendVerification(deps, em(), ctx, email);
    ctx.status = 202;
    ctx.body = { ok: true, message: `If ${email} has an unconfirmed account, we sent it a new link.` };
  });

  return router;
}
