import type { JWK } from 'jose';
import type { DeviceView, LoginResponse, RegisterResponse } from '../../shared/api/auth';
import type { SaveProgressRequest, SongProgressView } from '../../shared/api/progress';
import type { EntitlementResponse } from '../../shared/entitlement';
import type { AccountDeviceView, AccountFailure, AccountRefreshReason, AccountResult } from '../../shared/messages';
import { callApi, type Fetch } from './api-client';
import { backendOrigin } from './backend-url';
import { DEFAULT_BACKEND_URL, type AccountSettings, type AccountStorage } from './storage';
import type { PlayRecord } from './store';
import { createTokenKeeper, pick } from './tokens';
import { verifyEntitlement } from './verify';

interface AccountServiceDeps {
  storage: AccountStorage;
  fetch: Fetch;
  openTab: (url: string) => Promise<unknown>;
  /** This device's practice log (the library's plays store). */
  readPlays: () => Promise<PlayRecord[]>;
  defaultDeviceName: () => string;
  now?: () => number;
}

/** The published key changes rarely; re-read it daily, and at once when a token names an unknown key. */
const JWKS_MAX_AGE_MS = 24 * 3_600_000;

const ok = <T>(value: T): AccountResult<T> => ({ ok: true, value });
const fail = (error: AccountFailure): AccountResult<never> => ({ ok: false, error });

/**
 * The account as the background service worker runs it: every backend call, the tokens, and
 * what the player reads from storage (profile, entitlement, keys, progress, sync status).
 */
