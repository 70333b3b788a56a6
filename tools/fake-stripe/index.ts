import { stripeApi, type Remembered } from './api.ts';
import { advanceClockTo } from './billing.ts';
import { seedCatalog } from './catalog.ts';
import { connectFakeStripe, controlRoutes, type FakeStripeControls } from './control.ts';
import { resolve } from './expand.ts';
import { CallLog, Faults } from './faults.ts';
import { payPageRoutes } from './pay-page.ts';
import { portalPageRoutes } from './portal-page.ts';
import { apiRoutes } from './resources/index.ts';
import { closeDispute, openDispute } from './resources/charges.ts';
import { completeCheckout } from './resources/checkout-sessions.ts';
import { renderSubscription, setSubscriptionStatus } from './resources/subscriptions.ts';
import { closeServer, createApp, listen } from './server.ts';
import { Store } from './store.ts';
import { WebhookDispatcher, type RetryPolicy, type WebhookEndpoint } from './webhooks.ts';

export type { Catalog } from './catalog.ts';
export { PREMIUM_MONTHLY, PREMIUM_YEARLY } from './catalog.ts';
export type { FakeStripeControls } from './control.ts';
export type { CallRecord, HangOptions, Latency } from './faults.ts';
export type { ChargeRecord, DisputeRecord, RefundRecord } from './resources/charges.ts';
export type { SubscriptionStatus, SubscriptionWire } from './resources/subscriptions.ts';
export type { EventRecord } from './store.ts';
export type { DeliveryPolicy, DeliveryRecord, RetryPolicy, WebhookEndpoint } from './webhooks.ts';
export { API_VERSION } from './store.ts';
export { connectFakeStripe };

export const DEFAULT_SECRET_KEY = 'sk_test_fake_stagetracker_0000000000000000';

export interface FakeStripeOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The key the API accepts (Bearer or Basic). */
  secretKey?: string;
  /** Where events are POSTed, signed with each endpoint's secret. */
  webhooks?: WebhookEndpoint[];
  /** Default: 3 attempts, 100 ms then 300 ms apart (fast for tests). */
  webhookRetry?: Partial<RetryPolicy>;
  /** How long a webhook receiver may take to answer. Default 10 s. */
  webhookTimeoutMs?: number;
  /** Base URL put into checkout/portal `url`s, when browsers reach the fake under another name. */
  publicUrl?: string;
}

/** The options to give the official SDK: `new Stripe(fake.secretKey, fake.clientConfig)`. */
export interface FakeStripeClientConfig {
  host: string;
  port: number;
  protocol: 'http';
  telemetry: false;
  maxNetworkRetries: 0;
}

export interface FakeStripe extends FakeStripeControls {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly secretKey: string;
  readonly clientConfig: FakeStripeClientConfig;
  /** The in-memory state, for white-box assertions (replaced by reset()). */
  readonly store: Store;
  close(): Promise<void>;
}

/** Starts a stateful fake of the Stripe API (the part a subscription product uses) on localhost. */
export async function createFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const host = options.host ?? '127.0.0.1';
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const dispatcher = new WebhookDispatcher({
    retry: { attempts: options.webhookRetry?.attempts ?? 3, delaysMs: options.webhookRetry?.delaysMs ?? [100, 300] },
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
  });
  for (const endpoint of options.webhooks ?? []) dispatcher.addEndpoint(endpoint);

  const newStore = (baseUrl: string) => {
    const s = new Store(baseUrl, (type) => dispatcher.endpointCount(type));
    s.onEvent((e) => dispatcher.accept(e));
    return s;
  };
  let store = newStore(options.publicUrl ?? '');
  const faults = new Faults();
  const calls = new CallLog();
  const idempotency = new Map<string, Remembered>();
  const closing = new AbortController();

  const controls: FakeStripeControls = {
    seedCatalog: async () => seedCatalog(store),
    setSubscriptionStatus: async (id, status) => renderSubscription(store, setSubscriptionStatus(store, id, status)),
    advanceTime: async (seconds) => {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('advanceTime needs a non-negative number of seconds.');
      advanceClockTo(store, store.now() + Math.floor(seconds));
      return store.now();
    },
    setTime: async (unixSeconds) => {
      if (!Number.isFinite(unixSeconds) || unixSeconds < store.now()) throw new RangeError('The fake Stripe clock only moves forward.');
      advanceClockTo(store, Math.floor(unixSeconds));
      return store.now();
    },
    now: async () => store.now(),
    triggerEvent: async (type, object, previousAttributes) => {
      const data = typeof object === 'string' ? resolve(store, object) : object;
      if (!data) throw new Error(`No object with id ${String(object)}.`);
      return store.emit(type, data, previousAttributes);
    },
    redeliver: async (eventId, url) => dispatcher.redeliver(store.events.require(eventId), url),
    holdWebhooks: async () => dispatcher.hold(),
    heldEvents: async () => dispatcher.heldEvents(),
    releaseWebhooks: async (order) => dispatcher.release(order),
    addWebhookEndpoint: async (endpoint) => dispatcher.addEndpoint(endpoint),
    deliveries: async () => dispatcher.deliveries(),
    events: async () => store.events.all().reverse(),
    failNext: async (count, status, match) => faults.failNext(count, status, match),
    hang: async (ms, hangOptions) => faults.hang(ms, hangOptions),
    clearFaults: async () => faults.clear(),
    setLatency: async (latency) => faults.setLatency(latency),
    hangAll: async () => faults.hangAll(),
    setDelivery: async (policy) => dispatcher.setPolicy(policy),
    openDispute: async (chargeId, reason) => openDispute(store, chargeId, reason),
    closeDispute: async (disputeId, outcome) => closeDispute(store, disputeId, outcome),
    calls: async () => calls.counts(),
    callLog: async () => calls.list(),
    resetCalls: async () => calls.reset(),
    pay: async (id, details) => ({ redirectUrl: completeCheckout(store, id, details).redirectUrl }),
    idle: () => dispatcher.idle(),
    reset: async () => {
      dispatcher.reset();
      store = newStore(store.baseUrl);
      idempotency.clear();
      faults.clear();
      calls.reset();
    },
  };

  const api = stripeApi({ store: () => store, routes: apiRoutes, faults, calls, secretKey, idempotency, closing: closing.signal });
  const app = createApp(api, [payPageRoutes(() => store), portalPageRoutes(() => store), controlRoutes(controls)]);
  const { server, port } = await listen(app, options.port ?? 0, host);
  const url = `http://${host}:${port}`;
  store.baseUrl = options.publicUrl ?? url;

  return {
    ...controls,
    url,
    host,
    port,
    secretKey,
    clientConfig: { host, port, protocol: 'http', telemetry: false, maxNetworkRetries: 0 },
    get store() {
      return store;
    },
    async close() {
      closing.abort();
      dispatcher.close();
      await closeServer(server);
    },
  };
}
