import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTestApp, TEST_METRICS_TOKEN, type TestApp } from '../helpers/test-app.ts';
import { client, expectError } from '../helpers/http.ts';
import { User } from '../../backend/src/modules/users/entity.ts';
import { entitlementKeyPem } from '../helpers/keys.ts';

let app: TestApp;
let api: ReturnType<typeof client>;
beforeAll(async () => {
  app = await initTestApp({ BODY_LIMIT: '2kb' });
  api = client(app.url);
});
afterAll(() => app.close());

describe('health and readiness', () => {
  it('answers /api/health and /api/ready with the database reachable', async () => {
    expect((await api.get('/api/health')).body).toEqual({ ok: true });
    expect((await api.get('/api/ready')).body).toMatchObject({ ok: true, database: 'ok' });
  });

  it('reports the event-loop delay of the window since the previous read in /api/metrics/json', async () => {
    await api.get('/api/metrics/json', TEST_METRICS_TOKEN);
    const started = Date.now();
    while (Date.now() - started < 60); // a 60 ms stall of the shared event loop
    await new Promise((resolve) => setTimeout(resolve, 30));
    const { eventLoopDelayMs } = (await api.get('/api/metrics/json', TEST_METRICS_TOKEN)).body as { eventLoopDelayMs: { p50Ms: number; p99Ms: number; maxMs: number } };
    expect(eventLoopDelayMs.maxMs).toBeGreaterThanOrEqual(40);
    expect(eventLoopDelayMs.p99Ms).toBeLessThanOrEqual(eventLoopDelayMs.maxMs);
    const next = (await api.get('/api/metrics/json', TEST_METRICS_TOKEN)).body as { eventLoopDelayMs: { maxMs: number } };
    expect(next.eventLoopDelayMs.maxMs).toBeLessThan(40);
  });
});

describe('bad requests get the error shape and change nothing', () => {
  const register = '/api/auth/register';
  it.each([
    ['invalid JSON', { rawBody: '{"email":', headers: { 'content-type': 'application/json' } }, 400, 'invalid_json'],
    ['a form body on the API', { rawBody: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ['plain text', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
    ['a JSON array', { rawBody: '[1,2]', headers: { 'content-type': 'application/json' } }, 400, 'validation_failed'],
    ['JSON null', { rawBody: 'null', headers: { 'content-type': 'application/json' } }, 400, 'validation_failed'],
    ['an oversized body', { rawBody: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(5000) }), headers: { 'content-type': 'application/json' } }, 413, 'body_too_large'],
  ])('%s', async (_name, opts, status, code) => {
    const res = await api.call('POST', register, opts);
    expectError(res, status, code);
    expect(res.body.error.requestId).toMatch(/.{8,}/);
    expect(JSON.stringify(res.body)).not.toMatch(/stack|select |insert |at \//i);
    expect(await app.deps.orm.em.fork().count(User, {})).toBe(0);
  });

  it('answers 404 and 405 in the same shape', async () => {
    expectError(await api.get('/api/nothing-here'), 404, 'not_found');
    const wrongMethod = await api.call('PUT', '/api/auth/login', { body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.body.error.code).toBeTypeOf('string');
  });
});

describe('headers', () => {
  it('sends security headers and a request id', async () => {
    const res = await api.get('/api/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBeTruthy();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('allows an unpacked extension origin in development and refuses other sites', async () => {
    const preflight = (origin: string) =>
      fetch(`${app.url}/api/auth/login`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ext = await preflight('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    expect(ext.headers.get('access-control-allow-origin')).toBe('chrome-extension://abcdefghijklmnopabcdefghijklmnop');
    const evil = await preflight('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('in production allows only the configured extension origins', async () => {
    const prod = await initTestApp({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-real-production-secret-of-enough-length!',
      CORS_ORIGINS: 'chrome-extension://allowedallowedallowedallowedallow',
      PUBLIC_URL: 'https://api.example.com',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      ENTITLEMENT_PRIVATE_KEY: entitlementKeyPem(),
      LOG_LEVEL: 'silent',
    });
    try {
      const preflight = (origin: string) =>
        fetch(`${prod.url}/api/auth/login`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
      expect((await preflight('chrome-extension://allowedallowedallowedallowedallow')).headers.get('access-control-allow-origin')).toBe(
        'chrome-extension://allowedallowedallowedallowedallow',
      );
      expect((await preflight('chrome-extension://otherotherotherotherotherotherot')).headers.get('access-control-allow-origin')).toBeNull();
      // The development mailbox does not exist in production.
      expect((await fetch(`${prod.url}/api/dev/mail`)).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
