import type { JWK } from 'jose';
import type { DeviceView, UserView } from '../../shared/api/auth';
import type { SongProgressView } from '../../shared/api/progress';

/**
 * What the account keeps in chrome.storage.local, one key per concern so a change wakes only
 * the listeners that care. Only the background writes; the player reads and listens.
 */
export interface AccountStore {
  'account.settings': AccountSettings;
  /** Tokens: used only by the background service worker. */
  'account.session': StoredSession | null;
  'account.profile': { user: UserView; device: DeviceView | null } | null;
  /** The signed entitlement (ES256 JWT), verified offline by whoever reads it. */
  'account.entitlement': { token: string; backendUrl: string; receivedAt: number } | null;
  /** The published key(s) that verify it, cached per backend for offline use. */
  'account.jwks': { backendUrl: string; keys: JWK[]; fetchedAt: number } | null;
  'account.sync': SyncStatus;
  /** The account's merged practice log (every device), as last fetched. */
  'account.progress': { songs: SongProgressView[]; fetchedAt: number } | null;
}

export interface AccountSettings {
  backendUrl: string;
  /** Generated once per install; the backend recognises this device by it. */
  deviceId: string;
  deviceName: string;
}

export interface StoredSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

interface SyncStatus {
  lastRefreshAt: number | null;
  /** Why the last refresh failed (shown in the panel); null when it worked. */
  lastError: string | null;
}

export type AccountKey = keyof AccountStore;

export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:8787';

/** The subset of chrome.storage.local the account uses (a Map-backed fake in unit tests). */
export interface StorageArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

export function accountStorage(area: StorageArea) {
  async function read<K extends AccountKey>(key: K): Promise<AccountStore[K] | undefined> {
    return (await area.get([key]))[key] as AccountStore[K] | undefined;
  }
  async function write<K extends AccountKey>(key: K, value: AccountStore[K]): Promise<void> {
    await area.set({ [key]: value });
  }
  return { read, write, remove: (keys: AccountKey[]) => area.remove(keys) };
}

export type AccountStorage = ReturnType<typeof accountStorage>;
