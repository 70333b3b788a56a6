import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Context } from 'koa';
import type { z } from 'zod';
import type { loginRequest, registerRequest, LoginResponse, RegisterResponse } from '../../../../shared/api/auth.ts';
import { LockMode } from '@mikro-orm/core';
import { badRequest, conflict, forbidden, unauthorized } from '../../http/errors.ts';
import { audit } from '../audit/service.ts';
import { planStateFor } from '../billing/plan-state.ts';
import { admitDevice, toDeviceView } from '../devices/service.ts';
import { consumeEmailToken, issueEmailToken } from '../email-tokens/service.ts';
import type { Mail } from '../mail/mailer.ts';
import { mails } from '../mail/templates.ts';
import { createSession, deferInvalidation, issueTokens, revokeSessions } from '../sessions/service.ts';
import { Session } from '../sessions/entity.ts';
import { User } from '../users/entity.ts';
import { toUserView } from '../users/service.ts';
import type { AuthDeps } from './deps.ts';

type Ctx = Pick<Context, 'ip' | 'state' | 'get'>;

const INVALID_CREDENTIALS = 'Email or password is incorrect.';

async function sendMail(deps: Pick<AuthDeps, 'mailer'>, ctx: Ctx, mail: Mail) {
  // A mail failure never undoes what the user did; they can ask for the mail again.
  try {
    await deps.mailer.send(mail, ctx.state.log);
  } catch (err) {
    ctx.state.log.error({ err, subject: mail.subject }, 'mail delivery failed');
  }
}

function mailVerification(deps: Pick<AuthDeps, 'config' | 'mailer'>, ctx: Ctx, user: User, token: string) {
  const link = `${deps.config.publicUrl}/api/auth/verify-email?token=${encodeURIComponent(token)}`;
  return sendMail(deps, ctx, mails.verifyEmail(user.email, link, Math.round(deps.config.emailTokenTtlMs / 3_600_000)));
}

async function sendVerification(deps: Pick<AuthDeps, 'config' | 'mailer'>, em: EntityManager, ctx: Ctx, user: User) {
  const token = await issueEmailToken(em, user, 'verify_email', deps.config.emailTokenTtlMs);
  await em.flush();
  await mailVerification(deps, ctx, user, token);
}

export async function register(deps: Pick<AuthDeps, 'config' | 'mailer' | 'passwords'>, em: EntityManager, ctx: Ctx, input: z.output<typeof registerRequest>): Promise<RegisterResponse> {
  const passwordHash = await deps.passwords.hash(input.password);
  // The account and its verification token are written together or not at all.
  const created = await em
    .transactional(async (tx) => {
      const user = tx.create(User, { email: input.email, passwordHash, displayName: input.displayName ?? null });
      await tx.flush();
      return { user, token: await issueEmailToken(tx, user, 'verify_email', deps.config.emailTokenTtlMs) };
    })
    .catch((err) => {
      if (err instanceof UniqueConstraintViolationException) {
        throw conflict('email_taken', 'An account with this email already exists. Sign in, or reset your password if you forgot it.');
      }
      throw err;
    });
  const { user, token } = created;
  await audit(em, ctx, { action: 'auth.registered', category: 'security', userId: user.id });
  await mailVerification(deps, ctx, user, token);
  return {
    user: toUserView(user),
    message: deps.config.requireEmailVerification
      ? `Account created. We sent a confirmation link to ${user.email}; open it, then sign in.`
      : 'Account created. You can sign in now.',
  };
}

