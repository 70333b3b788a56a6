import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/postgresql';
import { eventLoopMonitor } from '../../http/event-loop.ts';
import type { StripeDataCache } from '../cache/service.ts';
import type { StripeClient } from '../stripe/client.ts';

interface HealthDeps {
  orm: MikroORM;
  cache: StripeDataCache;
  stripe: StripeClient | undefined;
}

/** Liveness (the process answers) and readiness (the database answers, within a second). */
export function healthRoutes(deps: HealthDeps): Router {
  const router = new Router({ prefix: '/api' });

  router.get('/health', (ctx) => {
    ctx.body = { ok: true };
  });

  router.get('/ready', async (ctx) => {
    try {
      await Promise.race([
        deps.orm.em.getConnection().execute('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database check timed out')), 1000).unref()),
      ]);
      ctx.body = { ok: true, database: 'ok' };
    } catch (err) {
      ctx.state.log.warn({ err: (err as Error).message }, 'readiness check failed');
      ctx.status = 503;
      ctx.set('Retry-After', '5');
      ctx.body = { ok: false, database: 'unreachable', error: { code: 'database_unavailable', message: 'The database is not reachable.' } };
    }
  });

  /**
   * Counters for benchmarks and monitoring; nothing user-specific. The event-loop delay is over
   * the window since the previous read (ms beyond the 10 ms sampling interval). `stripe` (null
   * without a Stripe key) holds this instance's calls, failed calls by kind, and the circuit
   * breaker: closed, open (calls skipped) or half-open (one trial call allowed).
   */
  const eventLoop = eventLoopMonitor();
  router.get('/metrics', (ctx) => {
    ctx.body = { cache: deps.cache.stats(), stripeCalls: deps.stripe?.calls() ?? 0, stripe: stripeMetrics(deps.stripe), eventLoopDelayMs: eventLoop.take() };
  });

  return router;
}

function stripeMetrics(stripe: StripeClient | undefined) {
  if (!stripe) return null;
  const errors = stripe.errors();
  const { state, consecutiveFailures, lastOpenedAt, opened, shortCircuited } = stripe.breaker.snapshot();
  return {
    calls: stripe.calls(),
    errors: { total: Object.values(errors).reduce((a, b) => a + b, 0), ...errors },
    breaker: { state, consecutiveFailures, lastOpenedAt: lastOpenedAt === null ? null : new Date(lastOpenedAt).toISOString(), timesOpened: opened, shortCircuited },
  };
}
