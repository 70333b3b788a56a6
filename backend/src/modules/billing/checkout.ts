import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { conflict } from '../../http/errors.ts';
import type { User } from '../users/entity.ts';
import type { BillingDeps } from './deps.ts';
import { ensureCustomer, type CatalogPrice } from './service.ts';
import { toBillingError } from './stripe-errors.ts';
import { isLive } from './stripe-state.ts';
import { syncCustomer } from './sync.ts';

/**
 * Opens the one checkout a user may have open, so nobody pays twice:
 * - Stripe itself (not our copy, which a webhook may not have reached yet) is asked whether the
 *   customer already has a live subscription: then 409, and our copy is re-read.
 * - Every checkout session still open for the customer is expired, so an older tab can no longer
 *   be paid.
 * - The create call's idempotency key is per user, price and the newest earlier session: a
 *   double click or a retried request gets the same session, a later request a new one.
 * Promotion codes and automatic tax are offered when STRIPE_ALLOW_PROMOTION_CODES / STRIPE_AUTOMATIC_TAX say so.
 * If two sessions are paid anyway (a race with Stripe), the sync cancels and refunds the newer
 * subscription (duplicates.ts).
 */
export async function openCheckout(
  deps: BillingDeps,
  em: EntityManager,
  user: User,
  price: CatalogPrice,
  log: Logger,
): Promise<{ session: Stripe.Checkout.Session; expired: string[] }> {
  const account = await ensureCustomer(deps, em, user);
  const stripe = deps.stripe!;
  const customer = account.stripeCustomerId;
  const fail = (what: string) => (err: unknown) => {
    throw toBillingError(err, log, what);
  };
  const subs = await stripe.api.subscriptions.list({ customer, status: 'all', limit: 10 }).catch(fail('checking existing subscriptions'));
  if (subs.data.some(isLive)) {
    void syncCustomer(deps, customer, 'checkout_guard').catch(() => undefined);
    throw conflict('already_subscribed', 'You already have Premium (your payment is being confirmed). Use "Manage billing" to change or cancel it.');
  }
  const sessions = await stripe.api.checkout.sessions.list({ customer, limit: 10 }).catch(fail('listing checkout sessions'));
  const expired: string[] = [];
  for (const open of sessions.data.filter((s) => s.status === 'open')) {
    // Already completed or expired meanwhile: Stripe refuses, and that is fine.
    const done = await stripe.api.checkout.sessions.expire(open.id).then(
      () => true,
      (err: { statusCode?: number }) => {
        if (err.statusCode && err.statusCode < 500) return false;
        throw toBillingError(err, log, 'expiring an older checkout session');
      },
    );
    if (done) expired.push(open.id);
  }
  const newest = sessions.data[0]?.id ?? 'first';
  const { allowPromotionCodes, automaticTax } = deps.config.stripe;
  const session = await stripe.api.checkout.sessions
    .create(
      {
        mode: 'subscription',
        customer,
        client_reference_id: user.id,
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: `${deps.config.publicUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${deps.config.publicUrl}/billing/cancel`,
        subscription_data: { metadata: { userId: user.id } },
        metadata: { userId: user.id },
        ...(allowPromotionCodes && { allow_promotion_codes: true }),
        // Tax needs the customer's address: Stripe refuses automatic tax for an existing customer
        // without one unless Checkout may save the address entered there.
        ...(automaticTax && { automatic_tax: { enabled: true }, customer_update: { address: 'auto', name: 'auto' } }),
      },
      { idempotencyKey: `checkout-${user.id}-${price.id}-after-${newest}` },
    )
    .catch(fail('creating a checkout session'));
  return { session, expired };
}
