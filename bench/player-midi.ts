/// <reference lib="dom" />
/**
 * MIDI out at a song's start against the song's first frame. The player sends the song's program
 * change with a Web MIDI timestamp computed from the engine's status (midi/clock.ts); the reference
 * here is independent of that path: the first sample of the song at the output tap, put on the
 * epoch by the context's getOutputTimestamp() (output-tap.ts outputEpochOf) and then on the player
 * page's performance.now() clock. Figure: timestamp − first frame (ms; a message the status
 * brought too late to schedule is sent at once, and counts with the time it was sent).
 */
import type { Page } from 'puppeteer-core';
import { engineCall, noiseTrack, seedSongs, sleep } from '../tests/e2e/engine-fixtures.ts';
import { byRole, waitForText } from '../tests/e2e/library-page.ts';
import { openView } from '../tests/e2e/views-page.ts';
import { putRecords } from '../tests/e2e/library-db.ts';
import { installMidiDouble, midiSent } from '../tests/e2e/midi-fixtures.ts';
import { outputClock, outputEpochOf, startRecording } from '../tests/e2e/output-tap.ts';
import { sized } from './mode.ts';
import type { Figure } from './report.ts';
import { percentile } from './signal.ts';
import { firstSound, withTappedPlayer } from './tap.ts';

const GROUP = 'player-midi';
const STARTS = sized(10, 2);
const SONG = { id: 'midi-bench', title: 'MIDI bench', tracks: [noiseTrack('midi-bench-t', { seconds: 5, sampleRate: 44_100, seed: 11 })] };
const PROGRAM = 7;

async function waitForSend(player: Page, count: number): Promise<void> {
  const until = Date.now() + 5_000;
  while ((await midiSent(player)).length < count) {
    if (Date.now() > until) throw new Error('The player sent no program change at the song start');
    await sleep(20);
  }
}

export async function midiFigures(): Promise<Figure[]> {
  return withTappedPlayer(async ({ player, sw, offscreen }) => {
    await installMidiDouble(player);
    await seedSongs(player, [SONG]);
    await putRecords(player, 'settings', [{ key: 'midi-songs', value: { [SONG.id]: { channel: 1, program: PROGRAM, cc: null } } }]);
    await player.reload();
    await waitForText(player, /Engine ready/);
    await openView(player, 'settings');
    await player.locator(byRole('button', 'Turn on MIDI')).click();
    await waitForText(player, /MIDI is on\./);
    await engineCall(sw, 'engine.load', { songId: SONG.id });
    const pageOrigin = await player.evaluate(() => performance.timeOrigin);

    const offsets: number[] = [];
    let sentAtOnce = 0;
    for (let i = 0; i < STARTS; i++) {
      await engineCall(sw, 'engine.transport', { action: 'stop' });
      await sleep(300);
      const before = (await midiSent(player)).length;
      await startRecording(offscreen);
      await engineCall(sw, 'engine.transport', { action: 'play' });
      await waitForSend(player, before + 1);
      await sleep(300);
      const sound = await firstSound(offscreen);
      if (sound.frame === null || !sound.silentBefore) throw new Error(`start ${i + 1}: no clean first sound at the tap`);
      const firstFrame = outputEpochOf(await outputClock(offscreen), sound.frame) - pageOrigin;
      const sent = (await midiSent(player))[before]!;
      if (sent.data[0] !== 0xc0 || sent.data[1] !== PROGRAM) throw new Error(`start ${i + 1}: sent ${sent.data.join(' ')}, not program ${PROGRAM}`);
      if (!sent.timestamp) sentAtOnce++;
      offsets.push((sent.timestamp || sent.at) - firstFrame);
    }
    await engineCall(sw, 'engine.transport', { action: 'stop' });
    const n = `over ${STARTS} starts`;
    return [
      { group: GROUP, name: `song start: MIDI program change timestamp − first frame (page clock), median ${n}`, value: percentile(offsets, 50), unit: 'ms', target: '≤ 5 ms either way', pass: Math.abs(percentile(offsets, 50)) <= 5 },
      { group: GROUP, name: `song start: MIDI timestamp − first frame, p95 ${n}`, value: percentile(offsets, 95), unit: 'ms' },
      { group: GROUP, name: `song starts whose status came too late to schedule (sent at once) ${n}`, value: sentAtOnce, unit: 'starts' },
    ];
  });
}
