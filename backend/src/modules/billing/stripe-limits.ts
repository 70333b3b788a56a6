import type { Context, Middleware } from 'koa';
import type { Config } from '../../config.ts';
import { rateLimit, type RateLimitStore } from '../../http/rate-limit.ts';

/**
 * Rate limits for every route that can reach Stripe, so nobody can spend this account's
 * Stripe quota (or make it look like abuse to Stripe): per IP before sign-in is checked, and
 * per user once it is. Each route counts apart, so a player refreshing its plan never uses up
 * the checkout a user is about to open.
 *
 * `action` routes call Stripe on every request (checkout, portal, cancel, invoices, the
 * post-checkout page, account deletion). `read` routes reach Stripe only when our copy is
 * stale or the catalog cache is cold, and players call them on their own schedule, so they
 * get ten times the allowance.
 */
export type StripeRouteKind = 'action' | 'read';

const READ_FACTOR = 10;

export interface StripeRouteLimits {
  perIp: Middleware;
  /** Place after requireAuth; without a session it counts the IP. */
  perUser: Middleware;
}

export function stripeRouteLimits(deps: { config: Config; rateLimits: RateLimitStore }, route: string, kind: StripeRouteKind): StripeRouteLimits {
  const { windowMs, stripePerUser, stripePerIp } = deps.config.rateLimit;
  const factor = kind === 'read' ? READ_FACTOR : 1;
  const minutes = Math.max(1, Math.round(windowMs / 60_000));
  const message = `Too many billing requests. Try again in ${minutes} minutes; your plan and your library are not affected.`;
  const userOf = (ctx: Context) => ctx.state.auth?.principal.userId ?? `ip:${ctx.ip}`;
  return {
    perIp: rateLimit(deps.rateLimits, { name: `stripe-ip:${route}`, max: stripePerIp * factor, windowMs, key: (ctx) => ctx.ip, message }),
    perUser: rateLimit(deps.rateLimits, { name: `stripe-user:${route}`, max: stripePerUser * factor, windowMs, key: userOf, message }),
  };
}
