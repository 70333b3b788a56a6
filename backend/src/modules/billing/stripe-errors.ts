import Stripe from 'stripe';
import { AppError, serviceUnavailable } from '../../http/errors.ts';

/** True when Stripe could not be reached or failed on its side (worth a retry later). */
export function isStripeOutage(err: unknown): boolean {
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) return true;
  if (err instanceof Stripe.errors.StripeRateLimitError) return true;
  if (err instanceof Stripe.errors.StripeError) return (err.statusCode ?? 500) >= 500;
  return false;
}

/** Turns a failed Stripe call into an answer the user can act on; nothing was changed. */
export function toBillingError(err: unknown): Error {
  if (err instanceof AppError) return err;
  if (err instanceof Stripe.errors.StripeError) {
    return serviceUnavailable('billing_unavailable', 'The payment service is not answering right now. Nothing was changed; try again in a minute.');
  }
  return err as Error;
}
