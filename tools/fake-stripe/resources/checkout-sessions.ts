import type Stripe from 'stripe';
import { invalidRequest } from '../errors.ts';
import { paginate, type ApiList } from '../list.ts';
import { mergeMetadata } from '../objects.ts';
import { bool, inRange, int, list, metadata, oneOf, paging, parseParams, range, str, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId, type Store } from '../store.ts';
import { createCustomer, liveCustomer } from './customers.ts';
import { createPaidInvoice, emitInvoicePaid } from './invoices.ts';
import type { PriceRecord } from './prices.ts';
import { createSubscription, renderSubscription } from './subscriptions.ts';

export type CheckoutLineItemWire = Pick<
  Stripe.LineItem,
  'id' | 'object' | 'adjustable_quantity' | 'amount_discount' | 'amount_subtotal' | 'amount_tax' | 'amount_total' | 'currency' | 'description' | 'metadata' | 'quantity'
> & { price: PriceRecord };

export type CheckoutSessionRecord = Pick<
  Stripe.Checkout.Session,
  | 'id' | 'object' | 'after_expiration' | 'allow_promotion_codes' | 'amount_subtotal' | 'amount_total' | 'automatic_tax'
  | 'billing_address_collection' | 'cancel_url' | 'client_reference_id' | 'client_secret' | 'created' | 'currency'
  | 'customer_creation' | 'customer_details' | 'customer_email' | 'expires_at' | 'livemode' | 'locale' | 'metadata' | 'mode'
  | 'payment_method_collection' | 'payment_method_types' | 'payment_status' | 'status' | 'submit_type' | 'success_url'
  | 'total_details' | 'ui_mode' | 'url'
> & { customer: string | null; subscription: string | null; invoice: string | null; payment_intent: null; payment_link: null };

/** What the session will create on completion; not part of the session object itself. */
export interface CheckoutPlan {
  lineItems: CheckoutLineItemWire[];
  subscriptionMetadata: Record<string, string>;
  description: string | null;
  trialDays: number | null;
  /** Stripe Tax on the subscription this session creates. */
  automaticTax: boolean;
  /** What completing the session saves to an existing customer (`customer_update`). */
  customerUpdate: { address?: 'auto' | 'never'; name?: 'auto' | 'never'; shipping?: 'auto' | 'never' } | null;
}

const createSchema = z.strictObject({
  mode: oneOf(['payment', 'setup', 'subscription']),
  line_items: list(z.strictObject({ price: str(), quantity: int().optional() })).optional(),
  customer: str().optional(),
  customer_email: str().optional(),
  success_url: str().optional(),
  cancel_url: str().optional(),
  client_reference_id: str().max(200).optional(),
  metadata: metadata().optional(),
  expires_at: int().optional(),
  ui_mode: oneOf(['hosted_page', 'embedded_page', 'elements', 'form']).optional(),
  subscription_data: z
    .strictObject({
      metadata: metadata().optional(),
      description: str().optional(),
      trial_period_days: int().optional(),
    })
    .optional(),
  // Recorded on the session (and checked as Stripe checks them below).
  allow_promotion_codes: bool().optional(),
  discounts: list(z.strictObject({ coupon: str().optional(), promotion_code: str().optional() })).optional(),
  // Accepted and recorded (or ignored): they change nothing a subscription product depends on.
  billing_address_collection: oneOf(['auto', 'required']).optional(),
  locale: str().optional(),
  automatic_tax: z.strictObject({ enabled: bool() }).optional(),
  payment_method_types: list(str()).optional(),
  payment_method_collection: oneOf(['always', 'if_required']).optional(),
  customer_update: z
    .strictObject({ address: oneOf(['auto', 'never']).optional(), name: oneOf(['auto', 'never']).optional(), shipping: oneOf(['auto', 'never']).optional() })
    .optional(),
  tax_id_collection: z.strictObject({ enabled: bool() }).optional(),
});

function validUrl(value: string | undefined, param: string): void {
  if (value === undefined) return;
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(value.replace('{CHECKOUT_SESSION_ID}', 'x')).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw invalidRequest('Not a valid URL', param, 'url_invalid');
}

/** Stripe's rules for promotion codes, automatic tax and customer_update on a new session. */
function checkPromotionAndTax(input: z.output<typeof createSchema>, customer: { address?: unknown } | null): void {
  if (input.allow_promotion_codes !== undefined && input.discounts !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: allow_promotion_codes, discounts.', 'allow_promotion_codes', 'parameters_exclusive');
  }
  if (input.customer_update !== undefined && !customer) {
    throw invalidRequest('`customer_update` can only be used with `customer`.', 'customer_update');
  }
  const update = input.customer_update;
  if (input.automatic_tax?.enabled && customer && !customer.address && update?.address !== 'auto' && update?.shipping !== 'auto') {
    throw invalidRequest(
      "Automatic tax calculation in Checkout requires a valid address on the Customer. Add a valid address to the Customer or set either `customer_update[address]` or `customer_update[shipping]` to 'auto' to save the address entered in Checkout to the Customer.",
      'automatic_tax[enabled]',
    );
  }
}

