import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/entity.ts';
import { Device } from './device-entity.ts';

/**
 * One signed-in session. Its id is the `sid` claim of every access token issued for it,
 * so revoking the row makes those tokens useless at once.
 */
export const SessionSchema = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).deleteRule('cascade').index('sessions_user_idx'),
    device: () => p.manyToOne(Device).nullable().deleteRule('set null'),
    client: p.string().length(16),
    /** SHA-256 of the current refresh secret; the secret itself is never stored. */
    refreshTokenHash: p.string().length(64).unique('sessions_refresh_hash_unique'),
    /** The secret it replaced: presenting it again means the token was stolen, so the session is revoked. */
    previousRefreshTokenHash: p.string().length(64).nullable().index('sessions_prev_refresh_hash_idx'),
    refreshExpiresAt: p.datetime(),
    ip: p.string().length(64).nullable(),
    userAgent: p.string().length(256).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
    revokedReason: p.string().length(64).nullable(),
  },
});

export class Session extends SessionSchema.class {}
SessionSchema.setClass(Session);
