import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../audit/service.ts';
import { User } from '../users/entity.ts';
import { PlanGrant } from './entity.ts';
import { notifySql } from '../cache/bus.ts';
import { hotKeys } from '../cache/hot.ts';

/** Every running backend instance forgets the user's remembered entitlement (works from any process). */
async function announcePlanChange(em: EntityManager, userId: string) {
  const { sql, params } = notifySql([hotKeys.entitlement(userId)]);
  await em.getConnection().execute(sql, params);
}

export class GrantError extends Error {}

/** Gives a user Premium until a date, without Stripe (a self-hosted band's own server). */
export async function grantPremium(em: EntityManager, email: string, until: Date, reason: string | null): Promise<PlanGrant> {
  const user = await em.findOne(User, { email: email.trim().toLowerCase() });
  if (!user) throw new GrantError(`No account with the email ${email}. The person must register first.`);
  if (!(until.getTime() > Date.now())) throw new GrantError(`The end date ${until.toISOString()} is in the past.`);
  // One live grant per user: a new grant replaces the old one.
  await em.nativeUpdate(PlanGrant, { user, revokedAt: null }, { revokedAt: new Date() });
  const grant = em.create(PlanGrant, { user, plan: 'premium', until, reason });
  await em.flush();
  await audit(em, null, { action: 'grant.created', category: 'business', userId: user.id, metadata: { until: until.toISOString(), reason } });
  await announcePlanChange(em, user.id);
  return grant;
}

export async function revokePremium(em: EntityManager, email: string): Promise<number> {
  const user = await em.findOne(User, { email: email.trim().toLowerCase() });
  if (!user) throw new GrantError(`No account with the email ${email}.`);
  const revoked = await em.nativeUpdate(PlanGrant, { user, revokedAt: null }, { revokedAt: new Date() });
  await audit(em, null, { action: 'grant.revoked', category: 'business', userId: user.id, metadata: { revoked } });
  await announcePlanChange(em, user.id);
  return revoked;
}

export async function listGrants(em: EntityManager): Promise<Array<{ email: string; until: Date; reason: string | null }>> {
  const grants = await em.find(PlanGrant, { revokedAt: null, until: { $gt: new Date() } }, { populate: ['user'], orderBy: { until: 'asc' } });
  return grants.map((g) => ({ email: g.user.email, until: g.until, reason: g.reason ?? null }));
}
