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
  /** The period's payment was refunded in full or lost in a dispute. */
  revoked?: boolean;
}

/** How long `past_due` keeps Premium after the period end while Stripe retries the card (PAST_DUE_GRACE_DAYS). */
export const DEFAULT_PAST_DUE_GRACE_MS = 7 * 86_400_000;

/**
 * What users expect and a business can live with: active and trialing are Premium; past_due
 * stays Premium (with a warning) while Stripe retries the card, but only until `pastDueGraceMs`
 * after the period end; a subscription cancelled at period end stays Premium until that end; a
 * refunded or lost-dispute period is Free; everything else is Free.
 */
export function planForSubscription(
  sub: SubscriptionSnapshot,
  now: Date = new Date(),
  rules: { pastDueGraceMs: number } = { pastDueGraceMs: DEFAULT_PAST_DUE_GRACE_MS },
): { plan: PlanId; warning: PlanWarning | null } {
  if (sub.revoked) return { plan: 'free', warning: null };
  switch (sub.status) {
    case 'active':
    case 'trialing':
      if (sub.cancelAtPeriodEnd) {
        const ended = sub.currentPeriodEnd !== null && sub.currentPeriodEnd.getTime() <= now.getTime();
        return ended ? { plan: 'free', warning: null } : { plan: 'premium', warning: 'cancels_at_period_end' };
      }
      return { plan: 'premium', warning: null };
    case 'past_due': {
      const graceEnds = (sub.currentPeriodEnd?.getTime() ?? now.getTime()) + rules.pastDueGraceMs;
      return graceEnds > now.getTime() ? { plan: 'premium', warning: 'payment_past_due' } : { plan: 'free', warning: null };
    }
    default:
      return { plan: 'free', warning: null };
  }
}

/** Statuses that give Premium; used to choose the subscription that counts when a customer has several. */
export const PREMIUM_STATUSES: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due'];
