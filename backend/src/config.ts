import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * All configuration comes from the environment and is validated once at start.
 * Development and test get convenient defaults but serve only this machine (loopback) and hold
 * no constant secret; production refuses to start without real secrets and explicit CORS origins.
 */

/** Addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Tests sign with a secret of their own process: random, never written anywhere. */
const TEST_JWT_SECRET = randomBytes(48).toString('base64url');

/**
 * Development signs tokens with a random secret generated once into DATA_DIR (like the
 * entitlement key), so sign-ins survive restarts and no secret is shared by every install.
 */
function developmentJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  } catch {
    // Not generated yet.
  }
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like 30s, 15m, 24h or 14d')
  .transform(parseDuration);

function parseDuration(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value)!;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

const int = (min: number, max: number, outOfRange?: string) =>
  z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(min, outOfRange).max(max, outOfRange);
const bool = z.enum(['true', 'false', '1', '0'], { error: 'must be true or false (or 1 or 0)' }).transform((v) => v === 'true' || v === '1');
const optionalUrl = z.url({ error: 'must be a URL' }).optional();

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(8787),
  PUBLIC_URL: optionalUrl,
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  // Past a few hundred, connections cost PostgreSQL more than they give; its own default max_connections is 100.
  DB_POOL_MAX: int(1, 1000, 'must be a whole number of connections from 1 to 1000').default(10),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().min(32, 'must have at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).default('stagetracker'),
  ACCESS_TOKEN_TTL: duration.default(24 * 3_600_000),
  REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(60),
  EMAIL_TOKEN_TTL: duration.default(24 * 3_600_000),
  RESET_TOKEN_TTL: duration.default(3_600_000),
  BCRYPT_COST: int(4, 15).default(12),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('StageTracker Pro <no-reply@stagetracker.local>'),
  CORS_ORIGINS: z.string().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  RATE_LIMIT_WINDOW: duration.default(15 * 60_000),
  RATE_LIMIT_LOGIN_PER_IP: int(1, 1_000_000).optional(),
  RATE_LIMIT_LOGIN_PER_EMAIL: int(1, 1_000_000).optional(),
  RATE_LIMIT_REGISTER_PER_IP: int(1, 1_000_000).optional(),
  RATE_LIMIT_MAIL_PER_EMAIL: int(1, 1_000_000).optional(),
  RATE_LIMIT_STRIPE_PER_USER: int(1, 1_000_000).optional(),
  RATE_LIMIT_STRIPE_PER_IP: int(1, 1_000_000).optional(),
  BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must be a size like 100kb').default('100kb'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  // The number of reverse proxies in front of the backend (Koa's maxIpsCount): the client IP is
  // taken that many entries from the right of X-Forwarded-For, so a client cannot choose it.
  TRUST_PROXY: z
    .string()
    .transform((v, ctx) => {
      if (v === 'false') return 0;
      if (/^\d{1,2}$/.test(v) && Number(v) <= 10) return Number(v);
      ctx.addIssue({ code: 'custom', message: 'must be the number of reverse proxies in front of the backend (0-10; usually 1), not true: with a count, a client cannot pick its own IP in X-Forwarded-For' });
      return z.NEVER;
    })
    .default(0),
  REQUIRE_EMAIL_VERIFICATION: bool.default(true),
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'must be a Stripe secret key (sk_test_… or sk_live_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_\w+$/, 'must be a webhook signing secret (whsec_…)').optional(),
  STRIPE_API_BASE: z.url({ error: 'must be a URL' }).optional(),
  STRIPE_PRICE_LOOKUP_KEYS: z.string().default('premium_monthly,premium_yearly'),
  STRIPE_TIMEOUT: duration.default(8000),
  STRIPE_MAX_RPS: int(1, 100).default(10),
  STRIPE_USER_TIMEOUT: duration.default(500),
  STRIPE_ALLOW_PROMOTION_CODES: bool.default(false),
  STRIPE_AUTOMATIC_TAX: bool.default(false),
  STRIPE_PORTAL_CONFIGURATION: z.string().regex(/^bpc_\w+$/, 'must be a billing portal configuration id (bpc_…)').optional(),
  PAST_DUE_GRACE_DAYS: z.coerce.number({ error: 'must be a number' }).min(0).max(60).default(7),
  ENTITLEMENT_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key (-----BEGIN PRIVATE KEY-----)' }).optional(),
  ENTITLEMENT_GRACE_DAYS: int(1, 90).default(14),
  SUBSCRIPTION_VERIFY_HOURS: z.coerce.number({ error: 'must be a number' }).positive().max(168).default(4),
  RECONCILE_INTERVAL: duration.default(4 * 3_600_000),
  // Metrics are off unless one of these is set: a token for /api/metrics, or a port of their own.
  METRICS_TOKEN: z.string().min(32, 'must have at least 32 characters (openssl rand -base64 32)').optional(),
  METRICS_PORT: int(0, 65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

/** Every setting the backend reads (kept in step with .env.example by a unit test). */
export const CONFIG_KEYS = Object.keys(schema.shape);

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | undefined;
  /** Connections this instance keeps to PostgreSQL at most. */
  databasePoolMax: number;
  dataDir: string;
  jwt: { secret: string; issuer: string; accessTtlMs: number };
  refreshTtlMs: number;
  emailTokenTtlMs: number;
  resetTokenTtlMs: number;
  bcryptCost: number;
  mail: { smtpUrl: string | undefined; from: string };
  cors: { origins: string[] | 'any-extension' };
  redisUrl: string | undefined;
  rateLimit: {
    windowMs: number;
    loginPerIp: number;
    loginPerEmail: number;
    registerPerIp: number;
    mailPerEmail: number;
    /** Requests per window to each route that calls Stripe (routes that call it only when stale get 10×). */
    stripePerUser: number;
    stripePerIp: number;
  };
  bodyLimit: string;
  logLevel: string;
  /** Reverse proxies in front (0: the socket's address is the client's). */
  trustProxyHops: number;
  /** The development mailbox (GET /api/dev/mail): only on a loopback bind without SMTP, behind a random token. */
  devMailbox: { token: string } | null;
  requireEmailVerification: boolean;
  stripe: {
    secretKey: string | undefined;
    webhookSecret: string | undefined;
    /** Set only for the project's fake Stripe (development and tests). */
    apiBase: URL | undefined;
    priceLookupKeys: string[];
    timeoutMs: number;
    /** How long a user-facing request waits for Stripe before answering from our copy. */
    userTimeoutMs: number;
    /** Passed to every portal session; unset: one is created and remembered in cache_store. */
    portalConfiguration: string | undefined;
    maxRequestsPerSecond: number;
    /** Checkout shows a promotion code field (codes are made in the Stripe dashboard). */
    allowPromotionCodes: boolean;
    /** Stripe Tax computes tax in Checkout; the address entered there is saved to the customer. */
    automaticTax: boolean;
  };
  pastDueGraceMs: number;
  entitlement: { privateKeyPem: string | undefined; graceMs: number };
  subscriptionVerifyMs: number;
  reconcileIntervalMs: number;
  /**
   * Prometheus metrics: `/api/metrics` answers only with `Authorization: Bearer <token>`; with a
   * port, a listener of its own on `host` serves `/metrics` (token required too when one is set).
   */
  metrics: { token: string | undefined; port: number | undefined; host: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings (e.g. `SMTP_URL=` in .env) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  const problems: string[] = [];

  if (!isProduction && !isLoopbackHost(e.HOST)) {
    problems.push(
      `HOST: ${e.HOST} serves other machines, which needs production settings: set NODE_ENV=production with JWT_SECRET, CORS_ORIGINS, PUBLIC_URL, SMTP_URL and ENTITLEMENT_PRIVATE_KEY (or use HOST=127.0.0.1)`,
    );
  }
  if (isProduction) {
    if (!e.JWT_SECRET) problems.push('JWT_SECRET: required in production (a random string of at least 32 characters: openssl rand -base64 48)');
    if (!e.CORS_ORIGINS) problems.push('CORS_ORIGINS: required in production (the extension origin, e.g. chrome-extension://<id>)');
    if (!e.PUBLIC_URL) problems.push('PUBLIC_URL: required in production (the https:// address users reach the backend at)');
    if (!e.SMTP_URL) problems.push('SMTP_URL: required in production so verification and reset mails are delivered');
  }
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) problems.push('STRIPE_WEBHOOK_SECRET: required when STRIPE_SECRET_KEY is set (whsec_… from the Stripe dashboard or `stripe listen`)');
  if (isProduction && e.STRIPE_API_BASE) problems.push('STRIPE_API_BASE: the fake Stripe server cannot be used in production');
  if (isProduction && !e.ENTITLEMENT_PRIVATE_KEY) problems.push('ENTITLEMENT_PRIVATE_KEY: required in production (an EC P-256 private key in PEM; see README)');
  const origins = e.CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins ?? []) {
    if (!/^(chrome-extension|moz-extension|https?):\/\/[^/\s]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin like chrome-extension://<id> or https://host`);
    }
  }
  if (e.METRICS_PORT !== undefined && !e.METRICS_TOKEN && !isLoopbackHost(e.METRICS_HOST)) {
    problems.push(`METRICS_TOKEN: required when METRICS_HOST (${e.METRICS_HOST}) lets other machines reach the metrics port`);
  }
  if (problems.length) throw new ConfigError(problems);

  // Development and test are relaxed so a person trying things is not locked out.
  const relaxed = !isProduction;
  return {
    env: e.NODE_ENV,
    isProduction,
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DB_POOL_MAX,
    dataDir: e.DATA_DIR,
    jwt: { secret: e.JWT_SECRET ?? (e.NODE_ENV === 'test' ? TEST_JWT_SECRET : developmentJwtSecret(e.DATA_DIR)), issuer: e.JWT_ISSUER, accessTtlMs: e.ACCESS_TOKEN_TTL },
    refreshTtlMs: e.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    emailTokenTtlMs: e.EMAIL_TOKEN_TTL,
    resetTokenTtlMs: e.RESET_TOKEN_TTL,
    bcryptCost: e.BCRYPT_COST,
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM },
    cors: { origins: origins?.length ? origins : 'any-extension' },
    redisUrl: e.REDIS_URL,
    rateLimit: {
      windowMs: e.RATE_LIMIT_WINDOW,
      loginPerIp: e.RATE_LIMIT_LOGIN_PER_IP ?? (relaxed ? 200 : 30),
      loginPerEmail: e.RATE_LIMIT_LOGIN_PER_EMAIL ?? (relaxed ? 50 : 10),
      registerPerIp: e.RATE_LIMIT_REGISTER_PER_IP ?? (relaxed ? 100 : 10),
      mailPerEmail: e.RATE_LIMIT_MAIL_PER_EMAIL ?? (relaxed ? 10 : 3),
      stripePerUser: e.RATE_LIMIT_STRIPE_PER_USER ?? (relaxed ? 200 : 20),
      stripePerIp: e.RATE_LIMIT_STRIPE_PER_IP ?? (relaxed ? 600 : 60),
    },
    bodyLimit: e.BODY_LIMIT,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : relaxed ? 'debug' : 'info'),
    trustProxyHops: e.TRUST_PROXY,
    devMailbox: !isProduction && !e.SMTP_URL && isLoopbackHost(e.HOST) ? { token: randomBytes(24).toString('base64url') } : null,
    requireEmailVerification: e.REQUIRE_EMAIL_VERIFICATION,
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      apiBase: e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined,
      priceLookupKeys: e.STRIPE_PRICE_LOOKUP_KEYS.split(',').map((k) => k.trim()).filter(Boolean),
      timeoutMs: e.STRIPE_TIMEOUT,
      userTimeoutMs: e.STRIPE_USER_TIMEOUT,
      portalConfiguration: e.STRIPE_PORTAL_CONFIGURATION,
      maxRequestsPerSecond: e.STRIPE_MAX_RPS,
      allowPromotionCodes: e.STRIPE_ALLOW_PROMOTION_CODES,
      automaticTax: e.STRIPE_AUTOMATIC_TAX,
    },
    pastDueGraceMs: e.PAST_DUE_GRACE_DAYS * 86_400_000,
    entitlement: { privateKeyPem: e.ENTITLEMENT_PRIVATE_KEY?.replace(/\\n/g, '\n'), graceMs: e.ENTITLEMENT_GRACE_DAYS * 86_400_000 },
    subscriptionVerifyMs: e.SUBSCRIPTION_VERIFY_HOURS * 3_600_000,
    reconcileIntervalMs: e.RECONCILE_INTERVAL,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
  };
}
