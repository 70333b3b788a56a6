import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEntitlementModel } from './entitlement';
import { accountStorage } from './storage';
import { memoryArea, signedEntitlement, TEST_DEVICE_ID } from './testing';

const BACKEND = 'http://127.0.0.1:8787';
afterEach(() => vi.useRealTimers());

async function setup(exp: number) {
  const storage = accountStorage(memoryArea());
  const premium = await signedEntitlement('premium', { exp });
  await storage.write('account.entitlement', { token: premium.token, backendUrl: BACKEND, receivedAt: 0 });
  await storage.write('account.jwks', { backendUrl: BACKEND, keys: [premium.jwk], fetchedAt: 0 });
  await storage.write('account.settings', { backendUrl: BACKEND, deviceId: TEST_DEVICE_ID, deviceName: 'Stage laptop' });
  const isPlaying = signal(false);
  const model = createEntitlementModel({ storage, isPlaying });
  await model.load();
  return { storage, isPlaying, model };
}

describe('the plan in the player', () => {
  it('a sign-out arriving mid-song applies when playback stops', async () => {
    const { storage, isPlaying, model } = await setup(Math.floor(Date.now() / 1000) + 3600);
    expect(model.applied.value.plan).toBe('premium');
    isPlaying.value = true;
    await storage.remove(['account.entitlement']);
    await model.load();
    expect(model.latest.value.plan).toBe('free');
    expect(model.applied.value.plan).toBe('premium');
    expect(model.notice.value).toMatch(/applies when playback stops/);
    isPlaying.value = false;
    expect(model.applied.value).toMatchObject({ plan: 'free', reason: 'signed-out' });
  });

  it('Premium lasts until exp, then Free with the reason and how to refresh', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const { model } = await setup(Math.floor(Date.now() / 1000) + 60);
    expect(model.applied.value.plan).toBe('premium');
    await vi.advanceTimersByTimeAsync(61_000);
    // The timer re-verifies (WebCrypto answers off the fake clock).
    await vi.waitFor(() => expect(model.applied.value).toMatchObject({ plan: 'free', reason: 'expired' }));
    expect(model.notice.value).toMatch(/offline too long.*press Refresh in Account.*Nothing in your library was removed/);
  });
});
