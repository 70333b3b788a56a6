import { z } from 'zod';
import type { EntitlementClaims, EntitlementResponse } from '../entitlement.ts';
import type { ApiErrorBody } from './errors.ts';
import type { DeviceView, LoginResponse, RegisterResponse, TokenPair, UserView } from './auth.ts';
import type { PlanPriceView, SubscriptionView } from './billing.ts';
import type { SongProgressView } from './progress.ts';

/**
 * What the API answers, as zod schemas: the OpenAPI document (/api/openapi.json) is generated
 * from these and the request schemas beside them. Each is checked against the TypeScript view
 * the code uses (`satisfies`), so the document cannot drift from what handlers return.
 */

const isoTime = z.iso.datetime({ offset: true });

export const apiErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'Stable machine-readable code, e.g. validation_failed, email_taken.' }),
      message: z.string().meta({ description: 'A sentence a person can act on.' }),
      fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: 'Per-field messages for validation failures.' }),
      details: z.record(z.string(), z.unknown()).optional().meta({ description: 'Extra data to act on, e.g. the devices to choose from at the device limit.' }),
      requestId: z.string().optional().meta({ description: 'Correlates the answer with the server log.' }),
    }),
  })
  .meta({ id: 'ApiError', description: 'The one error shape of every 4xx and 5xx answer.' }) satisfies z.ZodType<ApiErrorBody>;

export const userView = z.object({
  id: z.uuid(),
  email: z.email(),
  displayName: z.string().nullable(),
  emailVerified: z.boolean(),
  createdAt: isoTime,
}) satisfies z.ZodType<UserView>;

export const deviceView = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: isoTime,
  lastSeenAt: isoTime,
  current: z.boolean().meta({ description: 'The device this request comes from.' }),
}) satisfies z.ZodType<DeviceView>;

const tokenPair = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: isoTime,
  refreshToken: z.string().meta({ description: 'Single use: each refresh returns a new one and retires the old.' }),
  refreshTokenExpiresAt: isoTime,
}) satisfies z.ZodType<TokenPair>;

export const loginResponse = tokenPair.extend({
  user: userView,
  device: deviceView.nullable(),
  csrfToken: z.string().optional().meta({ description: 'Web sign-ins only: send it as X-CSRF-Token on cookie-authenticated changes.' }),
}) satisfies z.ZodType<LoginResponse>;

export const refreshResponse = tokenPair.extend({ user: userView });

export const registerResponse = z.object({ user: userView, message: z.string() }) satisfies z.ZodType<RegisterResponse>;

/** A change that needs no data back: what happened, in words. */
export const okMessage = z.object({ ok: z.literal(true), message: z.string() });
export const okUserMessage = okMessage.extend({ user: userView });

export const meResponse = z.object({ user: userView, device: deviceView.nullable() });
export const profileResponse = z.object({ user: userView });
export const devicesResponse = z.object({ devices: z.array(deviceView) });

const songProgressView = z.object({
  songKey: z.string(),
  title: z.string(),
  artist: z.string(),
  plays: z.number().int(),
  minutes: z.number(),
  lastPlayedAt: isoTime,
  devices: z.number().int(),
}) satisfies z.ZodType<SongProgressView>;
export const progressResponse = z.object({ songs: z.array(songProgressView) });

const planPriceView = z.object({
  price: z.string().meta({ description: 'The lookup key to send to create-checkout-session.' }),
  interval: z.enum(['month', 'year']),
  amount: z.number().int().meta({ description: 'In the currency’s smallest unit (cents).' }),
  currency: z.string(),
  name: z.string(),
}) satisfies z.ZodType<PlanPriceView>;
export const plansResponse = z.object({ plans: z.array(planPriceView) });

export const checkoutResponse = z.object({ url: z.url(), id: z.string() });
export const portalResponse = z.object({ url: z.url() });

const subscriptionStatus = z.enum(['active', 'trialing', 'past_due', 'canceled', 'unpaid', 'incomplete', 'incomplete_expired', 'paused']);
const planWarning = z.enum(['payment_past_due', 'cancels_at_period_end']);
const planSource = z.enum(['stripe', 'grant', 'none']);
const planId = z.enum(['free', 'premium']);

export const subscriptionView = z.object({
  plan: planId,
  source: planSource,
  status: subscriptionStatus.nullable(),
  warning: planWarning.nullable(),
  currentPeriodEnd: isoTime.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  verifiedAt: isoTime.nullable(),
  price: z.object({ amount: z.number().nullable(), currency: z.string(), interval: z.string().nullable() }).nullable(),
}) satisfies z.ZodType<SubscriptionView>;

