import { LockMode } from '@mikro-orm/core';
import Stripe from 'stripe';
import { audit } from '../audit/service.ts';
import { hotKeys } from '../cache/hot.ts';
import { User } from '../users/entity.ts';
import { accountPlan } from './account-plan.ts';
import type { BillingDeps } from './deps.ts';
import { cancelDuplicates } from './duplicates.ts';
import { BillingAccount } from './entity.ts';
import { requireStripe } from './service.ts';
import { periodEnd, readCustomerState, type StripeCustomerState } from './stripe-state.ts';

/** Why a sync ran, kept in the audit entry of any plan change it makes (`webhook:<type>:<event id>`, `checkout_success`, `stale_read`, `reconcile`, `cancel_request`). */
export type SyncCause = string;

interface Lane {
  running: Promise<unknown> | null;
  /** The read that starts when the running one ends; later callers join it (it starts after them). */
  next: { promise: Promise<BillingAccount | null>; causes: SyncCause[] } | null;
}

const lanes = new Map<string, Lane>();

/**
 * The one way our copy changes: re-read the customer from Stripe and store what Stripe holds.
 *
 * Convergence by construction: each read takes a ticket from `billing_sync_seq` *before* it asks
 * Stripe, and its result is stored only if no read with a later ticket was stored first (a row
 * lock for the compare-and-write, never across a network call). So the copy always ends with a
 * read that started after the newest event was received, in whichever instance. A caller never
 * joins a read already under way (it may have started before Stripe changed); in this instance it
 * joins at most the one queued to start after it, so duplicated events cost one extra read.
 */
export function syncCustomer(deps: BillingDeps, customerId: string, cause: SyncCause): Promise<BillingAccount | null> {
  let lane = lanes.get(customerId);
  if (!lane) lanes.set(customerId, (lane = { running: null, next: null }));
  if (lane.next) {
    lane.next.causes.push(cause);
    return lane.next.promise;
  }
  if (!lane.running) return start(deps, customerId, lane, [cause]);
  const causes = [cause];
  const l = lane;
  const promise = l.running!.catch(() => undefined).then(() => {
    l.next = null;
    return start(deps, customerId, l, causes);
  });
  lane.next = { promise, causes };
  return promise;
}

/** True while a re-read of this customer is under way or queued in this instance. */
export function syncInFlight(customerId: string): boolean {
  const lane = lanes.get(customerId);
  return !!lane && (lane.running !== null || lane.next !== null);
}

function start(deps: BillingDeps, customerId: string, lane: Lane, causes: SyncCause[]): Promise<BillingAccount | null> {
  const run = readAndStore(deps, customerId, causes);
  lane.running = run;
  void run
    .catch(() => undefined)
    .finally(() => {
      if (lane.running !== run) return;
      lane.running = null;
      if (!lane.next) lanes.delete(customerId);
    });
  return run;
}

async function readAndStore(deps: BillingDeps, customerId: string, causes: SyncCause[]): Promise<BillingAccount | null> {
  const stripe = requireStripe(deps);
  try {
    const account = await linkedAccount(deps, customerId);
    if (!account) return null;
    const [row] = await deps.orm.em.fork().getConnection().execute<{ ticket: string }[]>(`select nextval('billing_sync_seq') as ticket`);
    const ticket = Number(row!.ticket);
    const state = await readCustomerState(stripe, customerId, account.subscriptionId ?? null);
    if (state.duplicates.length && state.subscription) await cancelDuplicates(deps, stripe, account.user.id, customerId, state.subscription, state.duplicates);
    return await store(deps, customerId, ticket, state, causes);
  } catch (err) {
    // A customer Stripe does not know cannot be synced, now or on a retry.
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.statusCode === 404) {
      deps.log.warn({ customerId }, 'stripe has no such customer; nothing to sync');
      return null;
    }
    throw err;
  }
}

/** Our account for a Stripe customer; one made outside our checkout (the dashboard) is linked by its metadata. */
async function linkedAccount(deps: BillingDeps, customerId: string): Promise<BillingAccount | null> {
  const em = deps.orm.em.fork();
  const account = await em.findOne(BillingAccount, { stripeCustomerId: customerId });
  if (account) return account;
  const customer = await requireStripe(deps).api.customers.retrieve(customerId);
  const userId = !customer.deleted ? customer.metadata?.userId : undefined;
  const user = userId ? await em.findOne(User, { id: userId }) : null;
  if (!user) {
    deps.log.warn({ customerId }, 'stripe customer is not linked to any user; ignored');
    return null;
  }
  await em.upsert(BillingAccount, { user, stripeCustomerId: customerId }, { onConflictFields: ['user'], onConflictAction: 'merge', onConflictMergeFields: ['stripeCustomerId'] });
  return em.findOne(BillingAccount, { user }, { refresh: true });
}

const view = (deps: BillingDeps, a: BillingAccount) => ({
  ...accountPlan(deps, a),
  status: a.status,
  cancelAtPeriodEnd: a.cancelAtPeriodEnd,
  revokedReason: a.revokedReason ?? null,
  subscription: a.subscriptionId,
});

/** Compare-and-write under a row lock held for two statements: the read is stored only if it is the newest. */
async function store(deps: BillingDeps, customerId: string, ticket: number, state: StripeCustomerState, causes: SyncCause[]): Promise<BillingAccount | null> {
  const em = deps.orm.em.fork();
  const outcome = await em.transactional(async (tx) => {
    const account = await tx.findOne(BillingAccount, { stripeCustomerId: customerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!account) return null;
    if (account.syncVersion >= ticket) return { account, before: null, after: null };
    const before = view(deps, account);
    const sub = state.subscription;
    const end = sub ? periodEnd(sub) : null;
    const item = sub?.items.data[0];
    account.subscriptionId = sub?.id ?? null;
    account.status = sub?.status ?? null;
    account.priceId = item?.price.id ?? null;
    account.interval = item?.price.recurring?.interval ?? null;
    account.currentPeriodEnd = end ? new Date(end * 1000) : null;
    account.cancelAtPeriodEnd = sub?.cancel_at_period_end ?? false;
    account.revokedReason = state.revokedReason;
    account.syncVersion = ticket;
    account.verifiedAt = deps.now();
    return { account, before, after: view(deps, account) };
  });
  if (!outcome) return null;
  const { account, before, after } = outcome;
  const userId = typeof account.user === 'string' ? account.user : account.user.id;
  if (before && after) {
    await deps.invalidate([hotKeys.entitlement(userId)]);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      await audit(deps.orm.em, null, {
        action: before.plan !== after.plan ? 'billing.plan_changed' : 'billing.subscription_changed',
        category: 'business',
        userId,
        metadata: { cause: [...new Set(causes)].join(', ').slice(0, 500), customer: customerId, from: before, to: after },
      });
    }
  }
  return account;
}
