import Router from '@koa/router';
import { cancelRequest, checkoutRequest, type PlanPriceView, type SubscriptionView } from '../../../../shared/api/billing.ts';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { validate } from '../../http/validate.ts';
import { audit } from '../audit/service.ts';
import { billingMails } from '../mail/templates.ts';
import { currentSession, requireAuth } from '../sessions/middleware.ts';
import type { BillingRouteDeps } from './deps.ts';
import { BillingAccount } from './entity.ts';
import { planStateFor } from './plan-state.ts';
import { openCheckout } from './checkout.ts';
import { portalConfiguration } from './portal.ts';
import { catalog, priceDetails, requireStripe } from './service.ts';
import { toBillingError } from './stripe-errors.ts';
import { stripeRouteLimits } from './stripe-limits.ts';
import { syncCustomer } from './sync.ts';

export function billingRoutes(deps: BillingRouteDeps): Router {
  const router = new Router({ prefix: '/api/billing' });
  const em = () => deps.orm.em;
  // Every route here can reach Stripe: limited per IP first, then per signed-in user.
  const limited = (route: string, kind: 'action' | 'read') => {
    const { perIp, perUser } = stripeRouteLimits(deps, route, kind);
    return [perIp, requireAuth(deps), perUser] as const;
  };

  router.get('/plans', stripeRouteLimits(deps, 'plans', 'read').perIp, async (ctx) => {
    const prices = await catalog(deps);
    ctx.body = {
      plans: prices.map((p): PlanPriceView => ({ price: p.lookupKey, interval: p.interval, amount: p.amount, currency: p.currency, name: p.productName })),
    };
  });

  router.post('/create-checkout-session', ...limited('checkout', 'action'), async (ctx) => {
    const { price } = validate(checkoutRequest, ctx.request.body);
    const stripe = requireStripe(deps);
    const chosen = (await catalog(deps)).find((p) => p.lookupKey === price || p.id === price);
    if (!chosen) throw badRequest('unknown_price', `There is no plan "${price}". Choose one from GET /api/billing/plans.`);
    const { user } = currentSession(ctx);
    const state = await planStateFor(deps, em(), user.id);
    if (state.source === 'stripe' && state.plan === 'premium') {
      throw conflict('already_subscribed', 'You already have Premium. Use "Manage billing" to change or cancel it.');
    }
    const { session, expired } = await openCheckout(deps, em(), user, chosen, ctx.state.log);
    await audit(em(), ctx, { action: 'billing.checkout_started', category: 'business', userId: user.id, metadata: { price: chosen.lookupKey, session: session.id, expired } });
    ctx.body = { url: session.url, id: session.id };
  });

  router.get('/subscription', ...limited('subscription', 'read'), async (ctx) => {
    const userId = currentSession(ctx).user.id;
    const state = await planStateFor(deps, em(), userId);
    const account = state.source === 'stripe' ? await em().findOne(BillingAccount, { user: userId }) : null;
    const view: SubscriptionView = {
      plan: state.plan,
      source: state.source,
      status: state.status,
      warning: state.warning,
      currentPeriodEnd: state.periodEnd?.toISOString() ?? null,
      cancelAtPeriodEnd: state.cancelAtPeriodEnd,
      verifiedAt: state.verifiedAt?.toISOString() ?? null,
      price: account ? await priceDetails(deps, account) : null,
    };
    ctx.body = view;
  });

  router.post('/customer-portal', ...limited('portal', 'action'), async (ctx) => {
    const stripe = requireStripe(deps);
    const account = await em().findOne(BillingAccount, { user: currentSession(ctx).user });
    if (!account) throw notFound('You have no billing account yet: upgrade first.');
    const portal = await portalConfiguration(deps)
      .then((configuration) => stripe.api.billingPortal.sessions.create({ customer: account.stripeCustomerId, configuration, return_url: `${deps.config.publicUrl}/billing/return` }))
      .catch((err) => {
        throw toBillingError(err, ctx.state.log, 'opening the billing portal');
      });
    ctx.body = { url: portal.url };
  });

  router.post('/cancel-subscription', ...limited('cancel', 'action'), async (ctx) => {
    const { reason } = validate(cancelRequest, ctx.request.body);
    const stripe = requireStripe(deps);
    const { user } = currentSession(ctx);
    const account = await em().findOne(BillingAccount, { user });
    const state = await planStateFor(deps, em(), user.id);
    if (!account?.subscriptionId || state.source !== 'stripe') throw notFound('You have no active subscription to cancel.');
    if (account.cancelAtPeriodEnd) throw conflict('already_cancelled', 'Your subscription already ends at the end of this period.');
    await stripe.api.subscriptions.update(account.subscriptionId, { cancel_at_period_end: true }).catch((err) => {
      throw toBillingError(err, ctx.state.log, 'cancelling the subscription');
    });
    const synced = (await syncCustomer(deps, account.stripeCustomerId, 'cancel_request').catch(() => null)) ?? account;
    await audit(em(), ctx, { action: 'billing.cancel_requested', category: 'business', userId: user.id, metadata: { subscription: account.subscriptionId, reason: reason ?? null } });
    const endsAt = synced.currentPeriodEnd ?? null;
    void deps.mailer.send(billingMails.subscriptionCancelled(user.email, endsAt), ctx.state.log).catch((err) => ctx.state.log.error({ err }, 'mail delivery failed'));
    ctx.body = {
      cancelAtPeriodEnd: synced.cancelAtPeriodEnd,
      currentPeriodEnd: endsAt?.toISOString() ?? null,
      message: `Your subscription is cancelled. You keep Premium until ${endsAt?.toDateString() ?? 'the end of the period'}; nothing in your library is removed.`,
    };
  });

  router.get('/invoices', ...limited('invoices', 'action'), async (ctx) => {
    const stripe = requireStripe(deps);
    const account = await em().findOne(BillingAccount, { user: currentSession(ctx).user });
    if (!account) {
      ctx.body = { invoices: [] };
      return;
    }
    // Straight from Stripe, never cached: invoices must be exact.
    const list = await stripe.api.invoices.list({ customer: account.stripeCustomerId, limit: 24 }, { timeout: deps.config.stripe.userTimeoutMs * 2 }).catch((err) => {
      throw toBillingError(err, ctx.state.log, 'listing invoices');
    });
    ctx.body = {
      invoices: list.data.map((i) => ({
        id: i.id,
        number: i.number,
        status: i.status,
        amountPaid: i.amount_paid,
        currency: i.currency,
        created: new Date(i.created * 1000).toISOString(),
        url: i.hosted_invoice_url ?? null,
        pdf: i.invoice_pdf ?? null,
      })),
    };
  });

  return router;
}
