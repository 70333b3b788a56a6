import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { PLANS } from '../../shared/plans';
import { createGates } from './gates';
import { freePlan, type PlanView } from './plan';

const premium: PlanView = { plan: 'premium', limits: PLANS.premium.limits, features: PLANS.premium.features, reason: 'verified', claims: null, expiredAt: null };

describe('plan gates', () => {
  it.each([
    ['songs', 9, 1, true],
    ['songs', 10, 1, false],
    ['songs', 3, 8, false],
    ['tracksPerSong', 0, 4, true],
    ['tracksPerSong', 0, 5, false],
    ['setlists', 0, 1, true],
    ['setlists', 1, 1, false],
  ] as const)('Free: %s with %i existing + %i → %s', (kind, current, adding, ok) => {
    const result = createGates(signal(freePlan('signed-out'))).canAdd(kind, current, adding);
    expect(result.ok).toBe(ok);
    if (!ok) expect(result).toMatchObject({ upgrade: true, message: expect.stringMatching(/Upgrade to Premium in Account/) });
  });

  it('Premium has no limits and backup export; Free blocks export with the upgrade path', () => {
    const plan = signal(premium);
    const gates = createGates(plan);
    expect(gates.canAdd('songs', 10_000).ok).toBe(true);
    expect(gates.canUse('backup_export').ok).toBe(true);
    plan.value = freePlan('expired', Date.UTC(2026, 0, 1));
    expect(gates.canUse('backup_export')).toMatchObject({ ok: false, upgrade: true, message: expect.stringMatching(/press Refresh/) });
  });

  it('the import check counts existing songs and the largest new song', () => {
    const { importLimits } = createGates(signal(freePlan('signed-out')));
    expect(importLimits({ songsBefore: 9, songsAdded: 1, largestSongTracks: 4 })).toBeNull();
    expect(importLimits({ songsBefore: 12, songsAdded: 1, largestSongTracks: 1 })).toMatch(/would make 13\. The Free plan holds up to 10 songs/);
    expect(importLimits({ songsBefore: 0, songsAdded: 1, largestSongTracks: 5 })).toMatch(/up to 4 tracks/);
  });

  it('answers from memory: cost of one plan check', () => {
    const gates = createGates(signal(freePlan('signed-out')));
    const n = 1_000_000;
    let allowed = 0;
    for (let i = 0; i < 10_000; i++) allowed += gates.canAdd('songs', i % 10).ok ? 1 : 0; // warm up
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) allowed += gates.canAdd('songs', i % 10).ok ? 1 : 0;
    const nsPerCheck = Number(process.hrtime.bigint() - start) / n;
    console.log(`plan check: ${nsPerCheck.toFixed(1)} ns per canAdd (${n} checks)`);
    expect(allowed).toBeGreaterThan(0);
    expect(nsPerCheck).toBeLessThan(2000);
  });
});
