import { cacheKeys } from '../cache/service.ts';
import type { BillingDeps } from './deps.ts';
import { requireStripe } from './service.ts';

const THIRTY_DAYS = 30 * 86_400_000;

/**
 * The billing portal configuration every portal session uses: STRIPE_PORTAL_CONFIGURATION, or
 * one this server creates once (cancel at period end with a reason, payment method, invoice
 * history, no plan switching or quantity changes) and remembers in the cache. The idempotency
 * key makes instances that start at once create a single one.
 */
export async function portalConfiguration(deps: Pick<BillingDeps, 'stripe' | 'cache' | 'config'>): Promise<string> {
  if (deps.config.stripe.portalConfiguration) return deps.config.stripe.portalConfiguration;
  const stripe = requireStripe(deps);
  return deps.cache.get(cacheKeys.portalConfiguration, THIRTY_DAYS, async () => {
    const created = await stripe.api.billingPortal.configurations.create(
      {
        business_profile: { headline: 'StageTracker Pro: manage your Premium subscription' },
        features: {
          customer_update: { enabled: true, allowed_updates: ['email', 'address'] },
          invoice_history: { enabled: true },
          payment_method_update: { enabled: true },
          subscription_cancel: { enabled: true, mode: 'at_period_end', cancellation_reason: { enabled: true, options: ['too_expensive', 'missing_features', 'unused', 'other'] } },
        },
        default_return_url: `${deps.config.publicUrl}/billing/return`,
        metadata: { managedBy: 'stagetracker-pro' },
      },
      { idempotencyKey: `portal-configuration-v1-${deps.config.publicUrl}` },
    );
    return created.id;
  });
}
