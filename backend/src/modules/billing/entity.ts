import { defineEntity, p } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { User } from '../users/entity.ts';

/**
 * Our copy of one user's Stripe state (Layer 2). Stripe stays the source of truth: this row
 * holds references and the last state read from Stripe, with the time it was read, so a
 * Stripe outage never downgrades anyone and a stale copy is re-read (Layer 3).
 */
export const BillingAccountSchema = defineEntity({
  name: 'BillingAccount',
  tableName: 'billing_accounts',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    user: () => p.oneToOne(User).owner().unique('billing_accounts_user_unique').deleteRule('cascade'),
    stripeCustomerId: p.string().length(64).unique('billing_accounts_customer_unique'),
    subscriptionId: p.string().length(64).nullable(),
    status: p.string().length(32).nullable(),
    priceId: p.string().length(64).nullable(),
    interval: p.string().length(16).nullable(),
    currentPeriodEnd: p.datetime().nullable(),
    cancelAtPeriodEnd: p.boolean().default(false),
    /** Why Premium ended although the subscription is live: the period's charge was refunded in full or lost in a dispute. */
    revokedReason: p.string().length(32).nullable(),
    /** The `billing_sync_seq` ticket of the read this copy came from: an older read never overwrites it. */
    syncVersion: p.bigint('number').default(0),
    /** Reconciliation's claim on this account (so instances share the work without a lock). */
    reconcileLeaseUntil: p.datetime().nullable(),
    /** When Stripe last confirmed this copy; null until the first sync. */
    verifiedAt: p.datetime().nullable().index('billing_accounts_verified_idx'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});

export class BillingAccount extends BillingAccountSchema.class {}
BillingAccountSchema.setClass(BillingAccount);
