import { defineEntity, p } from '@mikro-orm/core';

/**
 * One row per Stripe event id (the primary key makes redeliveries and concurrent
 * deliveries detectable). `processing` rows older than a minute belong to a crashed
 * handler and may be taken over.
 */
export const StripeWebhookEventSchema = defineEntity({
  name: 'StripeWebhookEvent',
  tableName: 'stripe_webhook_events',
  properties: {
    id: p.string().length(255).primary(),
    type: p.string().length(128),
    status: p.enum(['processing', 'processed', 'failed'] as const),
    attempts: p.integer().default(1),
    receivedAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().onCreate(() => new Date()),
    processedAt: p.datetime().nullable(),
    error: p.string().length(500).nullable(),
  },
});

export class StripeWebhookEvent extends StripeWebhookEventSchema.class {}
StripeWebhookEventSchema.setClass(StripeWebhookEvent);
