import { z } from 'zod';
import { apiErrorBody } from '../../../../shared/api/responses.ts';

/** How a route is authenticated (the OpenAPI security schemes of the document). */
export type Auth = 'bearer' | 'sessionCookie' | 'metricsToken' | 'devMailToken' | 'stripeSignature';

export interface Answer {
  description: string;
  /** JSON body schema; `html`/`text` answers carry a page or the Prometheus exposition instead. */
  schema?: z.ZodType;
  example?: unknown;
  media?: 'html' | 'text';
  headers?: Record<string, string>;
}

export interface Param {
  schema: z.ZodType;
  description: string;
  required?: boolean;
  example?: unknown;
}

/** One route as the document describes it; `path` is written as Koa's router has it (`/api/devices/:id`). */
export interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Any one of these is enough; none: public. */
  auth: Auth[];
  body?: { schema: z.ZodType; example: unknown; form?: boolean };
  query?: Record<string, Param>;
  params?: Record<string, Param>;
  /** Counted by a rate limit: answers 429 with Retry-After past it. */
  limited?: boolean;
  /** false: the route never touches the database (no 503 when it is down). */
  database?: false;
  responses: Record<number, Answer>;
}

const REQUEST_ID = '2f1c0b7e-4a55-4d0e-9a39-2b8f7e1f6c10';

/** An error answer with its example in the one error shape. */
export function error(description: string, code: string, message: string, extra: { fields?: Record<string, string[]>; details?: Record<string, unknown> } = {}): Answer {
  return { description, schema: apiErrorBody, example: { error: { code, message, ...extra, requestId: REQUEST_ID } } };
}

/** The answers every operation of a kind shares, added to its own (its own win). */
export function withCommonAnswers(op: Operation): Operation {
  const common: Record<number, Answer> = {};
  if (op.body && !op.body.form) {
    common[400] = error('A field is missing or wrong: one message per field.', 'validation_failed', 'Some fields need attention.', { fields: { email: ['Enter a valid email address.'] } });
    common[413] = error('The body is larger than BODY_LIMIT (100 kB).', 'body_too_large', 'The request body is larger than the 100kb limit.');
    common[415] = error('The body is not JSON.', 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');
  }
  if (op.auth.includes('bearer')) common[401] = error('No sign-in, or an expired, revoked or invalid token.', 'token_missing', 'Sign in first.');
  if (op.limited) {
    common[429] = { ...error('Rate limited: wait as long as Retry-After says.', 'rate_limited', 'Too many attempts. Try again later.'), headers: { 'Retry-After': 'Seconds until the window frees a request.' } };
  }
  if (op.database !== false) {
    common[503] = error('The database (or a service the route needs) is unreachable; nothing was changed.', 'database_unavailable', 'The service is temporarily unavailable (database unreachable). Nothing was changed; try again shortly.');
  }
  return { ...op, responses: { ...common, ...op.responses } };
}
