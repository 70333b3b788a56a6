/**
 * Message contracts between the extension's contexts, one protocol per channel
 * (in the style of @webext-core/messaging's ProtocolMap: message type -> (data) => result).
 * A channel is named by the context that handles it, and every message carries that
 * `target`, because chrome.runtime.sendMessage reaches every extension page at once.
 * Plain types only: this file is compiled for the backend (no DOM) and the extension.
 */

/** Commands declared in the manifest; the transport actions use the same names. */
export const TRANSPORT_ACTIONS = ['play-pause', 'next', 'previous', 'stop'] as const;
export type TransportAction = (typeof TRANSPORT_ACTIONS)[number];

export function isTransportAction(value: unknown): value is TransportAction {
  return (TRANSPORT_ACTIONS as readonly unknown[]).includes(value);
}

/** Mirrors the DOM's AudioContextState; 'none' until the engine has created its context. */
export type AudioContextStateName = 'suspended' | 'running' | 'closed' | 'interrupted' | 'none';

/** What the engine is doing: 'idle' has no song; 'stopped' has one loaded at its position. */
export type EngineState = 'idle' | 'loading' | 'stopped' | 'playing' | 'paused';

/** The commands plus what only the player offers: panic stop and explicit play/pause. */
export const ENGINE_ACTIONS = [...TRANSPORT_ACTIONS, 'panic', 'play', 'pause'] as const;
export type EngineAction = (typeof ENGINE_ACTIONS)[number];

/** One track's mixer settings (same shape as the library's TrackMix). */
export interface TrackMixView {
  gainDb: number;
  /** -1 (left) .. 1 (right). */
  pan: number;
  mute: boolean;
  solo: boolean;
}

export interface MixView {
  masterGainDb: number;
  tracks: Record<string, TrackMixView>;
}

export interface SongView {
  id: string;
  title: string;
  artist: string;
  durationSec: number;
  tracks: { id: string; name: string }[];
  /** From the library (setlists' show view, count-in and the bar grid). */
  key?: string;
  bpm?: number | null;
  timeSignature?: string;
  /** Tempo and/or metre changes from section markers (the tempo map: engine/tempo-map.ts), by time. */
  tempoChanges?: { atSec: number; bpm?: number | null; timeSignature?: string }[];
}

export interface EngineStatus {
  /** True once the AudioContext exists and is running. */
  ready: boolean;
  /** Hz, or null before the AudioContext exists. */
  sampleRate: number | null;
  contextState: AudioContextStateName;
  state: EngineState;
  song: SongView | null;
  /** The position when the status was taken (`sampledAt`, ms since epoch); extrapolate while playing. */
  positionSec: number;
  sampledAt: number;
  /** Where the song is in the play order (setlist or library); index -1 when none. */
  queue: { index: number; length: number };
  /** Songs whose first seconds are decoded, so switching to them is instant. */
  prepared: string[];
  mix: MixView | null;
  /** The last failure (e.g. a stem that cannot be decoded), for the player to show. */
  error: string | null;
  /** The vamp in progress (seconds), or null. */
  loop?: { startSec: number; endSec: number } | null;
  /** Per song of the queue, what happens at its end (setlists); absent: stop. */
  ends?: Record<string, SetlistEnd>;
  /** Timing of the last transport command (epoch ms, sub-ms): key-to-sound diagnostics and the benchmark. */
  lastCommand: CommandTiming | null;
  /** Dropouts and decode failures of the current song, newest last (at most DROPOUTS_KEPT). */
  dropouts: Dropout[];
  /** Per track of the current song that had any: its underruns and decode errors, all of them (absent from older engines). */
  trackDropouts?: Record<string, TrackDropouts>;
  /**
   * Totals since the engine started: what a show's health check reads. `retriedStarts`: starts
   * made again with the safe lead because the audio thread got to the first frame first (nothing
   * heard; a few ms later). `delayedSeams`: loop wraps and jumps pressed too close to decode every
   * stem's target in time: all stems started together a few ms late, ramping up.
   */
  counters: { underruns: number; decodeErrors: number; retriedStarts: number; delayedSeams: number };
  /** Bumped on every discontinuity of the play head (seek, jump, loop wrap, count-in end, song switch). */
  positionEpoch: number;
  /** While playing, when (ms since epoch) `positionSec` starts to advance: later than `sampledAt` during a count-in or the start lead; null otherwise. */
  advancesAt: number | null;
  /** The transport fade in use (ms). */
  fadeMs: number;
  /** The AudioContext's reported latencies (seconds), or null before it exists. */
  latency: { baseSec: number; outputSec: number } | null;
  /** The output device and its channels (absent from engines that predate outputs). */
  output?: OutputStatus | null;
}

