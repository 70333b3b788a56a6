import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../backend/src/config.ts';
import { entitlementKeyPem } from '../helpers/keys.ts';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'a-real-production-secret-of-enough-length!',
  CORS_ORIGINS: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  PUBLIC_URL: 'https://api.example.com',
  SMTP_URL: 'smtp://mail.example.com:587',
  ENTITLEMENT_PRIVATE_KEY: entitlementKeyPem(),
};
const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('safe by default', () => {
  it('development generates a random JWT secret once into DATA_DIR and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'st-config-'));
    const first = loadConfig({ DATA_DIR: dir }).jwt.secret;
    expect(first.length).toBeGreaterThanOrEqual(48);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(loadConfig({ DATA_DIR: dir }).jwt.secret).toBe(first);
    // Another install gets another secret: none is shared, none is in the source.
    expect(loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'st-config-')) }).jwt.secret).not.toBe(first);
  });

  it('tests sign with a random secret of their own process, never written to disk', () => {
    const a = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/nonexistent' }).jwt.secret;
    expect(a.length).toBeGreaterThanOrEqual(48);
    expect(loadConfig({ NODE_ENV: 'test', DATA_DIR: '/nonexistent' }).jwt.secret).toBe(a);
  });

  it.each(['0.0.0.0', '::', '192.168.1.20', 'example.org'])('refuses to bind %s without production settings, in one line saying what to set', (host) => {
    const dir = mkdtempSync(join(tmpdir(), 'st-config-'));
    for (const env of ['development', 'test']) {
      const problems = problemsOf({ NODE_ENV: env, HOST: host, DATA_DIR: dir });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^HOST: ${host.replace(/\./g, '\\.')} serves other machines.*NODE_ENV=production with JWT_SECRET, CORS_ORIGINS, PUBLIC_URL, SMTP_URL and ENTITLEMENT_PRIVATE_KEY`));
    }
    expect(loadConfig({ ...production, HOST: host }).host).toBe(host);
  });

  it.each(['127.0.0.1', 'localhost', '::1', '127.0.0.2'])('serves development on the loopback address %s', (host) => {
    expect(loadConfig({ NODE_ENV: 'test', HOST: host }).host).toBe(host);
  });

  it('opens the development mailbox only on loopback without SMTP, behind a random token', () => {
    const a = loadConfig({ NODE_ENV: 'test' }).devMailbox;
    const b = loadConfig({ NODE_ENV: 'test' }).devMailbox;
    expect(a?.token.length).toBeGreaterThanOrEqual(32);
    expect(a?.token).not.toBe(b?.token);
    expect(loadConfig({ NODE_ENV: 'test', SMTP_URL: 'smtp://mail.example.com' }).devMailbox).toBeNull();
    expect(loadConfig({ ...production, HOST: '127.0.0.1' }).devMailbox).toBeNull();
  });

  it('takes TRUST_PROXY as a hop count and refuses "true"', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).trustProxyHops).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'false' }).trustProxyHops).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '2' }).trustProxyHops).toBe(2);
    expect(problemsOf({ NODE_ENV: 'test', TRUST_PROXY: 'true' })).toEqual([expect.stringMatching(/^TRUST_PROXY: must be the number of reverse proxies/)]);
    expect(problemsOf({ NODE_ENV: 'test', TRUST_PROXY: '11' })).toHaveLength(1);
  });

  it('limits reset and verification mails per address: 3 in production, 10 in development by default', () => {
    expect(loadConfig(production).rateLimit.mailPerEmail).toBe(3);
    expect(loadConfig({ NODE_ENV: 'test' }).rateLimit.mailPerEmail).toBe(10);
    expect(loadConfig({ NODE_ENV: 'test', RATE_LIMIT_MAIL_PER_EMAIL: '2' }).rateLimit.mailPerEmail).toBe(2);
  });
});
