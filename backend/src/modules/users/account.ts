import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { badRequest, conflict, forbidden } from '../../http/errors.ts';
import { audit } from '../audit/service.ts';
import type { AuthDeps } from '../auth/deps.ts';
import { BillingAccount } from '../billing/entity.ts';
import { requireStripe } from '../billing/service.ts';
import { toBillingError } from '../billing/stripe-errors.ts';
import { hotKeys } from '../cache/hot.ts';
import { consumeEmailTokenRow, issueEmailToken } from '../email-tokens/service.ts';
import type { Mail } from '../mail/mailer.ts';
import { mails } from '../mail/templates.ts';
import { revokeSessions } from '../sessions/service.ts';
import { User } from './entity.ts';

type Ctx = Pick<Context, 'ip' | 'state' | 'get'>;
const ENDED = new Set(['canceled', 'incomplete_expired']);

async function sendMail(deps: Pick<AuthDeps, 'mailer'>, ctx: Ctx, mail: Mail) {
  await deps.mailer.send(mail, ctx.state.log).catch((err) => ctx.state.log.error({ err, subject: mail.subject }, 'mail delivery failed'));
}

async function requirePassword(deps: Pick<AuthDeps, 'passwords'>, em: EntityManager, ctx: Ctx, user: User, password: string, action: string) {
  if (await deps.passwords.verify(password, user.passwordHash)) return;
  await audit(em, ctx, { action: 'account.password_check_failed', category: 'security', severity: 'warning', userId: user.id, metadata: { action } });
  throw forbidden('wrong_password', 'Your password is incorrect.');
}

/**
 * Ends every live Stripe subscription of the user now (not at period end: nobody is charged for
 * an account that no longer exists). Throws (503) if Stripe cannot be reached, before anything is
 * deleted, so a deletion never leaves a subscription renewing.
 */
async function cancelSubscriptions(deps: AuthDeps, em: EntityManager, ctx: Ctx, userId: string): Promise<number> {
  const account = await em.findOne(BillingAccount, { user: userId });
  if (!account) return 0;
  const stripe = requireStripe(deps);
  try {
    const subs = await stripe.api.subscriptions.list({ customer: account.stripeCustomerId, status: 'all', limit: 100 });
    let cancelled = 0;
    for (const sub of subs.data) {
      if (ENDED.has(sub.status)) continue;
      await stripe.api.subscriptions.cancel(sub.id, { cancellation_details: { comment: 'account deleted' } }, { idempotencyKey: `account-deleted-${sub.id}` });
      cancelled++;
    }
    return cancelled;
  } catch (err) {
    throw toBillingError(err, ctx.state.log, 'cancelling subscriptions of a deleted account');
  }
}

/**
 * Deletes the account: Stripe subscriptions are cancelled first, then the user and everything
 * that belongs to them (devices, sessions, tokens, practice log, billing copy, grants: cascades).
 * The audit trail stays, anonymised: its entries move to a random id that nothing else knows,
 * and the addresses and email addresses in them are removed.
 */
export async function deleteAccount(deps: AuthDeps, em: EntityManager, ctx: Ctx, user: User, password: string): Promise<{ subscriptionsCancelled: number }> {
  await requirePassword(deps, em, ctx, user, password, 'delete_account');
  const subscriptionsCancelled = await cancelSubscriptions(deps, em, ctx, user.id);
  const tombstone = randomUUID();
  const { email, id } = user;
  await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const trx = tx.getTransactionContext();
    await conn.execute(`update audit_logs set user_id = ?, ip = null, metadata = metadata - 'email' where user_id = ?`, [tombstone, id], 'run', trx);
    await conn.execute(`update audit_logs set ip = null, metadata = metadata - 'email' where metadata->>'email' = ?`, [email], 'run', trx);
    await tx.nativeDelete(User, { id });
  });
  em.clear();
  await deps.invalidate([hotKeys.userSessions(id), hotKeys.entitlement(id)]);
  await audit(em, ctx, { action: 'account.deleted', category: 'security', userId: tombstone, metadata: { subscriptionsCancelled } });
  await sendMail(deps, ctx, mails.accountDeleted(email, subscriptionsCancelled));
  return { subscriptionsCancelled };
}

/** Starts an email change: the account keeps its address until the new one confirms by link. */
export async function requestEmailChange(deps: AuthDeps, em: EntityManager, ctx: Ctx, user: User, newEmail: string, password: string): Promise<void> {
  await requirePassword(deps, em, ctx, user, password, 'change_email');
  if (newEmail === user.email) throw badRequest('same_email', 'This is already your email address.');
  if (await em.findOne(User, { email: newEmail })) throw conflict('email_taken', 'Another account uses this email address.');
  const token = await issueEmailToken(em, user, 'change_email', deps.config.emailTokenTtlMs, newEmail);
  await em.flush();
  await audit(em, ctx, { action: 'account.email_change_requested', category: 'security', userId: user.id });
  const link = `${deps.config.publicUrl}/api/account/confirm-email-change?token=${encodeURIComponent(token)}`;
  await sendMail(deps, ctx, mails.confirmEmailChange(newEmail, link, Math.round(deps.config.emailTokenTtlMs / 3_600_000)));
}

/** Completes an email change from the link mailed to the new address; the old address is told. */
export async function confirmEmailChange(deps: AuthDeps, em: EntityManager, ctx: Ctx, raw: string): Promise<User> {
  const token = await consumeEmailTokenRow(em, raw, 'change_email');
  const user = token.user;
  const previous = user.email;
  user.email = token.newEmail!;
  user.emailVerifiedAt = new Date();
  await em.flush().catch((err) => {
    if (err instanceof UniqueConstraintViolationException) throw conflict('email_taken', 'Another account started using this address meanwhile.');
    throw err;
  });
  // Sign-ins elsewhere were made with the old address: they end, except none here (a link, no session).
  await revokeSessions(deps, em, user.id, {}, 'email_changed');
  await audit(em, ctx, { action: 'account.email_changed', category: 'security', userId: user.id });
  await sendMail(deps, ctx, mails.emailChanged(previous, user.email));
  return user;
}
