import Router from '@koa/router';
import type Stripe from 'stripe';
import { AppError, badRequest } from '../../http/errors.ts';
import { audit } from '../audit/service.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { requireStripe } from '../billing/service.ts';
import { claimEvent, finishEvent, handleEvent, HANDLED_EVENTS } from './service.ts';

/** Webhooks only tell which customer changed; billing re-reads it, so they use billing's services. */
export function webhookRoutes(deps: BillingDeps): Router {
  const router = new Router({ prefix: '/api/webhooks' });

  router.post('/stripe', async (ctx) => {
    const stripe = requireStripe(deps);
    const secret = deps.config.stripe.webhookSecret!;
    const signature = ctx.get('stripe-signature');
    let event: Stripe.Event;
    try {
      // The exact bytes received: re-serialised JSON would not match the signature.
      event = await stripe.api.webhooks.constructEventAsync(ctx.request.rawBody ?? Buffer.alloc(0), signature, secret);
    } catch (err) {
      await audit(deps.orm.em, ctx, {
        action: 'webhook.signature_rejected',
        category: 'security',
        severity: 'warning',
        metadata: { reason: signature ? (err as Error).message.slice(0, 200) : 'missing Stripe-Signature header' },
      });
      throw badRequest('invalid_signature', 'The webhook signature is missing or does not match.');
    }

    // A correctly signed body that is not an event object (`null`, a number): nothing to handle.
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || typeof event.id !== 'string') {
      throw badRequest('invalid_event', 'The webhook body is not a Stripe event object.');
    }

    if (!HANDLED_EVENTS.has(event.type)) {
      ctx.body = { received: true, handled: false };
      return;
    }
    const claim = await claimEvent(deps, event);
    if (claim === 'done') {
      ctx.body = { received: true, duplicate: true };
      return;
    }
    if (claim === 'busy') throw new AppError(409, 'event_in_progress', 'This event is being handled by another delivery; retry later.');
    try {
      await handleEvent(deps, event);
    } catch (err) {
      await finishEvent(deps, event.id, err as Error);
      ctx.state.log.error({ err, eventId: event.id, type: event.type }, 'webhook handling failed; Stripe will retry');
      throw new AppError(503, 'webhook_failed', 'The event could not be handled now; Stripe will retry it.');
    }
    await finishEvent(deps, event.id);
    ctx.body = { received: true };
  });

  return router;
}
