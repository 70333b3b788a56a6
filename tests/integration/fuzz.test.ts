import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initBillingTestApp, type BillingTestApp } from '../helpers/billing.ts';
import { signedInUser } from '../helpers/accounts.ts';

/**
 * Malformed requests across every route: wrong types, missing fields, huge strings,
 * invalid JSON, wrong content types, oversized bodies, bad tokens. Nothing may answer
 * 5xx, every refusal must be the project's error shape, and no rejected request may
 * change the database.
 */
let b: BillingTestApp;
let validToken: string;
beforeAll(async () => {
  b = await initBillingTestApp({ RATE_LIMIT_LOGIN_PER_IP: '1000000', RATE_LIMIT_LOGIN_PER_EMAIL: '1000000', RATE_LIMIT_REGISTER_PER_IP: '1000000', BODY_LIMIT: '16kb' });
  validToken = (await signedInUser(b.app)).tokens.accessToken;
});
afterAll(() => b.close());

// Logout is left out: with the valid token it would (rightly) end the session the other cases use.
const ROUTES: [string, string][] = [
  ['POST', '/api/auth/register'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/refresh'],
  ['GET', '/api/auth/me'],
  ['POST', '/api/auth/update-profile'],
  ['POST', '/api/auth/change-password'],
  ['POST', '/api/auth/forgot-password'],
  ['POST', '/api/auth/reset-password'],
  ['POST', '/api/auth/verify-email'],
  ['GET', '/api/auth/verify-email'],
  ['POST', '/api/auth/resend-verification'],
  ['GET', '/api/devices'],
  ['DELETE', '/api/devices/x'],
  ['GET', '/api/billing/subscription'],
  ['POST', '/api/billing/create-checkout-session'],
  ['POST', '/api/billing/customer-portal'],
  ['POST', '/api/billing/cancel-subscription'],
  ['GET', '/api/billing/invoices'],
  ['POST', '/api/webhooks/stripe'],
  ['GET', '/api/entitlements'],
  ['POST', '/api/progress/save'],
  ['GET', '/api/progress'],
  ['POST', '/auth/reset-password'],
  ['GET', '/billing/success'],
];

const TABLES = ['users', 'sessions', 'devices', 'email_tokens', 'billing_accounts', 'plan_grants', 'song_progress', 'stripe_webhook_events'];

async function tableCounts(): Promise<Record<string, number>> {
  const conn = b.app.deps.orm.em.fork().getConnection();
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await conn.execute<{ n: string }[]>(`select count(*) as n from "${t}"`))[0]!.n);
  return out;
}

const jsonValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.string({ minLength: 5000, maxLength: 6000 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);
const fieldNames = fc.constantFrom('email', 'password', 'device', 'refreshToken', 'displayName', 'currentPassword', 'newPassword', 'token', 'price', 'reason', 'songs', 'client', 'replaceDevice', '__proto__', 'constructor');
const body = fc.oneof(
  fc.dictionary(fieldNames, jsonValue, { maxKeys: 5 }).map((o) => ({ raw: JSON.stringify(o), type: 'application/json' })),
  jsonValue.map((v) => ({ raw: JSON.stringify(v), type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((s) => ({ raw: `{${s}`, type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((s) => ({ raw: s, type: 'text/plain' })),
  fc.string({ maxLength: 100 }).map((s) => ({ raw: `a=${encodeURIComponent(s)}&token=1`, type: 'application/x-www-form-urlencoded' })),
  fc.constant({ raw: JSON.stringify({ email: 'x'.repeat(40_000) }), type: 'application/json' }),
  fc.constant({ raw: '', type: 'application/json' }),
);
const auth = fc.oneof(
  fc.constant(undefined),
  fc.constant('valid'),
  fc.string({ maxLength: 300 }).map((s) => `Bearer ${s}`),
  fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
  fc.string({ maxLength: 50 }),
);
const query = fc.oneof(fc.constant(''), fc.string({ maxLength: 300 }).map((s) => `?token=${encodeURIComponent(s)}&session_id=${encodeURIComponent(s)}`));

describe('fuzzing every route', () => {
  it('answers 1,200 malformed requests with 4xx in the error shape and leaves the database unchanged', async () => {
    const before = await tableCounts();
    const statuses = new Map<number, number>();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, auth, query, async ([method, path], { raw, type }, authorization, q) => {
        const headers: Record<string, string> = { 'content-type': type };
        if (authorization === 'valid') headers.authorization = `Bearer ${validToken}`;
        else if (authorization !== undefined) headers.authorization = authorization;
        if (path.includes('webhooks')) headers['stripe-signature'] = 't=1,v1=forged';
        const res = await fetch(b.app.url + path + q, { method, headers, body: method === 'GET' ? undefined : raw, redirect: 'manual' });
        const text = await res.text();
        sent++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${method} ${path} → ${res.status}: ${text.slice(0, 300)}`).toBeLessThan(500);
        if (res.status >= 400 && (res.headers.get('content-type') ?? '').includes('json')) {
          const parsed = JSON.parse(text);
          expect(typeof parsed.error?.code).toBe('string');
          expect(typeof parsed.error?.message).toBe('string');
        }
        expect(text).not.toMatch(/at \/|node_modules|select .* from|insert into/i);
      }),
      { numRuns: 1200, seed: Number(process.env.FUZZ_SEED ?? 20261122) },
    );
    console.log(`[fuzz] ${sent} requests; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(sent).toBeGreaterThanOrEqual(1200);
    // The only rows malformed requests may add: none. (Audit entries and cache rows are expected.)
    expect(await tableCounts()).toEqual(before);
  }, 180_000);
});
