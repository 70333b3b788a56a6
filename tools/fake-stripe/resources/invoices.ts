import type Stripe from 'stripe';
import { embeddedList, paginate, type ApiList } from '../list.ts';
import { inRange, oneOf, paging, parseParams, range, str, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId, type Store } from '../store.ts';
import { createCharge } from './charges.ts';
import type { CustomerRecord } from './customers.ts';
import type { SubscriptionRecord } from './subscriptions.ts';

export type InvoiceLineWire = Pick<
  Stripe.InvoiceLineItem,
  'id' | 'object' | 'amount' | 'currency' | 'description' | 'discount_amounts' | 'discountable' | 'discounts' | 'invoice' | 'livemode' | 'metadata' | 'period' | 'pretax_credit_amounts' | 'quantity' | 'subtotal' | 'taxes'
> & {
  parent: {
    invoice_item_details: null;
    subscription_item_details: { invoice_item: null; proration: boolean; proration_details: { credited_items: null }; subscription: string; subscription_item: string };
    type: 'subscription_item_details';
  };
  pricing: { price_details: { price: string; product: string }; type: 'price_details'; unit_amount_decimal: string | null };
  quantity_decimal: string | null;
  subscription: string | null;
};

/**
 * In current API versions an invoice names its subscription under
 * `parent.subscription_details.subscription` (there is no top-level `invoice.subscription`).
 */
export type InvoiceRecord = Pick<
  Stripe.Invoice,
  | 'id' | 'object' | 'account_country' | 'account_name' | 'amount_due' | 'amount_overpaid' | 'amount_paid' | 'amount_remaining'
  | 'amount_shipping' | 'attempt_count' | 'attempted' | 'auto_advance' | 'automatic_tax' | 'billing_reason' | 'collection_method'
  | 'created' | 'currency' | 'customer_email' | 'customer_name' | 'default_payment_method' | 'description' | 'discounts'
  | 'due_date' | 'effective_at' | 'ending_balance' | 'hosted_invoice_url' | 'invoice_pdf' | 'livemode' | 'metadata'
  | 'next_payment_attempt' | 'number' | 'period_end' | 'period_start' | 'receipt_number' | 'starting_balance'
  | 'statement_descriptor' | 'status' | 'status_transitions' | 'subtotal' | 'subtotal_excluding_tax' | 'test_clock' | 'total'
  | 'total_discount_amounts' | 'total_excluding_tax' | 'total_pretax_credit_amounts' | 'total_taxes' | 'webhooks_delivered_at'
> & {
  customer: string;
  lines: ApiList<InvoiceLineWire>;
  parent: { quote_details: null; subscription_details: { metadata: Record<string, string> | null; subscription: string }; type: 'subscription_details' };
};

/**
 * A paid invoice for one billing period of a subscription (at creation or renewal), with the
 * `invoice.paid` and `invoice.payment_succeeded` events. `period` is the period being paid for;
 * the invoice's own period_start/end are the *previous* period, as Stripe reports them.
 */