/** Where the engine's sound goes: the device, its channels, and what waits for the next stop. */
export interface OutputStatus {
  /** The device in use; '' is the system default. */
  deviceId: string;
  /** Channels the device offers (destination.maxChannelCount) and the engine has open. */
  maxChannels: number;
  channels: number;
  /** A device chosen while playing, switched to at the next pause or stop ('' is the default). */
  pendingDeviceId: string | null;
  /** A routing change that adds or removes the generated click waits for the next pause or stop. */
  pendingRouting: boolean;
  /** Something the performer should know (the saved device is missing, a switch waits for stop). */
  notice: string | null;
  /** AudioContext.setSinkId exists (Chrome 110+); without it only the default device plays. */
  canChooseDevice: boolean;
}

/** The transport fade (pause, stop, panic, song changes, seams): 8 ms unless the performer sets 0–20 ms. */
export const TRANSPORT_FADE_MS = { default: 8, max: 20 } as const;

/** How many dropouts the status carries. */
export const DROPOUTS_KEPT = 20;

/** A stem that could not keep up (underrun: its audio came late and a stretch was silent) or failed to decode. */
export interface Dropout {
  kind: 'underrun' | 'decode-error';
  songId: string;
  trackId: string;
  trackName: string;
  /** Song position (seconds) where the stem went silent. */
  atSec: number;
  /** Silent stretch in seconds (underrun), 0 for a decode error (silent to the song's end). */
  silentSec: number;
  /** The decoder's message, for decode errors. */
  message?: string;
  /** ms since epoch. */
  at: number;
}

/** One track's troubles in the current song (EngineStatus.trackDropouts). */
export interface TrackDropouts {
  trackName: string;
  underruns: number;
  decodeErrors: number;
}

export interface CommandTiming {
  action: EngineAction;
  /** When the engine's handler received the message. */
  receivedAt: number;
  /** When the last stem's first start() was called; null if nothing started. */
  startedAt: number | null;
}

export interface TransportAck {
  action: EngineAction;
  state: EngineState;
}

/** dBFS; silence is reported as -200 (JSON has no -Infinity). */
export interface Level {
  peakDb: number;
  rmsDb: number;
  /** Master only: RMS of the left and right channels (shows pan). */
  channelRmsDb?: [number, number];
}

export interface MeterFrame {
  master: Level;
  tracks: Record<string, Level>;
}

/** What the background keeps in chrome.storage.session to re-create the engine as it was. */
export interface EngineSnapshot {
  songId: string | null;
  queue: string[];
  positionSec: number;
  playing: boolean;
  /** ms since epoch when positionSec was true. */
  at: number;
  /** The setlist's end behaviours, so a re-created engine still segues (absent: stop). */
  ends?: Record<string, SetlistEnd>;
  /** The transport fade (ms), so a re-created engine keeps the performer's setting. */
  fadeMs?: number;
}

/** What happens when a setlist song ends (same values as the library's EndBehaviour). */
export type SetlistEnd = 'stop' | 'continue' | 'segue';

/** Count-in settings of one song (the library's SongShowRecord). */
export interface CountInSettings {
  countInBars: number;
  countInGainDb: number;
}

/** One scheduling decision on the AudioContext clock (seconds), kept for diagnostics and tests. */
export interface TimelineEvent {
  kind: 'start' | 'click' | 'jump' | 'end' | 'segue';
  songId: string;
  /** Context time. */
  at: number;
  accent?: boolean;
  fromFrame?: number;
  toFrame?: number;
}

