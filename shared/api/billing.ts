import { z } from 'zod';
import { safeText } from './text.ts';
import type { PlanId, PlanWarning, SubscriptionStatus } from '../plans.ts';

export const checkoutRequest = z.strictObject({
  /** A price lookup key from GET /api/billing/plans, e.g. `premium_monthly`. */
  price: z
    .string({ error: (i) => (i.input === undefined ? 'Choose a plan (price) to buy.' : 'Price must be text.') })
    .trim()
    .min(1, 'Choose a plan (price) to buy.')
    .max(100, 'Price is too long.'),
});

export const cancelRequest = z.strictObject({
  reason: safeText('Reason', { max: 500, multiline: true }).optional(),
});

export interface PlanPriceView {
  price: string;
  interval: 'month' | 'year';
  amount: number;
  currency: string;
  name: string;
}

export interface SubscriptionView {
  plan: PlanId;
  source: 'stripe' | 'grant' | 'none';
  status: SubscriptionStatus | null;
  warning: PlanWarning | null;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  verifiedAt: string | null;
  /** What the subscription costs; null for grants, Free, or when Stripe is unreachable. */
  price: { amount: number | null; currency: string; interval: string | null } | null;
}
