import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/entity.ts';

export type EmailTokenPurpose = 'verify_email' | 'reset_password' | 'change_email';

/** A single-use link token sent by mail; only its SHA-256 is stored. */
export const EmailTokenSchema = defineEntity({
  name: 'EmailToken',
  tableName: 'email_tokens',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).deleteRule('cascade').index('email_tokens_user_idx'),
    purpose: p.enum(['verify_email', 'reset_password', 'change_email'] as const),
    /** For change_email: the address the link confirms (the account keeps its old one until then). */
    newEmail: p.string().length(254).nullable(),
    tokenHash: p.string().length(64).unique('email_tokens_hash_unique'),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class EmailToken extends EmailTokenSchema.class {}
EmailTokenSchema.setClass(EmailToken);