/** Channel 'offscreen': the audio engine in the offscreen document. */
export interface EngineProtocol {
  'engine.status': () => EngineStatus;
  /** Creates or resumes the AudioContext so the first Play starts without delay. */
  'engine.prepare': () => EngineStatus;
  /** Loads a song (its first seconds decoded) and prepares its neighbours in `queue` (default: the library by title). */
  'engine.load': (data: { songId: string; queue?: string[]; play?: boolean }) => EngineStatus;
  'engine.transport': (data: { action: EngineAction }) => TransportAck;
  'engine.seek': (data: { seconds: number }) => EngineStatus;
  /** `track: null` is the master bus (only gainDb applies). Saved to the song's mix. */
  'engine.mix': (data: { track: string | null; patch: Partial<TrackMixView> }) => MixView;
  'engine.resetMix': () => MixView;
  'engine.meters': () => MeterFrame;
  /** Sent by the background after it re-created the document. */
  'engine.restore': (snapshot: EngineSnapshot) => EngineStatus;
  /**
   * The play order from a setlist (skipped entries left out) with each song's end behaviour.
   * Without `songId` it only re-orders: what plays is not interrupted (live reorder/skip).
   */
  /** `index`: where in `entries` `songId` starts (a song can be in a setlist twice). */
  'engine.setlist': (data: { entries: { songId: string; end: SetlistEnd }[]; songId?: string; index?: number; play?: boolean }) => EngineStatus;
  /** Jump to a song position now, or on the next bar line (bar grid from the song's BPM and time signature). */
  'engine.jump': (data: { seconds: number; when: 'now' | 'bar' }) => EngineStatus;
  /**
   * Vamp [startSec, endSec) until released: at endSec every stem restarts at startSec on the same
   * frame grid (started outside the section, play enters it on the next bar line). `null` releases:
   * at the next bar line (song bar grid from frame 0; a press closer than 0.35 s to a bar line
   * takes the following one) play leaves the pass for endSec, i.e. the next section starts on that
   * bar; if that bar line is at or past endSec the pass simply plays through its end. Without a
   * BPM the pass plays to its end. A jump or seek elsewhere also ends the vamp.
   */
  'engine.loop': (data: { startSec: number; endSec: number } | null) => EngineStatus;
  /**
   * A song's count-in settings changed (the player saved them in the library). A count-in plays
   * when a song with a BPM starts from its first frame (Play, or a setlist 'continue'), never on
   * a segue (that starts on the previous song's last frame) or when resuming mid-song.
   */
  'engine.countIn': (data: { songId: string } & CountInSettings) => EngineStatus;
  /** The recent scheduling decisions, for diagnostics and tests. */
  'engine.timeline': () => { sampleRate: number | null; events: TimelineEvent[] };
  /** Performance settings the engine applies: the transport fade (0–20 ms; pause, stop, panic, song changes, seams). */
  'engine.settings': (data: { fadeMs: number }) => EngineStatus;
  /**
   * The song's details or section markers were edited in the library: a loaded or prepared copy
   * takes them (its timing at once when not playing, else at the next pause or stop).
   */
  'engine.songEdited': (data: { songId: string }) => EngineStatus;
  /**
   * Plays through output device `deviceId` ('' the system default; the player saved the choice).
   * Applied at once when nothing plays, else at the next pause or stop (a switch must never cut
   * a show); a device that cannot be opened leaves the default playing, with a notice.
   */
  'engine.outputDevice': (data: { deviceId: string; label: string }) => EngineStatus;
  /**
   * The stored routing of `songId` (null: the default, for every song without its own) changed:
   * the engine re-reads it. Re-routing is immediate; switching the generated click on or off on a
   * playing song waits for the next pause or stop.
   */
  'engine.routing': (data: { songId: string | null }) => EngineStatus;
}

/**
 * The engine's push channel: a runtime Port named ENGINE_EVENTS_PORT that a player opens to the
 * offscreen document. Status on every change, meters ~20 times a second while connected.
 * A port (not sendMessage) so meter traffic never wakes the service worker.
 */
export const ENGINE_EVENTS_PORT = 'engine.events';
export type EngineEvent = { type: 'status'; status: EngineStatus } | { type: 'meters'; meters: MeterFrame };

