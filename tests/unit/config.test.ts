import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../../backend/src/config.ts';
import { entitlementKeyPem } from '../helpers/keys.ts';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-production-secret-of-enough-length!',
  CORS_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  PUBLIC_URL: 'https://api.example.com',
  SMTP_URL: 'smtp://mail.example.com:587',
  ENTITLEMENT_PRIVATE_KEY: entitlementKeyPem(),
};

describe('loadConfig', () => {
  it('gives development defaults: bcrypt cost 12, 24 h tokens, relaxed limits, any unpacked extension', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.bcryptCost).toBe(12);
    expect(c.jwt.accessTtlMs).toBe(24 * 3_600_000);
    expect(c.cors.origins).toBe('any-extension');
    expect(c.rateLimit.loginPerIp).toBeGreaterThan(loadConfig(production).rateLimit.loginPerIp);
    expect(c.logLevel).toBe('debug');
  });

  it('refuses to start production without real secrets, naming every missing setting', () => {
    let error: unknown;
    try {
      loadConfig({ NODE_ENV: 'production' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const key of ['JWT_SECRET', 'CORS_ORIGINS', 'PUBLIC_URL', 'SMTP_URL', 'ENTITLEMENT_PRIVATE_KEY']) expect(problems).toContain(key);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['BCRYPT_COST', '3', /BCRYPT_COST/],
    ['ACCESS_TOKEN_TTL', '24 hours', /ACCESS_TOKEN_TTL: must be a duration/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL: must be a postgres/],
    ['REDIS_URL', 'localhost:6379', /REDIS_URL/],
    ['CORS_ORIGINS', 'not an origin', /CORS_ORIGINS/],
    ['NODE_ENV', 'staging', /NODE_ENV/],
    ['DB_POOL_MAX', '0', /^Invalid configuration:\n  - DB_POOL_MAX: must be a whole number of connections from 1 to 1000$/],
    ['DB_POOL_MAX', '5000', /DB_POOL_MAX: must be a whole number of connections from 1 to 1000/],
    ['DB_POOL_MAX', 'ten', /DB_POOL_MAX: must be a whole number/],
    ['DB_POOL_MAX', '2.5', /DB_POOL_MAX: must be a whole number/],
  ])('explains a bad %s', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(message);
  });

  it('accepts a complete production configuration with strict settings', () => {
    const c = loadConfig(production);
    expect(c.isProduction).toBe(true);
    expect(c.cors.origins).toEqual(['chrome-extension://abcdefghijklmnopabcdefghijklmnop']);
    expect(c.logLevel).toBe('info');
  });

  it('needs the webhook secret with a Stripe key, and refuses the fake Stripe in production', () => {
    expect(() => loadConfig({ STRIPE_SECRET_KEY: 'sk_test_abc' })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...production, STRIPE_API_BASE: 'http://127.0.0.1:12111' })).toThrow(/fake Stripe/);
  });

  it('sizes the database pool from DB_POOL_MAX, 10 by default', () => {
    expect(loadConfig({}).databasePoolMax).toBe(10);
    expect(loadConfig({ DB_POOL_MAX: '20' }).databasePoolMax).toBe(20);
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ SMTP_URL: '', REDIS_URL: '' }).redisUrl).toBeUndefined();
  });
});

describe('.env.example', () => {
  it('documents every setting the backend reads', () => {
    const documented = new Set([...readFileSync('.env.example', 'utf8').matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(CONFIG_KEYS.filter((k) => !documented.has(k))).toEqual([]);
  });
});
