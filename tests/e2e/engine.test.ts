import type { Page, WebWorker } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineCall, masterLevel, noiseTrack, seedSongs, sleep } from './engine-fixtures';
import { launchExtension, type ExtensionHarness } from './harness';

// Songs at 48 kHz while the headless AudioContext runs at its device rate (44.1 kHz here),
// so everything below also goes through the engine's resampler.
const MIX_SONG = {
  id: 'song-mix',
  title: 'Mixer Check',
  tracks: [
    noiseTrack('drums', { seed: 11, seconds: 20 }),
    noiseTrack('bass', { seed: 22, seconds: 20 }),
  ],
};
const NULL_SONG = {
  id: 'song-null',
  title: 'Null Test',
  // Stereo, so the null also covers both channels through the panners.
  tracks: [
    noiseTrack('noise', { seed: 99, seconds: 40, channels: 2 }),
    noiseTrack('inverted', { kind: 'noise-inverted', seed: 99, seconds: 40, channels: 2 }),
  ],
};
const NEXT_SONG = { id: 'song-next', title: 'Next Song', tracks: [noiseTrack('keys', { seed: 5, seconds: 20, sampleRate: 44_100 })] };
const QUEUE = [MIX_SONG.id, NULL_SONG.id, NEXT_SONG.id];

let ext: ExtensionHarness;
let sw: WebWorker;
let player: Page;

beforeAll(async () => {
  ext = await launchExtension();
  player = await ext.openPlayer();
  sw = await ext.serviceWorker();
  await seedSongs(player, [MIX_SONG, NULL_SONG, NEXT_SONG]);
});

afterAll(async () => {
  await ext?.close();
});

const trackLevel = async (id: string) => (await engineCall(sw, 'engine.meters')).tracks[id]!;

async function loadStopped(songId: string) {
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  const status = await engineCall(sw, 'engine.load', { songId, queue: QUEUE });
  await engineCall(sw, 'engine.resetMix');
  return status;
}

describe('playback', () => {
  it('plays a song: the meters move, the position advances and the player shows it', async () => {
    const loaded = await loadStopped(MIX_SONG.id);
    expect(loaded).toMatchObject({ state: 'stopped', song: { id: MIX_SONG.id, title: 'Mixer Check' } });
    expect(await masterLevel(sw, 3)).toMatchObject({ rmsDb: -200 });

    await engineCall(sw, 'engine.transport', { action: 'play' });
    const level = await masterLevel(sw, 5);
    // Two uncorrelated noise stems at -10.8 dBFS each, panned centre (-3 dB): about -10.8 dBFS.
    expect(level.rmsDb).toBeGreaterThan(-16);
    expect(level.rmsDb).toBeLessThan(-6);
    expect((await trackLevel('drums')).rmsDb).toBeGreaterThan(-20);
    const status = await engineCall(sw, 'engine.status');
    expect(status.state).toBe('playing');
    expect(status.positionSec).toBeGreaterThan(0.3);

    // The player's meters are driven by the engine's events port.
    await player.waitForFunction(() => document.body.innerText.includes('Mixer Check'), { polling: 100 });
    await player.waitForFunction(
      () => [...document.querySelectorAll('[aria-label^="drums level"]')].some((m) => /peak -?\d/.test(m.getAttribute('aria-label') ?? '')),
      { polling: 100 },
    );
  });

  it('mute, solo and pan change what reaches the master', async () => {
    await loadStopped(MIX_SONG.id);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    const both = await masterLevel(sw, 5);

    await engineCall(sw, 'engine.mix', { track: 'drums', patch: { mute: true } });
    await sleep(100);
    expect((await trackLevel('drums')).rmsDb).toBe(-200);
    const muted = await masterLevel(sw, 5);
    // One of two equal uncorrelated stems left: 3 dB down.
    expect(both.rmsDb - muted.rmsDb).toBeGreaterThan(2);
    expect(both.rmsDb - muted.rmsDb).toBeLessThan(4.5);

    // Mute wins over solo; soloing the other stem leaves only it.
    await engineCall(sw, 'engine.mix', { track: 'drums', patch: { mute: false, solo: true } });
    await sleep(100);
    expect((await trackLevel('bass')).rmsDb).toBe(-200);
    expect((await trackLevel('drums')).rmsDb).toBeGreaterThan(-20);
    await engineCall(sw, 'engine.mix', { track: 'drums', patch: { mute: true } });
    await sleep(100);
    expect((await masterLevel(sw, 3)).rmsDb).toBe(-200);

    await engineCall(sw, 'engine.resetMix');
    await engineCall(sw, 'engine.mix', { track: 'drums', patch: { pan: -1 } });
    await engineCall(sw, 'engine.mix', { track: 'bass', patch: { pan: -1 } });
    await sleep(100);
    const [left, right] = (await engineCall(sw, 'engine.meters')).master.channelRmsDb!;
    expect(left).toBeGreaterThan(-16);
    expect(right).toBe(-200);
  });

  it('restores a saved mix when the song is loaded again', async () => {
    await loadStopped(MIX_SONG.id);
    await engineCall(sw, 'engine.mix', { track: 'bass', patch: { gainDb: -6, mute: true } });
    await engineCall(sw, 'engine.mix', { track: null, patch: { gainDb: -3 } });
    await sleep(500); // the engine saves a fader drag once it settles
    await engineCall(sw, 'engine.load', { songId: NEXT_SONG.id, queue: QUEUE });
    await engineCall(sw, 'engine.load', { songId: MIX_SONG.id, queue: QUEUE });
    const mix = (await engineCall(sw, 'engine.status')).mix!;
    expect(mix.masterGainDb).toBe(-3);
    expect(mix.tracks.bass).toEqual({ gainDb: -6, pan: 0, mute: true, solo: false });
    expect((await engineCall(sw, 'engine.resetMix')).tracks.bass).toEqual({ gainDb: 0, pan: 0, mute: false, solo: false });
  });
});

