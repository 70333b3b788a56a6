import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import { Clock } from './clock.ts';
import { resourceMissing, type FakeStripeError } from './errors.ts';
import type { PortalSessionRecord } from './resources/billing-portal.ts';
import type { CheckoutPlan, CheckoutSessionRecord } from './resources/checkout-sessions.ts';
import type { CustomerRecord, DeletedCustomerRecord } from './resources/customers.ts';
import type { ChargeRecord, DisputeRecord, RefundRecord } from './resources/charges.ts';
import type { InvoicePaymentRecord, InvoiceRecord } from './resources/invoices.ts';
import type { PortalConfigurationRecord } from './resources/billing-portal.ts';
import type { PriceRecord } from './resources/prices.ts';
import type { DeletedProductRecord, ProductRecord } from './resources/products.ts';
import type { SubscriptionRecord } from './resources/subscriptions.ts';

/** The API version the fake speaks: the one the installed SDK was generated for. */
export const API_VERSION: string = Stripe.API_VERSION;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Stripe-like ids: a type prefix and random base62 (`cus_…`, `sub_…`, `cs_test_…`). */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % 62];
  return prefix + s;
}

/** One kind of object, kept in creation order; lists come out newest first, as Stripe's do. */
export class Collection<T extends { id: string }> {
  private readonly byId = new Map<string, T>();

  /** `noun` is the name used in "No such customer: 'cus_…'" errors. */
  constructor(readonly noun: string) {}

  set(item: T): T {
    this.byId.set(item.id, item);
    return item;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** Throws Stripe's resource_missing (404 for the URL's id, 400 for a parameter). */
  require(id: string, param = 'id'): T {
    const item = this.byId.get(id);
    if (!item) throw this.missing(id, param);
    return item;
  }

  missing(id: string, param = 'id'): FakeStripeError {
    return resourceMissing(this.noun, id, param);
  }

  /** Newest first. */
  all(): T[] {
    return [...this.byId.values()].reverse();
  }

  get size(): number {
    return this.byId.size;
  }
}

export interface EventRecord {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** The API request being handled, so that events can name it in `event.request`. */
export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

export type EventListener = (event: EventRecord) => void;

/** All in-memory state of one fake Stripe account (test mode). */
export class Store {
  readonly clock = new Clock();
  private readonly listeners: EventListener[] = [];
  private current: RequestInfo | null = null;
  private muted = false;
  private invoiceSequence = 0;
  /** Prefix of invoice numbers, like a real account's (`1A2B3C4D-0001`). */
  readonly invoicePrefix = newId('', 8).toUpperCase();

  constructor(
    /** Base URL of the fake itself: checkout and portal pages live there. */
    public baseUrl: string,
    /** How many webhook endpoints an event of this type goes to (its `pending_webhooks`). */
    public endpointCount: (type: string) => number = () => 0,
  ) {}

  now(): number {
    return this.clock.now();
  }

  onEvent(listener: EventListener): void {
    this.listeners.push(listener);
  }

  /** Runs an API handler with its request recorded, so the events it emits point to it. */
  withRequest<T>(request: RequestInfo, fn: () => T): T {
    this.current = request;
    try {
      return fn();
    } finally {
      this.current = null;
    }
  }

  /**
   * Records an event about an object (a snapshot, as Stripe sends it) and notifies listeners
   * (webhook delivery). Automatic events (renewals, the pay page) have `request.id: null`.
   */
  emit(type: string, object: object, previousAttributes?: Record<string, unknown>): EventRecord {
    const event: EventRecord = {
      id: newId('evt_'),
      object: 'event',
      api_version: API_VERSION,
      created: this.now(),
      data: { object: structuredClone(object) as Record<string, unknown> },
      livemode: false,
      pending_webhooks: this.endpointCount(type),
      request: { id: this.current?.id ?? null, idempotency_key: this.current?.idempotencyKey ?? null },
      type,
    };
    if (previousAttributes) event.data.previous_attributes = structuredClone(previousAttributes);
    if (this.muted) return event;
    this.events.set(event);
    for (const l of this.listeners) l(event);
    return event;
  }

  /** Runs `fn` without recording events (seeding a catalog that "already existed"). */
  silently<T>(fn: () => T): T {
    this.muted = true;
    try {
      return fn();
    } finally {
      this.muted = false;
    }
  }

  nextInvoiceNumber(): string {
    this.invoiceSequence += 1;
    return `${this.invoicePrefix}-${String(this.invoiceSequence).padStart(4, '0')}`;
  }

  readonly products = new Collection<ProductRecord | DeletedProductRecord>('product');
  readonly prices = new Collection<PriceRecord>('price');
  readonly customers = new Collection<CustomerRecord | DeletedCustomerRecord>('customer');
  readonly checkoutSessions = new Collection<CheckoutSessionRecord>('checkout.session');
  /** Line items and subscription settings of each checkout session, used when it is paid. */
  readonly checkoutPlans = new Map<string, CheckoutPlan>();
  readonly subscriptions = new Collection<SubscriptionRecord>('subscription');
  readonly portalSessions = new Collection<PortalSessionRecord>('billing portal session');
  readonly invoices = new Collection<InvoiceRecord>('invoice');
  readonly events = new Collection<EventRecord>('event');
  readonly invoicePayments = new Collection<InvoicePaymentRecord>('invoice payment');
  readonly charges = new Collection<ChargeRecord>('charge');
  readonly refunds = new Collection<RefundRecord>('refund');
  readonly disputes = new Collection<DisputeRecord>('dispute');
  readonly portalConfigurations = new Collection<PortalConfigurationRecord>('configuration');
}
