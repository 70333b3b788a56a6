// Before Dexie loads: it looks for IndexedDB once, when imported.
import 'fake-indexeddb/auto';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/messages';
import type { LibraryDb } from '../db/db';
import { readSetting } from '../db/settings';
import { freshDb } from '../library/testing/fake-library';
import { engineStatus } from '../player/status-fixture';
import type { ShortcutAction } from '../shortcuts/actions';
import { createShortcutsModel } from '../shortcuts/model';
import { createMidiModel } from './model';
import { createPedalTest } from './pedal-test';
import { fakeMidiAccess } from './testing/fake-midi';

let db: LibraryDb;
afterEach(async () => {
  await db?.delete();
});

const song = (id: string) => ({ id, title: `Song ${id}`, artist: '', durationSec: 100, tracks: [] }) as unknown as EngineStatus['song'];

async function setup({ refuse = false, devices = true, permission = 'prompt' as PermissionState } = {}) {
  db = freshDb();
  const ran: ShortcutAction[] = [];
  const status = signal<EngineStatus | null>(null);
  const isPlaying = signal(false);
  const shortcuts = createShortcutsModel({ db, run: async (a) => (ran.push(a), { ok: true as const }), isPlaying, chromeCommands: async () => [] });
  await shortcuts.load();
  const pedalTest = createPedalTest({ keys: () => shortcuts.bindings.value, midi: () => shortcuts.midiBindings.value, programJump: () => shortcuts.midi.value.programJump });
  const fake = devices ? fakeMidiAccess() : fakeMidiAccess({ inputs: [], outputs: [] });
  let asked = 0;
  const jumps: [string, number, boolean][] = [];
  const setlist = signal<{ id: string; name: string; entries: unknown[] } | null>({ id: 'set1', name: 'Sunday', entries: [{}, {}, {}] });
  const midi = createMidiModel({
    db,
    requestAccess: async () => {
      asked++;
      if (refuse) throw new DOMException('denied', 'NotAllowedError');
      return fake.access;
    },
    permission: async () => permission,
    shortcuts,
    pedalTest,
    status,
    isPlaying,
    setlist,
    playFrom: async (id, index, play) => void jumps.push([id, index, play]),
    clock: { timeOrigin: 1_000_000, now: () => 500 },
  });
  await midi.load();
  return { midi, shortcuts, pedalTest, fake, ran, status, isPlaying, jumps, setlist, asked: () => asked };
}

