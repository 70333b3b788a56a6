import { describe, expect, it } from 'vitest';
import { frameOfBeat } from './bar-grid';
import { CHUNK_FRAMES } from './decode/chunk-grid';
import { GeneratedClickStream } from './generated-click';
import { steadyMap, tempoMapOf } from './tempo-map';

const SR = 48_000;

/** Frames where a click starts: a sample that sounds after at least a beat's worth of silence. */
function onsets(samples: Float32Array, from = 0): number[] {
  const found: number[] = [];
  let silent = Infinity;
  samples.forEach((s, i) => {
    if (s !== 0 && silent > 2000) found.push(from + i);
    silent = s === 0 ? silent + 1 : 0;
  });
  return found;
}

describe('the generated click', () => {
  it('starts a click on every beat of the bar grid, the downbeats louder', () => {
    const click = new GeneratedClickStream(steadyMap(100, '3/4', SR), SR * 10);
    const samples = click.render(0, SR * 10);
    const beats = Array.from({ length: 17 }, (_, n) => frameOfBeat(n, 100, SR));
    expect(onsets(samples)).toEqual(beats);
    const peak = (frame: number) => Math.abs(samples[frame]!);
    expect(peak(beats[0]!)).toBeGreaterThan(peak(beats[1]!));
    expect(peak(beats[3]!)).toBeGreaterThan(peak(beats[2]!));
    expect(peak(beats[4]!)).toBe(peak(beats[5]!));
  });

  it('renders the same frames whatever chunk they fall in (a click cut by a chunk edge goes on in the next)', () => {
    const click = new GeneratedClickStream(steadyMap(137, '4/4', SR), SR * 3);
    const whole = click.render(0, SR * 3);
    const cut = frameOfBeat(2, 137, SR) + 100;
    const pieces = new Float32Array([...click.render(0, cut), ...click.render(cut, SR * 3)]);
    expect(pieces).toEqual(whole);
  });

  it('follows a seek on the stems chunk grid and ends with the song', () => {
    // AudioBuffer is the browser's: a stand-in that keeps the samples.
    (globalThis as { AudioBuffer?: unknown }).AudioBuffer ??= class {
      readonly data: Float32Array;
      readonly length: number;
      constructor({ length }: { length: number }) {
        this.length = length;
        this.data = new Float32Array(length);
      }
      copyToChannel(source: Float32Array) {
        this.data.set(source);
      }
    };
    const length = CHUNK_FRAMES * 2 + 500;
    const click = new GeneratedClickStream(steadyMap(120, '4/4', SR), length);
    click.seek(1000);
    const frames: number[] = [];
    for (let chunk = click.take(); chunk; chunk = click.take()) frames.push(chunk.frame);
    expect(frames).toEqual([1000, CHUNK_FRAMES, CHUNK_FRAMES * 2]);
    expect(click.done).toBe(true);
  });

  it('follows a tempo change at a marker to the frame, the accent on each bar’s downbeat', () => {
    // 120 BPM 4/4 until a marker at 2.51 s (not on a beat) sets 7/8 at 200 BPM (14,400 frames a beat).
    const song = { bpm: 120, timeSignature: '4/4', tempoChanges: [{ atSec: 2.51, bpm: 200, timeSignature: '7/8' }], durationSec: 6 };
    const click = GeneratedClickStream.forSong(song, SR)!;
    const samples = click.render(0, SR * 6);
    const change = 120_480;
    const before = [0, 24_000, 48_000, 72_000, 96_000, 120_000];
    const after = Array.from({ length: 17 }, (_, k) => change + k * 14_400).filter((f) => f < SR * 6);
    // The click at 120,000 still rings at the change: the change's own click starts on its frame all the same.
    const clicks = onsets(samples).concat(change).sort((a, b) => a - b);
    expect(clicks).toEqual([...before, ...after]);
    expect(samples[change]).toBe(samples[0]);
    const accent = samples[0]!;
    expect(after.map((f) => samples[f] === accent)).toEqual(after.map((_, k) => k % 7 === 0));
    expect(before.map((f) => samples[f] === accent)).toEqual([true, false, false, false, true, false]);
    // Chunked as the scheduler reads it: the same frames.
    const cut = change + 3;
    expect(new Float32Array([...click.render(0, cut), ...click.render(cut, SR * 6)])).toEqual(samples);
  });

  it('is only made for a song with a usable tempo', () => {
    expect(GeneratedClickStream.forSong({ bpm: null, durationSec: 10 }, SR)).toBeNull();
    expect(GeneratedClickStream.forSong({ bpm: 0, durationSec: 10 }, SR)).toBeNull();
    expect(GeneratedClickStream.forSong({ bpm: 90, timeSignature: '6/8', durationSec: 10 }, SR)).not.toBeNull();
    expect(GeneratedClickStream.forSong({ bpm: null, tempoChanges: [{ atSec: 0, bpm: 90 }], durationSec: 10 }, SR)).not.toBeNull();
    expect(tempoMapOf({ bpm: null }, [], SR)).toBeNull();
  });
});
