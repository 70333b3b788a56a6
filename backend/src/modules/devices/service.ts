import type { EntityManager } from '@mikro-orm/postgresql';
import type { DeviceInput, DeviceView } from '../../../../shared/api/auth.ts';
import { notFound } from '../../http/errors.ts';
import { Session } from '../sessions/entity.ts';
import type { User } from '../users/entity.ts';
import { Device } from './entity.ts';

export function toDeviceView(device: Device, currentDeviceId: string | null): DeviceView {
  return {
    id: device.id,
    name: device.name,
    createdAt: device.createdAt.toISOString(),
    lastSeenAt: device.lastSeenAt.toISOString(),
    current: device.id === currentDeviceId,
  };
}

/** Registers (or re-activates) the device a sign-in comes from; the client's id is stable per install. */
export async function upsertDevice(em: EntityManager, user: User, input: DeviceInput): Promise<Device> {
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
export async function signOutDevice(em: EntityManager, userId: string, deviceId: string, reason: string): Promise<Device> {
  const device = await em.findOne(Device, { id: deviceId, user: userId, signedOutAt: null });
  if (!device) throw notFound('No signed-in device with this id on your account.');
  device.signedOutAt = new Date();
  await em.nativeUpdate(Session, { device, revokedAt: null }, { revokedAt: new Date(), revokedReason: reason });
  return device;
}
