import { invalidRequest } from './errors.ts';
import { sessionLineItems } from './resources/checkout-sessions.ts';
import { renderSubscription } from './resources/subscriptions.ts';
import type { Store } from './store.ts';

type Resolver = (store: Store, id: string) => object | undefined;

/** Expandable ids, by prefix. Deleted customers/products expand to their `deleted: true` stub. */
const RESOLVERS: [prefix: string, resolve: Resolver][] = [
  ['cus_', (s, id) => s.customers.get(id)],
  ['prod_', (s, id) => s.products.get(id)],
  ['price_', (s, id) => s.prices.get(id)],
  ['sub_', (s, id) => {
    const sub = s.subscriptions.get(id);
    return sub && renderSubscription(s, sub);
  }],
  ['in_', (s, id) => s.invoices.get(id)],
  ['cs_', (s, id) => s.checkoutSessions.get(id)],
  ['evt_', (s, id) => s.events.get(id)],
  ['ch_', (s, id) => s.charges.get(id)],
  ['re_', (s, id) => s.refunds.get(id)],
  ['dp_', (s, id) => s.disputes.get(id)],
];

/** The current state of the object with this id, as the API would return it. */
export function resolve(store: Store, id: string): object | undefined {
  const r = RESOLVERS.find(([prefix]) => id.startsWith(prefix));
  const found = r?.[1](store, id);
  return found && structuredClone(found);
}

/** Fields that are left out of an object unless expanded (Stripe's "includable" fields). */
function include(store: Store, holder: Record<string, unknown>, field: string): unknown {
  if (holder.object === 'checkout.session' && field === 'line_items') {
    return sessionLineItems(store, holder.id as string, `/v1/checkout/sessions/${holder.id}/line_items`);
  }
  return undefined;
}

const cannotExpand = (path: string) => invalidRequest(`This property cannot be expanded (${path}).`, 'expand');

function expandAt(store: Store, holder: unknown, segments: string[], path: string): void {
  if (holder === null || typeof holder !== 'object') return;
  const obj = holder as Record<string, unknown>;
  const [head, ...rest] = segments as [string, ...string[]];
  if (!(head in obj)) {
    const included = include(store, obj, head);
    if (included === undefined) throw cannotExpand(path);
    obj[head] = included;
  }
  const expandOne = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const found = resolve(store, v);
    if (!found) throw cannotExpand(path);
    return found;
  };
  const value = obj[head];
  if (rest.length === 0) {
    obj[head] = Array.isArray(value) ? value.map(expandOne) : expandOne(value);
    return;
  }
  const next = Array.isArray(value) ? value.map(expandOne) : expandOne(value);
  obj[head] = next;
  for (const target of Array.isArray(next) ? next : [next]) expandAt(store, target, rest, path);
}

/**
 * Applies `expand[]` paths (`customer`, `latest_invoice`, `data.items.data.price.product`, …) to
 * a response in place. Any id field can be expanded; a path through a non-id value is Stripe's
 * "This property cannot be expanded" 400. Like Stripe, at most 4 levels deep.
 */
export function applyExpand(store: Store, response: object, paths: readonly string[]): void {
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.some((s) => s === '')) throw cannotExpand(path);
    if (segments.filter((s) => s !== 'data').length > 4) throw invalidRequest(`You cannot expand more than 4 levels of a property (${path}).`, 'expand');
    expandAt(store, response, segments, path);
  }
}
