import type { MemoryCache } from './memory.ts';

/** Short-lived in-memory answers for hot paths (session checks, entitlements), one per instance. */
export type HotCache = MemoryCache<unknown>;

/** Drops keys (a trailing `*` drops a prefix) from this instance's hot cache and every other instance's. */
export type Invalidate = (keys: string[]) => Promise<void>;

/** Keys of the hot cache; the bus carries them to the other instances. */
export const hotKeys = {
  session: (userId: string, sessionId: string) => `session:${userId}:${sessionId}`,
  userSessions: (userId: string) => `session:${userId}:*`,
  /** One device's entitlement. */
  deviceEntitlement: (userId: string, deviceClientId: string) => `entitlement:${userId}:${deviceClientId}`,
  /** Every device's entitlement of a user: what a plan change drops. */
  entitlement: (userId: string) => `entitlement:${userId}:*`,
};
