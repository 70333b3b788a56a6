import Router from '@koa/router';
import type { Context } from 'koa';
import type Stripe from 'stripe';
import { AppError, badRequest } from '../../http/errors.ts';
import { audit } from '../audit/service.ts';
import type { BillingDeps } from '../billing/deps.ts';
import { requireStripe } from '../billing/service.ts';
import type { Metrics, WebhookOutcome } from '../metrics/service.ts';
import { claimEvent, finishEvent, handleEvent, HANDLED_EVENTS } from './service.ts';

interface Seen {
  outcome: WebhookOutcome;
  type: string;
}

/** Webhooks only tell which customer changed; billing re-reads it, so they use billing's services. */
export function webhookRoutes(deps: BillingDeps & { metrics: Pick<Metrics, 'webhook'> }): Router {
  const router = new Router({ prefix: '/api/webhooks' });

  router.post('/stripe', async (ctx) => {
    // Counted once per delivery, whichever way it ends; types outside the allow-list are "other".
    const seen: Seen = { outcome: 'failed', type: 'unknown' };
    try {
      await receive(ctx, seen);
    } finally {
      deps.metrics.webhook(seen.outcome, seen.type);
    }
  });

  /** Handles one delivery, noting in `seen` how it ended (also when it ends by throwing). */
  async function receive(ctx: Context, seen: Seen): Promise<void> {
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
      seen.outcome = 'rejected';
      throw badRequest('invalid_signature', 'The webhook signature is missing or does not match.');
    }

    // A correctly signed body that is not an event object (`null`, a number): nothing to handle.
    if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || typeof event.id !== 'string') {
      seen.outcome = 'invalid';
      throw badRequest('invalid_event', 'The webhook body is not a Stripe event object.');
    }

    if (!HANDLED_EVENTS.has(event.type)) {
      seen.type = 'other';
      seen.outcome = 'ignored';
      ctx.body = { received: true, handled: false };
      return;
    }
    seen.type = event.type;
    const claim = await claimEvent(deps, event);
    if (claim === 'done') {
      seen.outcome = 'duplicate';
      ctx.body = { received: true, duplicate: true };
      return;
    }
    if (claim === 'busy') {
      seen.outcome = 'in_progress';
      throw new AppError(409, 'event_in_progress', 'This event is being handled by another delivery; retry later.');
    }
    try {
      await handleEvent(deps, event);
    } catch (err) {
      await finishEvent(deps, event.id, err as Error);
      ctx.state.log.error({ err, eventId: event.id, type: event.type }, 'webhook handling failed; Stripe will retry');
      throw new AppError(503, 'webhook_failed', 'The event could not be handled now; Stripe will retry it.');
    }
    await finishEvent(deps, event.id);
    seen.outcome = 'processed';
    ctx.body = { received: true };
  }

  return router;
}
