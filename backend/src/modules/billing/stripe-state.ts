import Stripe from 'stripe';
import { PREMIUM_STATUSES, type SubscriptionStatus } from '../../../../shared/plans.ts';
import type { StripeClient } from '../stripe/client.ts';

type Sub = Stripe.Subscription;

export type RevokedReason = 'refunded' | 'dispute_lost';

/** What Stripe holds about one customer, as far as the plan is concerned. */
export interface StripeCustomerState {
  /** The subscription that decides the plan: the oldest live one, else the newest. */
  subscription: Sub | null;
  /** Live subscriptions besides that one: a customer charged twice. */
  duplicates: Sub[];
  /** The current period's payment was refunded in full or lost in a dispute. */
  revokedReason: RevokedReason | null;
}

export const isLive = (sub: Sub) => PREMIUM_STATUSES.includes(sub.status as SubscriptionStatus);

export const periodEnd = (sub: Sub): number | null => {
  const ends = sub.items.data.map((i) => i.current_period_end).filter((n): n is number => typeof n === 'number');
  return ends.length ? Math.max(...ends) : null;
};

/**
 * Reads the customer from Stripe: its subscriptions (one call), and for a live one the payment of
 * its latest invoice with the charge expanded (one call), plus the charge's disputes when it was
 * disputed. The first live subscription is the one the customer keeps; later live ones are
 * duplicates (two checkouts paid). `known`: the subscription our copy holds (wins a tie).
 */
export async function readCustomerState(stripe: StripeClient, customerId: string, known: string | null = null): Promise<StripeCustomerState> {
  const list = await stripe.api.subscriptions.list({ customer: customerId, status: 'all', limit: 20 });
  // Oldest first; within one second (Stripe's clock), the one our copy already holds, so a sync never swaps it.
  const live = list.data.filter(isLive).sort((a, b) => a.created - b.created || Number(b.id === known) - Number(a.id === known) || a.id.localeCompare(b.id));
  const newest = [...list.data].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id))[0] ?? null;
  const subscription = live[0] ?? newest;
  const revokedReason = live[0] ? await periodRevocation(stripe, live[0]) : null;
  return { subscription, duplicates: live.slice(1), revokedReason };
}

/** The charge that paid a subscription's latest invoice (null when unpaid or paid without a charge). */
export async function latestCharge(stripe: StripeClient, sub: Sub): Promise<Stripe.Charge | null> {
  const invoice = typeof sub.latest_invoice === 'string' ? sub.latest_invoice : sub.latest_invoice?.id;
  if (!invoice) return null;
  const payments = await stripe.api.invoicePayments.list({ invoice, limit: 10, expand: ['data.payment.charge'] });
  for (const p of payments.data) {
    const charge = p.payment.charge;
    if (charge && typeof charge === 'object') return charge;
  }
  return null;
}

async function periodRevocation(stripe: StripeClient, sub: Sub): Promise<RevokedReason | null> {
  const charge = await latestCharge(stripe, sub);
  if (!charge) return null;
  if (charge.refunded) return 'refunded';
  if (!charge.disputed) return null;
  const disputes = await stripe.api.disputes.list({ charge: charge.id, limit: 10 });
  return disputes.data.some((d) => d.status === 'lost') ? 'dispute_lost' : null;
}
