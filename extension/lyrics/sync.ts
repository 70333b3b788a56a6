import { roundMs as round } from './lrc-stamps';
import type { LyricLine } from './store';

/** Plain pasted text: one lyric line per non-empty line, none stamped yet. */
export function linesFromText(text: string): LyricLine[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => ({ time: null, text: t }));
}


/** The line at a new time, its words moved by the same amount so they stay with the voice. */
function moveLine(line: LyricLine, time: number): LyricLine {
  const delta = line.time === null ? 0 : time - line.time;
  return line.words ? { ...line, time, words: line.words.map((w) => ({ ...w, time: round(Math.max(0, w.time + delta)) })) } : { ...line, time };
}

/** Stamps line `index` with the play position; returns the next line to stamp. */
export function stamp(lines: readonly LyricLine[], index: number, seconds: number): { lines: LyricLine[]; next: number } {
  if (index < 0 || index >= lines.length) return { lines: [...lines], next: index };
  const next = lines.map((l, i) => (i === index ? moveLine(l, round(Math.max(0, seconds))) : l));
  return { lines: next, next: index + 1 };
}

/** Moves one line's time by `delta` seconds (the ±0.1 s nudge); never below 0. */
export function nudge(lines: readonly LyricLine[], index: number, delta: number): LyricLine[] {
  return lines.map((l, i) => (i === index && l.time !== null ? moveLine(l, round(Math.max(0, l.time + delta))) : l));
}

/**
 * The line being sung at `position` seconds, highlighted `lookAheadSec` early so the eye
 * is there before the voice; -1 before the first stamped line. Unstamped lines are skipped.
 */
export function currentLine(lines: readonly LyricLine[], position: number, lookAheadSec = 0): number {
  const at = position + lookAheadSec;
  let found = -1;
  let latest = -Infinity;
  lines.forEach((l, i) => {
    // The latest stamp not after `at`; ties go to the later line in the list.
    if (l.time !== null && l.time <= at + 1e-9 && l.time >= latest) {
      latest = l.time;
      found = i;
    }
  });
  return found;
}

/**
 * The word being sung at `position` in an enhanced line: the latest word stamp not after it;
 * -1 before the first word, after the end stamp (a final word with no text), or without words.
 */
export function currentWord(line: LyricLine | undefined, position: number): number {
  const words = line?.words;
  if (!words) return -1;
  let found = -1;
  for (let i = 0; i < words.length && words[i]!.time <= position + 1e-9; i++) found = i;
  return found >= 0 && words[found]!.text.trim() ? found : -1;
}
