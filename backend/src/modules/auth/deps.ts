import type { RateLimitStore } from '../../http/rate-limit.ts';
import type { BillingDeps } from '../billing/deps.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { SessionDeps } from '../sessions/deps.ts';
import type { PasswordHasher } from './password.ts';

/** Accounts: sign-in opens sessions and admits devices by the plan billing works out. */
export interface AuthDeps extends BillingDeps, SessionDeps {
  mailer: Mailer;
  passwords: PasswordHasher;
  rateLimits: RateLimitStore;
}
