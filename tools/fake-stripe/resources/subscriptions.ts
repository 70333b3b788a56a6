import type Stripe from 'stripe';
import { FakeStripeError, invalidRequest } from '../errors.ts';
import { embeddedList, paginate, type ApiList } from '../list.ts';
import { addInterval, mergeMetadata, previousAttributes, type Metadata } from '../objects.ts';
import { bool, emptyable, inRange, int, metadata, oneOf, paging, parseParams, range, str, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId, type Store } from '../store.ts';
import { planFromPrice, type PriceRecord } from './prices.ts';

export const SUBSCRIPTION_STATUSES = ['active', 'trialing', 'past_due', 'canceled', 'unpaid', 'incomplete', 'incomplete_expired', 'paused'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
/** Statuses after which a subscription never changes again. */
const ENDED: readonly string[] = ['canceled', 'incomplete_expired'];

/**
 * In current API versions the billing period lives on each item (`items.data[].current_period_*`),
 * not on the subscription. Items embed the full price (and the legacy plan) even unexpanded.
 */
export type SubscriptionItemWire = Pick<
  Stripe.SubscriptionItem,
  'id' | 'object' | 'billing_thresholds' | 'created' | 'current_period_end' | 'current_period_start' | 'current_trial' | 'discounts' | 'metadata' | 'quantity' | 'subscription' | 'tax_rates'
> & { price: PriceRecord; plan: ReturnType<typeof planFromPrice> };

export type SubscriptionWire = Pick<
  Stripe.Subscription,
  | 'id' | 'object' | 'application' | 'application_fee_percent' | 'automatic_tax' | 'billing_cycle_anchor' | 'billing_cycle_anchor_config'
  | 'billing_mode' | 'billing_thresholds' | 'cancel_at' | 'cancel_at_period_end' | 'canceled_at' | 'cancellation_details'
  | 'collection_method' | 'created' | 'currency' | 'customer_account' | 'days_until_due' | 'default_payment_method'
  | 'default_source' | 'description' | 'discounts' | 'ended_at' | 'invoice_settings' | 'livemode' | 'metadata'
  | 'next_pending_invoice_item_invoice' | 'on_behalf_of' | 'pause_collection' | 'payment_settings' | 'pending_invoice_item_interval'
  | 'pending_setup_intent' | 'pending_update' | 'schedule' | 'start_date' | 'test_clock' | 'transfer_data' | 'trial_end'
  | 'trial_settings' | 'trial_start'
> & { customer: string; items: ApiList<SubscriptionItemWire>; latest_invoice: string | null; status: SubscriptionStatus };

/** Stored form: items keep a price id, so that renders show the price as it is now. */
export type SubscriptionItemRecord = Omit<SubscriptionItemWire, 'price' | 'plan'> & { price: string };
export type SubscriptionRecord = Omit<SubscriptionWire, 'items'> & { items: SubscriptionItemRecord[] };

export function renderSubscription(store: Store, sub: SubscriptionRecord): SubscriptionWire {
  const items = sub.items.map((item) => {
    const price = store.prices.require(item.price);
    return { ...item, price, plan: planFromPrice(price) };
  });
  return structuredClone({ ...sub, items: embeddedList(items, `/v1/subscription_items?subscription=${sub.id}`) });
}

/** The billing period is the same on every item here (one interval per subscription). */
export function currentPeriodEnd(sub: SubscriptionRecord): number {
  return sub.items[0]!.current_period_end;
}

/** Period end k intervals after the anchor, so Jan 31 renews on Feb 28 and then on Mar 31. */
export function periodEndAfter(store: Store, sub: SubscriptionRecord, start: number): number {
  const price = store.prices.require(sub.items[0]!.price);
  const { interval, interval_count } = price.recurring!;
  let k = 1;
  let end = addInterval(sub.billing_cycle_anchor, interval, interval_count * k);
  while (end <= start) end = addInterval(sub.billing_cycle_anchor, interval, interval_count * ++k);
  return end;
}

export interface NewSubscription {
  customer: string;
  items: { price: PriceRecord; quantity: number }[];
  metadata: Metadata;
  description: string | null;
  trialDays: number | null;
  /** Stripe Tax computes this subscription's tax (the session had `automatic_tax[enabled]`). */
  automaticTax?: boolean;
}

/** Creates an active (or trialing) subscription starting now; the caller invoices it. */
export function createSubscription(store: Store, input: NewSubscription): SubscriptionRecord {
  const now = store.now();
  const id = newId('sub_');
  const first = input.items[0]!.price;
  const trialEnd = input.trialDays ? now + input.trialDays * 86_400 : null;
  const periodEnd = trialEnd ?? addInterval(now, first.recurring!.interval, first.recurring!.interval_count);
  const sub: SubscriptionRecord = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: input.automaticTax ?? false, liability: null },
    billing_cycle_anchor: periodEnd === trialEnd ? trialEnd : now,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: 'included' }, type: 'flexible', updated_at: now },
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: first.currency,
    customer: input.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: null,
    default_source: null,
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: input.items.map(({ price, quantity }) => ({
      id: newId('si_', 14),
      object: 'subscription_item',
      billing_thresholds: null,
      created: now,
      current_period_end: periodEnd,
      current_period_start: now,
      current_trial: null,
      discounts: [],
      metadata: {},
      price: price.id,
      quantity,
      subscription: id,
      tax_rates: [],
    })),
    latest_invoice: null,
    livemode: false,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: trialEnd ? 'trialing' : 'active',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: trialEnd ? now : null,
  };
  store.subscriptions.set(sub);
  return sub;
}

