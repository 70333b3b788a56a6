import Router from '@koa/router';
import { FakeStripeError } from './errors.ts';
import { date, esc, every, money, page, readForm } from './html.ts';
import { completeCheckout, fillSessionId, type CheckoutSessionRecord } from './resources/checkout-sessions.ts';
import type { Store } from './store.ts';

function render(store: Store, session: CheckoutSessionRecord, error?: string): string {
  const plan = store.checkoutPlans.get(session.id);
  const cancel = fillSessionId(session.cancel_url, session.id);
  if (session.status !== 'open') {
    const done = session.status === 'complete';
    const next = done ? fillSessionId(session.success_url, session.id) : cancel;
    return page('Checkout', `<h1>${done ? 'Payment complete' : 'This checkout session has expired'}</h1>
${next ? `<p><a href="${esc(next)}">Continue</a></p>` : ''}`);
  }
  const customer = session.customer ? store.customers.get(session.customer) : undefined;
  const knownEmail = customer && !('deleted' in customer) ? customer.email : session.customer_email;
  const lines = (plan?.lineItems ?? [])
    .map(
      (l) => `<div class="card"><strong>${esc(l.description ?? l.price.id)}</strong><br>
${esc(money(l.price.unit_amount, l.currency))} ${esc(every(l.price.recurring?.interval, l.price.recurring?.interval_count))}${(l.quantity ?? 1) > 1 ? ` × ${l.quantity}` : ''}
${plan?.trialDays ? `<br>${plan.trialDays}-day free trial` : ''}</div>`,
    )
    .join('\n');
  return page('Checkout', `<h1>Subscribe</h1>
${lines}
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/c/pay/${esc(session.id)}">
  ${
    knownEmail
      ? `<p>Email: <strong>${esc(knownEmail)}</strong></p>`
      : `<p><label>Email <input type="email" name="email" autocomplete="email" required></label></p>`
  }
  <p>Card: 4242 4242 4242 4242 (test card, nothing is charged)</p>
  <p><button type="submit" name="outcome" value="pay">Pay ${esc(money(session.amount_total, session.currency))}</button>
  <button type="submit" name="outcome" value="decline" class="secondary" formnovalidate>Pay with a declined card</button></p>
</form>
${cancel ? `<p><a href="${esc(cancel)}">Cancel</a></p>` : ''}
<p><small>Session expires ${esc(date(session.expires_at))}.</small></p>`);
}

/**
 * The hosted checkout page a session's `url` points to. Paying completes the session (customer,
 * subscription, paid invoice, events → webhooks) and redirects (303) to its success_url;
 * "declined card" only shows an error, as Checkout does (no event, the session stays open).
 */
export function payPageRoutes(store: () => Store): Router {
  const router = new Router();
  router.get('/c/pay/:id', (ctx) => {
    const session = store().checkoutSessions.get(ctx.params.id!);
    if (!session) {
      ctx.status = 404;
      ctx.body = page('Checkout', '<h1>Something went wrong</h1><p>This checkout session does not exist.</p>');
      return;
    }
    ctx.type = 'html';
    ctx.body = render(store(), session);
  });
  router.post('/c/pay/:id', async (ctx) => {
    const form = await readForm(ctx.req);
    const s = store();
    const session = s.checkoutSessions.get(ctx.params.id!);
    if (!session) {
      ctx.status = 404;
      ctx.body = page('Checkout', '<h1>Something went wrong</h1><p>This checkout session does not exist.</p>');
      return;
    }
    if (form.get('outcome') === 'decline') {
      ctx.status = 402;
      ctx.type = 'html';
      ctx.body = render(s, session, 'Your card was declined.');
      return;
    }
    try {
      const { redirectUrl } = completeCheckout(s, session.id, { email: form.get('email') ?? undefined });
      if (redirectUrl) {
        ctx.status = 303;
        ctx.redirect(redirectUrl);
      } else {
        ctx.type = 'html';
        ctx.body = render(s, s.checkoutSessions.require(session.id));
      }
    } catch (err) {
      if (!(err instanceof FakeStripeError)) throw err;
      ctx.status = 409;
      ctx.type = 'html';
      ctx.body = render(s, session, err.message);
    }
  });
  return router;
}
