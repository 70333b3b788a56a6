import type { Middleware } from 'koa';
import { UniqueConstraintViolationException, ConnectionException } from '@mikro-orm/core';
import type { ApiErrorBody } from '../../../shared/api/errors.ts';
import { AppError } from './errors.ts';

/** Maps anything thrown below it to the shared error shape; never leaks stacks or SQL. */
export function errorMiddleware(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError(404, 'not_found', `No route for ${ctx.method} ${ctx.path}.`);
      }
    } catch (err) {
      const appError = toAppError(err);
      if (appError.status === 503) ctx.state.log?.warn({ err: (err as Error).message, code: appError.code }, 'request refused: dependency unavailable');
      else if (appError.status >= 500) ctx.state.log?.error({ err }, 'request failed');
      else ctx.state.log?.debug({ code: appError.code, status: appError.status }, 'request rejected');
      const body: ApiErrorBody = {
        error: { code: appError.code, message: appError.message, requestId: ctx.state.requestId },
      };
      if (appError.extra.fields) body.error.fields = appError.extra.fields;
      if (appError.extra.details) body.error.details = appError.extra.details;
      ctx.status = appError.status;
      ctx.body = body;
      for (const [k, v] of Object.entries(appError.extra.headers ?? {})) ctx.set(k, v);
    }
  };
}

const DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);
const DOWN_MESSAGE =
  /connect(ion)? (refused|terminated|timeout)|Connection terminated|timeout exceeded when trying to connect|not queryable|database system is (shutting down|starting up)|terminating connection/i;

/** True when the error (or anything in its cause chain) says the database cannot be reached right now. */
function isDatabaseDown(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof ConnectionException) return true;
    const code = (e as { code?: string }).code ?? '';
    if (DOWN_CODES.has(code) || DOWN_MESSAGE.test((e as Error).message ?? '')) return true;
  }
  return false;
}

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof UniqueConstraintViolationException) {
    return new AppError(409, 'conflict', 'This already exists.');
  }
  if (isDatabaseDown(err)) {
    return new AppError(503, 'database_unavailable', 'The service is temporarily unavailable (database unreachable). Nothing was changed; try again shortly.', {
      headers: { 'Retry-After': '5' },
    });
  }
  // Errors thrown by Koa or its middleware with an explicit 4xx status (ctx.throw).
  const status = (err as { status?: number; expose?: boolean })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new AppError(status, status === 429 ? 'rate_limited' : 'bad_request', (err as Error).message || 'Bad request.', {
      headers: (err as { headers?: Record<string, string> }).headers,
    });
  }
  return new AppError(500, 'internal_error', 'Something went wrong on our side. It has been logged; please try again.');
}
