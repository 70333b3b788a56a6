import Stripe from 'stripe';
import type { Logger } from 'pino';
import { AppError, serviceUnavailable } from '../../http/errors.ts';

/** True when Stripe could not be reached, timed out, failed on its side or rate-limited us (worth a retry later). */
export function isStripeOutage(err: unknown): boolean {
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) return true;
  if (err instanceof Stripe.errors.StripeRateLimitError) return true;
  if (err instanceof Stripe.errors.StripeError) return (err.statusCode ?? 500) >= 500;
  return false;
}

/**
 * Stripe refused the request as we made it (a 4xx other than 429: a wrong key, a missing price,
 * a bad parameter): a configuration or code problem on our side that a retry will not fix.
 */
export function isStripeConfigProblem(err: unknown): err is Stripe.errors.StripeError {
  return err instanceof Stripe.errors.StripeError && !isStripeOutage(err) && (err.statusCode ?? 0) >= 400;
}

/** Logs Stripe's own words, so the operator can act on a refused request. */
export function logStripeRefusal(log: Logger, err: Stripe.errors.StripeError, what: string): void {
  log.error(
    { stripe: { message: err.message, requestId: err.requestId ?? null, status: err.statusCode ?? null, type: err.type, code: err.code ?? null, param: err.param ?? null } },
    `Stripe refused ${what}: ${err.message} (request ${err.requestId ?? 'unknown'}) — check the Stripe settings of this server`,
  );
}

/**
 * Turns a failed Stripe call into an answer the user can act on; nothing was changed. An outage
 * is a 503 (try again later); a refusal is a configuration problem, logged with Stripe's message
 * and request id and answered as one (a 502: our server's request was refused upstream).
 */
export function toBillingError(err: unknown, log: Logger, what = 'a billing request'): Error {
  if (err instanceof AppError) return err;
  if (isStripeConfigProblem(err)) {
    logStripeRefusal(log, err, what);
    return new AppError(502, 'billing_misconfigured', "The payment service refused this server's request: its billing setup needs attention (the operator has the details in the log). Nothing was charged or changed.", {
      details: { stripeRequestId: err.requestId ?? null },
    });
  }
  if (err instanceof Stripe.errors.StripeError) {
    log.warn({ err: err.message, requestId: err.requestId ?? null }, `Stripe not answering for ${what}`);
    return serviceUnavailable('billing_unavailable', 'The payment service is not answering right now. Nothing was changed; try again in a minute.');
  }
  return err as Error;
}