export async function login(deps: AuthDeps, em: EntityManager, ctx: Ctx, input: z.output<typeof loginRequest>) {
  const user = await em.findOne(User, { email: input.email });
  // Unknown email and wrong password answer the same, after the same bcrypt work.
  const ok = user ? await deps.passwords.verify(input.password, user.passwordHash) : await deps.passwords.verifyDecoy(input.password);
  if (!user || !ok) {
    await audit(em, ctx, {
      action: 'auth.login_failed',
      category: 'security',
      severity: 'warning',
      userId: user?.id ?? null,
      metadata: { email: input.email, reason: user ? 'wrong_password' : 'unknown_email' },
    });
    throw unauthorized('invalid_credentials', INVALID_CREDENTIALS);
  }
  if (user.disabledAt) {
    await audit(em, ctx, { action: 'auth.login_refused', category: 'security', severity: 'warning', userId: user.id, metadata: { reason: 'disabled' } });
    throw forbidden('account_disabled', 'This account has been disabled. Contact the person who runs this server.');
  }
  if (deps.config.requireEmailVerification && !user.emailVerifiedAt) {
    throw forbidden('email_not_verified', `Confirm your email first: open the link we sent to ${user.email}. You can ask for a new link if it expired.`);
  }

  // The extension always signs in as a device; without one, the session is a web session
  // (the backend's own pages, API scripts), which is never given an entitlement.
  const client = input.client ?? (input.device ? 'extension' : 'web');
  if (client === 'extension' && !input.device) {
    throw badRequest('device_required', 'The extension signs in as a device: send device {id, name}. Without one, sign in with client "web" (no Premium entitlement).', {
      device: ['Device is required when signing in from the extension.'],
    });
  }
  // The plan is read first (it may ask Stripe): no lock is held across a network call.
  const plan = input.device ? (await planStateFor(deps, em, user.id)).plan : null;
  const deferred = deferInvalidation(deps);
  const { session, refreshToken, device } = await em.transactional(async (tx) => {
    // Sign-ins of one account take turns (a row lock on the user), so concurrent sign-ins from
    // new devices cannot each see room under the device limit.
    const locked = await tx.findOneOrFail(User, { id: user.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const device = input.device && plan ? await admitDevice(deferred.deps, tx, locked, input.device, { plan, replaceDevice: input.replaceDevice }) : null;
    if (device) {
      // One live session per device: signing in again replaces the old one.
      await tx.flush();
      await revokeSessions(deferred.deps, tx, user.id, { deviceId: device.id }, 'replaced_by_new_sign_in');
    }
    const created = createSession(tx, { user: locked, device, client, ip: ctx.ip, userAgent: ctx.get('user-agent') || null }, deps.config);
    await tx.flush();
    return { ...created, device };
  });
  await deferred.flush();
  await audit(em, ctx, { action: 'auth.login', category: 'security', userId: user.id, metadata: { client, device: device?.name ?? null } });

  const response: LoginResponse = {
    ...issueTokens(session, refreshToken, deps.config),
    user: toUserView(user),
    device: device ? toDeviceView(device, device.id) : null,
  };
  return { response, session };
}

export async function verifyEmail(deps: Pick<AuthDeps, 'mailer'>, em: EntityManager, ctx: Ctx, token: string): Promise<User> {
  const user = await consumeEmailToken(em, token, 'verify_email');
  const firstTime = !user.emailVerifiedAt;
  user.emailVerifiedAt ??= new Date();
  await em.flush();
  if (firstTime) {
    await audit(em, ctx, { action: 'auth.email_verified', category: 'security', userId: user.id });
    await sendMail(deps, ctx, mails.welcome(user.email));
  }
  return user;
}

/** Always answers the same, whether or not the address has an account (no enumeration). */
export async function resendVerification(deps: Pick<AuthDeps, 'config' | 'mailer'>, em: EntityManager, ctx: Ctx, email: string): Promise<void> {
  const user = await em.findOne(User, { email });
  if (user && !user.emailVerifiedAt && !user.disabledAt) await sendVerification(deps, em, ctx, user);
}

export async function forgotPassword(deps: Pick<AuthDeps, 'config' | 'mailer'>, em: EntityManager, ctx: Ctx, email: string): Promise<void> {
  const user = await em.findOne(User, { email });
  await audit(em, ctx, { action: 'auth.password_reset_requested', category: 'security', userId: user?.id ?? null, metadata: { email, known: !!user } });
  if (!user || user.disabledAt) return;
  const token = await issueEmailToken(em, user, 'reset_password', deps.config.resetTokenTtlMs);
  await em.flush();
  const link = `${deps.config.publicUrl}/auth/reset-password?token=${encodeURIComponent(token)}`;
  await sendMail(deps, ctx, mails.resetPassword(user.email, link, Math.round(deps.config.resetTokenTtlMs / 60_000)));
}

async function setPassword(deps: Pick<AuthDeps, 'passwords'>, em: EntityManager, user: User, password: string) {
  user.passwordHash = await deps.passwords.hash(password);
  user.passwordChangedAt = new Date();
  await em.flush();
}

export async function resetPassword(deps: Pick<AuthDeps, 'mailer' | 'passwords' | 'invalidate'>, em: EntityManager, ctx: Ctx, token: string, newPassword: string): Promise<void> {
  const user = await consumeEmailToken(em, token, 'reset_password');
  await setPassword(deps, em, user, newPassword);
  // Opening the link proves control of the mailbox, so the address is verified too.
  user.emailVerifiedAt ??= new Date();
  await em.flush();
  await revokeSessions(deps, em, user.id, {}, 'password_reset');
  await audit(em, ctx, { action: 'auth.password_reset', category: 'security', userId: user.id });
  await sendMail(deps, ctx, mails.passwordChanged(user.email));
}

export async function changePassword(deps: Pick<AuthDeps, 'mailer' | 'passwords' | 'invalidate'>, em: EntityManager, ctx: Ctx, session: Session, current: string, next: string): Promise<void> {
  const user = session.user;
  if (!(await deps.passwords.verify(current, user.passwordHash))) {
    await audit(em, ctx, { action: 'auth.password_change_failed', category: 'security', severity: 'warning', userId: user.id });
    throw forbidden('wrong_password', 'Your current password is incorrect.');
  }
  await setPassword(deps, em, user, next);
  const revoked = await revokeSessions(deps, em, user.id, { exceptSessionId: session.id }, 'password_changed');
  await audit(em, ctx, { action: 'auth.password_changed', category: 'security', userId: user.id, metadata: { otherSessionsRevoked: revoked } });
  await sendMail(deps, ctx, mails.passwordChanged(user.email));
}
