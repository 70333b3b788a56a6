import Router from '@koa/router';
import type { MikroORM } from '@mikro-orm/postgresql';

interface HealthDeps {
  orm: MikroORM;
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

  return router;
}
