import type { EntityManager } from '@mikro-orm/postgresql';
import { newSecret, sha256 } from '../../crypto.ts';
import { badRequest } from '../../http/errors.ts';
import type { User } from '../users/entity.ts';
import { EmailToken, type EmailTokenPurpose } from './entity.ts';

/** Creates a single-use link token; earlier unused tokens of the same purpose stop working. */
export async function issueEmailToken(em: EntityManager, user: User, purpose: EmailTokenPurpose, ttlMs: number, newEmail: string | null = null): Promise<string> {
  await em.nativeUpdate(EmailToken, { user, purpose, usedAt: null }, { usedAt: new Date() });
  const raw = newSecret();
  em.create(EmailToken, { user, purpose, tokenHash: sha256(raw), expiresAt: new Date(Date.now() + ttlMs), newEmail });
  return raw;
}

/** Marks the token used (atomically, so a link works exactly once) and returns its user. */
export async function consumeEmailToken(em: EntityManager, raw: string, purpose: EmailTokenPurpose): Promise<User> {
  return (await consumeEmailTokenRow(em, raw, purpose)).user;
}

/** The same, returning the token row (a change_email token carries the new address). */
export async function consumeEmailTokenRow(em: EntityManager, raw: string, purpose: EmailTokenPurpose): Promise<EmailToken> {
  const what = { verify_email: 'verification', reset_password: 'password reset', change_email: 'email change' }[purpose];
  const token = await em.findOne(EmailToken, { tokenHash: sha256(raw), purpose }, { populate: ['user'] });
  if (!token) throw badRequest('link_invalid', `This ${what} link is not valid. Ask for a new one.`);
  if (token.usedAt) throw badRequest('link_used', `This ${what} link was already used. Ask for a new one if you still need it.`);
  if (token.expiresAt.getTime() <= Date.now()) throw badRequest('link_expired', `This ${what} link has expired. Ask for a new one.`);
  const claimed = await em.nativeUpdate(EmailToken, { id: token.id, usedAt: null }, { usedAt: new Date() });
  if (claimed !== 1) throw badRequest('link_used', `This ${what} link was already used. Ask for a new one if you still need it.`);
  return token;
}