/** Saves a change and sends `customer.subscription.updated` with the old values, if anything changed. */
export function saveSubscription(store: Store, before: SubscriptionRecord, after: SubscriptionRecord): SubscriptionRecord {
  const prev = previousAttributes(renderSubscription(store, before), renderSubscription(store, after));
  if (!prev) return before;
  store.subscriptions.set(after);
  store.emit('customer.subscription.updated', renderSubscription(store, after), prev);
  return after;
}

/** Ends a subscription now: `canceled`, `ended_at` set, `customer.subscription.deleted` sent. */
export function cancelSubscriptionNow(
  store: Store,
  id: string,
  reason: string,
  details: { comment?: string | null | undefined; feedback?: string | null | undefined } = {},
  at = store.now(),
): SubscriptionRecord {
  const before = store.subscriptions.require(id);
  if (ENDED.includes(before.status)) throw invalidRequest(`This subscription has already been canceled (${id}).`);
  const after: SubscriptionRecord = {
    ...before,
    status: 'canceled',
    // A cancellation requested earlier (at period end) keeps its request time.
    canceled_at: before.canceled_at ?? at,
    ended_at: at,
    cancellation_details: {
      ...before.cancellation_details!,
      reason: before.cancellation_details?.reason ?? reason,
      ...(details.comment !== undefined && { comment: details.comment }),
      ...(details.feedback !== undefined && { feedback: details.feedback }),
    },
  };
  store.subscriptions.set(after);
  store.emit('customer.subscription.deleted', renderSubscription(store, after));
  return after;
}

export interface CancelChange {
  cancel_at_period_end?: boolean | undefined;
  cancel_at?: number | null | undefined;
  comment?: string | null | undefined;
  feedback?: string | null | undefined;
}

/**
 * Schedules or withdraws a cancellation. As in current API versions, cancel_at_period_end=true
 * also sets `cancel_at` to the period end and `canceled_at` to the time of the request; resuming
 * clears all three.
 */
export function scheduleCancellation(store: Store, sub: SubscriptionRecord, change: CancelChange): SubscriptionRecord {
  const next: SubscriptionRecord = { ...sub, cancellation_details: { ...sub.cancellation_details! } };
  const details = next.cancellation_details!;
  if (change.comment !== undefined) details.comment = change.comment;
  if (change.feedback !== undefined) details.feedback = change.feedback;
  const end = currentPeriodEnd(sub);
  const cancelAt = change.cancel_at_period_end === true ? end : change.cancel_at_period_end === false ? null : change.cancel_at;
  if (cancelAt === undefined) return next;
  if (cancelAt === null) {
    Object.assign(next, { cancel_at: null, cancel_at_period_end: false, canceled_at: null });
    Object.assign(details, { reason: null, comment: change.comment ?? null, feedback: change.feedback ?? null });
  } else {
    if (cancelAt < store.now()) throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
    Object.assign(next, { cancel_at: cancelAt, cancel_at_period_end: cancelAt === end, canceled_at: store.now() });
    details.reason = 'cancellation_requested';
  }
  return next;
}

