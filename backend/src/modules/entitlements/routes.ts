import Router from '@koa/router';
import type { EntitlementResponse } from '../../../../shared/entitlement.ts';
import { planStateFor } from '../billing/plan-state.ts';
import { forbidden } from '../../http/errors.ts';
import { hotKeys } from '../cache/hot.ts';
import { currentPrincipal, requireAuth } from '../sessions/middleware.ts';
import type { EntitlementDeps } from './deps.ts';
import { issueEntitlement } from './service.ts';

const ENTITLEMENT_MEMORY_MS = 60_000;

export function entitlementRoutes(deps: EntitlementDeps): Router {
  const router = new Router({ prefix: '/api/entitlements' });

  /**
   * The signed plan for this device, to keep and verify offline. Only a session signed in as a
   * device (the extension) gets one: the device limit is what keeps Premium to the devices paid
   * for. An answer is kept in memory for a minute per device, so a burst (focus refreshes, retries,
   * a misbehaving client) costs one signature; a player's steady 15-minute refresh always misses it
   * (see the README's hit ratios). Any change to the plan drops them in every instance at once.
   */
  router.get('/', requireAuth(deps, { cached: true }), async (ctx) => {
    const { userId, deviceClientId } = currentPrincipal(ctx);
    if (!deviceClientId) {
      throw forbidden('device_required', 'Entitlements are issued to signed-in devices only: sign in from the StageTracker Pro extension.');
    }
    const key = hotKeys.deviceEntitlement(userId, deviceClientId);
    let answer = deps.hot.get(key) as EntitlementResponse | undefined;
    if (!answer) {
      answer = await issueEntitlement(deps, userId, deviceClientId, await planStateFor(deps, deps.orm.em, userId));
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
