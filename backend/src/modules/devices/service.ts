import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeviceInput, DeviceView } from '../../../../shared/api/auth.ts';
import { PLANS } from '../../../../shared/plans.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { SessionDeps } from '../sessions/deps.ts';
import { Device } from '../sessions/device-entity.ts';
import { revokeSessions } from '../sessions/service.ts';
import type { User } from '../users/entity.ts';

export function toDeviceView(device: Device, currentDeviceId: string | null): DeviceView {
  return {
    id: device.id,
    name: device.name,
    createdAt: device.createdAt.toISOString(),
    lastSeenAt: device.lastSeenAt.toISOString(),
    current: device.id === currentDeviceId,
  };
}

/**
 * Lets a device sign in within the plan's device limit. A device already signed in is
 * always let back in; a new one over the limit gets a 409 listing the devices, so the
 * user can pick one to sign out (`replaceDevice`) without losing anything.
 */
export async function admitDevice(
  deps: Pick<SessionDeps, 'invalidate'>,
  em: EntityManager,
  user: User,
  input: DeviceInput,
  opts: { plan: keyof typeof PLANS; replaceDevice?: string },
): Promise<Device> {
  const existing = await em.findOne(Device, { user, clientId: input.id, signedOutAt: null });
  if (!existing) {
    if (opts.replaceDevice) {
      await signOutDevice(deps, em, user.id, opts.replaceDevice, 'replaced_at_device_limit');
      await em.flush();
    }
    const active = await listActiveDevices(em, user.id);
    const limit = PLANS[opts.plan].limits.devices;
    if (active.length >= limit) {
      const plan = PLANS[opts.plan].name;
      throw new AppError(
        409,
        'device_limit',
        `Your ${plan} plan allows ${limit} signed-in device${limit > 1 ? 's' : ''}. Sign one out to use this one${opts.plan === 'free' ? ', or upgrade to Premium for up to ' + PLANS.premium.limits.devices : ''}.`,
        { details: { limit, devices: active.map((d) => toDeviceView(d, null)) } },
      );
    }
  }
  return upsertDevice(em, user, input);
}

/** Registers (or re-activates) the device a sign-in comes from; the client's id is stable per install. */
async function upsertDevice(em: EntityManager, user: User, input: DeviceInput): Promise<Device> {
  const existing = await em.findOne(Device, { user, clientId: input.id });
  const now = new Date();
  if (existing) {
    existing.name = input.name;
    existing.lastSeenAt = now;
    existing.signedOutAt = null;
    return existing;
  }
  return em.create(Device, { user, clientId: input.id, name: input.name, lastSeenAt: now });
}

export function listActiveDevices(em: EntityManager, userId: string): Promise<Device[]> {
  return em.find(Device, { user: userId, signedOutAt: null }, { orderBy: { lastSeenAt: 'desc' } });
}

/** Signs a device out everywhere: its sessions stop working at once; its library stays on the device. */
export async function signOutDevice(deps: Pick<SessionDeps, 'invalidate'>, em: EntityManager, userId: string, deviceId: string, reason: string): Promise<Device> {
  const device = await em.findOne(Device, { id: deviceId, user: userId, signedOutAt: null });
  if (!device) throw notFound('No signed-in device with this id on your account.');
  device.signedOutAt = new Date();
  await revokeSessions(deps, em, userId, { deviceId: device.id }, reason);
  return device;
}
