/**
 * The plans, their limits and how a Stripe subscription status maps to them. One
 * definition: the backend signs entitlements from it and the extension gates with it.
 */
export type PlanId = 'free' | 'premium';

export interface PlanLimits {
  /** null: unlimited. */
  songs: number | null;
  tracksPerSong: number | null;
  setlists: number | null;
  devices: number;
}

export type Feature = 'backup_export';

export interface Plan {
  id: PlanId;
  name: string;
  limits: PlanLimits;
  features: Feature[];
}

export const PLANS: Record<PlanId, Plan> = {
  free: { id: 'free', name: 'Free', limits: { songs: 10, tracksPerSong: 4, setlists: 1, devices: 1 }, features: [] },
  premium: { id: 'premium', name: 'Premium', limits: { songs: null, tracksPerSong: null, setlists: null, devices: 5 }, features: ['backup_export'] },
};

/** Stripe's subscription statuses. */
export type SubscriptionStatus = 'active' | 'trialing' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete' | 'incomplete_expired' | 'paused';

export type PlanWarning = 'payment_past_due' | 'cancels_at_period_end';

export interface SubscriptionSnapshot {
  status: SubscriptionStatus | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

/**
 * What users expect: active and trialing are Premium; past_due stays Premium (with a
 * warning) while Stripe retries the card; a subscription cancelled at period end stays
 * Premium until that end; everything else is Free.
 */
export function planForSubscription(sub: SubscriptionSnapshot, now: Date = new Date()): { plan: PlanId; warning: PlanWarning | null } {
  switch (sub.status) {
    case 'active':
    case 'trialing':
      if (sub.cancelAtPeriodEnd) {
        const ended = sub.currentPeriodEnd !== null && sub.currentPeriodEnd.getTime() <= now.getTime();
        return ended ? { plan: 'free', warning: null } : { plan: 'premium', warning: 'cancels_at_period_end' };
      }
      return { plan: 'premium', warning: null };
    case 'past_due':
      return { plan: 'premium', warning: 'payment_past_due' };
    default:
      return { plan: 'free', warning: null };
  }
}

/** Statuses that give Premium; used to choose the subscription that counts when a customer has several. */
export const PREMIUM_STATUSES: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due'];
