import Router from '@koa/router';
import type { EntitlementResponse } from '../../../../shared/entitlement.ts';
import { planStateFor } from '../billing/plan-state.ts';
import { hotKeys } from '../cache/hot.ts';
import { currentPrincipal, requireAuth } from '../sessions/middleware.ts';
import type { EntitlementDeps } from './deps.ts';
import { issueEntitlement } from './service.ts';

const ENTITLEMENT_MEMORY_MS = 60_000;

export function entitlementRoutes(deps: EntitlementDeps): Router {
  const router = new Router({ prefix: '/api/entitlements' });

  /**
   * The signed plan for this user, to keep and verify offline. Players ask every few
   * minutes, so the answer is kept in memory for up to a minute; any change to the plan
   * (a synced subscription, a grant) drops it in every instance at once.
   */
  router.get('/', requireAuth(deps, { cached: true }), async (ctx) => {
    const { userId } = currentPrincipal(ctx);
    const key = hotKeys.entitlement(userId);
    let answer = deps.hot.get(key) as EntitlementResponse | undefined;
    if (!answer) {
      answer = await issueEntitlement(deps, userId, await planStateFor(deps, deps.orm.em, userId));
      deps.hot.set(key, answer, ENTITLEMENT_MEMORY_MS);
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.body = answer;
  });

  /** The public key(s) that verify entitlements (standard JWKS). */
  router.get('/jwks', (ctx) => {
    // Short, so a rotated key reaches players soon; they also re-fetch when a token's kid is unknown.
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = { keys: [deps.entitlementKeys.publicJwk] };
  });

  return router;
}