describe('sample-accurate stems: a track and its inverted copy cancel', () => {
  it('at the start, after a seek and after 20 s of play', async () => {
    await loadStopped(NULL_SONG.id);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(300);
    const atStart = await masterLevel(sw, 10);

    // Where the seek landed, as it answers (reading it after the meter reads below measured how long they took).
    const seekedTo = (await engineCall(sw, 'engine.seek', { seconds: 13.37 })).positionSec;
    await sleep(300);
    const afterSeek = await masterLevel(sw, 10);

    await sleep(20_000);
    const later = await masterLevel(sw, 10);

    // Soloing one stem shows what the null is measured against.
    await engineCall(sw, 'engine.mix', { track: 'noise', patch: { solo: true } });
    await sleep(100);
    const oneTrack = await masterLevel(sw, 5);
    await engineCall(sw, 'engine.resetMix');

    console.log('null test (master RMS dBFS):', { atStart, afterSeek, later, oneTrack });
    expect(seekedTo).toBeGreaterThan(13.3);
    expect(seekedTo).toBeLessThan(13.9);
    expect(oneTrack.rmsDb).toBeGreaterThan(-15);
    for (const level of [atStart, afterSeek, later]) expect(level.rmsDb).toBeLessThanOrEqual(-80);
  }, 40_000);
});

describe('seek and transport', () => {
  it('seeks while paused and plays on from there', async () => {
    await loadStopped(MIX_SONG.id);
    const seeked = await engineCall(sw, 'engine.seek', { seconds: 12 });
    expect(seeked.positionSec).toBeCloseTo(12, 1);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(500);
    const status = await engineCall(sw, 'engine.status');
    expect(status.positionSec).toBeGreaterThan(12.3);
    expect(status.positionSec).toBeLessThan(13.5);
    expect((await masterLevel(sw, 3)).rmsDb).toBeGreaterThan(-16);
  });

  it('panic silences everything at once and keeps the position', async () => {
    await loadStopped(MIX_SONG.id);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(300);
    const ack = await engineCall(sw, 'engine.transport', { action: 'panic' });
    expect(ack.state).toBe('paused');
    // Silent after the fade (8 ms, from one device callback ahead: ~23 ms in all); the meter's
    // window (2048 frames, 46 ms) then holds only silence. 60 ms left a few ms to spare at best.
    await sleep(100);
    expect((await masterLevel(sw, 3, 20)).peakDb).toBe(-200);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    expect((await masterLevel(sw, 3)).rmsDb).toBeGreaterThan(-16);
  });

  it.each([
    ['play-pause', 'stopped', 'playing', MIX_SONG.id],
    ['next', 'stopped', 'stopped', NULL_SONG.id],
    ['previous', 'stopped', 'stopped', MIX_SONG.id],
  ] as const)('the %s command (chrome.commands) drives the engine', async (command, before, after, songId) => {
    const start = command === 'previous' ? NULL_SONG.id : MIX_SONG.id;
    await loadStopped(start);
    expect((await engineCall(sw, 'engine.status')).state).toBe(before);
    await sw.evaluate((name) => {
      (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch(name);
    }, command);
    await expect.poll(async () => {
      const s = await engineCall(sw, 'engine.status');
      return [s.state, s.song?.id];
    }).toEqual([after, songId]);
  });

  it('the stop command stops and rewinds', async () => {
    await loadStopped(MIX_SONG.id);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    await sleep(400);
    await sw.evaluate(() => (chrome.commands.onCommand as unknown as { dispatch(name: string): void }).dispatch('stop'));
    await expect.poll(async () => (await engineCall(sw, 'engine.status')).state).toBe('stopped');
    expect((await engineCall(sw, 'engine.status')).positionSec).toBe(0);
    await sleep(60);
    expect((await masterLevel(sw, 2)).peakDb).toBe(-200);
  });

  it('switches to the prepared next song while playing, and it plays at once', async () => {
    await loadStopped(MIX_SONG.id);
    await expect.poll(async () => (await engineCall(sw, 'engine.status')).prepared).toContain(NULL_SONG.id);
    await engineCall(sw, 'engine.transport', { action: 'play' });
    const ack = await engineCall(sw, 'engine.transport', { action: 'next' });
    expect(ack.state).toBe('playing');
    await sleep(150);
    const status = await engineCall(sw, 'engine.status');
    expect(status.song?.id).toBe(NULL_SONG.id);
    expect((await trackLevel('noise')).rmsDb).toBeGreaterThan(-16);
  });
});
