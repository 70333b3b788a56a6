import type { EntityManager } from '@mikro-orm/postgresql';
import Stripe from 'stripe';
import { PREMIUM_STATUSES, type SubscriptionStatus } from '../../../../shared/plans.ts';
import { serviceUnavailable } from '../../http/errors.ts';
import { hotKeys } from '../cache/hot.ts';
import { cacheKeys, TTL } from '../cache/service.ts';
import type { StripeClient } from '../stripe/client.ts';
import { User } from '../users/entity.ts';
import type { BillingDeps } from './deps.ts';
import { BillingAccount } from './entity.ts';
import { isStripeOutage, toBillingError } from './stripe-errors.ts';

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
export async function catalog(deps: Pick<BillingDeps, 'stripe' | 'cache' | 'config'>): Promise<CatalogPrice[]> {
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
    throw toBillingError(err);
  }
}

/** The user's Stripe customer, created (and linked) before any checkout. */
export async function ensureCustomer(deps: Pick<BillingDeps, 'stripe'>, em: EntityManager, user: User): Promise<BillingAccount> {
  const existing = await em.findOne(BillingAccount, { user });
  if (existing) return existing;
  const stripe = requireStripe(deps);
  // The idempotency key makes a retried or concurrent request reuse one customer.
  const customer = await stripe.api.customers
    .create({ email: user.email, name: user.displayName ?? undefined, metadata: { userId: user.id } }, { idempotencyKey: `customer-for-${user.id}` })
    .catch((err) => {
      throw toBillingError(err);
    });
  await em.upsert(BillingAccount, { user, stripeCustomerId: customer.id }, { onConflictFields: ['user'], onConflictAction: 'ignore' });
  return em.findOneOrFail(BillingAccount, { user }, { refresh: true });
}

type Sub = Stripe.Subscription;

const periodEnd = (sub: Sub): number | null => {
  const ends = sub.items.data.map((i) => i.current_period_end).filter((n): n is number => typeof n === 'number');
  return ends.length ? Math.max(...ends) : null;
};

/** The subscription that decides the plan: a Premium-giving one first, then the newest. */
function chooseSubscription(subs: Sub[]): Sub | null {
  const ranked = [...subs].sort((a, b) => {
    const pa = PREMIUM_STATUSES.includes(a.status as SubscriptionStatus) ? 1 : 0;
    const pb = PREMIUM_STATUSES.includes(b.status as SubscriptionStatus) ? 1 : 0;
    return pb - pa || b.created - a.created;
  });
  return ranked[0] ?? null;
}

const syncing = new Map<string, Promise<BillingAccount | null>>();

/**
 * The one idempotent way our copy changes: re-read the customer's subscriptions from
 * Stripe and store what Stripe holds now. Event order and duplicates therefore do not
 * matter. Used by webhooks, the checkout success page, stale reads and reconciliation.
 * Concurrent calls for one customer share one Stripe read.
 */
export function syncCustomer(deps: BillingDeps, customerId: string): Promise<BillingAccount | null> {
  let pending = syncing.get(customerId);
  if (!pending) {
    pending = doSync(deps, customerId).finally(() => syncing.delete(customerId));
    syncing.set(customerId, pending);
  }
  return pending;
}

async function doSync(deps: BillingDeps, customerId: string): Promise<BillingAccount | null> {
  try {
    return await readAndStore(deps, customerId);
  } catch (err) {
    // A customer Stripe does not know cannot be synced, now or on a retry.
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.statusCode === 404) {
      deps.log.warn({ customerId }, 'stripe has no such customer; nothing to sync');
      return null;
    }
    throw err;
  }
}

async function readAndStore(deps: BillingDeps, customerId: string): Promise<BillingAccount | null> {
  const stripe = requireStripe(deps);
  const em = deps.orm.em.fork();
  let account = await em.findOne(BillingAccount, { stripeCustomerId: customerId }, { populate: ['user'] });
  if (!account) {
    // A customer made outside our checkout (e.g. in the dashboard): link it by its metadata.
    const customer = await stripe.api.customers.retrieve(customerId);
    const userId = !customer.deleted ? customer.metadata?.userId : undefined;
    const user = userId ? await em.findOne(User, { id: userId }) : null;
    if (!user) {
      deps.log.warn({ customerId }, 'stripe customer is not linked to any user; ignored');
      return null;
    }
    account = (await em.findOne(BillingAccount, { user })) ?? em.create(BillingAccount, { user, stripeCustomerId: customerId });
    account.stripeCustomerId = customerId;
  }
  const list = await stripe.api.subscriptions.list({ customer: customerId, status: 'all', limit: 20 });
  const sub = chooseSubscription(list.data);
  const end = sub ? periodEnd(sub) : null;
  const item = sub?.items.data[0];
  account.subscriptionId = sub?.id ?? null;
  account.status = sub?.status ?? null;
  account.priceId = item?.price.id ?? null;
  account.interval = item?.price.recurring?.interval ?? null;
  account.currentPeriodEnd = end ? new Date(end * 1000) : null;
  account.cancelAtPeriodEnd = sub?.cancel_at_period_end ?? false;
  account.verifiedAt = deps.now();
  await em.flush();
  await deps.invalidate([hotKeys.entitlement(account.user.id)]);
  return account;
}

/**
 * Our copy of the subscription, re-read from Stripe when it was last verified longer ago
 * than SUBSCRIPTION_VERIFY_HOURS. If Stripe is down or failing, the copy is
 * served as it is: an outage never downgrades anyone.
 */
export async function billingAccountFor(deps: BillingDeps, em: EntityManager, userId: string): Promise<BillingAccount | null> {
  const account = await em.findOne(BillingAccount, { user: userId });
  if (!account || !deps.stripe) return account;
  const stale = !account.verifiedAt || deps.now().getTime() - account.verifiedAt.getTime() > deps.config.subscriptionVerifyMs;
  if (!stale) return account;
  try {
    return (await syncCustomer(deps, account.stripeCustomerId)) ?? account;
  } catch (err) {
    if (!isStripeOutage(err)) deps.log.error({ err }, 'subscription re-verification failed');
    else deps.log.warn({ err: (err as Error).message, customerId: account.stripeCustomerId }, 'Stripe unreachable; serving our copy');
    return account;
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
