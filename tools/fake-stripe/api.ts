import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, Middleware } from 'koa';
import { applyExpand } from './expand.ts';
import { FakeStripeError, injectedError, unrecognizedUrl } from './errors.ts';
import type { CallLog, Faults } from './faults.ts';
import { parseForm, type FormObject } from './form.ts';
import { takeExpand } from './params.ts';
import { matchRoute, type ApiRoute } from './router.ts';
import { API_VERSION, newId, type Store } from './store.ts';

/** A POST's answer, replayed for a reused Idempotency-Key. */
export interface Remembered {
  fingerprint: string;
  requestId: string;
  status: number;
  body: string;
}

export interface ApiDeps {
  store: () => Store;
  routes: readonly ApiRoute[];
  faults: Faults;
  calls: CallLog;
  secretKey: string;
  /** Idempotency keys seen (POST only), kept for the fake's lifetime (Stripe keeps them 24 h). */
  idempotency: Map<string, Remembered>;
  /** Aborted by close(): hung requests stop waiting. */
  closing: AbortSignal;
}

const MAX_BODY = 1 << 20;

async function readBody(ctx: Context): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new FakeStripeError(413, 'invalid_request_error', 'Request body too large.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function mask(key: string): string {
  return key.length <= 8 ? '****' : `${key.slice(0, 8)}${'*'.repeat(Math.max(4, key.length - 12))}${key.slice(-4)}`;
}

/** Bearer (what the SDK sends) or Basic with the key as user name (what curl -u sends). */
function authenticate(ctx: Context, secretKey: string): void {
  const header = ctx.get('authorization');
  let key = '';
  if (/^bearer /i.test(header)) key = header.slice(7).trim();
  else if (/^basic /i.test(header)) key = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) {
    ctx.set('WWW-Authenticate', 'Basic realm="Stripe"');
    throw new FakeStripeError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (key !== secretKey) throw new FakeStripeError(401, 'invalid_request_error', `Invalid API Key provided: ${mask(key)}`);
}

/** Waits for `until`, the client giving up, or the fake closing, whichever comes first. */
async function untilClosed(ctx: Context, closing: AbortSignal, until: Promise<void>): Promise<void> {
  let onClose: () => void = () => {};
  const clientGone = new Promise<void>((resolve) => {
    onClose = resolve;
    ctx.res.once('close', resolve);
    closing.addEventListener('abort', () => resolve(), { once: true });
  });
  await Promise.race([until, clientGone]);
  ctx.res.off('close', onClose);
}

function send(ctx: Context, status: number, body: string): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = body;
}

/**
 * The `/v1` API: auth, call counting, injected faults, form parsing, idempotency, routing,
 * `expand[]`, and Stripe's error shape. Handlers are synchronous, so calls never interleave
 * (one gap: a bad `expand[]` path on a POST is reported after the change was made).
 */
export function stripeApi(deps: ApiDeps): Middleware {
  return async (ctx, next) => {
    if (!ctx.path.startsWith('/v1/') && ctx.path !== '/v1') return next();
    const requestId = newId('req_', 14);
    ctx.set('Request-Id', requestId);
    ctx.set('Stripe-Version', ctx.get('stripe-version') || API_VERSION);
    const method = ctx.method;
    const idempotencyKey = method === 'POST' ? ctx.get('idempotency-key') || null : null;
    // Counted on arrival (a hung call counts at once); the status is filled in when answered.
    const call = deps.calls.add({ method, path: ctx.path, query: ctx.querystring, status: null, at: Date.now() });
    if (idempotencyKey) ctx.set('Idempotency-Key', idempotencyKey);
    try {
      authenticate(ctx, deps.secretKey);
      const body = await readBody(ctx);
      const fault = deps.faults.take(method, ctx.path);
      // (the request is `destroyed` once its body is read; the response tells whether the client left)
      const gone = () => ctx.res.destroyed || deps.closing.aborted;
      const hang = deps.faults.hanging;
      if (hang) {
        await untilClosed(ctx, deps.closing, hang);
        if (gone()) return;
      }
      if (fault?.kind === 'fail') throw injectedError(fault.status);
      const latency = deps.faults.latency();
      if (latency.beforeMs) {
        await sleep(latency.beforeMs, undefined, { signal: deps.closing }).catch(() => undefined);
        if (gone()) return;
      }
      if (fault?.kind === 'hang' && !fault.processed) {
        await sleep(fault.ms, undefined, { signal: deps.closing }).catch(() => undefined);
        // A client that gave up (timeout) never reached "Stripe": nothing happens.
        if (gone()) return;
      }
      const { status, payload } = handle(deps, ctx, method, body, requestId, idempotencyKey);
      if (fault?.kind === 'hang' && fault.processed) {
        await sleep(fault.ms, undefined, { signal: deps.closing }).catch(() => undefined);
        if (ctx.res.destroyed || deps.closing.aborted) return;
      }
      if (latency.afterMs) await sleep(latency.afterMs, undefined, { signal: deps.closing }).catch(() => undefined);
      if (ctx.res.destroyed || deps.closing.aborted) return;
      send(ctx, status, payload);
    } catch (err) {
      const error = err instanceof FakeStripeError ? err : new FakeStripeError(500, 'api_error', `Fake Stripe bug: ${(err as Error).message}`);
      if (!(err instanceof FakeStripeError)) console.error('[fake-stripe]', err);
      send(ctx, error.status, JSON.stringify(error.toJSON(), null, 2));
    } finally {
      call.status = ctx.res.destroyed && !ctx.res.writableEnded ? null : ctx.status;
    }
  };
}

function handle(deps: ApiDeps, ctx: Context, method: string, body: string, requestId: string, idempotencyKey: string | null): { status: number; payload: string } {
  // Stripe compares the parameters of a reused key; the raw body and query are what was sent.
  const fingerprint = `${method} ${ctx.path}?${ctx.querystring}\n${body}`;
  if (idempotencyKey) {
    const seen = deps.idempotency.get(idempotencyKey);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        throw new FakeStripeError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        );
      }
      ctx.set('Idempotent-Replayed', 'true');
      ctx.set('Original-Request', seen.requestId);
      return { status: seen.status, payload: seen.body };
    }
  }
  const match = matchRoute(deps.routes, method, ctx.path);
  if (!match) throw unrecognizedUrl(method, ctx.path);
  const params: FormObject = { ...parseForm(ctx.querystring), ...(method === 'POST' ? parseForm(body) : {}) };
  const expand = takeExpand(params);
  const store = deps.store();
  const result = store.withRequest({ id: requestId, idempotencyKey }, () =>
    structuredClone(match.route.handler({ store, params, path: match.path, url: ctx.path })),
  );
  applyExpand(store, result, expand);
  const payload = JSON.stringify(result, null, 2);
  // Only successes are replayed: a failed call (validation, missing object) may be retried with
  // the same key once fixed, which is the case that matters to a client.
  if (idempotencyKey) deps.idempotency.set(idempotencyKey, { fingerprint, requestId, status: 200, body: payload });
  return { status: 200, payload };
}
