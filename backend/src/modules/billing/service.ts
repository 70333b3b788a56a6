import type { EntityManager } from '@mikro-orm/postgresql';
import { serviceUnavailable } from '../../http/errors.ts';
import { cacheKeys, TTL } from '../cache/service.ts';
import type { StripeClient } from '../stripe/client.ts';
import type { User } from '../users/entity.ts';
import type { BillingDeps } from './deps.ts';
import { BillingAccount } from './entity.ts';
import { isStripeConfigProblem, isStripeOutage, logStripeRefusal, toBillingError } from './stripe-errors.ts';
import { syncCustomer, syncInFlight } from './sync.ts';

export interface CatalogPrice {
  id: string;
  lookupKey: string;
  interval: 'month' | 'year';
  amount: number;
  currency: string;
  productName: string;
}

export function requireStripe(deps: Pick<BillingDeps, 'stripe'>): StripeClient {
  if (!deps.stripe) {
    throw serviceUnavailable(
      'billing_not_configured',
      'Billing is not configured on this server. Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or grant Premium with `npm run admin -- grant <email> premium --until <date>`).',
    );
  }
  return deps.stripe;
}

/** The Premium prices, from the cache (memory → cache_store → Stripe). */
export async function catalog(deps: Pick<BillingDeps, 'stripe' | 'cache' | 'config' | 'log'>): Promise<CatalogPrice[]> {
  const stripe = requireStripe(deps);
  try {
    return await deps.cache.get(cacheKeys.catalog, TTL.catalog, async () => {
      const prices = await stripe.api.prices.list({ lookup_keys: deps.config.stripe.priceLookupKeys, active: true, expand: ['data.product'], limit: 10 });
      return prices.data
        .filter((p) => p.recurring && p.unit_amount !== null && p.lookup_key)
        .map((p) => ({
          id: p.id,
          lookupKey: p.lookup_key!,
          interval: p.recurring!.interval as 'month' | 'year',
          amount: p.unit_amount!,
          currency: p.currency,
          productName: typeof p.product === 'object' && p.product && 'name' in p.product ? p.product.name : 'Premium',
        }));
    });
  } catch (err) {
    throw toBillingError(err, deps.log, 'the price catalog');
  }
}

/** The user's Stripe customer, created (and linked) before any checkout. */
export async function ensureCustomer(deps: Pick<BillingDeps, 'stripe' | 'log'>, em: EntityManager, user: User): Promise<BillingAccount> {
  const existing = await em.findOne(BillingAccount, { user });
  if (existing) return existing;
  const stripe = requireStripe(deps);
  // The idempotency key makes a retried or concurrent request reuse one customer.
  const customer = await stripe.api.customers
    .create({ email: user.email, name: user.displayName ?? undefined, metadata: { userId: user.id } }, { idempotencyKey: `customer-for-${user.id}` })
    .catch((err) => {
      throw toBillingError(err, deps.log, 'creating the customer');
    });
  await em.upsert(BillingAccount, { user, stripeCustomerId: customer.id }, { onConflictFields: ['user'], onConflictAction: 'ignore' });
  return em.findOneOrFail(BillingAccount, { user }, { refresh: true });
}

const REREAD_GAP_MS = 60_000;
const rereadStartedAt = new Map<string, number>();

function rereadAllowed(customerId: string, now: number): boolean {
  const last = rereadStartedAt.get(customerId);
  if (last !== undefined && now - last < REREAD_GAP_MS && now >= last) return false;
  if (rereadStartedAt.size > 10_000) {
    for (const [id, at] of rereadStartedAt) if (now - at >= REREAD_GAP_MS) rereadStartedAt.delete(id);
  }
  rereadStartedAt.set(customerId, now);
  return true;
}

/**
 * Our copy of the subscription, re-read from Stripe when it was last verified longer ago than
 * SUBSCRIPTION_VERIFY_HOURS. A user-facing request waits at most STRIPE_USER_TIMEOUT for that
 * read (the read goes on in the background and fixes the copy for the next request), and none
 * at all while the circuit breaker is open: an outage never downgrades anyone or slows sign-in.
 */
export async function billingAccountFor(deps: BillingDeps, em: EntityManager, userId: string): Promise<BillingAccount | null> {
  const account = await em.findOne(BillingAccount, { user: userId });
  if (!account || !deps.stripe) return account;
  const stale = !account.verifiedAt || deps.now().getTime() - account.verifiedAt.getTime() > deps.config.subscriptionVerifyMs;
  // Open breaker: Stripe is failing. A re-read already under way: it will fix the copy; waiting
  // for another one behind it would cost this user a second timeout.
  if (!stale || deps.stripe.breaker.snapshot().state === 'open' || syncInFlight(account.stripeCustomerId)) return account;
  // At most one stale re-read a minute per customer, whatever the request rate: sign-in and
  // entitlements are not rate-limited per request (players poll them), and a re-read that keeps
  // failing for one customer (one Stripe refuses) would otherwise cost a Stripe call every request.
  if (!rereadAllowed(account.stripeCustomerId, deps.now().getTime())) return account;
  const reread = syncCustomer(deps, account.stripeCustomerId, 'stale_read').then(
    (synced) => synced ?? account,
    (err) => {
      if (isStripeConfigProblem(err)) logStripeRefusal(deps.log, err, 'a subscription re-read');
      else if (!isStripeOutage(err)) deps.log.error({ err }, 'subscription re-verification failed');
      else deps.log.warn({ err: (err as Error).message, customerId: account.stripeCustomerId }, 'Stripe unreachable; serving our copy');
      return account;
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<BillingAccount>((resolve) => {
    timer = setTimeout(() => resolve(account), deps.config.stripe.userTimeoutMs);
  });
  try {
    const fresh = await Promise.race([reread, waited]);
    // The re-read stored through its own entity manager: give this request's manager the stored row.
    return fresh === account ? account : await em.refresh(account) ?? account;
  } finally {
    clearTimeout(timer);
  }
}

export interface PriceDetails {
  amount: number | null;
  currency: string;
  interval: string | null;
}

/**
 * What the user pays, for the account panel: looked up in the cached catalog by the
 * price our copy holds, so showing it costs no Stripe call. Optional: null when the
 * catalog is unreachable or the price is no longer offered.
 */
export async function priceDetails(deps: Pick<BillingDeps, 'stripe' | 'cache' | 'config' | 'log'>, account: BillingAccount): Promise<PriceDetails | null> {
  if (!deps.stripe || !account.priceId) return null;
  try {
    const price = (await catalog(deps)).find((p) => p.id === account.priceId);
    return price ? { amount: price.amount, currency: price.currency, interval: price.interval } : null;
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'price details unavailable');
    return null;
  }
}
