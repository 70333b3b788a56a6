/**
 * Output routing: which channels of the output device each track feeds. Channels are 0-based
 * here and shown 1-based ("Outputs 3–4"). A pair takes a stereo track as it is (post-fader and
 * pan); a single output takes the track summed to mono. Pure data and functions: the engine's
 * graph, the store and the Outputs panel share them.
 */

export type OutputTarget = { kind: 'pair'; first: number } | { kind: 'mono'; channel: number };

/** One song's routing: a target per track id (absent: mains) and whether a click is generated. */
export interface SongRouting {
  tracks: Record<string, OutputTarget>;
  /** A click track generated from the song's BPM and time signature (songs without a click stem). */
  generatedClick: boolean;
}

/** The routing songs get until they have their own: by what a track is, not by its id. */
export interface DefaultRouting {
  click: OutputTarget;
  guide: OutputTarget;
  band: OutputTarget;
  generatedClick: boolean;
}

export type TrackRole = keyof Omit<DefaultRouting, 'generatedClick'>;

/** The generated click's track id (never a stem's: stem ids are UUIDs). */
export const GENERATED_CLICK_ID = 'generated-click';
export const GENERATED_CLICK_NAME = 'Click (generated)';
/** Web Audio's destination can open at most this many channels (Chrome's limit). */
export const MAX_CHANNELS = 32;

export const MAINS: OutputTarget = { kind: 'pair', first: 0 };
export const EMPTY_ROUTING: SongRouting = { tracks: {}, generatedClick: false };
export const DEFAULT_ROUTING: DefaultRouting = { click: MAINS, guide: MAINS, band: MAINS, generatedClick: false };

/** The classic two-channel split: click and guide summed on the left, the band summed on the right. */
export const TWO_CHANNEL_SPLIT: DefaultRouting = {
  click: { kind: 'mono', channel: 0 },
  guide: { kind: 'mono', channel: 0 },
  band: { kind: 'mono', channel: 1 },
  generatedClick: false,
};

/** The device channels a target feeds. */
export function channelsOf(target: OutputTarget): number[] {
  return target.kind === 'pair' ? [target.first, target.first + 1] : [target.channel];
}

/** How many channels the destination must open for these targets (at least the stereo mains). */
export function neededChannels(targets: Iterable<OutputTarget>): number {
  let needed = 2;
  for (const target of targets) needed = Math.max(needed, ...channelsOf(target).map((c) => c + 1));
  return needed;
}

/** What a track is by its name: click (or metronome), guide (spoken cues), or the band. */
export function roleOf(name: string): TrackRole {
  if (/\b(click|metronome|met|clk)\b/i.test(name)) return 'click';
  if (/\b(guide|cues?|count|vox guide)\b/i.test(name)) return 'guide';
  return 'band';
}

/** A song has a click stem of its own (then no click is generated). */
export function hasClickStem(tracks: readonly { name: string }[]): boolean {
  return tracks.some((t) => roleOf(t.name) === 'click');
}

/** Each track's target: the song's own, else the default for its role (the generated click is a click). */
export function resolveRouting(
  tracks: readonly { id: string; name: string }[],
  song: SongRouting | undefined,
  fallback: DefaultRouting = DEFAULT_ROUTING,
): SongRouting {
  const generatedClick = song ? song.generatedClick : fallback.generatedClick;
  const resolved: Record<string, OutputTarget> = {};
  for (const track of tracks) resolved[track.id] = song?.tracks[track.id] ?? fallback[roleOf(track.name)];
  if (generatedClick) resolved[GENERATED_CLICK_ID] = song?.tracks[GENERATED_CLICK_ID] ?? fallback.click;
  return { tracks: resolved, generatedClick };
}

