import type { LyricWord } from './store';

// [mm:ss], [mm:ss.x], [mm:ss.xx], [mm:ss.xxx], also [mm:ss:xx] (some editors); minutes may pass 59.
export const LINE_STAMP = /^\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/;
/** Something a damaged stamp is made of: `[01:6x.00]`, `[0a:01]`, `[00:99.00]`. */
export const DAMAGED_LINE_STAMP = /^\[\d[^\]]*\]/;
// Enhanced LRC (A2) word stamps: <mm:ss.xx> in front of each word.
const WORD_STAMP = /<(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?>/g;
/** A `<…>` that looks like a word stamp (a digit, a colon) but may not be one: never shown on stage as text. */
const WORD_STAMP_LIKE = /<\d[^>\s]*:[^>\s]*>/g;

/** Seconds, or null when the seconds are 60 or more. */
export function readStamp(minutes: string, seconds: string, fraction: string | undefined): number | null {
  const s = Number(seconds);
  if (s >= 60) return null;
  const frac = fraction ? Number(fraction) / 10 ** fraction.length : 0;
  return roundMs(Number(minutes) * 60 + s + frac);
}

export const roundMs = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** mm:ss.xx, or mm:ss.xxx when the time has milliseconds that .xx would lose. */
function formatTime(seconds: number): string {
  const ms = Math.round(Math.max(0, seconds) * 1000);
  const m = Math.floor(ms / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  const fraction = ms % 10 ? String(ms % 1000).padStart(3, '0') : String((ms % 1000) / 10).padStart(2, '0');
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${fraction}`;
}

/** [mm:ss.xx] (the most widely read variant), [mm:ss.xxx] only where needed to keep the milliseconds. */
export const formatStamp = (seconds: number) => `[${formatTime(seconds)}]`;
export const formatWordStamp = (seconds: number) => `<${formatTime(seconds)}>`;

interface WordsRead {
  /** The line as sung: the text with every word stamp taken out. */
  text: string;
  /** Per-word times; absent when the line has no word stamps. */
  words?: LyricWord[];
  /** A stamp-like `<…>` could not be read: the words lose their timing, the text is kept. */
  damaged: boolean;
}

/**
 * Reads a line's text after its [line stamps]. Text before the first word stamp is a word
 * sung at the line's own time; a final stamp with no text marks where the last word ends.
 */
export function readWords(rest: string, lineTime: number): WordsRead {
  const stamps = [...rest.matchAll(WORD_STAMP)];
  const leftover = rest.replace(WORD_STAMP, '');
  const text = leftover.replace(WORD_STAMP_LIKE, '').trim();
  const damaged = text !== leftover.trim();
  if (!stamps.length || damaged) return { text, damaged };
  const words: LyricWord[] = [];
  const prefix = rest.slice(0, stamps[0]!.index);
  if (prefix.trim()) words.push({ time: lineTime, text: prefix });
  for (const [i, m] of stamps.entries()) {
    const time = readStamp(m[1]!, m[2]!, m[3]);
    if (time === null) return { text, damaged: true };
    const end = i + 1 < stamps.length ? stamps[i + 1]!.index : rest.length;
    words.push({ time, text: rest.slice(m.index + m[0].length, end) });
  }
  return { text, words, damaged: false };
}

/** The text after the line stamp: each word behind its own stamp. */
export const formatWords = (words: readonly LyricWord[]) => words.map((w) => `${formatWordStamp(w.time)}${w.text}`).join('');

/** Old stored lines kept word stamps in their text: read them now so the stage never shows a raw tag. */
export const hasWordStamps = (text: string) => text.replace(WORD_STAMP_LIKE, '') !== text;