const updateSchema = z.strictObject({
  cancel_at_period_end: bool().optional(),
  cancel_at: emptyable(z.union([int(), oneOf(['min_period_end', 'max_period_end'])])).optional(),
  cancellation_details: z
    .strictObject({
      comment: emptyable(str()).optional(),
      feedback: emptyable(oneOf(['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'])).optional(),
    })
    .optional(),
  metadata: metadata().optional(),
  description: emptyable(str()).optional(),
  proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']).optional(),
});

function updateSubscription(store: Store, id: string, input: z.output<typeof updateSchema>): SubscriptionRecord {
  const sub = store.subscriptions.require(id);
  const onlyDetails = Object.keys(input).every((k) => k === 'metadata' || k === 'cancellation_details');
  if (ENDED.includes(sub.status) && !onlyDetails) {
    throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
  }
  if (input.cancel_at_period_end !== undefined && input.cancel_at !== undefined && input.cancel_at_period_end) {
    throw invalidRequest('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at', 'parameters_exclusive');
  }
  const cancelAt = input.cancel_at === 'min_period_end' || input.cancel_at === 'max_period_end' ? currentPeriodEnd(sub) : input.cancel_at;
  const next = scheduleCancellation(store, sub, {
    cancel_at_period_end: input.cancel_at_period_end,
    cancel_at: cancelAt,
    comment: input.cancellation_details?.comment,
    feedback: input.cancellation_details?.feedback,
  });
  next.metadata = mergeMetadata(sub.metadata, input.metadata);
  if (input.description !== undefined) next.description = input.description;
  return saveSubscription(store, sub, next);
}

/** A status forced by a test (e.g. past_due); `canceled` ends it like a cancellation. */
export function setSubscriptionStatus(store: Store, id: string, status: SubscriptionStatus): SubscriptionRecord {
  const sub = store.subscriptions.require(id);
  if (!SUBSCRIPTION_STATUSES.includes(status)) throw new FakeStripeError(400, 'invalid_request_error', `Unknown subscription status: ${status}`);
  if (status === 'canceled') return cancelSubscriptionNow(store, id, 'cancellation_requested');
  const now = store.now();
  const ended = status === 'incomplete_expired' ? { ended_at: now } : {};
  return saveSubscription(store, sub, { ...sub, status, ...ended });
}

const listSchema = z.strictObject({
  ...paging,
  customer: str().optional(),
  price: str().optional(),
  status: oneOf([...SUBSCRIPTION_STATUSES, 'all', 'ended']).optional(),
  created: range().optional(),
  current_period_end: range().optional(),
  current_period_start: range().optional(),
});

function statusMatches(status: string, filter: string | undefined): boolean {
  if (filter === 'all') return true;
  if (filter === 'ended') return ENDED.includes(status);
  // Without a filter Stripe lists every subscription that is not canceled.
  if (filter === undefined) return status !== 'canceled';
  return status === filter;
}

const cancelSchema = z.strictObject({
  cancellation_details: z.strictObject({ comment: emptyable(str()).optional(), feedback: emptyable(str()).optional() }).optional(),
  invoice_now: bool().optional(),
  prorate: bool().optional(),
});

export const subscriptionRoutes: ApiRoute[] = [
  route('GET', '/v1/subscriptions/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return renderSubscription(store, store.subscriptions.require(path.id!));
  }),
  route('POST', '/v1/subscriptions/:id', ({ store, params, path }) =>
    renderSubscription(store, updateSubscription(store, path.id!, parseParams(updateSchema, params))),
  ),
  route('DELETE', '/v1/subscriptions/:id', ({ store, params, path }) => {
    const input = parseParams(cancelSchema, params);
    return renderSubscription(store, cancelSubscriptionNow(store, path.id!, 'cancellation_requested', input.cancellation_details));
  }),
  route('GET', '/v1/subscriptions', ({ store, params, url }) => {
    const q = parseParams(listSchema, params);
    const items = store.subscriptions
      .all()
      .filter(
        (s) =>
          statusMatches(s.status, q.status) &&
          (q.customer === undefined || s.customer === q.customer) &&
          (q.price === undefined || s.items.some((i) => i.price === q.price)) &&
          inRange(s.created, q.created) &&
          inRange(currentPeriodEnd(s), q.current_period_end) &&
          inRange(s.items[0]!.current_period_start, q.current_period_start),
      )
      .map((s) => renderSubscription(store, s));
    return paginate(items, q, url, 'subscription');
  }),
];