function createSession(store: Store, input: z.output<typeof createSchema>): CheckoutSessionRecord {
  if (input.mode !== 'subscription') throw invalidRequest('The fake Stripe supports only mode=subscription.', 'mode');
  if (input.ui_mode !== undefined && input.ui_mode !== 'hosted_page') throw invalidRequest('The fake Stripe supports only ui_mode=hosted_page.', 'ui_mode');
  if (input.customer !== undefined && input.customer_email !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer', 'parameters_exclusive');
  }
  const customer = input.customer === undefined ? null : liveCustomer(store, input.customer, 'customer');
  checkPromotionAndTax(input, customer);
  validUrl(input.success_url, 'success_url');
  validUrl(input.cancel_url, 'cancel_url');
  const items = input.line_items ?? [];
  if (items.length === 0) throw invalidRequest('You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items');
  const id = newId('cs_test_a1', 56);
  const prices = items.map((item, i) => {
    const param = `line_items[${i}][price]`;
    const price = store.prices.require(item.price, param);
    if (!price.active) throw invalidRequest('The price specified is inactive. This field only accepts active prices.', param);
    const product = store.products.get(price.product);
    if (!product || 'deleted' in product || !product.active) throw invalidRequest('The price specified is attached to an inactive product.', param);
    if (!price.recurring) throw invalidRequest('The fake Stripe supports only recurring prices in subscription mode.', param);
    return price;
  });
  const [first] = prices;
  if (prices.some((p) => p.recurring!.interval !== first!.recurring!.interval || p.recurring!.interval_count !== first!.recurring!.interval_count)) {
    throw invalidRequest('All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.', 'line_items');
  }
  if (prices.some((p) => p.currency !== first!.currency)) throw invalidRequest('All prices must be in the same currency.', 'line_items');
  const trialDays = input.subscription_data?.trial_period_days ?? null;
  if (trialDays !== null && (trialDays < 1 || trialDays > 730)) throw invalidRequest('trial_period_days must be between 1 and 730.', 'subscription_data[trial_period_days]');

  const now = store.now();
  if (input.expires_at !== undefined && (input.expires_at < now + 1800 || input.expires_at > now + 86_400)) {
    throw invalidRequest('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'expires_at');
  }
  const lineItems: CheckoutLineItemWire[] = items.map((item, i) => {
    const price = prices[i]!;
    const quantity = item.quantity ?? 1;
    const amount = (price.unit_amount ?? 0) * quantity;
    const product = store.products.get(price.product);
    return {
      id: newId('li_'),
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price.currency,
      description: product && !('deleted' in product) ? product.name : null,
      metadata: {},
      price,
      quantity,
    };
  });
  const total = trialDays ? 0 : lineItems.reduce((s, l) => s + l.amount_total, 0);
  const session: CheckoutSessionRecord = {
    id,
    object: 'checkout.session',
    after_expiration: null,
    allow_promotion_codes: input.allow_promotion_codes ?? null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: input.automatic_tax?.enabled ?? false, liability: null, provider: null, status: null },
    billing_address_collection: input.billing_address_collection ?? null,
    cancel_url: input.cancel_url ?? null,
    client_reference_id: input.client_reference_id ?? null,
    client_secret: null,
    created: now,
    currency: first!.currency,
    customer: customer?.id ?? null,
    customer_creation: customer ? null : 'always',
    customer_details: null,
    customer_email: input.customer_email ?? null,
    expires_at: input.expires_at ?? now + 86_400,
    invoice: null,
    livemode: false,
    locale: (input.locale as Stripe.Checkout.Session.Locale | undefined) ?? null,
    metadata: mergeMetadata({}, input.metadata),
    mode: 'subscription',
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.payment_method_collection ?? 'always',
    payment_method_types: input.payment_method_types ?? ['card'],
    payment_status: 'unpaid',
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: input.success_url ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${store.baseUrl}/c/pay/${id}`,
  };
  store.checkoutSessions.set(session);
  store.checkoutPlans.set(id, {
    lineItems,
    subscriptionMetadata: mergeMetadata({}, input.subscription_data?.metadata),
    description: input.subscription_data?.description ?? null,
    trialDays,
    automaticTax: input.automatic_tax?.enabled ?? false,
    customerUpdate: input.customer_update ?? null,
  });
  return session;
}

/** `{CHECKOUT_SESSION_ID}` in a return URL is replaced by the session id, as Checkout does. */
export function fillSessionId(url: string | null, id: string): string | null {
  return url === null ? null : url.replaceAll('{CHECKOUT_SESSION_ID}', id);
}

/**
 * What paying on the checkout page does: creates the customer (if the session had none), the
 * subscription and its first paid invoice, completes the session, and emits the events in the
 * order Stripe typically sends them. Returns where the browser goes next.
 */
export function completeCheckout(store: Store, id: string, details: { email?: string | undefined; name?: string | undefined } = {}): { session: CheckoutSessionRecord; redirectUrl: string | null } {
  const before = store.checkoutSessions.require(id);
  if (before.status !== 'open') throw invalidRequest(`This Checkout Session is ${before.status === 'complete' ? 'already complete' : 'no longer active'}.`, undefined, 'checkout_session_not_open');
  const plan = store.checkoutPlans.get(id)!;
  const email = details.email || before.customer_email || 'customer@example.com';
  const customer = before.customer ? liveCustomer(store, before.customer, 'customer') : createCustomer(store, { email, ...(details.name && { name: details.name }) });

  // The pay page stands for an address entered in Checkout; `customer_update[address]=auto` saves it.
  const entered = { city: null, country: 'DE', line1: null, line2: null, postal_code: '10115', state: null };
  if (before.customer && plan.customerUpdate?.address === 'auto' && plan.automaticTax) store.customers.set({ ...customer, address: entered });
  const sub = createSubscription(store, {
    automaticTax: plan.automaticTax,
    customer: customer.id,
    items: plan.lineItems.map((l) => ({ price: store.prices.require(l.price.id), quantity: l.quantity ?? 1 })),
    metadata: plan.subscriptionMetadata,
    description: plan.description,
    trialDays: plan.trialDays,
  });
  const invoice = createPaidInvoice(store, sub, 'subscription_create', { start: sub.created, end: sub.created });
  const withInvoice = { ...sub, latest_invoice: invoice.id };
  store.subscriptions.set(withInvoice);

  const session: CheckoutSessionRecord = {
    ...before,
    customer: customer.id,
    customer_details: { address: null, business_name: null, email: customer.email, individual_name: null, name: customer.name ?? null, phone: null, tax_exempt: 'none', tax_ids: [] },
    payment_status: invoice.amount_paid > 0 ? 'paid' : 'no_payment_required',
    status: 'complete',
    subscription: sub.id,
    url: null,
  };
  store.checkoutSessions.set(session);

  store.emit('customer.subscription.created', renderSubscription(store, withInvoice));
  emitInvoicePaid(store, invoice);
  store.emit('checkout.session.completed', session);
  return { session, redirectUrl: fillSessionId(session.success_url, id) };
}

/** Open sessions expire after `expires_at` (24 h by default), or when expired through the API. */
export function expireSession(store: Store, id: string): CheckoutSessionRecord {
  const before = store.checkoutSessions.require(id);
  if (before.status !== 'open') throw invalidRequest('Only Checkout Sessions with a status in ["open"] can be expired.');
  const session: CheckoutSessionRecord = { ...before, status: 'expired', url: null };
  store.checkoutSessions.set(session);
  store.emit('checkout.session.expired', session);
  return session;
}

export function sessionLineItems(store: Store, id: string, url: string, q: z.output<z.ZodObject<typeof paging>> = {}): ApiList<CheckoutLineItemWire> {
  return paginate(store.checkoutPlans.get(id)?.lineItems ?? [], q, url, 'line item');
}

const listSchema = z.strictObject({
  ...paging,
  customer: str().optional(),
  subscription: str().optional(),
  status: oneOf(['open', 'complete', 'expired']).optional(),
  created: range().optional(),
});

export const checkoutSessionRoutes: ApiRoute[] = [
  route('POST', '/v1/checkout/sessions', ({ store, params }) => createSession(store, parseParams(createSchema, params))),
  route('GET', '/v1/checkout/sessions/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.checkoutSessions.require(path.id!);
  }),
  route('POST', '/v1/checkout/sessions/:id/expire', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return expireSession(store, path.id!);
  }),
  route('GET', '/v1/checkout/sessions/:id/line_items', ({ store, params, path, url }) => {
    const q = parseParams(z.strictObject(paging), params);
    store.checkoutSessions.require(path.id!);
    return sessionLineItems(store, path.id!, url, q);
  }),
  route('GET', '/v1/checkout/sessions', ({ store, params, url }) => {
    const q = parseParams(listSchema, params);
    const items = store.checkoutSessions
      .all()
      .filter(
        (s) =>
          (q.customer === undefined || s.customer === q.customer) &&
          (q.subscription === undefined || s.subscription === q.subscription) &&
          (q.status === undefined || s.status === q.status) &&
          inRange(s.created, q.created),
      );
    return paginate(items, q, url, 'checkout session');
  }),
];
