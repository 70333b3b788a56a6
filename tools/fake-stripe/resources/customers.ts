import type Stripe from 'stripe';
import { paginate } from '../list.ts';
import { mergeMetadata, previousAttributes } from '../objects.ts';
import { emptyable, inRange, list, metadata, paging, parseParams, range, str, z } from '../params.ts';
import { route, type ApiRoute } from '../router.ts';
import { newId, type Store } from '../store.ts';
import { cancelSubscriptionNow } from './subscriptions.ts';

export type CustomerRecord = Pick<
  Stripe.Customer,
  | 'id' | 'object' | 'address' | 'balance' | 'created' | 'currency' | 'default_source' | 'delinquent' | 'description'
  | 'email' | 'invoice_prefix' | 'invoice_settings' | 'livemode' | 'metadata' | 'name' | 'next_invoice_sequence'
  | 'phone' | 'preferred_locales' | 'shipping' | 'tax_exempt' | 'test_clock'
>;

/** What Stripe returns for a deleted customer (retrieving it still works). */
export type DeletedCustomerRecord = { id: string; object: 'customer'; deleted: true };

const fields = {
  email: str().optional(),
  name: str().optional(),
  description: str().optional(),
  phone: str().optional(),
  metadata: metadata().optional(),
  preferred_locales: list(str()).optional(),
};
const createSchema = z.strictObject(fields);
const updateSchema = z.strictObject({
  email: emptyable(str()).optional(),
  name: emptyable(str()).optional(),
  description: emptyable(str()).optional(),
  phone: emptyable(str()).optional(),
  metadata: metadata().optional(),
  preferred_locales: emptyable(list(str())).optional(),
});
const listSchema = z.strictObject({ ...paging, email: str().optional(), created: range().optional() });

/** A customer that exists and is not deleted; Stripe answers "No such customer" otherwise. */
export function liveCustomer(store: Store, id: string, param = 'id'): CustomerRecord {
  const c = store.customers.require(id, param);
  if ('deleted' in c) throw store.customers.missing(id, param);
  return c;
}

export function createCustomer(store: Store, input: z.output<typeof createSchema>): CustomerRecord {
  const customer: CustomerRecord = {
    id: newId('cus_', 14),
    object: 'customer',
    address: null,
    balance: 0,
    created: store.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    email: input.email ?? null,
    invoice_prefix: newId('', 8).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: mergeMetadata({}, input.metadata),
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: input.preferred_locales ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  store.customers.set(customer);
  store.emit('customer.created', customer);
  return customer;
}

function updateCustomer(store: Store, id: string, input: z.output<typeof updateSchema>): CustomerRecord {
  const before = liveCustomer(store, id);
  const after: CustomerRecord = {
    ...before,
    metadata: mergeMetadata(before.metadata, input.metadata),
    ...(input.email !== undefined && { email: input.email }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.phone !== undefined && { phone: input.phone }),
    ...(input.preferred_locales !== undefined && { preferred_locales: input.preferred_locales ?? [] }),
  };
  const prev = previousAttributes(before, after);
  if (!prev) return before;
  store.customers.set(after);
  store.emit('customer.updated', after, prev);
  return after;
}

/** Deleting a customer cancels its subscriptions at once, as Stripe does. */
function deleteCustomer(store: Store, id: string): DeletedCustomerRecord {
  const customer = liveCustomer(store, id);
  for (const sub of store.subscriptions.all()) {
    if (sub.customer === id && sub.ended_at === null) cancelSubscriptionNow(store, sub.id, 'cancellation_requested');
  }
  const deleted: DeletedCustomerRecord = { id, object: 'customer', deleted: true };
  store.customers.set(deleted);
  store.emit('customer.deleted', customer);
  return deleted;
}

export const customerRoutes: ApiRoute[] = [
  route('POST', '/v1/customers', ({ store, params }) => createCustomer(store, parseParams(createSchema, params))),
  route('GET', '/v1/customers/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return store.customers.require(path.id!);
  }),
  route('POST', '/v1/customers/:id', ({ store, params, path }) => updateCustomer(store, path.id!, parseParams(updateSchema, params))),
  route('DELETE', '/v1/customers/:id', ({ store, params, path }) => {
    parseParams(z.strictObject({}), params);
    return deleteCustomer(store, path.id!);
  }),
  route('GET', '/v1/customers', ({ store, params, url }) => {
    const q = parseParams(listSchema, params);
    // The email filter is an exact, case-sensitive match; deleted customers are never listed.
    const items = store.customers
      .all()
      .filter((c): c is CustomerRecord => !('deleted' in c))
      .filter((c) => (q.email === undefined || c.email === q.email) && inRange(c.created, q.created));
    return paginate(items, q, url, 'customer');
  }),
];
