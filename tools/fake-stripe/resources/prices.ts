import type Stripe from 'stripe';
import { invalidRequest } from '../errors.ts';
import { paginate } from '../list.ts';
import { mergeMetadata, previousAttributes } from '../objects.ts';
import { bool, emptyable, inRange, int, list, metadata, oneOf, paging, parseParams, range, str, text, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId, type Store } from '../store.ts';
import { createProduct, liveProduct } from './products.ts';

/**
 * A price as sent on the wire: `product` is an id unless expanded, and `unit_amount_decimal` is a
 * string (the SDK turns it into its Decimal type only for responses, not for webhook payloads).
 */
export type PriceRecord = Pick<
  Stripe.Price,
  | 'id' | 'object' | 'active' | 'billing_scheme' | 'created' | 'currency' | 'custom_unit_amount' | 'livemode'
  | 'lookup_key' | 'metadata' | 'nickname' | 'recurring' | 'tax_behavior' | 'tiers_mode' | 'transform_quantity'
  | 'type' | 'unit_amount'
> & { product: string; unit_amount_decimal: string | null };

/** The legacy `plan` object Stripe still embeds in subscription items, derived from the price. */
export function planFromPrice(price: PriceRecord) {
  return {
    id: price.id,
    object: 'plan' as const,
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: price.recurring?.interval ?? null,
    interval_count: price.recurring?.interval_count ?? null,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: price.recurring?.usage_type ?? 'licensed',
  };
}

const currency = () => z.string().regex(/^[a-zA-Z]{3}$/).transform((c) => c.toLowerCase());
const interval = () => oneOf(['day', 'week', 'month', 'year']);

const createSchema = z.strictObject({
  currency: currency(),
  product: str().optional(),
  product_data: z.strictObject({ name: text(), active: bool().optional(), metadata: metadata().optional(), unit_label: str().optional() }).optional(),
  unit_amount: int().optional(),
  unit_amount_decimal: z.string().regex(/^\d+(\.\d{1,12})?$/).optional(),
  recurring: z
    .strictObject({
      interval: interval(),
      interval_count: int().optional(),
      usage_type: oneOf(['licensed']).optional(),
      trial_period_days: int().optional(),
    })
    .optional(),
  active: bool().optional(),
  billing_scheme: oneOf(['per_unit']).optional(),
  lookup_key: str().optional(),
  transfer_lookup_key: bool().optional(),
  metadata: metadata().optional(),
  nickname: str().optional(),
  tax_behavior: oneOf(['exclusive', 'inclusive', 'unspecified']).optional(),
});

const updateSchema = z.strictObject({
  active: bool().optional(),
  lookup_key: emptyable(str()).optional(),
  transfer_lookup_key: bool().optional(),
  metadata: metadata().optional(),
  nickname: emptyable(str()).optional(),
  tax_behavior: oneOf(['exclusive', 'inclusive', 'unspecified']).optional(),
});

const listSchema = z.strictObject({
  ...paging,
  active: bool().optional(),
  currency: currency().optional(),
  product: str().optional(),
  type: oneOf(['one_time', 'recurring']).optional(),
  lookup_keys: list(str()).optional(),
  recurring: z.strictObject({ interval: interval().optional(), usage_type: oneOf(['licensed', 'metered']).optional() }).optional(),
  created: range().optional(),
});

/**
 * A lookup key names one price at a time: taking it from another price needs
 * `transfer_lookup_key=true` (the other price then loses it and a `price.updated` is sent).
 */
