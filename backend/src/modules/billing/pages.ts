import Router from '@koa/router';
import { page } from '../../http/page.ts';
import type { RateLimitStore } from '../../http/rate-limit.ts';
import type { BillingDeps } from './deps.ts';
import { requireStripe } from './service.ts';
import { stripeRouteLimits } from './stripe-limits.ts';
import { syncCustomer } from './sync.ts';

const BACK = '<p>You can close this tab and go back to StageTracker Pro: the player refreshes your plan when you return.</p>';

/** Where Stripe Checkout and the billing portal send the user back to. */
export function billingPages(deps: BillingDeps & { rateLimits: RateLimitStore }): Router {
  const router = new Router({ prefix: '/billing' });

  // No sign-in here, and every visit asks Stripe: limited per IP, so made-up session ids cannot spend our Stripe quota.
  router.get('/success', stripeRouteLimits(deps, 'success', 'action').perIp, async (ctx) => {
    ctx.type = 'html';
    const sessionId = String(ctx.query.session_id ?? '');
    if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) {
      ctx.status = 400;
      ctx.body = page('Payment status unknown', `<p>This page was opened without a checkout reference.</p>${BACK}`);
      return;
    }
    const stripe = requireStripe(deps);
    try {
      const session = await stripe.api.checkout.sessions.retrieve(sessionId);
      const customerId = typeof session.customer === 'string' ? session.customer : session.customer?.id;
      // Sync now rather than wait for the webhook, so the player sees Premium at once.
      if (customerId && session.status === 'complete') await syncCustomer(deps, customerId, 'checkout_success');
      ctx.body = session.status === 'complete'
        ? page('Welcome to Premium', `<p>Thank you! Your payment went through and every device signed in to your account is now Premium.</p>${BACK}`)
        : page('Payment not finished', `<p>The checkout is not complete yet.</p>${BACK}`);
    } catch (err) {
      ctx.state.log.warn({ err: (err as Error).message }, 'checkout success sync failed; the webhook will catch up');
      ctx.body = page('Payment received', `<p>Thanks! We are confirming your payment with Stripe; your plan updates within a minute.</p>${BACK}`);
    }
  });

  router.get('/cancel', (ctx) => {
    ctx.type = 'html';
    ctx.body = page('Checkout cancelled', `<p>No payment was taken. You can upgrade any time from the account panel.</p>${BACK}`);
  });

  router.get('/return', (ctx) => {
    ctx.type = 'html';
    ctx.body = page('Billing updated', BACK);
  });

  return router;
}