export function createAccountService(deps: AccountServiceDeps) {
  const { storage, now = Date.now } = deps;
  const tokens = createTokenKeeper({ storage, fetch: deps.fetch, now, onSessionEnded: (message) => forget(message) });
  let refreshing: Promise<AccountResult<{ message: string }>> | null = null;

  async function settings(): Promise<AccountSettings> {
    const stored = await storage.read('account.settings');
    if (stored) return stored;
    const fresh = { backendUrl: DEFAULT_BACKEND_URL, deviceId: crypto.randomUUID(), deviceName: deps.defaultDeviceName() };
    await storage.write('account.settings', fresh);
    return fresh;
  }

  /** Signed out (by the user, another device, or a rejected renewal): the library stays. */
  async function forget(reason: string | null): Promise<void> {
    await storage.remove(['account.session', 'account.profile', 'account.entitlement', 'account.progress']);
    await storage.write('account.sync', { lastRefreshAt: now(), lastError: reason });
  }

  const base = async () => (await settings()).backendUrl;
  const call = async <T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
    tokens.authorized<T>(await base(), { method, path, body });

  async function register(input: { email: string; password: string; displayName?: string }) {
    const result = await callApi<RegisterResponse>(deps.fetch, await base(), { method: 'POST', path: '/api/auth/register', body: input });
    return result.ok ? ok({ message: result.value.message }) : result;
  }

  async function login(input: { email: string; password: string; replaceDevice?: string }) {
    const { backendUrl, deviceId, deviceName } = await settings();
    const body = { email: input.email, password: input.password, device: { id: deviceId, name: deviceName }, client: 'extension', replaceDevice: input.replaceDevice };
    const result = await callApi<LoginResponse>(deps.fetch, backendUrl, { method: 'POST', path: '/api/auth/login', body });
    if (!result.ok) return result;
    await storage.write('account.session', pick(result.value));
    await storage.write('account.profile', { user: result.value.user, device: result.value.device });
    // A new device inherits the account's plan at once.
    const refreshed = await refresh('sign-in');
    return ok({ message: refreshed.ok ? `Signed in as ${result.value.user.email}.` : `Signed in, but the plan could not be loaded yet: ${refreshed.error.message}` });
  }

  async function logout() {
    // Best effort: signing out here must work offline too.
    if (await storage.read('account.session')) await call('POST', '/api/auth/logout');
    await forget(null);
    return ok({ message: 'Signed out. Your library stays on this device.' });
  }

  async function forgotPassword(input: { email: string }) {
    const result = await callApi<{ message: string }>(deps.fetch, await base(), { method: 'POST', path: '/api/auth/forgot-password', body: input });
    return result.ok ? ok({ message: result.value.message }) : result;
  }

  async function keysFor(backendUrl: string, force: boolean): Promise<JWK[] | null> {
    const cached = await storage.read('account.jwks');
    const fresh = cached?.backendUrl === backendUrl && now() - cached.fetchedAt < JWKS_MAX_AGE_MS;
    if (cached?.backendUrl === backendUrl && fresh && !force) return cached.keys;
    const result = await callApi<{ keys: JWK[] }>(deps.fetch, backendUrl, { method: 'GET', path: '/api/entitlements/jwks', cache: force ? 'no-cache' : 'default' });
    if (!result.ok) return cached?.backendUrl === backendUrl ? cached.keys : null;
    await storage.write('account.jwks', { backendUrl, keys: result.value.keys, fetchedAt: now() });
    return result.value.keys;
  }

  /** Single-flight: the alarm, the player and a button pressing at once share one round trip. */
  function refresh(_reason: AccountRefreshReason): Promise<AccountResult<{ message: string }>> {
    refreshing ??= refreshNow().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function refreshNow(): Promise<AccountResult<{ message: string }>> {
    if (!(await storage.read('account.session'))) return ok({ message: 'Not signed in.' });
    const { backendUrl, deviceId } = await settings();
    const result = await call<EntitlementResponse>('GET', '/api/entitlements');
    if (!result.ok) return noteFailure(result.error);
    let keys = await keysFor(backendUrl, false);
    let verified = keys ? await verifyEntitlement(result.value.token, keys, now(), deviceId) : null;
    if (!verified?.ok) {
      keys = await keysFor(backendUrl, true);
      verified = keys ? await verifyEntitlement(result.value.token, keys, now(), deviceId) : null;
    }
    if (!verified?.ok) {
      return noteFailure({ status: 0, code: 'entitlement_unverified', message: 'The server sent a plan that does not match its published key, so it was not kept. Check the server address.' });
    }
    await storage.write('account.entitlement', { token: result.value.token, backendUrl, receivedAt: now() });
    const progress = await syncProgress();
    await storage.write('account.sync', { lastRefreshAt: now(), lastError: progress.ok ? null : `Practice log not synced: ${progress.error.message}` });
    return ok({ message: `Plan refreshed: ${verified.claims.plan === 'premium' ? 'Premium' : 'Free'}.` });
  }

  async function noteFailure(error: AccountFailure): Promise<AccountResult<never>> {
    // A signed-out answer has already cleared the account; keep its message.
    if (error.code !== 'signed_out' && (await storage.read('account.session'))) {
      const previous = await storage.read('account.sync');
      await storage.write('account.sync', { lastRefreshAt: previous?.lastRefreshAt ?? null, lastError: error.message });
    }
    return fail(error);
  }

  /** Sends this device's running totals (idempotent) and keeps the merged log of every device. */
  async function syncProgress(): Promise<AccountResult<SongProgressView[]>> {
    const plays = (await deps.readPlays()).filter((p) => p.plays > 0 && p.title.trim());
    const songs: SaveProgressRequest['songs'] = plays.slice(0, 2000).map((p) => ({
      songId: p.songId.slice(0, 64),
      title: p.title.trim().slice(0, 200),
      artist: p.artist.trim().slice(0, 200),
      plays: p.plays,
      minutes: Math.round(p.minutes * 100) / 100,
      lastPlayedAt: new Date(p.lastPlayedAt).toISOString(),
    }));
    const result = songs.length
      ? await call<{ songs: SongProgressView[] }>('POST', '/api/progress/save', { songs })
      : await call<{ songs: SongProgressView[] }>('GET', '/api/progress');
    if (!result.ok) return result;
    await storage.write('account.progress', { songs: result.value.songs, fetchedAt: now() });
    return ok(result.value.songs);
  }

  async function devices(): Promise<AccountResult<AccountDeviceView[]>> {
    const result = await call<{ devices: DeviceView[] }>('GET', '/api/devices');
    return result.ok ? ok(result.value.devices) : result;
  }

  async function signOutDevice({ id }: { id: string }) {
    const result = await call<{ message: string }>('DELETE', `/api/devices/${encodeURIComponent(id)}`);
    return result.ok ? ok({ message: result.value.message }) : result;
  }

  async function openBilling(path: string, body: unknown): Promise<AccountResult<{ url: string }>> {
    const result = await call<{ url: string }>('POST', path, body);
    if (!result.ok) return result;
    await deps.openTab(result.value.url);
    return ok({ url: result.value.url });
  }

  async function updateSettings(input: { backendUrl?: string; deviceName?: string }) {
    const current = await settings();
    const next = { ...current };
    if (input.deviceName !== undefined) {
      const name = input.deviceName.trim();
      if (!name || name.length > 80) return fail({ status: 400, code: 'validation_failed', message: 'Check the device name.', fields: { deviceName: ['Use 1 to 80 characters.'] } });
      next.deviceName = name;
    }
    if (input.backendUrl !== undefined) {
      const origin = backendOrigin(input.backendUrl);
      if (!origin) return fail({ status: 400, code: 'validation_failed', message: 'Check the server address.', fields: { backendUrl: ['Enter an address like https://music.example.org or http://127.0.0.1:8787.'] } });
      next.backendUrl = origin;
    }
    const moved = next.backendUrl !== current.backendUrl;
    // Tokens belong to the old server: sign out there first.
    if (moved && (await storage.read('account.session'))) await logout();
    await storage.write('account.settings', next);
    return ok({ message: moved ? `Server set to ${next.backendUrl}. Sign in to your account there.` : 'Saved.' });
  }

  return {
    settings, register, login, logout, forgotPassword, refresh, syncProgress, devices, signOutDevice, updateSettings,
    checkout: ({ price }: { price: string }) => openBilling('/api/billing/create-checkout-session', { price }),
    portal: () => openBilling('/api/billing/customer-portal', undefined),
  };
}
