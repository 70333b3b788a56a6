import { createPrice } from './resources/prices.ts';
import { createProduct, updateProduct } from './resources/products.ts';
import type { Store } from './store.ts';

export interface Catalog {
  productId: string;
  monthlyPriceId: string;
  yearlyPriceId: string;
}

export const PREMIUM_MONTHLY = 'premium_monthly';
export const PREMIUM_YEARLY = 'premium_yearly';

/**
 * The product catalog StageTracker Pro sells: "StageTracker Pro Premium" at 4.99 EUR a month or
 * 49 EUR a year, found by lookup key. Idempotent, and silent (no events): in a real account the
 * catalog exists long before the backend starts listening for webhooks.
 */
export function seedCatalog(store: Store): Catalog {
  const find = (key: string) => store.prices.all().find((p) => p.lookup_key === key && p.active);
  const monthly = find(PREMIUM_MONTHLY);
  const yearly = find(PREMIUM_YEARLY);
  if (monthly && yearly && monthly.product === yearly.product) {
    return { productId: monthly.product, monthlyPriceId: monthly.id, yearlyPriceId: yearly.id };
  }
  return store.silently(() => {
    const product = createProduct(store, {
      name: 'StageTracker Pro Premium',
      description: 'Unlimited setlists and stems, synced across your devices.',
      metadata: { app: 'stagetracker' },
    });
    const common = { currency: 'eur', product: product.id, transfer_lookup_key: true, tax_behavior: 'inclusive' as const };
    const m = createPrice(store, { ...common, unit_amount: 499, recurring: { interval: 'month' }, lookup_key: PREMIUM_MONTHLY, nickname: 'Premium monthly' });
    const y = createPrice(store, { ...common, unit_amount: 4900, recurring: { interval: 'year' }, lookup_key: PREMIUM_YEARLY, nickname: 'Premium yearly' });
    updateProduct(store, product.id, { default_price: m.id });
    return { productId: product.id, monthlyPriceId: m.id, yearlyPriceId: y.id };
  });
}
