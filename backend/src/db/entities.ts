import { UserSchema } from '../modules/users/entity.ts';
import { SessionSchema } from '../modules/sessions/entity.ts';
import { DeviceSchema } from '../modules/sessions/device-entity.ts';
import { EmailTokenSchema } from '../modules/email-tokens/entity.ts';
import { AuditLogSchema } from '../modules/audit/entity.ts';
import { BillingAccountSchema } from '../modules/billing/entity.ts';
import { StripeWebhookEventSchema } from '../modules/webhooks/entity.ts';
import { CacheEntrySchema } from '../modules/cache/entity.ts';
import { PlanGrantSchema } from '../modules/grants/entity.ts';
import { SongProgressSchema } from '../modules/progress/entity.ts';

/** Every entity the ORM knows; migrations are generated from these. */
export const entities = [UserSchema, SessionSchema, DeviceSchema, EmailTokenSchema, AuditLogSchema, BillingAccountSchema, StripeWebhookEventSchema, CacheEntrySchema, PlanGrantSchema, SongProgressSchema];
