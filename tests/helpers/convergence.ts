import Stripe from 'stripe';
import { PREMIUM_STATUSES, planForSubscription, type SubscriptionStatus } from '../../shared/plans.ts';
import type { Deps } from '../../backend/src/deps.ts';
import { BillingAccount } from '../../backend/src/modules/billing/entity.ts';
import type { FakeStripe } from '../../tools/fake-stripe/index.ts';
import { Random } from '../../tools/fake-stripe/random.ts';

/**
 * The billing convergence property, shared by the integration test (short) and the bench (long):
 * seeded random subscription lifecycles run against the backend while the fake Stripe answers
 * slowly and delivers webhooks the way Stripe does. Once every delivery is over, the stored copy
 * and a freshly issued entitlement must equal what Stripe holds, with no further event, re-read
 * or reconciliation.
 */

export const STEPS = ['cancel_at_period_end', 'resume', 'past_due', 'recover', 'refund', 'dispute_lost', 'dispute_won', 'cancel_now'] as const;
export type Step = (typeof STEPS)[number];

export interface LifecycleOutcome {
  seed: number;
  steps: Step[];
  converged: boolean;
  /** What differed, when it did not converge. */
  mismatch: string | null;
}

const json = { 'content-type': 'application/json' };
const PASSWORD = 'Correct-Horse-42';

async function post(url: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { ...json, ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`POST ${new URL(url).pathname} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

/** A signed-in subscriber (the backend must run with REQUIRE_EMAIL_VERIFICATION=false). */
async function subscriber(baseUrl: string, fake: FakeStripe, tag: string): Promise<{ token: string; customer: string; subscription: string }> {
  const email = `conv.${tag}.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
  await post(`${baseUrl}/api/auth/register`, { email, password: PASSWORD });
  const login = await post(`${baseUrl}/api/auth/login`, { email, password: PASSWORD, device: { id: `conv-${tag}-${Date.now()}`, name: 'Stage laptop' } });
  const checkout = await post(`${baseUrl}/api/billing/create-checkout-session`, { price: 'premium_monthly' }, login.accessToken);
  await fake.pay(checkout.id);
  const session = fake.store.checkoutSessions.require(checkout.id);
  return { token: login.accessToken, customer: session.customer!, subscription: session.subscription! };
}

/** The plan-relevant state Stripe holds, read from the fake's own store (independently of the backend's reading). */
export function stripeTruth(fake: FakeStripe, customer: string) {
  const store = fake.store;
  const subs = store.subscriptions.all().filter((s) => s.customer === customer);
  const live = subs.filter((s) => PREMIUM_STATUSES.includes(s.status as SubscriptionStatus)).sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));
  const chosen = live[0] ?? [...subs].sort((a, b) => b.created - a.created || b.id.localeCompare(a.id))[0] ?? null;
  let revoked = false;
  if (live[0]?.latest_invoice) {
    const payment = store.invoicePayments.all().find((p) => p.invoice === live[0]!.latest_invoice);
    const charge = payment && store.charges.get(payment.payment.charge);
    revoked = !!charge && (charge.refunded || store.disputes.all().some((d) => d.charge === charge.id && d.status === 'lost'));
  }
  return { subscriptionId: chosen?.id ?? null, status: chosen?.status ?? null, cancelAtPeriodEnd: chosen?.cancel_at_period_end ?? false, periodEnd: chosen ? chosen.items[0]!.current_period_end : null, revoked };
}

async function act(fake: FakeStripe, stripe: Stripe, sub: string, step: Step): Promise<void> {
  const store = fake.store;
  const current = store.subscriptions.require(sub);
  const ended = current.status === 'canceled';
  const chargeOf = () => {
    const payment = store.invoicePayments.all().find((p) => p.invoice === store.subscriptions.require(sub).latest_invoice);
    return payment ? store.charges.require(payment.payment.charge) : null;
  };
  switch (step) {
    case 'cancel_at_period_end':
    case 'resume':
      if (!ended) await stripe.subscriptions.update(sub, { cancel_at_period_end: step === 'cancel_at_period_end' });
      return;
    case 'past_due':
    case 'recover':
      if (!ended) await fake.setSubscriptionStatus(sub, step === 'past_due' ? 'past_due' : 'active');
      return;
    case 'refund': {
      const charge = chargeOf();
      if (charge && !charge.refunded) await stripe.refunds.create({ charge: charge.id });
      return;
    }
    case 'dispute_lost':
    case 'dispute_won': {
      const charge = chargeOf();
      if (!charge || charge.disputed) return;
      const dispute = await fake.openDispute(charge.id);
      await new Promise((r) => setTimeout(r, 50));
      await fake.closeDispute(dispute.id, step === 'dispute_lost' ? 'lost' : 'won');
      return;
    }
    case 'cancel_now':
      if (!ended) await stripe.subscriptions.cancel(sub);
      return;
  }
}

