import type Stripe from 'stripe';
import { audit } from '../audit/service.ts';
import type { StripeClient } from '../stripe/client.ts';
import type { BillingDeps } from './deps.ts';
import { latestCharge } from './stripe-state.ts';

const replayed = (res: { lastResponse?: { headers?: Record<string, string> } }) => res.lastResponse?.headers?.['idempotent-replayed'] === 'true';

/**
 * A customer Stripe charges for two live subscriptions (two checkouts both paid) keeps the older
 * one; each newer one is cancelled now and its payment refunded in full, with an audit entry.
 * Idempotency keys make concurrent syncs (and instances) do it once.
 */
export async function cancelDuplicates(deps: BillingDeps, stripe: StripeClient, userId: string, customerId: string, keep: Stripe.Subscription, duplicates: Stripe.Subscription[]): Promise<void> {
  for (const sub of duplicates) {
    const cancelled = await stripe.api.subscriptions.cancel(sub.id, { cancellation_details: { comment: `duplicate of ${keep.id}` } }, { idempotencyKey: `duplicate-cancel-${sub.id}` });
    const charge = await latestCharge(stripe, sub);
    const refund = charge && charge.amount_refunded < charge.amount
      ? await stripe.api.refunds.create({ charge: charge.id, reason: 'duplicate', metadata: { subscription: sub.id } }, { idempotencyKey: `duplicate-refund-${sub.id}` })
      : null;
    if (replayed(cancelled) && (!refund || replayed(refund))) continue;
    await audit(deps.orm.em, null, {
      action: 'billing.duplicate_subscription_refunded',
      category: 'business',
      severity: 'warning',
      userId,
      metadata: { customer: customerId, kept: keep.id, cancelled: sub.id, refund: refund?.id ?? null, amount: refund?.amount ?? 0, currency: refund?.currency ?? null },
    });
    deps.log.warn({ customerId, kept: keep.id, cancelled: sub.id, refund: refund?.id }, 'duplicate subscription cancelled and refunded');
  }
}
