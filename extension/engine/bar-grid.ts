/**
 * The song's bar grid, in frames from the song's start. A beat is one note of the time
 * signature's lower number (a quarter in 4/4, an eighth in 6/8) and `bpm` counts those beats.
 * Frames are rounded per beat from the song start, so the grid never accumulates rounding drift.
 */
export interface Meter {
  beatsPerBar: number;
  beatUnit: number;
}

const DEFAULT_METER: Meter = { beatsPerBar: 4, beatUnit: 4 };

export function parseTimeSignature(signature: string | undefined): Meter {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*$/.exec(signature ?? '');
  if (!match) return DEFAULT_METER;
  const beatsPerBar = Number(match[1]);
  const beatUnit = Number(match[2]);
  return beatsPerBar > 0 && beatUnit > 0 ? { beatsPerBar, beatUnit } : DEFAULT_METER;
}

/** A usable tempo, or null (no grid: jumps happen at once, no count-in). */
export function validBpm(bpm: number | null | undefined): number | null {
  return typeof bpm === 'number' && Number.isFinite(bpm) && bpm >= 20 && bpm <= 400 ? bpm : null;
}

export function beatFrames(bpm: number, sampleRate: number): number {
  return (60 / bpm) * sampleRate;
}

/** Frame of beat `n` from the song start (exact beats rounded once, not accumulated). */
export function frameOfBeat(n: number, bpm: number, sampleRate: number): number {
  return Math.round(n * beatFrames(bpm, sampleRate));
}

/**
 * The first bar line at or after `frame + minLeadFrames`. The lead leaves time to decode and
 * schedule the jump, so a press just before a bar line lands on the following one.
 */
export function nextBarFrame(frame: number, bpm: number, signature: string | undefined, sampleRate: number, minLeadFrames = 0): number {
  const { beatsPerBar } = parseTimeSignature(signature);
  const bar = beatsPerBar * beatFrames(bpm, sampleRate);
  const bars = Math.max(0, Math.ceil((frame + minLeadFrames) / bar - 1e-9));
  return frameOfBeat(bars * beatsPerBar, bpm, sampleRate);
}

export interface CountIn {
  /** Click offsets in frames from the count-in's first beat; the first beat of each bar is accented. */
  clicks: { frame: number; accent: boolean }[];
  /** Frames from the first click to the song's first frame (one beat after the last click). */
  lengthFrames: number;
}

/** `bars` (0–8) bars of clicks; the song starts exactly where the next beat would be. */
export function countIn(bars: number, bpm: number, signature: string | undefined, sampleRate: number): CountIn {
  const { beatsPerBar } = parseTimeSignature(signature);
  const beats = Math.max(0, Math.min(8, Math.floor(bars))) * beatsPerBar;
  const clicks = Array.from({ length: beats }, (_, i) => ({ frame: frameOfBeat(i, bpm, sampleRate), accent: i % beatsPerBar === 0 }));
  return { clicks, lengthFrames: frameOfBeat(beats, bpm, sampleRate) };
}
