import Router from '@koa/router';
import { z } from 'zod';
import { validate } from '../../http/validate.ts';
import { audit } from '../audit/service.ts';
import type { SessionDeps } from '../sessions/deps.ts';
import { currentSession, requireAuth } from '../sessions/middleware.ts';
import { listActiveDevices, signOutDevice, toDeviceView } from './service.ts';

const deviceIdParam = z.object({ id: z.uuid({ error: 'Device id must be a UUID from GET /api/devices.' }) });

export function deviceRoutes(deps: SessionDeps): Router {
  const router = new Router({ prefix: '/api/devices' });
  const em = () => deps.orm.em;

  router.get('/', requireAuth(deps), async (ctx) => {
    const session = currentSession(ctx);
    const devices = await listActiveDevices(em(), session.user.id);
    ctx.body = { devices: devices.map((d) => toDeviceView(d, session.device?.id ?? null)) };
  });

  /** Signs a device out remotely (e.g. the laptop left at the venue). */
  router.delete('/:id', requireAuth(deps), async (ctx) => {
    const { id } = validate(deviceIdParam, ctx.params);
    const session = currentSession(ctx);
    const device = await signOutDevice(deps, em(), session.user.id, id, 'device_signed_out_remotely');
    await em().flush();
    await audit(em(), ctx, { action: 'device.signed_out', category: 'security', userId: session.user.id, metadata: { deviceId: id, name: device.name } });
    ctx.body = { ok: true, message: `${device.name} was signed out. Its library stays on that device.` };
  });

  return router;
}
