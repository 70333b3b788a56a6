import Router from '@koa/router';
import type { Deps } from '../../deps.ts';
import { currentSession, requireAuth } from '../auth/middleware.ts';
import { issueEntitlement, planStateFor } from './service.ts';

export function entitlementRoutes(deps: Deps): Router {
  const router = new Router({ prefix: '/api/entitlements' });

  /** The signed plan for this user, to keep and verify offline. */
  router.get('/', requireAuth(), async (ctx) => {
    const { user } = currentSession(ctx);
    const state = await planStateFor(deps, deps.orm.em, user.id);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await issueEntitlement(deps, user.id, state);
  });

  /** The public key(s) that verify entitlements (standard JWKS). */
  router.get('/jwks', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = { keys: [deps.entitlementKeys.publicJwk] };
  });

  return router;
}
