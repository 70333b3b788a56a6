import { TRANSPORT_FADE_MS } from '../../shared/messages';

/** How the stage view looks and what it shows, and how the transport sounds. */
export interface StageSettings {
  theme: 'dark' | 'light-contrast';
  /** px of the current lyric line; the others are drawn smaller. */
  lyricsFontPx: number;
  /** Scale of the rest of the player's text, in %. */
  uiFontPercent: number;
  /** Highlight a lyric line this many ms before its stamp. */
  lookAheadMs: number;
  /** Fade on pause, stop, panic, song changes and loop/jump seams, so none clicks through the PA (0 = hard cuts). */
  transportFadeMs: number;
  /** lyricWords: mark the sung word of enhanced (word-timed) lyrics; off shows the plain line. */
  show: { lyrics: boolean; lyricWords: boolean; mixer: boolean; nextSong: boolean; clock: boolean };
  lock: {
    /** Hide the library, settings and backup while a song plays, so no stray click edits or deletes. */
    hideEditingWhilePlaying: boolean;
    /** Ask before the player tab closes while a song plays. */
    confirmClose: boolean;
    /**
     * Show guard: while a setlist's song plays (or is paused), a song picked in the library is cued
     * to play next instead of replacing the current one and leaving the setlist's end settings.
     */
    guardShow: boolean;
  };
}

export const LIMITS = {
  lyricsFontPx: { min: 24, max: 120, step: 4 },
  uiFontPercent: { min: 80, max: 200, step: 10 },
  lookAheadMs: { min: 0, max: 2000, step: 50 },
  transportFadeMs: { min: 0, max: TRANSPORT_FADE_MS.max, step: 1 },
} as const;

export const DEFAULT_STAGE_SETTINGS: StageSettings = {
  theme: 'dark',
  lyricsFontPx: 48,
  uiFontPercent: 100,
  lookAheadMs: 300,
  transportFadeMs: TRANSPORT_FADE_MS.default,
  show: { lyrics: true, lyricWords: true, mixer: true, nextSong: true, clock: true },
  // Off by default: closing the tab does not stop the engine, and a prompt is one more thing on stage.
  // The show guard is on: a stray library click must not end a show. Stored settings from before it
  // existed lack the key, and normalising defaults it, so existing performers get it on too.
  lock: { hideEditingWhilePlaying: false, confirmClose: false, guardShow: true },
};

type Limited = keyof typeof LIMITS;

function number(value: unknown, key: Limited): number {
  const { min, max } = LIMITS[key];
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : DEFAULT_STAGE_SETTINGS[key];
}

function flags<T extends Record<string, boolean>>(value: unknown, defaults: T): T {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, typeof stored[k] === 'boolean' ? stored[k] : d])) as T;
}

/** Stored values come from older versions, backups or hand edits: keep what is valid, default the rest. */
export function normalizeStageSettings(value: unknown): StageSettings {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof StageSettings, unknown>>;
  return {
    theme: stored.theme === 'light-contrast' ? 'light-contrast' : 'dark',
    lyricsFontPx: number(stored.lyricsFontPx, 'lyricsFontPx'),
    uiFontPercent: number(stored.uiFontPercent, 'uiFontPercent'),
    lookAheadMs: number(stored.lookAheadMs, 'lookAheadMs'),
    transportFadeMs: number(stored.transportFadeMs, 'transportFadeMs'),
    show: flags(stored.show, DEFAULT_STAGE_SETTINGS.show),
    lock: flags(stored.lock, DEFAULT_STAGE_SETTINGS.lock),
  };
}
