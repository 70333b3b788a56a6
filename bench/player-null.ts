/// <reference lib="dom" />
/// <reference types="chrome" />
/**
 * Null tests through the whole decode path, read at the output tap: for each codec pair of
 * tests/e2e/fixtures/codec-pairs.ts (a lossless noise source and its polarity-inverted copy made
 * by a real encoder; here made `PLAY_SECONDS` + 8 s long by bench/fixtures.ts), the residual the
 * output really carries, (L+R)/2 RMS over WINDOW_SEC, at start, after PLAY_SECONDS of play, after a
 * seek, after Pause->Play and after Stop->Play, against the residual of ffmpeg's priming-aware
 * offline decode of the same pair over the same song span (through the mixer's -3 dB centre pan).
 * The song span of each window: the engine's status (positionSec, computed when the offscreen
 * document received the status message) put on the tap's frames by that message's receipt frame.
 */
import { join } from 'node:path';
import type { Page, WebWorker } from 'puppeteer-core';
import { engineCall, sleep } from '../tests/e2e/engine-fixtures.ts';
import { seedFileSongs, type FileSong } from '../tests/e2e/file-songs.ts';
import { CODEC_PAIRS, SOURCES, type CodecPair } from '../tests/e2e/fixtures/codec-pairs.ts';
import { decodeMono, toWav } from '../tests/e2e/fixtures/ffmpeg-pcm.ts';
import { receiptOf, startRecording } from '../tests/e2e/output-tap.ts';
import { longCodecPairs } from './fixtures.ts';
import { sized } from './mode.ts';
import { readFileSync } from 'node:fs';
import type { Figure } from './report.ts';
import { rmsDbOf } from './signal.ts';
import { recordedRms, withTappedPlayer } from './tap.ts';

const GROUP = 'player-null';
/** The "after a long play" point (the quick form's is shorter: it says so in the figure). */
const PLAY_SECONDS = sized(60, 4);
const FIXTURE_SECONDS = PLAY_SECONDS + 8;
const WINDOW_SEC = sized(1, 0.5);
const SEEK_TO = sized(17.77, 2.217);
/** A mono stem panned centre (equal power) reaches each channel at -3 dB; (L+R)/2 keeps that. */
const PATH_GAIN_DB = 20 * Math.log10(Math.SQRT1_2);
const TOLERANCE_DB = 3;
const LOSSLESS_MAX_DB = -80;
const MIME: Record<string, string> = { flac: 'audio/flac', mp3: 'audio/mpeg', m4a: 'audio/mp4', ogg: 'audio/ogg', opus: 'audio/ogg' };

type Position = 'start' | 'long' | 'seek' | 'pause-play' | 'stop-play';
const POSITIONS: Position[] = ['start', 'long', 'seek', 'pause-play', 'stop-play'];
const POSITION_NAME: Record<Position, string> = {
  start: 'at start (load and play)',
  long: `after ${PLAY_SECONDS} s of play`,
  seek: `after a seek to ${SEEK_TO} s`,
  'pause-play': 'after Pause -> Play',
  'stop-play': 'after Stop -> Play',
};

export async function nullFigures(): Promise<Figure[]> {
  const dir = longCodecPairs(FIXTURE_SECONDS);
  return withTappedPlayer(async ({ player, sw, offscreen }) => {
    const figures: Figure[] = [];
    for (const pair of CODEC_PAIRS) figures.push(...(await nullPair(dir, pair, player, sw, offscreen)));
    return figures;
  });
}

