import { describe, expect, it } from 'vitest';
import { PLANS, planForSubscription, type SubscriptionStatus } from '../../shared/plans.ts';

const now = new Date('2026-06-01T12:00:00Z');
const later = new Date('2026-06-15T00:00:00Z');
const earlier = new Date('2026-05-31T00:00:00Z');

describe('plan for a Stripe subscription status', () => {
  it.each<[SubscriptionStatus | null, string, string | null]>([
    ['active', 'premium', null],
    ['trialing', 'premium', null],
    ['past_due', 'premium', 'payment_past_due'],
    ['canceled', 'free', null],
    ['unpaid', 'free', null],
    ['incomplete', 'free', null],
    ['incomplete_expired', 'free', null],
    ['paused', 'free', null],
    [null, 'free', null],
  ])('%s → %s', (status, plan, warning) => {
    expect(planForSubscription({ status, currentPeriodEnd: later, cancelAtPeriodEnd: false }, now)).toEqual({ plan, warning });
  });

  it('keeps Premium until the end of a period cancelled at period end, then Free', () => {
    expect(planForSubscription({ status: 'active', currentPeriodEnd: later, cancelAtPeriodEnd: true }, now)).toEqual({ plan: 'premium', warning: 'cancels_at_period_end' });
    expect(planForSubscription({ status: 'active', currentPeriodEnd: earlier, cancelAtPeriodEnd: true }, now)).toEqual({ plan: 'free', warning: null });
  });

  it('keeps past_due Premium for the grace after the period end (7 days by default, configurable), then Free', () => {
    const day = 86_400_000;
    const endedAt = new Date(now.getTime() - 6 * day);
    expect(planForSubscription({ status: 'past_due', currentPeriodEnd: endedAt, cancelAtPeriodEnd: false }, now)).toEqual({ plan: 'premium', warning: 'payment_past_due' });
    expect(planForSubscription({ status: 'past_due', currentPeriodEnd: new Date(now.getTime() - 7 * day), cancelAtPeriodEnd: false }, now)).toEqual({ plan: 'free', warning: null });
    expect(planForSubscription({ status: 'past_due', currentPeriodEnd: new Date(now.getTime() - 60 * day), cancelAtPeriodEnd: false }, now)).toEqual({ plan: 'free', warning: null });
    expect(planForSubscription({ status: 'past_due', currentPeriodEnd: endedAt, cancelAtPeriodEnd: false }, now, { pastDueGraceMs: 3 * day })).toEqual({ plan: 'free', warning: null });
  });

  it('a refunded or lost-dispute period is Free whatever the status', () => {
    for (const status of ['active', 'trialing', 'past_due'] as const) {
      expect(planForSubscription({ status, currentPeriodEnd: later, cancelAtPeriodEnd: false, revoked: true }, now)).toEqual({ plan: 'free', warning: null });
    }
  });

  it('has the limits the product promises', () => {
    expect(PLANS.free.limits).toEqual({ songs: 10, tracksPerSong: 4, setlists: 1, devices: 1 });
    expect(PLANS.free.features).toEqual([]);
    expect(PLANS.premium.limits).toEqual({ songs: null, tracksPerSong: null, setlists: null, devices: 5 });
    expect(PLANS.premium.features).toContain('backup_export');
  });
});
