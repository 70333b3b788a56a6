import Router from '@koa/router';
import { saveProgressRequest } from '../../../../shared/api/progress.ts';
import { validate } from '../../http/validate.ts';
import type { AuthCheckDeps } from '../sessions/deps.ts';
import { currentSession, requireAuth } from '../sessions/middleware.ts';
import { accountProgress, saveProgress } from './service.ts';

export function progressRoutes(deps: AuthCheckDeps): Router {
  const router = new Router({ prefix: '/api/progress' });

  router.post('/save', requireAuth(deps), async (ctx) => {
    const { songs } = validate(saveProgressRequest, ctx.request.body);
    const session = currentSession(ctx);
    await saveProgress(deps.orm.em, session.user.id, session.device?.clientId ?? 'web', songs);
    ctx.body = { songs: await accountProgress(deps.orm.em, session.user.id) };
  });

  router.get('/', requireAuth(deps), async (ctx) => {
    ctx.body = { songs: await accountProgress(deps.orm.em, currentSession(ctx).user.id) };
  });

  return router;
}