export interface ConvergenceOptions {
  baseUrl: string;
  deps: Deps;
  fake: FakeStripe;
  lifecycles: number;
  parallel: number;
  seed: number;
  /** Fake Stripe API latency range (ms). */
  latencyMs: [number, number];
}

/**
 * Runs `lifecycles` seeded lifecycles, `parallel` at a time, with Stripe-like delivery: concurrent,
 * delayed 0-400 ms, 15% duplicated, 5% of answers lost (so Stripe retries a handled event).
 */
export async function runConvergence(opts: ConvergenceOptions): Promise<LifecycleOutcome[]> {
  const { fake, deps, baseUrl } = opts;
  const stripe = new Stripe(fake.secretKey, fake.clientConfig);
  const outcomes: LifecycleOutcome[] = [];
  for (let round = 0; round * opts.parallel < opts.lifecycles; round++) {
    const seeds = Array.from({ length: Math.min(opts.parallel, opts.lifecycles - round * opts.parallel) }, (_, i) => opts.seed + round * opts.parallel + i);
    await fake.setLatency({ minMs: 0, maxMs: 0 });
    await fake.setDelivery({ mode: 'ordered', duplicateRate: 0, lostAnswerRate: 0, delayMs: [0, 0] });
    const users = await Promise.all(seeds.map((seed) => subscriber(baseUrl, fake, String(seed))));
    await fake.idle();
    await fake.setLatency({ minMs: opts.latencyMs[0], maxMs: opts.latencyMs[1], seed: opts.seed + round });
    await fake.setDelivery({ mode: 'concurrent', delayMs: [0, 400], duplicateRate: 0.15, lostAnswerRate: 0.05, seed: opts.seed + round, retry: { attempts: 8, delaysMs: [100, 300, 600, 1000, 2000] } });
    const plans = seeds.map((seed) => {
      const random = new Random(seed);
      return Array.from({ length: random.between(2, 6) }, () => STEPS[random.between(0, STEPS.length - 1)]!);
    });
    await Promise.all(
      seeds.map(async (seed, i) => {
        const random = new Random(seed * 7919);
        for (const step of plans[i]!) {
          await act(fake, stripe, users[i]!.subscription, step);
          await new Promise((r) => setTimeout(r, random.between(0, 300)));
        }
      }),
    );
    await fake.idle();
    for (const [i, seed] of seeds.entries()) {
      const truth = stripeTruth(fake, users[i]!.customer);
      const stored = await deps.orm.em.fork().findOneOrFail(BillingAccount, { stripeCustomerId: users[i]!.customer });
      const expectedPlan = planForSubscription(
        { status: truth.status as SubscriptionStatus | null, currentPeriodEnd: truth.periodEnd ? new Date(truth.periodEnd * 1000) : null, cancelAtPeriodEnd: truth.cancelAtPeriodEnd, revoked: truth.revoked },
        deps.now(),
        { pastDueGraceMs: deps.config.pastDueGraceMs },
      ).plan;
      const entitlement = await (await fetch(`${baseUrl}/api/entitlements`, { headers: { authorization: `Bearer ${users[i]!.token}` } })).json();
      const got = { subscriptionId: stored.subscriptionId, status: stored.status, cancelAtPeriodEnd: stored.cancelAtPeriodEnd, revoked: stored.revokedReason != null, plan: entitlement?.claims?.plan };
      const want = { subscriptionId: truth.subscriptionId, status: truth.status, cancelAtPeriodEnd: truth.cancelAtPeriodEnd, revoked: truth.revoked, plan: expectedPlan };
      const converged = JSON.stringify(got) === JSON.stringify(want);
      outcomes.push({ seed, steps: plans[i]!, converged, mismatch: converged ? null : `stored/issued ${JSON.stringify(got)} but Stripe ${JSON.stringify(want)}` });
    }
  }
  await fake.setLatency({ minMs: 0, maxMs: 0 });
  await fake.setDelivery({ mode: 'ordered', duplicateRate: 0, lostAnswerRate: 0, delayMs: [0, 0] });
  return outcomes;
}