export const cancelResponse = z.object({ cancelAtPeriodEnd: z.boolean(), currentPeriodEnd: isoTime.nullable(), message: z.string() });

export const invoicesResponse = z.object({
  invoices: z.array(
    z.object({
      id: z.string(),
      number: z.string().nullable(),
      status: z.string().nullable(),
      amountPaid: z.number().int(),
      currency: z.string(),
      created: isoTime,
      url: z.url().nullable(),
      pdf: z.url().nullable(),
    }),
  ),
});

const entitlementClaims = z.object({
  sub: z.uuid(),
  device: z.string().meta({ description: 'The install id of the device it was issued to.' }),
  iss: z.string(),
  aud: z.literal('stagetracker-extension'),
  plan: planId,
  limits: z.object({ songs: z.number().int().nullable(), tracksPerSong: z.number().int().nullable(), setlists: z.number().int().nullable(), devices: z.number().int() }),
  features: z.array(z.literal('backup_export')),
  source: planSource,
  status: subscriptionStatus.nullable(),
  warning: planWarning.nullable(),
  periodEnd: z.number().int().nullable(),
  verifiedAt: z.number().int().nullable(),
  iat: z.number().int(),
  exp: z.number().int().meta({ description: 'Unix seconds: the end of the offline grace.' }),
}) satisfies z.ZodType<EntitlementClaims>;
export const entitlementResponse = z.object({
  token: z.string().meta({ description: 'ES256 JWT; verify with /api/entitlements/jwks.' }),
  claims: entitlementClaims,
}) satisfies z.ZodType<EntitlementResponse>;

export const jwksResponse = z.object({
  keys: z.array(z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), kid: z.string(), alg: z.literal('ES256'), use: z.literal('sig') })),
});

export const deleteAccountResponse = okMessage.extend({ subscriptionsCancelled: z.number().int() });

const iso = isoTime.nullable();
export const accountExport = z.object({
  format: z.literal('stagetracker-account-export/1'),
  exportedAt: isoTime,
  user: userView.extend({ disabledAt: iso, passwordChangedAt: iso }),
  devices: z.array(z.object({ id: z.uuid(), installId: z.string(), name: z.string(), createdAt: iso, lastSeenAt: iso, signedOutAt: iso })),
  sessions: z.array(
    z.object({ client: z.string(), device: z.string().nullable(), ip: z.string().nullable(), userAgent: z.string().nullable(), createdAt: iso, lastUsedAt: iso, revokedAt: iso, revokedReason: z.string().nullable() }),
  ),
  practiceLog: z.array(z.object({ device: z.string(), title: z.string(), artist: z.string(), plays: z.number(), minutes: z.number(), lastPlayedAt: iso })),
  billing: z
    .object({ stripeCustomerId: z.string(), subscriptionId: z.string().nullable(), status: z.string().nullable(), interval: z.string().nullable(), currentPeriodEnd: iso, cancelAtPeriodEnd: z.boolean() })
    .nullable(),
  grants: z.array(z.object({ plan: z.string(), until: iso, reason: z.string().nullable(), createdAt: iso, revokedAt: iso })),
  activity: z.array(z.object({ at: iso, action: z.string(), ip: z.string().nullable(), details: z.record(z.string(), z.unknown()).nullable() })),
});

export const healthResponse = z.object({ ok: z.literal(true) });
export const readyResponse = z.object({ ok: z.literal(true), database: z.literal('ok') });
export const notReadyResponse = apiErrorBody.extend({ ok: z.literal(false), database: z.literal('unreachable') });

export const webhookResponse = z.object({
  received: z.literal(true),
  handled: z.literal(false).optional().meta({ description: 'The event type is not one the backend acts on.' }),
  duplicate: z.literal(true).optional().meta({ description: 'This event id was handled before.' }),
});

export const devMailResponse = z.object({ mails: z.array(z.looseObject({ to: z.string(), subject: z.string(), text: z.string() })) });

/** GET /api/metrics/json: this instance's counters (operators and benchmarks). */
export const metricsSummary = z.looseObject({
  cache: z.looseObject({ memoryHits: z.number(), databaseHits: z.number(), misses: z.number(), hitRatio: z.number(), byKey: z.record(z.string(), z.looseObject({ hits: z.number(), misses: z.number(), hitRatio: z.number() })) }),
  stripeCalls: z.number(),
  stripe: z.looseObject({ calls: z.number(), errors: z.record(z.string(), z.number()), breaker: z.looseObject({ state: z.enum(['closed', 'open', 'half-open']) }) }).nullable(),
  eventLoopDelayMs: z.object({ p50Ms: z.number(), p99Ms: z.number(), maxMs: z.number() }).meta({ description: 'Over the window since the previous read.' }),
});
