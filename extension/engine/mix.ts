import type { MixView, TrackMixView } from '../../shared/messages';

export const DEFAULT_TRACK_MIX: TrackMixView = { gainDb: 0, pan: 0, mute: false, solo: false };
/** The fader's bottom; at or below it the track is off. */
export const MIN_GAIN_DB = -60;
export const MAX_GAIN_DB = 12;

export function defaultMix(trackIds: readonly string[]): MixView {
  return { masterGainDb: 0, tracks: Object.fromEntries(trackIds.map((id) => [id, { ...DEFAULT_TRACK_MIX }])) };
}

/**
 * Standard solo: any solo makes only soloed tracks audible; mute wins over solo (a muted
 * soloed track is silent, and still silences the unsoloed ones, as on a console).
 */
export function isAudible(mix: MixView, trackId: string): boolean {
  const track = mix.tracks[trackId];
  if (!track || track.mute) return false;
  const anySolo = Object.values(mix.tracks).some((t) => t.solo);
  return !anySolo || track.solo;
}

export function dbToGain(db: number): number {
  return db <= MIN_GAIN_DB ? 0 : 10 ** (db / 20);
}

/** Keeps a patch within the mixer's ranges (messages come from other contexts). */
export function applyPatch(track: TrackMixView, patch: Partial<TrackMixView>): TrackMixView {
  const next = { ...track, ...patch };
  return {
    gainDb: clamp(Number(next.gainDb) || 0, MIN_GAIN_DB, MAX_GAIN_DB),
    pan: clamp(Number(next.pan) || 0, -1, 1),
    mute: Boolean(next.mute),
    solo: Boolean(next.solo),
  };
}

/** A stored mix for the song's current tracks: unknown tracks get defaults, deleted ones are dropped. */
export function reconcileMix(stored: MixView | undefined, trackIds: readonly string[]): MixView {
  const mix = defaultMix(trackIds);
  if (!stored) return mix;
  mix.masterGainDb = clamp(Number(stored.masterGainDb) || 0, MIN_GAIN_DB, MAX_GAIN_DB);
  for (const id of trackIds) {
    const saved = stored.tracks[id];
    if (saved) mix.tracks[id] = applyPatch(DEFAULT_TRACK_MIX, saved);
  }
  return mix;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
