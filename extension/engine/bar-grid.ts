import { beatsBetween, DEFAULT_METER, firstTempo, nextBarIn, parseMeter, steadyMap, tempoMapOf, type Meter, type TempoChange, type TempoMap } from './tempo-map';

/**
 * The song's bar grid, in frames from the song's start. A beat is one note of the time
 * signature's lower number (a quarter in 4/4, an eighth in 6/8) and `bpm` counts those beats.
 * The grid itself is the tempo map's (tempo-map.ts); these are its single-tempo shorthands.
 */
export { validBpm, type Meter } from './tempo-map';

export function parseTimeSignature(signature: string | undefined): Meter {
  return parseMeter(signature) ?? DEFAULT_METER;
}

export function beatFrames(bpm: number, sampleRate: number): number {
  return (60 / bpm) * sampleRate;
}

/** Frame of beat `n` from the song start at one tempo (exact beats rounded once, not accumulated). */
export function frameOfBeat(n: number, bpm: number, sampleRate: number): number {
  return Math.round(n * beatFrames(bpm, sampleRate));
}

/** The first bar line at or after `frame + minLeadFrames` of a song at one tempo (see nextBarIn). */
export function nextBarFrame(frame: number, bpm: number, signature: string | undefined, sampleRate: number, minLeadFrames = 0): number {
  return nextBarIn(steadyMap(bpm, signature, sampleRate), frame, minLeadFrames);
}

/**
 * The first bar line of a song's tempo map (its tempo changes included) at or after
 * `frame + minLeadFrames`, or null when the song has no tempo (a jump then happens at once).
 */
export function nextBarOfSong(
  song: { bpm?: number | null; timeSignature?: string; tempoChanges?: readonly TempoChange[] },
  frame: number,
  sampleRate: number,
  minLeadFrames = 0,
): number | null {
  const map = tempoMapOf(song, song.tempoChanges ?? [], sampleRate);
  return map ? nextBarIn(map, frame, minLeadFrames) : null;
}

export interface CountIn {
  /** Click offsets in frames from the count-in's first beat; the first beat of each bar is accented. */
  clicks: { frame: number; accent: boolean }[];
  /** Frames from the first click to the song's first frame (one beat after the last click). */
  lengthFrames: number;
}

/** `bars` (0–8) bars of clicks at the map's first tempo and metre; the song starts exactly where the next beat would be. */
export function countInOf(bars: number, map: TempoMap): CountIn {
  const { bpm, meter } = firstTempo(map);
  const steady = steadyMap(bpm, `${meter.beatsPerBar}/${meter.beatUnit}`, map.sampleRate);
  const beats = Math.max(0, Math.min(8, Math.floor(bars))) * meter.beatsPerBar;
  const clicks = [...beatsBetween(steady, 0, frameOfBeat(beats, bpm, map.sampleRate))];
  return { clicks, lengthFrames: frameOfBeat(beats, bpm, map.sampleRate) };
}

/** `bars` (0–8) bars of clicks at one tempo. */
export function countIn(bars: number, bpm: number, signature: string | undefined, sampleRate: number): CountIn {
  return countInOf(bars, steadyMap(bpm, signature, sampleRate));
}
