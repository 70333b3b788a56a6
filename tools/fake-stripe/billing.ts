import { cancelSubscriptionNow, currentPeriodEnd, periodEndAfter, saveSubscription, type SubscriptionRecord } from './resources/subscriptions.ts';
import { expireSession } from './resources/checkout-sessions.ts';
import { createPaidInvoice, emitInvoicePaid } from './resources/invoices.ts';
import type { Store } from './store.ts';

/**
 * What happens by itself as time passes, like on a Stripe test clock: scheduled cancellations,
 * renewals (a new period and a paid invoice) and checkout expiry. Subscriptions that are
 * past_due, unpaid or paused do not renew here (no payment retries are simulated); tests put
 * them back with setSubscriptionStatus().
 */
const RENEWING: readonly string[] = ['active', 'trialing'];
const ENDED: readonly string[] = ['canceled', 'incomplete_expired'];

function dueAt(sub: SubscriptionRecord): number | null {
  if (ENDED.includes(sub.status)) return null;
  const renewal = RENEWING.includes(sub.status) ? currentPeriodEnd(sub) : Infinity;
  const due = Math.min(sub.cancel_at ?? Infinity, renewal);
  return due === Infinity ? null : due;
}

function nextDue(store: Store): number | null {
  let next = Infinity;
  for (const s of store.checkoutSessions.all()) if (s.status === 'open') next = Math.min(next, s.expires_at);
  for (const sub of store.subscriptions.all()) next = Math.min(next, dueAt(sub) ?? Infinity);
  return next === Infinity ? null : next;
}

function renew(store: Store, before: SubscriptionRecord): void {
  const start = currentPeriodEnd(before);
  const end = periodEndAfter(store, before, start);
  const renewed: SubscriptionRecord = {
    ...before,
    status: 'active', // a trial that ends turns into a paid period
    items: before.items.map((i) => ({ ...i, current_period_start: start, current_period_end: end })),
  };
  const previous = { start: before.items[0]!.current_period_start, end: start };
  const invoice = createPaidInvoice(store, renewed, 'subscription_cycle', previous);
  saveSubscription(store, before, { ...renewed, latest_invoice: invoice.id });
  emitInvoicePaid(store, invoice);
}

function processDue(store: Store): void {
  const now = store.now();
  for (const s of store.checkoutSessions.all()) if (s.status === 'open' && s.expires_at <= now) expireSession(store, s.id);
  for (const sub of store.subscriptions.all().reverse()) {
    const due = dueAt(sub);
    if (due === null || due > now) continue;
    if (sub.cancel_at !== null && sub.cancel_at <= now) cancelSubscriptionNow(store, sub.id, 'cancellation_requested', {}, sub.cancel_at);
    else renew(store, sub);
  }
}

/**
 * Moves the clock to `target` (unix seconds), stopping at each moment something is due so that
 * every renewal of a long jump happens, in order, with events stamped at the time it happened.
 */
export function advanceClockTo(store: Store, target: number): void {
  for (let guard = 0; guard < 10_000; guard++) {
    const due = nextDue(store);
    if (due === null || due > target) break;
    if (due > store.now()) store.clock.set(due);
    processDue(store);
  }
  if (target > store.now()) store.clock.set(target);
}
