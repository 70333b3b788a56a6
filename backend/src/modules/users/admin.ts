import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../audit/service.ts';
import { notifySql } from '../cache/bus.ts';
import { hotKeys } from '../cache/hot.ts';
import { Session } from '../sessions/entity.ts';
import { User } from './entity.ts';

export class AdminError extends Error {}

/**
 * `npm run admin -- disable <email>`: the account can no longer sign in, and every session ends
 * at once: the rows are revoked and every running instance (any process, through PostgreSQL
 * NOTIFY) forgets the session checks it remembers.
 */
export async function disableUser(em: EntityManager, email: string): Promise<{ sessionsEnded: number }> {
  const user = await em.findOne(User, { email: email.trim().toLowerCase() });
  if (!user) throw new AdminError(`No account with the email ${email}.`);
  const sessionsEnded = await em.transactional(async (tx) => {
    await tx.nativeUpdate(User, { id: user.id }, { disabledAt: new Date() });
    return tx.nativeUpdate(Session, { user: user.id, revokedAt: null }, { revokedAt: new Date(), revokedReason: 'account_disabled' });
  });
  const { sql, params } = notifySql([hotKeys.userSessions(user.id), hotKeys.entitlement(user.id)]);
  await em.getConnection().execute(sql, params);
  await audit(em, null, { action: 'account.disabled', category: 'security', severity: 'warning', userId: user.id, metadata: { sessionsEnded, by: 'admin' } });
  return { sessionsEnded };
}

export async function enableUser(em: EntityManager, email: string): Promise<void> {
  const user = await em.findOne(User, { email: email.trim().toLowerCase() });
  if (!user) throw new AdminError(`No account with the email ${email}.`);
  await em.nativeUpdate(User, { id: user.id }, { disabledAt: null });
  await audit(em, null, { action: 'account.enabled', category: 'security', userId: user.id, metadata: { by: 'admin' } });
}
