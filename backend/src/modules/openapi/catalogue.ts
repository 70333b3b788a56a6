import { z } from 'zod';
import { changeEmailRequest, confirmEmailChangeRequest, deleteAccountRequest } from '../../../../shared/api/account.ts';
import {
  changePasswordRequest,
  forgotPasswordRequest,
  loginRequest,
  refreshRequest,
  registerRequest,
  resendVerificationRequest,
  resetPasswordRequest,
  updateProfileRequest,
  verifyEmailRequest,
} from '../../../../shared/api/auth.ts';
import { cancelRequest, checkoutRequest } from '../../../../shared/api/billing.ts';
import { saveProgressRequest } from '../../../../shared/api/progress.ts';
import * as r from '../../../../shared/api/responses.ts';
import { error, type Answer, type Operation } from './operation.ts';

/**
 * Every route the backend registers, described for /api/openapi.json. Request and response
 * shapes are the shared zod schemas (shared/api); a test checks this list against the router's
 * own and every example here against its schema.
 */

const USER = { id: '0b9f7a52-3c1e-4d6a-9f0e-5c2d8a7b6e41', email: 'singer@example.com', displayName: 'Sam Singer', emailVerified: true, createdAt: '2026-11-20T18:04:11.000Z' };
const DEVICE = { id: '6d3e2c1b-8a7f-4e5d-b6c9-0a1b2c3d4e5f', name: 'Stage laptop', createdAt: '2026-11-20T18:05:00.000Z', lastSeenAt: '2026-12-01T21:30:00.000Z', current: true };
const TOKENS = {
  accessToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwYjlmN2E1MiJ9.c2lnbmF0dXJl',
  accessTokenExpiresAt: '2026-12-02T21:30:00.000Z',
  refreshToken: 'rt_9yQm3bq0ZJt2w8VfK1dS7xH4nC6pL5aE',
  refreshTokenExpiresAt: '2027-01-31T21:30:00.000Z',
};
const PASSWORD = 'Correct-Horse-42';
const EMAIL_TOKEN = 'Yk3vQ9xN2mW7pL4sT8rB1cF6';
const PAGE = (description: string): Answer => ({ description, media: 'html' });
const LINK_TOKEN = { token: { schema: z.string(), description: 'The token from the mailed link.', required: true, example: EMAIL_TOKEN } };

const wrongPassword = error('The password is not the account’s.', 'wrong_password', 'Your password is incorrect.');
const billingDown = error('Stripe is not answering (5xx, timeout, or the circuit breaker is open); nothing was changed. 502 billing_misconfigured when Stripe refuses this server’s request; 503 billing_not_configured without a Stripe key.', 'billing_unavailable', 'The payment service is not answering right now. Nothing was changed; try again in a minute.');