/** What the toolbar icon shows: 'problem' is an engine error, a dropout or a decode error in the current song. */
export type ActionState = 'idle' | 'playing' | 'problem';
export interface ActionIndicator {
  state: ActionState;
  /** The action's tooltip (says what the problem is). */
  title: string;
}

/** Channel 'background': the service worker, which owns the offscreen document's lifecycle. */
export interface BackgroundProtocol {
  /** Creates the offscreen document if needed (or after Chrome closed it) and prepares audio. */
  'offscreen.ensure': () => EngineStatus;
  /** The engine's state changed; kept in chrome.storage.session (the offscreen document has no chrome.storage). */
  'engine.snapshot': (snapshot: EngineSnapshot) => void;
  /** The engine's state for the toolbar icon changed (sent by the offscreen document on changes only). */
  'action.indicator': (indicator: ActionIndicator) => void;
}

/** Every channel, keyed by the context that handles it. */
export interface Channels {
  offscreen: EngineProtocol;
  background: BackgroundProtocol & AccountProtocol;
}

export type Target = keyof Channels;
export type MessageType<T extends Target> = keyof Channels[T] & string;

type Fn<T extends Target, K extends MessageType<T>> = Channels[T][K] extends (...args: infer A) => infer R
  ? { args: A; result: R }
  : never;
/** The data argument of a message, as a tuple so messages without data take none. */
export type MessageArgs<T extends Target, K extends MessageType<T>> = Fn<T, K>['args'];
export type MessageData<T extends Target, K extends MessageType<T>> = MessageArgs<T, K> extends [infer D] ? D : undefined;
export type MessageResult<T extends Target, K extends MessageType<T>> = Fn<T, K>['result'];

/** What travels over chrome.runtime.sendMessage. */
export interface Envelope<T extends Target = Target, K extends MessageType<T> = MessageType<T>> {
  target: T;
  type: K;
  data: MessageData<T, K>;
}

/** An Error flattened to plain data so it survives structured cloning between contexts. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
}

/** The handler's answer: a value, or the error it threw. */
export type Reply<R = unknown> = { ok: true; value: R } | { ok: false; error: SerializedError };

// ---------------------------------------------------------------------------------------------
// Account: also handled by the background service worker, the one context that talks to the
// backend and holds the tokens, so two contexts never race a refresh-token rotation.
// What the player shows (plan, profile, progress) is read from chrome.storage.local.
// ---------------------------------------------------------------------------------------------

/** An API answer the user can act on, kept whole (fields, details) rather than thrown. */
export interface AccountFailure {
  /** HTTP status; 0 when the server could not be reached. */
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
  details?: Record<string, unknown>;
}

export type AccountResult<T> = { ok: true; value: T } | { ok: false; error: AccountFailure };

export type AccountRefreshReason = 'sign-in' | 'player-opened' | 'alarm' | 'checkout-return' | 'focus' | 'button';

export interface AccountProtocol {
  'account.register': (data: { email: string; password: string; displayName?: string }) => AccountResult<{ message: string }>;
  /** `replaceDevice`: a device id from the device_limit (409) answer, signed out to make room. */
  'account.login': (data: { email: string; password: string; replaceDevice?: string }) => AccountResult<{ message: string }>;
  'account.logout': () => AccountResult<{ message: string }>;
  'account.forgotPassword': (data: { email: string }) => AccountResult<{ message: string }>;
  /** Fetches the signed entitlement (and sends the practice log); the result is also in storage. */
  'account.refresh': (data: { reason: AccountRefreshReason }) => AccountResult<{ message: string }>;
  'account.devices': () => AccountResult<AccountDeviceView[]>;
  'account.signOutDevice': (data: { id: string }) => AccountResult<{ message: string }>;
  /** Opens Stripe Checkout (or the billing portal) in a new tab. */
  'account.checkout': (data: { price: string }) => AccountResult<{ url: string }>;
  'account.portal': () => AccountResult<{ url: string }>;
  'account.settings': (data: { backendUrl?: string; deviceName?: string }) => AccountResult<{ message: string }>;
  /** A player page opened: refresh now, and often while one stays open. */
  'account.playerOpened': () => void;
}

/** Same shape as shared/api/auth.ts DeviceView (kept here so this file needs no imports). */
export interface AccountDeviceView {
  id: string;
  name: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}
