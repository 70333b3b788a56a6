import { raw } from '@mikro-orm/core';
import type Stripe from 'stripe';
import type { BillingDeps } from '../billing/deps.ts';
import { requireStripe } from '../billing/service.ts';
import { syncCustomer } from '../billing/sync.ts';
import { cacheKeys } from '../cache/service.ts';
import { StripeWebhookEvent } from './entity.ts';

/** The events we act on; anything else is acknowledged and ignored. */
export const HANDLED_EVENTS = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.trial_will_end',
  'invoice.paid',
  'invoice.payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.dispute.closed',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'product.created',
  'product.updated',
  'product.deleted',
  'price.created',
  'price.updated',
  'price.deleted',
]);

/** A handler that started more than this long ago and never finished is presumed dead. */
const STALE_PROCESSING_MS = 60_000;

export type ClaimResult = 'claimed' | 'done' | 'busy';

/**
 * Records the event id once. Exactly one delivery wins the claim; a redelivery of a
 * processed event is answered without work; a delivery racing an unfinished one is told
 * to come back (non-2xx, so Stripe retries it later).
 */
export async function claimEvent(deps: Pick<BillingDeps, 'orm'>, event: Stripe.Event): Promise<ClaimResult> {
  const em = deps.orm.em.fork();
  const inserted = await em
    .createQueryBuilder(StripeWebhookEvent)
    .insert({ id: event.id, type: event.type, status: 'processing', attempts: 1, receivedAt: new Date(), startedAt: new Date() })
    .onConflict('id')
    .ignore()
    .execute('run');
  if (inserted.affectedRows === 1) return 'claimed';
  // Someone has it: take it over only if that attempt failed or died.
  const retaken = await em.nativeUpdate(
    StripeWebhookEvent,
    { id: event.id, $or: [{ status: 'failed' }, { status: 'processing', startedAt: { $lt: new Date(Date.now() - STALE_PROCESSING_MS) } }] },
    { status: 'processing', startedAt: new Date(), error: null, attempts: raw('attempts + 1') },
  );
  if (retaken === 1) return 'claimed';
  const row = await em.findOne(StripeWebhookEvent, { id: event.id });
  return row?.status === 'processed' ? 'done' : 'busy';
}

export async function finishEvent(deps: Pick<BillingDeps, 'orm'>, id: string, error?: Error) {
  await deps.orm.em.fork().nativeUpdate(
    StripeWebhookEvent,
    { id },
    error ? { status: 'failed', error: error.message.slice(0, 500) } : { status: 'processed', processedAt: new Date(), error: null },
  );
}

function customerOf(object: unknown): string | null {
  const customer = (object as { customer?: string | { id: string } | null })?.customer;
  return typeof customer === 'string' ? customer : (customer?.id ?? null);
}

/** The customer an event is about; a dispute names only its charge, which names the customer. */
async function customerOfEvent(deps: BillingDeps, event: Stripe.Event): Promise<string | null> {
  const object = event.data.object as { object?: string; charge?: string | { id: string } };
  if (object.object === 'dispute' && object.charge) {
    const chargeId = typeof object.charge === 'string' ? object.charge : object.charge.id;
    return customerOf(await requireStripe(deps).api.charges.retrieve(chargeId));
  }
  return customerOf(object);
}

/**
 * The payload is only a hint of *which* customer changed: we re-read that customer from
 * Stripe (syncCustomer), so out-of-order and duplicate events end in Stripe's state.
 */
export async function handleEvent(deps: BillingDeps, event: Stripe.Event): Promise<void> {
  if (event.type.startsWith('product.') || event.type.startsWith('price.')) {
    await deps.cache.invalidate([cacheKeys.catalog]);
    return;
  }
  const customerId = await customerOfEvent(deps, event);
  if (customerId) await syncCustomer(deps, customerId, `webhook:${event.type}:${event.id}`);
}
