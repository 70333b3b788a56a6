/**
 * A song's tempo map: the song's BPM and time signature from its start, changed by section
 * markers that carry a BPM and/or a time signature. A marker that changes the tempo or the metre
 * is a bar line: the new grid starts on its frame (the bar before it may be cut short, as a bar of
 * 2/4 in a 4/4 song is). Frames are rounded per beat from each segment's start, so the grid never
 * accumulates rounding drift; a map with one tempo is exactly the plain grid from frame 0.
 *
 * The generated click and the bar jumps both read this one map.
 */
export interface Meter {
  beatsPerBar: number;
  beatUnit: number;
}

export const DEFAULT_METER: Meter = { beatsPerBar: 4, beatUnit: 4 };
export const MIN_BPM = 20;
export const MAX_BPM = 400;

/** A tempo and/or metre from `atSec` on (a section marker's optional fields). */
export interface TempoChange {
  atSec: number;
  bpm?: number | null;
  timeSignature?: string;
}

/** One stretch of constant tempo and metre; its first frame is a downbeat. */
export interface TempoSegment {
  startFrame: number;
  /** Global index of this segment's first beat and bar (beats and bars counted from the song's start). */
  startBeat: number;
  startBar: number;
  bpm: number;
  meter: Meter;
  /** Frames per beat (not rounded). */
  beatLen: number;
  /** Beats before the next segment (Infinity for the last). */
  beats: number;
}

export interface TempoMap {
  sampleRate: number;
  segments: readonly TempoSegment[];
}

export interface Beat {
  frame: number;
  /** The first beat of a bar. */
  accent: boolean;
}

/** A time signature (3/4, 6/8, 7/8…), or null when it is not one (editors validate further: sections/tempo-fields.ts). */
export function parseMeter(signature: string | undefined | null): Meter | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*$/.exec(signature ?? '');
  if (!match) return null;
  const beatsPerBar = Number(match[1]);
  const beatUnit = Number(match[2]);
  return beatsPerBar > 0 && beatUnit > 0 ? { beatsPerBar, beatUnit } : null;
}

/** A usable tempo, or null (no grid: jumps happen at once, no count-in). */
export function validBpm(bpm: number | null | undefined): number | null {
  return typeof bpm === 'number' && Number.isFinite(bpm) && bpm >= MIN_BPM && bpm <= MAX_BPM ? bpm : null;
}

/** How many beats k ≥ 0 of `beatLen` frames start before `frames` (beat k at round(k·beatLen)). */
function beatsWithin(frames: number, beatLen: number): number {
  if (frames <= 0) return 0;
  let k = Math.max(0, Math.ceil((frames - 0.5) / beatLen));
  while (k > 0 && Math.round((k - 1) * beatLen) >= frames) k--;
  while (Math.round(k * beatLen) < frames) k++;
  return k;
}

/**
 * The map of a song: `bpm` and `signature` from its start (a song without a usable BPM takes the
 * first change's), then each change from its frame on. Changes without a usable BPM or metre
 * keep the one before; changes that alter neither are not bar lines. Null: no tempo anywhere.
 */