describe('MIDI in the player', () => {
  it('asks for MIDI access only when turned on, and listens to the inputs', async () => {
    const t = await setup();
    expect(t.asked()).toBe(0);
    await t.midi.turnOn();
    expect(t.asked()).toBe(1);
    expect(t.midi.state.value).toBe('on');
    expect(t.midi.inputs.value.map((p) => p.name)).toEqual(['Pedalboard']);
    expect(t.shortcuts.midi.value.enabled).toBe(true);
  });

  it('says clearly when permission is refused or no device is connected', async () => {
    const refused = await setup({ refuse: true });
    await refused.midi.turnOn();
    expect(refused.midi.state.value).toBe('refused');
    expect(refused.midi.message.value).toMatch(/permission was refused.*keys and pedals keep working/);
    await db.delete();

    const empty = await setup({ devices: false });
    await empty.midi.turnOn();
    expect(empty.midi.message.value).toMatch(/No MIDI device is connected/);
  });

  it('reconnects at start without asking only when the permission stands', async () => {
    const t = await setup();
    await t.midi.turnOn();
    const granted = await setupAgain(t, 'granted');
    expect(granted.state.value).toBe('on');
    const prompt = await setupAgain(t, 'prompt');
    expect(prompt.state.value).toBe('needs-permission');
  });

  it('runs a learned CC through the shortcuts, and a release does nothing', async () => {
    const t = await setup();
    await t.midi.turnOn();
    t.shortcuts.startLearn('play-pause');
    t.fake.fire([0xb0, 64, 127]);
    await flush();
    expect(t.shortcuts.midiBindings.value['play-pause']).toEqual(['cc:1:64']);
    t.fake.fire([0xb0, 64, 0]);
    t.fake.fire([0xb0, 64, 127]);
    expect(t.ran).toEqual(['play-pause']);
  });

  it('jumps to the setlist entry of a program change, and explains one past the end', async () => {
    const t = await setup();
    await t.midi.turnOn();
    t.fake.fire([0xc0, 1]);
    expect(t.jumps).toEqual([['set1', 1, false]]);
    await t.shortcuts.saveMidi({ programBase: 1 });
    t.isPlaying.value = true;
    t.fake.fire([0xc0, 1]);
    expect(t.jumps.at(-1)).toEqual(['set1', 0, true]);
    t.fake.fire([0xc0, 9]);
    expect(t.midi.message.value).toBe('Program change 9: “Sunday” has no entry 9.');
    t.setlist.value = null;
    t.fake.fire([0xc0, 1]);
    expect(t.midi.message.value).toMatch(/no setlist to jump in/);
    expect(t.jumps).toHaveLength(2);
  });

  it("sends the song's program change and CC once, timestamped at its first frame on the page clock", async () => {
    const t = await setup();
    await t.midi.turnOn();
    await t.midi.setSongOut('s1', { channel: 2, program: 5, cc: { controller: 20, value: 127 } });
    expect(await readSetting(db, 'midi-songs')).toEqual({ s1: { channel: 2, program: 5, cc: { controller: 20, value: 127 } } });

    t.status.value = engineStatus({ state: 'paused', song: song('s1') });
    expect(t.fake.sent).toEqual([]);
    // Played from the top: the first frame renders 20 ms after the status and is heard 2 ms (half the base latency + output latency) later.
    const start = engineStatus({ state: 'playing', song: song('s1'), sampledAt: 1_000_480, advancesAt: 1_000_500, latency: { baseSec: 0.002, outputSec: 0.001 } });
    t.status.value = start;
    t.status.value = { ...start, sampledAt: 1_000_700, positionSec: 0.2 }; // the same start, reported again
    expect(t.fake.sent).toEqual([
      { port: 'Synth', data: [0xc1, 5], timestamp: 502 },
      { port: 'Synth', data: [0xb1, 20, 127], timestamp: 502 },
    ]);
    expect(t.midi.lastSent.value).toBe('Sent PC 5 and CC 20 = 127 on ch 2 to Synth at the start of “Song s1”');

    t.status.value = engineStatus({ state: 'playing', song: song('s2'), sampledAt: 1_000_900, advancesAt: 1_000_920 });
    expect(t.fake.sent).toHaveLength(2); // s2 sends nothing
  });

  it('while the pedal test is open, shows each message and runs nothing', async () => {
    const t = await setup();
    await t.midi.turnOn();
    t.shortcuts.startLearn('stop');
    t.fake.fire([0x90, 60, 100]);
    t.shortcuts.cancelLearn();
    t.pedalTest.show();
    t.fake.fire([0x90, 60, 100]);
    t.fake.fire([0xc0, 2]);
    t.fake.fire([0xf8]);
    expect(t.ran).toEqual([]);
    expect(t.jumps).toEqual([]);
    expect(t.pedalTest.rows.value.map((r) => [r.detail, r.runs])).toEqual([
      ['[F8] (not a note, CC or program change)', 'Not bound'],
      ['Program change 2, ch 1 [C0 02]', 'Jump to setlist entry'],
      ['Note on C3 (60) velocity 100, ch 1 [90 3C 64]', 'Stop'],
    ]);
    t.pedalTest.key({ code: 'PageDown', key: 'PageDown', ctrlKey: false, altKey: false, shiftKey: false, metaKey: false });
    t.pedalTest.key({ code: 'KeyQ', key: 'q', ctrlKey: true, altKey: false, shiftKey: false, metaKey: false });
    expect(t.pedalTest.rows.value.slice(0, 2).map((r) => [r.detail, r.runs])).toEqual([
      ['Ctrl+Q · code KeyQ · key q · Ctrl', 'Not bound'],
      ['Page Down · code PageDown · key PageDown · no modifiers', 'Next song'],
    ]);
  });
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The player opened again on the same device, with the permission as given. */
async function setupAgain(t: Awaited<ReturnType<typeof setup>>, permission: PermissionState) {
  const shortcuts = createShortcutsModel({ db, run: async () => ({ ok: true as const }), isPlaying: signal(false), chromeCommands: async () => [] });
  await shortcuts.load();
  const midi = createMidiModel({
    db,
    requestAccess: async () => t.fake.access,
    permission: async () => permission,
    shortcuts,
    pedalTest: t.pedalTest,
    status: signal(null),
    isPlaying: signal(false),
    setlist: signal(null),
    playFrom: async () => {},
  });
  await midi.load();
  return midi;
}