/** A song's routing as a default: each role takes the target of the song's first track of that role. */
export function defaultFrom(tracks: readonly { id: string; name: string }[], routing: SongRouting): DefaultRouting {
  const result: DefaultRouting = { ...DEFAULT_ROUTING, generatedClick: routing.generatedClick };
  const named = routing.generatedClick ? [...tracks, { id: GENERATED_CLICK_ID, name: GENERATED_CLICK_NAME }] : tracks;
  for (const role of ['band', 'guide', 'click'] as const) {
    const first = named.find((t) => roleOf(t.name) === role && routing.tracks[t.id]);
    if (first) result[role] = routing.tracks[first.id]!;
  }
  return result;
}

/**
 * Targets the device cannot play (a saved routing for an 8-output interface on a laptop) go to
 * the mains; `moved` names the tracks that did, so the player can say so.
 */
export function fitToDevice(routing: SongRouting, channels: number): { routing: SongRouting; moved: string[] } {
  const tracks: Record<string, OutputTarget> = {};
  const moved: string[] = [];
  for (const [id, target] of Object.entries(routing.tracks)) {
    const fits = channelsOf(target).every((c) => c < channels);
    tracks[id] = fits ? target : MAINS;
    if (!fits) moved.push(id);
  }
  return { routing: { ...routing, tracks }, moved };
}

/** The choices a device with `channels` outputs offers: every pair, then every single output. */
export function targetsFor(channels: number): OutputTarget[] {
  const count = Math.max(2, Math.min(MAX_CHANNELS, Math.floor(channels)));
  const pairs: OutputTarget[] = [];
  for (let first = 0; first + 1 < count; first += 2) pairs.push({ kind: 'pair', first });
  const singles: OutputTarget[] = Array.from({ length: count }, (_, channel) => ({ kind: 'mono', channel }));
  return [...pairs, ...singles];
}

export function labelOf(target: OutputTarget): string {
  if (target.kind === 'pair') return target.first === 0 ? 'Mains 1–2' : `Outputs ${target.first + 1}–${target.first + 2}`;
  return `Output ${target.channel + 1} (mono)`;
}

/** A target as a select's value ('pair:0', 'mono:2') and back. */
export function encodeTarget(target: OutputTarget): string {
  return target.kind === 'pair' ? `pair:${target.first}` : `mono:${target.channel}`;
}

export function decodeTarget(value: unknown): OutputTarget | null {
  if (typeof value === 'string') {
    const match = /^(pair|mono):(\d{1,2})$/.exec(value);
    if (!match) return null;
    return cleanTarget({ kind: match[1], [match[1] === 'pair' ? 'first' : 'channel']: Number(match[2]) });
  }
  return cleanTarget(value);
}

/** A target from storage or another context, or null when it is not one. */
export function cleanTarget(value: unknown): OutputTarget | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const channel = (n: unknown, max: number) => (Number.isInteger(n) && (n as number) >= 0 && (n as number) <= max ? (n as number) : null);
  if (v.kind === 'pair') {
    const first = channel(v.first, MAX_CHANNELS - 2);
    return first === null ? null : { kind: 'pair', first };
  }
  if (v.kind === 'mono') {
    const c = channel(v.channel, MAX_CHANNELS - 1);
    return c === null ? null : { kind: 'mono', channel: c };
  }
  return null;
}

/** A song routing from storage or a message: unreadable targets are dropped (those tracks go to the mains). */
export function cleanRouting(value: unknown): SongRouting {
  const v = (value && typeof value === 'object' ? value : {}) as Partial<SongRouting>;
  const tracks: Record<string, OutputTarget> = {};
  for (const [id, target] of Object.entries(v.tracks && typeof v.tracks === 'object' ? v.tracks : {})) {
    const clean = cleanTarget(target);
    if (clean) tracks[id] = clean;
  }
  return { tracks, generatedClick: v.generatedClick === true };
}

export function cleanDefault(value: unknown): DefaultRouting {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    click: cleanTarget(v.click) ?? MAINS,
    guide: cleanTarget(v.guide) ?? MAINS,
    band: cleanTarget(v.band) ?? MAINS,
    generatedClick: v.generatedClick === true,
  };
}