export function tempoMapOf(song: { bpm?: number | null; timeSignature?: string }, changes: readonly TempoChange[], sampleRate: number): TempoMap | null {
  const sorted = [...changes].filter((c) => Number.isFinite(c.atSec) && c.atSec >= 0).sort((a, b) => a.atSec - b.atSec);
  const firstBpm = validBpm(song.bpm) ?? sorted.map((c) => validBpm(c.bpm)).find((b) => b !== null) ?? null;
  if (!firstBpm) return null;
  const starts: { startFrame: number; bpm: number; meter: Meter }[] = [{ startFrame: 0, bpm: firstBpm, meter: parseMeter(song.timeSignature) ?? DEFAULT_METER }];
  for (const change of sorted) {
    const last = starts.at(-1)!;
    const bpm = validBpm(change.bpm) ?? last.bpm;
    const meter = parseMeter(change.timeSignature) ?? last.meter;
    if (bpm === last.bpm && meter.beatsPerBar === last.meter.beatsPerBar && meter.beatUnit === last.meter.beatUnit) continue;
    const startFrame = Math.round(change.atSec * sampleRate);
    // A change on the same frame as the one before replaces it.
    if (startFrame === last.startFrame) starts.pop();
    starts.push({ startFrame, bpm, meter });
  }
  const segments: TempoSegment[] = [];
  let startBeat = 0;
  let startBar = 0;
  starts.forEach((s, i) => {
    const beatLen = (60 / s.bpm) * sampleRate;
    const next = starts[i + 1];
    const beats = next ? beatsWithin(next.startFrame - s.startFrame, beatLen) : Infinity;
    segments.push({ ...s, startBeat, startBar, beatLen, beats });
    startBeat += beats;
    startBar += Math.ceil(beats / s.meter.beatsPerBar);
  });
  return { sampleRate, segments };
}

/** A map of one tempo and metre from frame 0 (the song's own, without changes). */
export function steadyMap(bpm: number, signature: string | undefined, sampleRate: number): TempoMap {
  return tempoMapOf({ bpm, timeSignature: signature }, [], sampleRate)!;
}

/** The segment that holds `frame` (the first one for frames before 0). */
export function segmentAt(map: TempoMap, frame: number): TempoSegment {
  const { segments } = map;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.startFrame <= frame) lo = mid;
    else hi = mid - 1;
  }
  return segments[lo]!;
}

function segmentOfBeat(map: TempoMap, n: number): TempoSegment {
  return map.segments.findLast((s) => s.startBeat <= n) ?? map.segments[0]!;
}

/** Frame of global beat `n` (counted from the song's start across every tempo). */
export function frameOfBeatIn(map: TempoMap, n: number): number {
  const s = segmentOfBeat(map, n);
  return s.startFrame + Math.round((n - s.startBeat) * s.beatLen);
}

/** The beat `n` with its accent (the first beat of each bar, and every segment starts a bar). */
export function beatAt(map: TempoMap, n: number): Beat {
  const s = segmentOfBeat(map, n);
  const k = n - s.startBeat;
  return { frame: s.startFrame + Math.round(k * s.beatLen), accent: k % s.meter.beatsPerBar === 0 };
}

/** The index of the first beat whose frame is at or after `frame`. */
export function firstBeatFrom(map: TempoMap, frame: number): number {
  const s = segmentAt(map, frame);
  return s.startBeat + beatsWithin(frame - s.startFrame, s.beatLen);
}

/** Every beat with its frame in [from, to). */
export function* beatsBetween(map: TempoMap, from: number, to: number): Generator<Beat> {
  for (let n = firstBeatFrom(map, from); ; n++) {
    const beat = beatAt(map, n);
    if (beat.frame >= to) return;
    yield beat;
  }
}

/**
 * The first bar line at or after `frame + minLeadFrames`. The lead leaves time to decode and
 * schedule a jump, so a press just before a bar line lands on the following one.
 */
export function nextBarIn(map: TempoMap, frame: number, minLeadFrames = 0): number {
  const target = Math.max(0, frame + minLeadFrames);
  const s = segmentAt(map, target);
  const bar = s.meter.beatsPerBar * s.beatLen;
  const bars = Math.max(0, Math.ceil((target - s.startFrame) / bar - 1e-9));
  const beat = bars * s.meter.beatsPerBar;
  // Past this segment's last beat: the next segment's first frame is the next bar line.
  if (beat >= s.beats) return map.segments[map.segments.indexOf(s) + 1]!.startFrame;
  return s.startFrame + Math.round(beat * s.beatLen);
}

/** The tempo and metre the song starts with (the count-in's). */
export function firstTempo(map: TempoMap): { bpm: number; meter: Meter } {
  const { bpm, meter } = map.segments[0]!;
  return { bpm, meter };
}
