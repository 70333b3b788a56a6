import type { Middleware } from 'koa';
import getRawBody from 'raw-body';
import { AppError, badRequest } from './errors.ts';

declare module 'koa' {
  interface Request {
    /** The exact bytes received (webhook signatures are checked on these). */
    rawBody?: Buffer;
    body?: unknown;
  }
}

/**
 * Reads the body once, with a size limit (413), and parses JSON (400 on invalid JSON,
 * 415 on other content types). The raw bytes stay available for signature checks.
 */
export function bodyParser(limit: string): Middleware {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    let raw: Buffer;
    try {
      raw = await getRawBody(ctx.req, { limit, length: ctx.get('content-length') || undefined });
    } catch (err) {
      const e = err as { type?: string; status?: number };
      if (e.type === 'entity.too.large') throw new AppError(413, 'body_too_large', `The request body is larger than the ${limit} limit.`);
      if (e.type === 'request.size.invalid') throw badRequest('body_incomplete', 'The request body is shorter than its Content-Length.');
      throw badRequest('body_unreadable', 'The request body could not be read.');
    }
    ctx.request.rawBody = raw;
    // Webhooks are verified on the exact bytes; their routes read rawBody themselves.
    if (ctx.path.startsWith('/api/webhooks/')) return next();
    if (raw.length === 0) {
      ctx.request.body = undefined;
      return next();
    }
    // Plain HTML forms on the backend's own pages (outside /api) post urlencoded.
    if (!ctx.path.startsWith('/api/') && ctx.is('application/x-www-form-urlencoded')) {
      ctx.request.body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      return next();
    }
    if (!ctx.is('application/json', 'application/*+json')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');
    }
    try {
      ctx.request.body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw badRequest('invalid_json', 'The request body is not valid JSON.');
    }
    return next();
  };
}
