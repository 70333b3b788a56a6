import Router from '@koa/router';
import { date, esc, every, money, page } from './html.ts';
import { renderSubscription, saveSubscription, scheduleCancellation } from './resources/subscriptions.ts';
import type { Store } from './store.ts';

const CHANGEABLE: readonly string[] = ['active', 'trialing', 'past_due', 'unpaid'];

function render(store: Store, sessionId: string): string | null {
  const session = store.portalSessions.get(sessionId);
  if (!session) return null;
  const customer = store.customers.get(session.customer);
  const email = customer && !('deleted' in customer) ? customer.email : null;
  const subs = store.subscriptions.all().filter((s) => s.customer === session.customer);
  const cards = subs.map((record) => {
    const sub = renderSubscription(store, record);
    const item = sub.items.data[0]!;
    const base = `/p/session/${esc(sessionId)}/subscriptions/${esc(sub.id)}`;
    let state = `Status: <strong>${esc(sub.status)}</strong>`;
    if (sub.status === 'canceled') state += ` since ${esc(date(sub.ended_at))}`;
    else if (sub.cancel_at) state += ` · cancels on ${esc(date(sub.cancel_at))}`;
    else state += ` · renews on ${esc(date(item.current_period_end))}`;
    const action = !CHANGEABLE.includes(sub.status)
      ? ''
      : sub.cancel_at
        ? `<form method="post" action="${base}/renew"><button type="submit">Renew subscription</button></form>`
        : `<form method="post" action="${base}/cancel"><button type="submit">Cancel subscription</button></form>`;
    return `<div class="card" data-subscription="${esc(sub.id)}"><strong>${esc(item.price.nickname ?? item.price.lookup_key ?? item.price.id)}</strong>
· ${esc(money(item.price.unit_amount, item.price.currency))} ${esc(every(item.price.recurring?.interval, item.price.recurring?.interval_count))}<br>
${state}${action}</div>`;
  });
  return page('Billing', `<h1>Billing</h1>
${email ? `<p>${esc(email)}</p>` : ''}
${cards.join('\n') || '<p>No subscriptions.</p>'}
${session.return_url ? `<p><a href="${esc(session.return_url)}">Return</a></p>` : ''}`);
}

/**
 * The customer portal a billing_portal session's `url` points to: cancel at period end, or undo
 * that ("renew"), each sending `customer.subscription.updated` like the real portal.
 */
export function portalPageRoutes(store: () => Store): Router {
  const router = new Router();
  router.get('/p/session/:id', (ctx) => {
    const html = render(store(), ctx.params.id!);
    ctx.status = html ? 200 : 404;
    ctx.type = 'html';
    ctx.body = html ?? page('Billing', '<h1>This portal session does not exist.</h1>');
  });
  router.post('/p/session/:id/subscriptions/:sub/:action', (ctx) => {
    const s = store();
    const session = s.portalSessions.get(ctx.params.id!);
    const sub = s.subscriptions.get(ctx.params.sub!);
    const action = ctx.params.action;
    if (!session || !sub || sub.customer !== session.customer || (action !== 'cancel' && action !== 'renew')) {
      ctx.status = 404;
      ctx.type = 'html';
      ctx.body = page('Billing', '<h1>Not found</h1>');
      return;
    }
    if (CHANGEABLE.includes(sub.status)) {
      saveSubscription(s, sub, scheduleCancellation(s, sub, { cancel_at_period_end: action === 'cancel' }));
    }
    ctx.status = 303;
    ctx.redirect(`/p/session/${session.id}`);
  });
  return router;
}
