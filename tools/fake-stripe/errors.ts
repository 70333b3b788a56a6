/**
 * Stripe's error shape: `{ error: { type, message, code?, param?, doc_url? } }`. The SDK picks its
 * error class from the HTTP status (400/404 → StripeInvalidRequestError, 401 → Authentication,
 * 402 → Card, 429 → RateLimit, 5xx → StripeAPIError), so status and type must agree.
 */
export type StripeErrorType = 'invalid_request_error' | 'api_error' | 'card_error' | 'idempotency_error';

export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }

  toJSON(): { error: Record<string, string> } {
    const error: Record<string, string> = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    }
    if (this.param) error.param = this.param;
    return { error };
  }
}

export const invalidRequest = (message: string, param?: string, code = 'parameter_invalid'): FakeStripeError =>
  new FakeStripeError(400, 'invalid_request_error', message, code, param);

/** An unknown id in the URL is a 404; an unknown id passed as a parameter is a 400 (as Stripe does). */
export const resourceMissing = (noun: string, id: string, param = 'id'): FakeStripeError =>
  new FakeStripeError(param === 'id' ? 404 : 400, 'invalid_request_error', `No such ${noun}: '${id}'`, 'resource_missing', param);

export const unrecognizedUrl = (method: string, path: string): FakeStripeError =>
  new FakeStripeError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );

/** The error a status code injected with failNext() answers with. */
export function injectedError(status: number): FakeStripeError {
  if (status === 429) return new FakeStripeError(429, 'invalid_request_error', 'Request rate limit exceeded.', 'rate_limit');
  if (status === 402) return new FakeStripeError(402, 'card_error', 'Your card was declined.', 'card_declined');
  if (status < 500) return new FakeStripeError(status, 'invalid_request_error', `Injected ${status} error (fake Stripe).`);
  return new FakeStripeError(status, 'api_error', 'An unknown error occurred (injected by the fake Stripe).');
}