export function createPaidInvoice(
  store: Store,
  sub: SubscriptionRecord,
  reason: 'subscription_create' | 'subscription_cycle',
  previous: { start: number; end: number },
): InvoiceRecord {
  const now = store.now();
  const id = newId('in_');
  const customer = store.customers.get(sub.customer);
  const live = customer && !('deleted' in customer) ? (customer as CustomerRecord) : null;
  const trialing = sub.status === 'trialing';
  const lines: InvoiceLineWire[] = sub.items.map((item) => {
    const price = store.prices.require(item.price);
    const product = store.products.get(price.product);
    const amount = trialing ? 0 : (price.unit_amount ?? 0) * (item.quantity ?? 1);
    const name = product && !('deleted' in product) ? product.name : price.product;
    return {
      id: newId('il_'),
      object: 'line_item',
      amount,
      currency: price.currency,
      description: `${item.quantity ?? 1} × ${name}${trialing ? ' (trial)' : ''}`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: id,
      livemode: false,
      metadata: {},
      parent: {
        invoice_item_details: null,
        subscription_item_details: { invoice_item: null, proration: false, proration_details: { credited_items: null }, subscription: sub.id, subscription_item: item.id },
        type: 'subscription_item_details',
      },
      period: { start: item.current_period_start, end: item.current_period_end },
      pretax_credit_amounts: [],
      pricing: { price_details: { price: price.id, product: price.product }, type: 'price_details', unit_amount_decimal: price.unit_amount_decimal },
      quantity: item.quantity ?? 1,
      quantity_decimal: String(item.quantity ?? 1),
      subscription: sub.id,
      subtotal: amount,
      taxes: [],
    };
  });
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const invoice: InvoiceRecord = {
    id,
    object: 'invoice',
    account_country: 'DE',
    account_name: 'StageTracker Pro (fake Stripe)',
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: total,
    amount_remaining: 0,
    amount_shipping: 0,
    attempt_count: total > 0 ? 1 : 0,
    attempted: total > 0,
    auto_advance: false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: sub.currency,
    customer: sub.customer,
    customer_email: live?.email ?? null,
    customer_name: live?.name ?? null,
    default_payment_method: null,
    description: null,
    discounts: [],
    due_date: null,
    effective_at: now,
    ending_balance: 0,
    hosted_invoice_url: `${store.baseUrl}/i/${id}`,
    invoice_pdf: null,
    lines: embeddedList(lines, `/v1/invoices/${id}/lines`),
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: store.nextInvoiceNumber(),
    parent: { quote_details: null, subscription_details: { metadata: sub.metadata, subscription: sub.id }, type: 'subscription_details' },
    period_end: previous.end,
    period_start: previous.start,
    receipt_number: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'paid',
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: now, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: null,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: now,
  };
  store.invoices.set(invoice);
  if (total > 0) {
    const charge = createCharge(store, { customer: sub.customer, amount: total, currency: sub.currency, description: reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update' });
    store.invoicePayments.set({
      id: newId('inpay_'),
      object: 'invoice_payment',
      amount_paid: total,
      amount_requested: total,
      created: now,
      currency: sub.currency,
      invoice: id,
      is_default: true,
      livemode: false,
      payment: { type: 'charge', charge: charge.id },
      status: 'paid',
    });
  }
  return invoice;
}

/** The payment of an invoice, as `/v1/invoice_payments` lists it (here always a charge). */
export interface InvoicePaymentRecord {
  id: string;
  object: 'invoice_payment';
  amount_paid: number;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: boolean;
  livemode: false;
  payment: { type: 'charge'; charge: string };
  status: 'paid';
}

/** Sent after the subscription events, so that a handler can look the subscription up. */
export function emitInvoicePaid(store: Store, invoice: InvoiceRecord): void {
  for (const p of store.invoicePayments.all()) if (p.invoice === invoice.id) store.emit('charge.succeeded', store.charges.require(p.payment.charge));
  store.emit('invoice.paid', invoice);
  store.emit('invoice.payment_succeeded', invoice);
}

const listSchema = z.strictObject({
  ...paging,
  customer: str().optional(),
  subscription: str().optional(),
  status: oneOf(['draft', 'open', 'paid', 'uncollectible', 'void']).optional(),
  collection_method: oneOf(['charge_automatically', 'send_invoice']).optional(),
  created: range().optional(),
});

const paymentListSchema = z.strictObject({ ...paging, invoice: str().optional(), status: oneOf(['canceled', 'open', 'paid']).optional() });

export const invoiceRoutes: ApiRoute[] = [
  route('GET', '/v1/invoice_payments', ({ store, params, url }) => {
    const q = parseParams(paymentListSchema, params);
    const items = store.invoicePayments.all().filter((p) => (q.invoice === undefined || p.invoice === q.invoice) && (q.status === undefined || p.status === q.status));
    return paginate(items, q, url, 'invoice payment');
  }),
  route('GET', '/v1/invoices/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.invoices.require(path.id!);
  }),
  route('GET', '/v1/invoices/:id/lines', ({ store, params, path, url }) => {
    const q = parseParams(z.strictObject(paging), params);
    return paginate(store.invoices.require(path.id!).lines.data, q, url, 'line item');
  }),
  route('GET', '/v1/invoices', ({ store, params, url }) => {
    const q = parseParams(listSchema, params);
    const items = store.invoices
      .all()
      .filter(
        (i) =>
          (q.customer === undefined || i.customer === q.customer) &&
          (q.subscription === undefined || i.parent.subscription_details.subscription === q.subscription) &&
          (q.status === undefined || i.status === q.status) &&
          (q.collection_method === undefined || i.collection_method === q.collection_method) &&
          inRange(i.created, q.created),
      );
    return paginate(items, q, url, 'invoice');
  }),
];