async function nullPair(dir: string, pair: CodecPair, player: Page, sw: WebWorker, offscreen: Page): Promise<Figure[]> {
  const { sampleRate, file } = SOURCES[pair.source];
  const source = decodeMono(join(dir, file));
  const inverted = decodeMono(join(dir, pair.file));
  const residual = source.map((v, i) => v + (inverted[i] ?? 0));
  const track = { durationSec: FIXTURE_SECONDS, sampleRate, channels: 1 };
  const song: FileSong = {
    id: `null-${pair.id}`,
    title: `Null ${pair.label}`,
    tracks: [
      { ...track, id: `${pair.id}-source`, name: 'Source', fileName: 'source.wav', mimeType: 'audio/wav', bytes: toWav(join(dir, file)) },
      { ...track, id: `${pair.id}-inverted`, name: 'Inverted', fileName: pair.file, mimeType: MIME[pair.file.split('.').pop()!]!, bytes: readFileSync(join(dir, pair.file)) },
    ],
  };
  await seedFileSongs(player, [song]);

  const measured = {} as Record<Position, { db: number; fromSec: number; toSec: number }>;
  const measure = async (position: Position) => {
    await startRecording(offscreen);
    const since = Date.now() - 50;
    const status = await engineCall(sw, 'engine.status');
    if (status.state !== 'playing') throw new Error(`${pair.label} ${position}: the engine is ${status.state}, not playing`);
    const receipt = await receiptOf(offscreen, 'engine.status', undefined, since);
    if (!receipt) throw new Error('The tap saw no status message');
    await sleep(WINDOW_SEC * 1000 + 50);
    const sr = status.sampleRate!;
    const from = Math.ceil(receipt.frame);
    const got = await recordedRms(offscreen, from, from + Math.round(WINDOW_SEC * sr));
    if (got.missed > 0 || got.frames < WINDOW_SEC * sr - 1) throw new Error(`${pair.label} ${position}: the tap lost ${got.missed} frames of the window`);
    const fromSec = status.positionSec + (got.from - receipt.frame) / sr;
    measured[position] = { db: got.rmsDb, fromSec, toSec: fromSec + got.frames / sr };
  };
  /** Until the engine plays at or past `atLeastSec` (a long play point takes that long, plus 10 s). */
  const untilPlaying = async (atLeastSec = 0) => {
    const limitMs = (atLeastSec + 10) * 1000;
    const since = Date.now();
    for (;;) {
      const s = await engineCall(sw, 'engine.status');
      if (s.state === 'playing' && s.positionSec >= atLeastSec) return;
      if (Date.now() - since > limitMs) throw new Error(`${pair.label}: not playing at ≥ ${atLeastSec} s after ${limitMs / 1000} s: ${s.state} at ${s.positionSec}`);
      await sleep(s.state === 'playing' && atLeastSec - s.positionSec > 1 ? 500 : 20);
    }
  };

  await engineCall(sw, 'engine.load', { songId: song.id, queue: [song.id], play: true });
  await untilPlaying();
  await measure('start');
  await untilPlaying(PLAY_SECONDS);
  await measure('long');
  await engineCall(sw, 'engine.seek', { seconds: SEEK_TO });
  await untilPlaying(SEEK_TO);
  await measure('seek');
  await engineCall(sw, 'engine.transport', { action: 'pause' });
  await sleep(150);
  await engineCall(sw, 'engine.transport', { action: 'play' });
  await untilPlaying();
  await measure('pause-play');
  await engineCall(sw, 'engine.transport', { action: 'stop' });
  await sleep(300);
  await engineCall(sw, 'engine.transport', { action: 'play' });
  await untilPlaying();
  await measure('stop-play');
  await engineCall(sw, 'engine.transport', { action: 'stop' });

  return POSITIONS.map((position): Figure => {
    const m = measured[position];
    const reference = rmsDbOf(residual, Math.floor(m.fromSec * sampleRate), Math.ceil(m.toSec * sampleRate));
    const expected = reference <= -200 ? -200 : reference + PATH_GAIN_DB;
    const name = `null test ${pair.label}: residual at the output tap, ${POSITION_NAME[position]} (song ${m.fromSec.toFixed(2)}–${m.toSec.toFixed(2)} s, (L+R)/2 RMS)`;
    const baseline = { name: 'ffmpeg offline decode (priming trimmed), same span', value: expected };
    if (pair.lossless) return { group: GROUP, name, value: m.db, unit: 'dBFS', target: `≤ ${LOSSLESS_MAX_DB} dBFS`, pass: m.db <= LOSSLESS_MAX_DB && expected <= LOSSLESS_MAX_DB, baseline };
    return { group: GROUP, name, value: m.db, unit: 'dBFS', target: `within ${TOLERANCE_DB} dB of ffmpeg`, pass: Math.abs(m.db - expected) <= TOLERANCE_DB, baseline };
  });
}
