import { invalidRequest } from '../errors.ts';
import { paginate } from '../list.ts';
import { inRange, int, oneOf, paging, parseParams, range, str, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId, type Store } from '../store.ts';

/**
 * The charge that paid an invoice (the part of a Charge a subscription product reads: amount,
 * refunds, disputes). In current API versions a charge does not name its invoice; the invoice
 * names its payments (`/v1/invoice_payments`).
 */
export interface ChargeRecord {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  captured: boolean;
  created: number;
  currency: string;
  customer: string;
  description: string | null;
  disputed: boolean;
  livemode: false;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: null;
  refunded: boolean;
  status: 'succeeded';
}

export interface RefundRecord {
  id: string;
  object: 'refund';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: null;
  reason: string | null;
  status: 'succeeded';
}

export type DisputeStatus = 'warning_needs_response' | 'needs_response' | 'under_review' | 'won' | 'lost';

export interface DisputeRecord {
  id: string;
  object: 'dispute';
  amount: number;
  charge: string;
  created: number;
  currency: string;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: null;
  reason: string;
  status: DisputeStatus;
}

/** A successful card charge for an invoice's total (made when the invoice is paid; `charge.succeeded` is sent with `invoice.paid`). */
export function createCharge(store: Store, input: { customer: string; amount: number; currency: string; description: string }): ChargeRecord {
  const charge: ChargeRecord = {
    id: newId('ch_'),
    object: 'charge',
    amount: input.amount,
    amount_captured: input.amount,
    amount_refunded: 0,
    captured: true,
    created: store.now(),
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    disputed: false,
    livemode: false,
    metadata: {},
    paid: true,
    payment_intent: null,
    refunded: false,
    status: 'succeeded',
  };
  store.charges.set(charge);
  return charge;
}

/** Refunds all (default) or part of a charge: `charge.refunded` and `refund.created` are sent. */
export function refundCharge(store: Store, chargeId: string, amount?: number, reason: string | null = null, param = 'charge'): RefundRecord {
  const charge = store.charges.require(chargeId, param);
  const left = charge.amount - charge.amount_refunded;
  const value = amount ?? left;
  if (left <= 0) throw invalidRequest(`Charge ${chargeId} has already been refunded.`, undefined, 'charge_already_refunded');
  if (value < 1 || value > left) throw invalidRequest(`Refund amount (${value}) is greater than unrefunded amount on charge (${left}).`, 'amount');
  const refund: RefundRecord = { id: newId('re_'), object: 'refund', amount: value, charge: chargeId, created: store.now(), currency: charge.currency, metadata: {}, payment_intent: null, reason, status: 'succeeded' };
  store.refunds.set(refund);
  const after: ChargeRecord = { ...charge, amount_refunded: charge.amount_refunded + value, refunded: charge.amount_refunded + value >= charge.amount };
  store.charges.set(after);
  store.emit('refund.created', refund);
  store.emit('charge.refunded', after, { amount_refunded: charge.amount_refunded, refunded: charge.refunded });
  return refund;
}

/** A cardholder disputes a charge (`charge.dispute.created`); a test control, as in Stripe's test cards. */
export function openDispute(store: Store, chargeId: string, reason = 'fraudulent'): DisputeRecord {
  const charge = store.charges.require(chargeId);
  if (charge.disputed) throw invalidRequest(`Charge ${chargeId} is already disputed.`);
  const dispute: DisputeRecord = { id: newId('dp_'), object: 'dispute', amount: charge.amount - charge.amount_refunded, charge: chargeId, created: store.now(), currency: charge.currency, livemode: false, metadata: {}, payment_intent: null, reason, status: 'needs_response' };
  store.disputes.set(dispute);
  store.charges.set({ ...charge, disputed: true });
  store.emit('charge.dispute.created', dispute);
  return dispute;
}

/** The bank decides (`charge.dispute.closed` with status `won` or `lost`). */
export function closeDispute(store: Store, disputeId: string, outcome: 'won' | 'lost'): DisputeRecord {
  const before = store.disputes.require(disputeId);
  if (before.status === 'won' || before.status === 'lost') throw invalidRequest(`Dispute ${disputeId} is already closed.`);
  const after: DisputeRecord = { ...before, status: outcome };
  store.disputes.set(after);
  store.emit('charge.dispute.closed', after, { status: before.status });
  return after;
}

const chargeList = z.strictObject({ ...paging, customer: str().optional(), payment_intent: str().optional(), created: range().optional() });
const refundCreate = z.strictObject({
  charge: str().optional(),
  payment_intent: str().optional(),
  amount: int().optional(),
  reason: oneOf(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
const disputeList = z.strictObject({ ...paging, charge: str().optional(), payment_intent: str().optional(), created: range().optional() });

export const paymentRoutes: ApiRoute[] = [
  route('GET', '/v1/charges/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.charges.require(path.id!);
  }),
  route('GET', '/v1/charges', ({ store, params, url }) => {
    const q = parseParams(chargeList, params);
    const items = store.charges.all().filter((c) => (q.customer === undefined || c.customer === q.customer) && q.payment_intent === undefined && inRange(c.created, q.created));
    return paginate(items, q, url, 'charge');
  }),
  route('POST', '/v1/refunds', ({ store, params }) => {
    const q = parseParams(refundCreate, params);
    if (!q.charge) throw invalidRequest('The fake Stripe refunds by `charge` only.', 'charge', 'parameter_missing');
    const refund = refundCharge(store, q.charge, q.amount, q.reason ?? null);
    if (q.metadata) store.refunds.set({ ...refund, metadata: q.metadata });
    return store.refunds.require(refund.id);
  }),
  route('GET', '/v1/refunds/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.refunds.require(path.id!);
  }),
  route('GET', '/v1/disputes/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.disputes.require(path.id!);
  }),
  route('GET', '/v1/disputes', ({ store, params, url }) => {
    const q = parseParams(disputeList, params);
    const items = store.disputes.all().filter((d) => (q.charge === undefined || d.charge === q.charge) && q.payment_intent === undefined && inRange(d.created, q.created));
    return paginate(items, q, url, 'dispute');
  }),
];