function claimLookupKey(store: Store, key: string, transfer: boolean | undefined, forId: string): void {
  const holder = store.prices.all().find((p) => p.lookup_key === key && p.id !== forId);
  if (!holder) return;
  if (!transfer) throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key.`, 'lookup_key');
  const after = { ...holder, lookup_key: null };
  store.prices.set(after);
  store.emit('price.updated', after, { lookup_key: key });
}

export function createPrice(store: Store, input: z.output<typeof createSchema>): PriceRecord {
  if (input.product !== undefined && input.product_data !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', 'product', 'parameters_exclusive');
  }
  if (input.unit_amount === undefined && input.unit_amount_decimal === undefined) {
    throw invalidRequest('Missing required param: unit_amount.', 'unit_amount', 'parameter_missing');
  }
  if (input.unit_amount !== undefined && input.unit_amount < 0) throw invalidRequest('Invalid integer: unit_amount must be non-negative', 'unit_amount');
  let productId: string;
  if (input.product !== undefined) productId = liveProduct(store, input.product, 'product').id;
  else if (input.product_data !== undefined) productId = createProduct(store, input.product_data).id;
  else throw invalidRequest('Missing required param: product.', 'product', 'parameter_missing');

  const id = newId('price_');
  if (input.lookup_key !== undefined) claimLookupKey(store, input.lookup_key, input.transfer_lookup_key, id);
  const amount = input.unit_amount ?? Math.round(Number(input.unit_amount_decimal));
  const price: PriceRecord = {
    id,
    object: 'price',
    active: input.active ?? true,
    billing_scheme: 'per_unit',
    created: store.now(),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: input.lookup_key ?? null,
    metadata: mergeMetadata({}, input.metadata),
    nickname: input.nickname ?? null,
    product: productId,
    recurring: input.recurring
      ? {
          interval: input.recurring.interval,
          interval_count: input.recurring.interval_count ?? 1,
          meter: null,
          trial_period_days: input.recurring.trial_period_days ?? null,
          usage_type: 'licensed',
        }
      : null,
    tax_behavior: input.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: amount,
    unit_amount_decimal: input.unit_amount_decimal ?? String(amount),
  };
  store.prices.set(price);
  store.emit('price.created', price);
  return price;
}

export function updatePrice(store: Store, id: string, input: z.output<typeof updateSchema>): PriceRecord {
  const before = store.prices.require(id);
  if (input.lookup_key) claimLookupKey(store, input.lookup_key, input.transfer_lookup_key, id);
  const after: PriceRecord = {
    ...before,
    metadata: mergeMetadata(before.metadata, input.metadata),
    ...(input.active !== undefined && { active: input.active }),
    ...(input.lookup_key !== undefined && { lookup_key: input.lookup_key }),
    ...(input.nickname !== undefined && { nickname: input.nickname }),
    ...(input.tax_behavior !== undefined && { tax_behavior: input.tax_behavior }),
  };
  const prev = previousAttributes(before, after);
  if (!prev) return before;
  store.prices.set(after);
  store.emit('price.updated', after, prev);
  return after;
}

export const priceRoutes: ApiRoute[] = [
  route('POST', '/v1/prices', ({ store, params }) => createPrice(store, parseParams(createSchema, params))),
  route('GET', '/v1/prices/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.prices.require(path.id!);
  }),
  route('POST', '/v1/prices/:id', ({ store, params, path }) => updatePrice(store, path.id!, parseParams(updateSchema, params))),
  route('GET', '/v1/prices', ({ store, params, url }) => {
    const q = parseParams(listSchema, params);
    if (q.lookup_keys && q.lookup_keys.length > 10) throw invalidRequest('You can specify up to 10 lookup_keys.', 'lookup_keys');
    const items = store.prices
      .all()
      .filter(
        (p) =>
          (q.active === undefined || p.active === q.active) &&
          (q.currency === undefined || p.currency === q.currency) &&
          (q.product === undefined || p.product === q.product) &&
          (q.type === undefined || p.type === q.type) &&
          (q.lookup_keys === undefined || (p.lookup_key !== null && q.lookup_keys.includes(p.lookup_key))) &&
          (q.recurring?.interval === undefined || p.recurring?.interval === q.recurring.interval) &&
          (q.recurring?.usage_type === undefined || p.recurring?.usage_type === q.recurring.usage_type) &&
          inRange(p.created, q.created),
      );
    return paginate(items, q, url, 'price');
  }),
];
