import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/entity.ts';

/** Premium given by the person running the server (a self-hosted band without Stripe). */
export const PlanGrantSchema = defineEntity({
  name: 'PlanGrant',
  tableName: 'plan_grants',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: () => p.manyToOne(User).deleteRule('cascade').index('plan_grants_user_idx'),
    plan: p.enum(['premium'] as const),
    until: p.datetime(),
    reason: p.string().length(200).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
  },
});

export class PlanGrant extends PlanGrantSchema.class {}
PlanGrantSchema.setClass(PlanGrant);
