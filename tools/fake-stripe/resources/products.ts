import type Stripe from 'stripe';
import { invalidRequest } from '../errors.ts';
import { mergeMetadata, previousAttributes } from '../objects.ts';
import { bool, emptyable, inRange, list, metadata, paging, parseParams, range, str, text, z } from '../params.ts';
import { paginate } from '../list.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId, type Store } from '../store.ts';

export type ProductRecord = Pick<
  Stripe.Product,
  | 'id' | 'object' | 'active' | 'created' | 'description' | 'images' | 'livemode' | 'marketing_features' | 'metadata'
  | 'name' | 'package_dimensions' | 'shippable' | 'statement_descriptor' | 'tax_code' | 'tax_details' | 'type'
  | 'unit_label' | 'updated' | 'url'
> & { default_price: string | null };

export type DeletedProductRecord = { id: string; object: 'product'; deleted: true };

const createSchema = z.strictObject({
  name: text(),
  id: str().optional(),
  active: bool().optional(),
  description: str().optional(),
  images: list(str()).optional(),
  metadata: metadata().optional(),
  statement_descriptor: str().optional(),
  unit_label: str().optional(),
  url: str().optional(),
  tax_code: str().optional(),
});

const updateSchema = z.strictObject({
  name: text().optional(),
  active: bool().optional(),
  default_price: str().optional(),
  description: emptyable(str()).optional(),
  images: emptyable(list(str())).optional(),
  metadata: metadata().optional(),
  statement_descriptor: str().optional(),
  unit_label: emptyable(str()).optional(),
  url: emptyable(str()).optional(),
  tax_code: emptyable(str()).optional(),
});

const listSchema = z.strictObject({
  ...paging,
  active: bool().optional(),
  ids: list(str()).optional(),
  created: range().optional(),
  shippable: bool().optional(),
  url: str().optional(),
});

/** A live (not deleted) product, or Stripe's "No such product". */
export function liveProduct(store: Store, id: string, param = 'id'): ProductRecord {
  const p = store.products.require(id, param);
  if ('deleted' in p) throw store.products.missing(id, param);
  return p;
}

export function createProduct(store: Store, input: z.output<typeof createSchema>): ProductRecord {
  const id = input.id ?? newId('prod_', 14);
  if (store.products.get(id)) throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  const now = store.now();
  const product: ProductRecord = {
    id,
    object: 'product',
    active: input.active ?? true,
    created: now,
    default_price: null,
    description: input.description ?? null,
    images: input.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, input.metadata),
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: input.statement_descriptor ?? null,
    tax_code: input.tax_code ?? null,
    tax_details: null,
    type: 'service',
    unit_label: input.unit_label ?? null,
    updated: now,
    url: input.url ?? null,
  };
  store.products.set(product);
  store.emit('product.created', product);
  return product;
}

export function updateProduct(store: Store, id: string, input: z.output<typeof updateSchema>): ProductRecord {
  const before = liveProduct(store, id);
  if (input.default_price !== undefined) {
    const price = store.prices.require(input.default_price, 'default_price');
    if (price.product !== id) throw invalidRequest('The price must belong to this product.', 'default_price');
  }
  const { metadata: meta, ...fields } = input;
  const after: ProductRecord = { ...before, metadata: mergeMetadata(before.metadata, meta) };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) (after as Record<string, unknown>)[k] = v;
  const prev = previousAttributes(before, after);
  if (!prev) return before;
  after.updated = store.now();
  store.products.set(after);
  store.emit('product.updated', after, prev);
  return after;
}

export const productRoutes: ApiRoute[] = [
  route('POST', '/v1/products', ({ store, params }) => createProduct(store, parseParams(createSchema, params))),
  route('GET', '/v1/products/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.products.require(path.id!);
  }),
  route('POST', '/v1/products/:id', ({ store, params, path }) => updateProduct(store, path.id!, parseParams(updateSchema, params))),
  route('DELETE', '/v1/products/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    const product = liveProduct(store, path.id!);
    if (store.prices.all().some((p) => p.product === product.id)) {
      throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', undefined, 'product_has_prices');
    }
    const deleted: DeletedProductRecord = { id: product.id, object: 'product', deleted: true };
    store.products.set(deleted);
    store.emit('product.deleted', product);
    return deleted;
  }),
  route('GET', '/v1/products', ({ store, params, url }) => {
    const q = parseParams(listSchema, params);
    const items = store.products
      .all()
      .filter((p): p is ProductRecord => !('deleted' in p))
      .filter(
        (p) =>
          (q.active === undefined || p.active === q.active) &&
          (q.ids === undefined || q.ids.includes(p.id)) &&
          (q.shippable === undefined || p.shippable === q.shippable) &&
          (q.url === undefined || p.url === q.url) &&
          inRange(p.created, q.created),
      );
    return paginate(items, q, url, 'product');
  }),
];