export const operations: Operation[] = [
  // --- Health and operations -----------------------------------------------------------------
  { method: 'get', path: '/api/health', tag: 'Operations', summary: 'Liveness: the process answers', auth: [], database: false, responses: { 200: { description: 'Up.', schema: r.healthResponse, example: { ok: true } } } },
  {
    method: 'get',
    path: '/api/ready',
    tag: 'Operations',
    summary: 'Readiness: the database answers within a second',
    description: 'Point a load balancer’s readiness check (and the container HEALTHCHECK) here.',
    auth: [],
    database: false,
    responses: {
      200: { description: 'Ready.', schema: r.readyResponse, example: { ok: true, database: 'ok' } },
      503: {
        description: 'The database is unreachable; retry after the Retry-After seconds.',
        schema: r.notReadyResponse,
        example: { ok: false, database: 'unreachable', error: { code: 'database_unavailable', message: 'The database is not reachable.' } },
        headers: { 'Retry-After': 'Seconds before asking again.' },
      },
    },
  },
  {
    method: 'get',
    path: '/api/metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics (text exposition format)',
    description: 'Requests and latency per route pattern, event-loop delay, database pool, Stripe calls and errors, webhook outcomes, cache hits. Off unless METRICS_TOKEN is set (or METRICS_PORT, which serves /metrics on a listener of its own).',
    auth: ['metricsToken'],
    database: false,
    responses: {
      200: { description: 'Prometheus text format 0.0.4.', media: 'text', example: '# HELP stagetracker_http_requests_total HTTP requests answered, by method, route pattern and status.\n# TYPE stagetracker_http_requests_total counter\nstagetracker_http_requests_total{method="GET",route="/api/health",status="200"} 3\n' },
      401: error('Missing or wrong token.', 'metrics_unauthorized', 'Metrics need the METRICS_TOKEN as a bearer token (Authorization: Bearer <token>).'),
      404: error('Metrics are off (no METRICS_TOKEN).', 'metrics_disabled', 'Metrics are off on this server: set METRICS_TOKEN (sent as a bearer token) or METRICS_PORT to turn them on.'),
    },
  },
  {
    method: 'get',
    path: '/api/metrics/json',
    tag: 'Operations',
    summary: 'The same instance’s counters as JSON',
    auth: ['metricsToken'],
    database: false,
    responses: {
      200: {
        description: 'Counters; the event-loop delay covers the window since the previous read.',
        schema: r.metricsSummary,
        example: {
          cache: { memoryHits: 12, databaseHits: 1, misses: 2, hitRatio: 0.8667, byKey: { 'stripe:catalog': { hits: 13, misses: 2, hitRatio: 0.8667 } } },
          stripeCalls: 4,
          stripe: { calls: 4, errors: { total: 0, timeout: 0, network: 0, rateLimited: 0, client: 0, server: 0 }, breaker: { state: 'closed', consecutiveFailures: 0, lastOpenedAt: null, timesOpened: 0, shortCircuited: 0 } },
          eventLoopDelayMs: { p50Ms: 0.1, p99Ms: 1.9, maxMs: 4.2 },
        },
      },
      401: error('Missing or wrong token.', 'metrics_unauthorized', 'Metrics need the METRICS_TOKEN as a bearer token (Authorization: Bearer <token>).'),
      404: error('Metrics are off (no METRICS_TOKEN).', 'metrics_disabled', 'Metrics are off on this server: set METRICS_TOKEN (sent as a bearer token) or METRICS_PORT to turn them on.'),
    },
  },
  { method: 'get', path: '/api/openapi.json', tag: 'Operations', summary: 'This document (OpenAPI 3.1)', auth: [], database: false, responses: { 200: { description: 'The OpenAPI document.', schema: z.looseObject({ openapi: z.literal('3.1.0') }), example: { openapi: '3.1.0' } } } },
  {
    method: 'get',
    path: '/api/dev/mail',
    tag: 'Operations',
    summary: 'Development mailbox: the mails that would have been sent',
    description: 'Exists only in development on a loopback bind without SMTP_URL; answers only to this machine, with the token the backend printed at start.',
    auth: ['devMailToken'],
    database: false,
    query: { to: { schema: z.email(), description: 'Only mails to this address.', example: USER.email } },
    responses: {
      200: { description: 'The outbox, oldest first.', schema: r.devMailResponse, example: { mails: [{ to: USER.email, subject: 'Confirm your email', text: 'Open http://127.0.0.1:8787/api/auth/verify-email?token=… to confirm.' }] } },
      401: error('Missing or wrong mailbox token.', 'dev_mail_token', 'Send the development mailbox token printed when the backend started (X-Dev-Mail-Token header or ?token=).'),
    },
  },

  // --- Accounts ------------------------------------------------------------------------------
  {
    method: 'post',
    path: '/api/auth/register',
    tag: 'Accounts',
    summary: 'Create an account; mails a confirmation link',
    description: 'Password rules (shared/api/password.ts): 10+ characters, a lowercase and an uppercase letter, a digit, no leading or trailing space; each broken rule is its own message.',
    auth: [],
    limited: true,
    body: { schema: registerRequest, example: { email: USER.email, password: PASSWORD, displayName: 'Sam Singer' } },
    responses: {
      201: { description: 'Created.', schema: r.registerResponse, example: { user: { ...USER, emailVerified: false }, message: 'Check your inbox: open the link we sent to singer@example.com to confirm your address.' } },
      409: error('The email already has an account.', 'email_taken', 'An account with this email already exists. Sign in, or reset your password if you forgot it.'),
    },
  },
  {
    method: 'post',
    path: '/api/auth/login',
    tag: 'Accounts',
    summary: 'Sign in (as a device from the extension, or as a web session)',
    description:
      'The extension always sends `device` (client "extension"); a sign-in without a device is a web session, which never gets an entitlement. `web` also sets an HTTP-only session cookie and returns a CSRF token. Over the plan’s device limit the answer is 409 with the devices to choose from; sign in again with `replaceDevice`.',
    auth: [],
    limited: true,
    body: { schema: loginRequest, example: { email: USER.email, password: PASSWORD, device: { id: 'install-7f3a9c2e1b', name: 'Stage laptop' }, client: 'extension' } },
    responses: {
      200: { description: 'Signed in.', schema: r.loginResponse, example: { ...TOKENS, user: USER, device: DEVICE } },
      400: error('Missing device for the extension, or a field is wrong.', 'device_required', 'The extension signs in as a device: send device {id, name}. Without one, sign in with client "web" (no Premium entitlement).'),
      401: error('Unknown email or wrong password (the same answer, in the same time).', 'invalid_credentials', 'Email or password is incorrect.'),
      403: error('The email is not confirmed yet (or the account is disabled: account_disabled).', 'email_not_verified', 'Confirm your email first: open the link we sent to singer@example.com. You can ask for a new link if it expired.'),
      409: error('Over the plan’s device limit.', 'device_limit', 'Your Free plan allows 1 signed-in device. Sign one out to use this one, or upgrade to Premium for up to 5.', { details: { limit: 1, devices: [{ ...DEVICE, current: false }] } }),
    },
  },
  {
    method: 'post',
    path: '/api/auth/refresh',
    tag: 'Accounts',
    summary: 'New tokens for a refresh token (which is retired)',
    description: 'Replaying a retired refresh token later signs the session out (refresh_token_reused).',
    auth: [],
    limited: true,
    body: { schema: refreshRequest, example: { refreshToken: TOKENS.refreshToken } },
    responses: {
      200: { description: 'New tokens.', schema: r.refreshResponse, example: { ...TOKENS, user: USER } },
      401: error('Expired, unknown, reused or just-rotated refresh token.', 'refresh_token_expired', 'Your sign-in expired after a long time offline. Sign in again.'),
    },
  },
  { method: 'post', path: '/api/auth/logout', tag: 'Accounts', summary: 'End this session (the library stays on the device)', auth: ['bearer', 'sessionCookie'], responses: { 200: { description: 'Signed out.', schema: r.okMessage, example: { ok: true, message: 'Signed out. Your library stays on this device.' } } } },
  { method: 'get', path: '/api/auth/me', tag: 'Accounts', summary: 'The user and this device', auth: ['bearer', 'sessionCookie'], responses: { 200: { description: 'The signed-in user.', schema: r.meResponse, example: { user: USER, device: DEVICE } } } },
  {
    method: 'post',
    path: '/api/auth/update-profile',
    tag: 'Accounts',
    summary: 'Change the display name',
    auth: ['bearer', 'sessionCookie'],
    body: { schema: updateProfileRequest, example: { displayName: 'Sam the Singer' } },
    responses: { 200: { description: 'Updated.', schema: r.profileResponse, example: { user: { ...USER, displayName: 'Sam the Singer' } } } },
  },
  {
    method: 'post',
    path: '/api/auth/change-password',
    tag: 'Accounts',
    summary: 'Change the password; other sessions are signed out',
    auth: ['bearer', 'sessionCookie'],
    body: { schema: changePasswordRequest, example: { currentPassword: PASSWORD, newPassword: 'Battery-Staple-77' } },
    responses: { 200: { description: 'Changed.', schema: r.okMessage, example: { ok: true, message: 'Password changed. Your other devices were signed out.' } }, 403: error('The current password is wrong.', 'wrong_password', 'Your current password is incorrect.') },
  },
  {
    method: 'post',
    path: '/api/auth/forgot-password',
    tag: 'Accounts',
    summary: 'Mail a one-hour single-use link to choose a new password',
    description: 'The same answer whether or not the account exists.',
    auth: [],
    limited: true,
    body: { schema: forgotPasswordRequest, example: { email: USER.email } },
    responses: { 202: { description: 'Accepted.', schema: r.okMessage, example: { ok: true, message: 'If an account exists for singer@example.com, we sent it a link to choose a new password.' } } },
  },
  {
    method: 'post',
    path: '/api/auth/reset-password',
    tag: 'Accounts',
    summary: 'Set a new password with the mailed token; every session is signed out',
    auth: [],
    limited: true,
    body: { schema: resetPasswordRequest, example: { token: EMAIL_TOKEN, newPassword: 'Battery-Staple-77' } },
    responses: { 200: { description: 'Changed.', schema: r.okMessage, example: { ok: true, message: 'Password changed. Sign in with your new password.' } }, 400: error('The link is unknown, used or expired.', 'link_invalid', 'This password reset link is not valid. Ask for a new one.') },
  },
  {
    method: 'post',
    path: '/api/auth/verify-email',
    tag: 'Accounts',
    summary: 'Confirm the email address with the mailed token (JSON)',
    auth: [],
    body: { schema: verifyEmailRequest, example: { token: EMAIL_TOKEN } },
    responses: { 200: { description: 'Confirmed.', schema: r.okUserMessage, example: { ok: true, user: USER, message: 'Email confirmed. You can sign in now.' } }, 400: error('The link is unknown, used or expired.', 'link_invalid', 'This verification link is not valid. Ask for a new one.') },
  },
  { method: 'get', path: '/api/auth/verify-email', tag: 'Pages', summary: 'The page the mailed confirmation link opens', auth: [], query: LINK_TOKEN, responses: { 200: PAGE('Confirmed.'), 400: PAGE('The link is incomplete, unknown, used or expired.') } },
  {
    method: 'post',
    path: '/api/auth/resend-verification',
    tag: 'Accounts',
    summary: 'Mail a new confirmation link',
    description: 'The same answer whether or not the account exists.',
    auth: [],
    limited: true,
    body: { schema: resendVerificationRequest, example: { email: USER.email } },
    responses: { 202: { description: 'Accepted.', schema: r.okMessage, example: { ok: true, message: 'If singer@example.com has an unconfirmed account, we sent it a new link.' } } },
  },
  { method: 'get', path: '/auth/reset-password', tag: 'Pages', summary: 'The page the mailed reset link opens: a form for the new password', auth: [], database: false, query: LINK_TOKEN, responses: { 200: PAGE('The form.') } },
  {
    method: 'post',
    path: '/auth/reset-password',
    tag: 'Pages',
    summary: 'The reset form’s submission (form-encoded)',
    auth: [],
    limited: true,
    body: { schema: z.object({ token: z.string(), newPassword: z.string() }), example: { token: EMAIL_TOKEN, newPassword: 'Battery-Staple-77' }, form: true },
    responses: { 200: PAGE('Changed; every device was signed out.'), 400: PAGE('The password breaks a rule, or the link is not valid.') },
  },

  // --- Account -------------------------------------------------------------------------------
  {
    method: 'get',
    path: '/api/account/export',
    tag: 'Account',
    summary: 'Everything the backend holds about you, as a JSON download',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    responses: {
      200: {
        description: 'The export (no secrets or hashes).',
        schema: r.accountExport,
        example: {
          format: 'stagetracker-account-export/1',
          exportedAt: '2026-12-02T08:00:00.000Z',
          user: { ...USER, disabledAt: null, passwordChangedAt: null },
          devices: [{ id: DEVICE.id, installId: 'install-7f3a9c2e1b', name: DEVICE.name, createdAt: DEVICE.createdAt, lastSeenAt: DEVICE.lastSeenAt, signedOutAt: null }],
          sessions: [{ client: 'extension', device: DEVICE.name, ip: '203.0.113.7', userAgent: 'Mozilla/5.0', createdAt: DEVICE.createdAt, lastUsedAt: DEVICE.lastSeenAt, revokedAt: null, revokedReason: null }],
          practiceLog: [{ device: 'install-7f3a9c2e1b', title: 'Amazing Grace', artist: 'Traditional', plays: 12, minutes: 48.5, lastPlayedAt: '2026-11-30T20:15:00.000Z' }],
          billing: null,
          grants: [],
          activity: [{ at: DEVICE.createdAt, action: 'auth.login', ip: '203.0.113.7', details: null }],
        },
      },
    },
  },
  {
    method: 'post',
    path: '/api/account/delete',
    tag: 'Account',
    summary: 'Delete the account (cancels Stripe subscriptions at once)',
    description: 'Deletes the account, its devices, sessions, practice log, billing copy and grants; the audit trail stays, moved to a random id with IP and email addresses removed. 503 and nothing deleted when Stripe cannot be reached.',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    body: { schema: deleteAccountRequest, example: { password: PASSWORD } },
    responses: { 200: { description: 'Deleted.', schema: r.deleteAccountResponse, example: { ok: true, subscriptionsCancelled: 1, message: 'Your account and its personal data are deleted. The library on your devices stays there with Free limits.' } }, 403: wrongPassword, 503: billingDown },
  },
  {
    method: 'post',
    path: '/api/account/change-email',
    tag: 'Account',
    summary: 'Mail a confirmation link to a new address',
    description: 'The account keeps its old address until the link is opened; then the old address is told and other sessions end.',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    body: { schema: changeEmailRequest, example: { newEmail: 'sam@example.org', password: PASSWORD } },
    responses: {
      202: { description: 'Accepted.', schema: r.okMessage, example: { ok: true, message: 'We sent a confirmation link to sam@example.org. Your account keeps its current address until you open it.' } },
      403: wrongPassword,
      409: error('Another account uses the address.', 'email_taken', 'Another account uses this email address.'),
    },
  },
  {
    method: 'post',
    path: '/api/account/confirm-email-change',
    tag: 'Account',
    summary: 'Confirm the new address with the mailed token (JSON)',
    auth: [],
    limited: true,
    body: { schema: confirmEmailChangeRequest, example: { token: EMAIL_TOKEN } },
    responses: { 200: { description: 'Changed.', schema: r.okUserMessage, example: { ok: true, user: { ...USER, email: 'sam@example.org' }, message: 'Your account now uses sam@example.org. Sign in again on your devices.' } }, 400: error('The link is unknown, used or expired.', 'link_invalid', 'This email change link is not valid. Ask for a new one.') },
  },
  { method: 'get', path: '/api/account/confirm-email-change', tag: 'Pages', summary: 'The page the mailed email-change link opens', auth: [], limited: true, query: LINK_TOKEN, responses: { 200: PAGE('Changed.'), 400: PAGE('The link is incomplete, unknown, used or expired.') } },

  // --- Devices and practice log ----------------------------------------------------------------
  { method: 'get', path: '/api/devices', tag: 'Devices', summary: 'The signed-in devices, the current one marked', auth: ['bearer', 'sessionCookie'], responses: { 200: { description: 'Devices.', schema: r.devicesResponse, example: { devices: [DEVICE] } } } },
  {
    method: 'delete',
    path: '/api/devices/:id',
    tag: 'Devices',
    summary: 'Sign a device out remotely',
    auth: ['bearer', 'sessionCookie'],
    params: { id: { schema: z.uuid(), description: 'A device id from GET /api/devices.', required: true, example: DEVICE.id } },
    responses: {
      200: { description: 'Signed out.', schema: r.okMessage, example: { ok: true, message: 'Stage laptop was signed out. Its library stays on that device.' } },
      400: error('The id is not a UUID.', 'validation_failed', 'Some fields need attention.', { fields: { id: ['Device id must be a UUID from GET /api/devices.'] } }),
      404: error('No such device of yours.', 'not_found', 'Not found.'),
    },
  },
  {
    method: 'post',
    path: '/api/progress/save',
    tag: 'Practice log',
    summary: 'Store this device’s running totals per song (idempotent)',
    auth: ['bearer', 'sessionCookie'],
    body: { schema: saveProgressRequest, example: { songs: [{ songId: '5b0e8c1a-2d3f-4a6b-8c9d-0e1f2a3b4c5d', title: 'Amazing Grace', artist: 'Traditional', plays: 12, minutes: 48.5, lastPlayedAt: '2026-11-30T20:15:00Z' }] } },
    responses: { 200: { description: 'The account’s log after the save.', schema: r.progressResponse, example: { songs: [{ songKey: 'amazing grace|traditional', title: 'Amazing Grace', artist: 'Traditional', plays: 12, minutes: 48.5, lastPlayedAt: '2026-11-30T20:15:00.000Z', devices: 1 }] } } },
  },
  { method: 'get', path: '/api/progress', tag: 'Practice log', summary: 'The log of every device, summed per song', auth: ['bearer', 'sessionCookie'], responses: { 200: { description: 'The log.', schema: r.progressResponse, example: { songs: [] } } } },

  // --- Billing -------------------------------------------------------------------------------
  {
    method: 'get',
    path: '/api/billing/plans',
    tag: 'Billing',
    summary: 'The Premium prices (cached: memory, cache_store, Stripe; 1 hour)',
    auth: [],
    limited: true,
    responses: { 200: { description: 'Prices.', schema: r.plansResponse, example: { plans: [{ price: 'premium_monthly', interval: 'month', amount: 499, currency: 'eur', name: 'StageTracker Pro Premium' }, { price: 'premium_yearly', interval: 'year', amount: 4900, currency: 'eur', name: 'StageTracker Pro Premium' }] } }, 503: billingDown },
  },
  {
    method: 'post',
    path: '/api/billing/create-checkout-session',
    tag: 'Billing',
    summary: 'Open Stripe Checkout for a price',
    description: 'The Stripe customer is created and linked first; the user’s older open session is expired.',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    body: { schema: checkoutRequest, example: { price: 'premium_monthly' } },
    responses: {
      200: { description: 'Open the url.', schema: r.checkoutResponse, example: { url: 'https://checkout.stripe.com/c/pay/cs_test_a1B2c3', id: 'cs_test_a1B2c3' } },
      400: error('No such price.', 'unknown_price', 'There is no plan "premium_weekly". Choose one from GET /api/billing/plans.'),
      409: error('Stripe already has a live subscription for you.', 'already_subscribed', 'You already have Premium. Use "Manage billing" to change or cancel it.'),
      502: error('Stripe refused this server’s request (a configuration problem, logged).', 'billing_misconfigured', 'The payment service refused this server’s request: its billing setup needs attention (the operator has the details in the log). Nothing was charged or changed.'),
      503: billingDown,
    },
  },
  {
    method: 'get',
    path: '/api/billing/subscription',
    tag: 'Billing',
    summary: 'Plan, status, warning, period end, price',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    responses: {
      200: {
        description: 'The plan as our copy (re-read from Stripe when stale) has it.',
        schema: r.subscriptionView,
        example: { plan: 'premium', source: 'stripe', status: 'active', warning: null, currentPeriodEnd: '2026-12-20T18:04:11.000Z', cancelAtPeriodEnd: false, verifiedAt: '2026-12-02T07:55:00.000Z', price: { amount: 499, currency: 'eur', interval: 'month' } },
      },
    },
  },
  {
    method: 'post',
    path: '/api/billing/customer-portal',
    tag: 'Billing',
    summary: 'Open Stripe’s billing portal',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    responses: { 200: { description: 'Open the url.', schema: r.portalResponse, example: { url: 'https://billing.stripe.com/p/session/test_YWNjdF8x' } }, 404: error('No billing account yet.', 'not_found', 'You have no billing account yet: upgrade first.'), 503: billingDown },
  },
  {
    method: 'post',
    path: '/api/billing/cancel-subscription',
    tag: 'Billing',
    summary: 'Cancel at period end (Premium stays until then)',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    body: { schema: cancelRequest, example: { reason: 'Taking a break from touring.' } },
    responses: {
      200: { description: 'Cancelled at period end.', schema: r.cancelResponse, example: { cancelAtPeriodEnd: true, currentPeriodEnd: '2026-12-20T18:04:11.000Z', message: 'Your subscription is cancelled. You keep Premium until Sun Dec 20 2026; nothing in your library is removed.' } },
      404: error('No active subscription.', 'not_found', 'You have no active subscription to cancel.'),
      409: error('Already cancelled.', 'already_cancelled', 'Your subscription already ends at the end of this period.'),
      503: billingDown,
    },
  },
  {
    method: 'get',
    path: '/api/billing/invoices',
    tag: 'Billing',
    summary: 'Invoices, straight from Stripe (never cached)',
    auth: ['bearer', 'sessionCookie'],
    limited: true,
    responses: {
      200: { description: 'The last 24 invoices.', schema: r.invoicesResponse, example: { invoices: [{ id: 'in_1Q2w3E', number: 'A1B2C3-0001', status: 'paid', amountPaid: 499, currency: 'eur', created: '2026-11-20T18:04:11.000Z', url: 'https://invoice.stripe.com/i/acct_1/test_1', pdf: 'https://pay.stripe.com/invoice/acct_1/test_1/pdf' }] } },
      503: billingDown,
    },
  },
  {
    method: 'get',
    path: '/billing/success',
    tag: 'Pages',
    summary: 'Where Checkout returns after payment; syncs the customer at once',
    auth: [],
    limited: true,
    query: { session_id: { schema: z.string().regex(/^cs_[A-Za-z0-9_]{1,200}$/), description: 'Stripe fills it in ({CHECKOUT_SESSION_ID}).', required: true, example: 'cs_test_a1B2c3' } },
    responses: { 200: PAGE('Premium, or the payment is still being confirmed.'), 400: PAGE('Opened without a checkout reference.') },
  },
  { method: 'get', path: '/billing/cancel', tag: 'Pages', summary: 'Where Checkout returns when cancelled', auth: [], database: false, responses: { 200: PAGE('No payment was taken.') } },
  { method: 'get', path: '/billing/return', tag: 'Pages', summary: 'Where the billing portal returns', auth: [], database: false, responses: { 200: PAGE('Back to the player.') } },
  {
    method: 'post',
    path: '/api/webhooks/stripe',
    tag: 'Billing',
    summary: 'Stripe’s events, signature checked on the raw bytes',
    description:
      'Configure a Stripe webhook endpoint at https://<your server>/api/webhooks/stripe with the events in backend/src/modules/webhooks/service.ts (HANDLED_EVENTS). Each handled event is recorded once by id; the customer is then re-read from Stripe. A failure answers 5xx so Stripe retries.',
    auth: ['stripeSignature'],
    body: { schema: z.looseObject({ id: z.string(), type: z.string(), data: z.looseObject({ object: z.looseObject({}) }) }), example: { id: 'evt_1Q2w3E4r', type: 'customer.subscription.updated', data: { object: { id: 'sub_1Q2w3E', customer: 'cus_Q2w3E4r' } } } },
    responses: {
      200: { description: 'Received (handled, ignored as not in the allow-list, or a duplicate).', schema: r.webhookResponse, example: { received: true } },
      400: error('The signature is missing or does not match (or the body is not an event: invalid_event).', 'invalid_signature', 'The webhook signature is missing or does not match.'),
      409: error('Another delivery of this event is being handled.', 'event_in_progress', 'This event is being handled by another delivery; retry later.'),
      503: error('Handling failed (Stripe retries), or billing is not configured.', 'webhook_failed', 'The event could not be handled now; Stripe will retry it.'),
    },
  },

  // --- Entitlements --------------------------------------------------------------------------
  {
    method: 'get',
    path: '/api/entitlements',
    tag: 'Entitlements',
    summary: 'The signed plan for this device, to keep and verify offline',
    description: 'Issued only to a session signed in as a device (the extension); the `device` claim is that device’s install id.',
    auth: ['bearer'],
    responses: {
      200: {
        description: 'An ES256 JWT and its claims.',
        schema: r.entitlementResponse,
        example: {
          token: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIwYjlmN2E1MiJ9.c2ln',
          claims: {
            sub: USER.id,
            device: 'install-7f3a9c2e1b',
            iss: 'stagetracker',
            aud: 'stagetracker-extension',
            plan: 'premium',
            limits: { songs: null, tracksPerSong: null, setlists: null, devices: 5 },
            features: ['backup_export'],
            source: 'stripe',
            status: 'active',
            warning: null,
            periodEnd: 1797789851,
            verifiedAt: 1796198100,
            iat: 1796198100,
            exp: 1797407700,
          },
        },
      },
      403: error('A web session (no device).', 'device_required', 'Entitlements are issued to signed-in devices only: sign in from the StageTracker Pro extension.'),
    },
  },
  {
    method: 'get',
    path: '/api/entitlements/jwks',
    tag: 'Entitlements',
    summary: 'The public key that verifies entitlements (JWKS)',
    auth: [],
    database: false,
    responses: { 200: { description: 'The key set.', schema: r.jwksResponse, example: { keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', kid: 'k1', alg: 'ES256', use: 'sig' }] } } },
  },
];
