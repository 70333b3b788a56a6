import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    /** Stored lowercased and trimmed; unique so concurrent sign-ups of one address cannot both win. */
    email: p.string().length(254).unique('users_email_unique'),
    passwordHash: p.string().length(100).hidden(),
    displayName: p.string().length(80).nullable(),
    emailVerifiedAt: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
    passwordChangedAt: p.datetime().onCreate(() => new Date()),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
