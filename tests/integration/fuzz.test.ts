import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { initBillingTestApp, type BillingTestApp } from '../helpers/billing.ts';
import { signedInUser } from '../helpers/accounts.ts';

/**
 * Malformed requests across every route: wrong types, missing fields, huge strings,
 * invalid JSON, wrong content types, oversized bodies, bad tokens, and every hostile value
 * class (NUL and other control characters, bidi overrides, lone surrogates, huge and
 * non-finite numbers, impossible dates, deep nesting, duplicate keys, prototype keys), both
 * alone and inside otherwise valid bodies so they reach field validation. Nothing may answer
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
  ['GET', '/api/account/export'],
  ['POST', '/api/account/change-email'],
  ['POST', '/api/account/confirm-email-change'],
  ['GET', '/api/account/confirm-email-change'],
  ['GET', '/api/dev/mail'],
  ['GET', '/billing/success'],
];

const TABLES = ['users', 'sessions', 'devices', 'email_tokens', 'billing_accounts', 'plan_grants', 'song_progress', 'stripe_webhook_events'];

async function tableCounts(): Promise<Record<string, number>> {
  const conn = b.app.deps.orm.em.fork().getConnection();
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await conn.execute<{ n: string }[]>(`select count(*) as n from "${t}"`))[0]!.n);
  return out;
}

/** A string carrying one hostile character between ordinary ones. */
const hostileString = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\u0000', '\u0001', '\u0007', '\u0008', '\u001B', '\n', '\u007F', '\u0085', '\u009F', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u202E', '\u2066', '\uFEFF'),
    fc.string({ maxLength: 10 }),
  )
  .map(([a, bad, b]) => a + bad + b);
const hostileNumber = fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -(2 ** 63), 5e-324, -0, 0.1 + 0.2);
const hostileDate = fc.constantFrom('0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z', '1970-01-01T00:00:00Z', '2026-02-30T25:61:61Z', '2026-01-01T00:00:00\u0000Z');
const hostileValue = fc.oneof(hostileString, hostileNumber, hostileDate);
/** Raw JSON that JSON.stringify cannot produce. */
const hostileRaw = fc.oneof(
  fc.integer({ min: 100, max: 4000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 100, max: 1500 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 100, max: 1500 }).map((n) => `{"songs":${'['.repeat(n)}${']'.repeat(n)}}`),
  fc.constantFrom(
    '{"email":"a@example.com","email":{"$ne":null},"password":"Correct-Horse-42"}',
    '{"displayName":"ok","displayName":"\\u0000"}',
    '{"__proto__":{"isAdmin":true},"email":"a@example.com","password":"x"}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    '{"songs":[{"__proto__":{"plays":1},"songId":"a","title":"t","plays":1,"minutes":1,"lastPlayedAt":"2026-01-01T00:00:00Z"}]}',
    '{"songs":[{"songId":"a","title":"t","plays":1e999,"minutes":-1e999,"lastPlayedAt":"2026-01-01T00:00:00Z"}]}',
    '{"songs":[{"songId":"a","title":"t","plays":123456789012345678901234567890,"minutes":1,"lastPlayedAt":"2026-01-01T00:00:00Z"}]}',
    '{"price":"premium_monthly","price":"\\ud800"}',
    '"\\ud800"',
    '1e999',
    'null',
  ),
).map((raw) => ({ raw, type: 'application/json' }));
/** Bodies valid in every field but one, which is hostile: they reach the field checks. */
const song = { songId: 'song-1', title: 'Amazing Grace', artist: 'Trad.', plays: 1, minutes: 3, lastPlayedAt: '2026-01-01T20:00:00Z' };
const shapedHostile = fc
  .tuple(
    fc.constantFrom(
      { email: 'fuzz@example.com', password: 'Correct-Horse-42', displayName: 'Singer' },
      { email: 'fuzz@example.com', password: 'Correct-Horse-42', device: { id: 'fuzz-device-1', name: 'Stage' } },
      { displayName: 'Singer' },
      { songs: [song] },
      { reason: 'moving on' },
      { token: 'x'.repeat(43), newPassword: 'Correct-Horse-42' },
    ),
    hostileValue,
    fc.nat(),
  )
  .map(([template, bad, pick]) => {
    const body = structuredClone(template) as Record<string, unknown>;
    const target = 'songs' in body ? ((body.songs as Record<string, unknown>[])[0]!) : 'device' in body && pick % 3 === 0 ? (body.device as Record<string, unknown>) : body;
    const keys = Object.keys(target);
    target[keys[pick % keys.length]!] = bad;
    return { raw: JSON.stringify(body), type: 'application/json' };
  });

const jsonValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.string({ minLength: 5000, maxLength: 6000 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  hostileValue,
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
  hostileRaw,
  shapedHostile,
  shapedHostile,
);
const auth = fc.oneof(
  fc.constant(undefined),
  fc.constant('valid'),
  fc.string({ maxLength: 300 }).map((s) => `Bearer ${s}`),
  fc.constant('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
  fc.string({ maxLength: 50 }),
);
/** encodeURIComponent, except that a lone surrogate is sent as its raw 3 bytes (WTF-8) instead of throwing. */
const encodeAny = (s: string) =>
  s.replace(/[\uD800-\uDFFF]|[^\uD800-\uDFFF]+/gu, (part) => {
    if (!/^[\uD800-\uDFFF]$/u.test(part)) return encodeURIComponent(part);
    const u = part.charCodeAt(0);
    return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  });

const query = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 300 }).map((s) => `?token=${encodeURIComponent(s)}&session_id=${encodeURIComponent(s)}`),
  hostileString.map((s) => `?token=${encodeAny(s)}&to=${encodeAny(s)}`),
  fc.constantFrom('?token=%00', '?token=%ED%A0%80', '?token[]=a&token[]=b', '?__proto__[x]=1', '?session_id=%C0%AE'),
);

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
