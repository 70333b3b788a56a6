import { DAMAGED_LINE_STAMP, formatStamp, formatWords, LINE_STAMP, readStamp, readWords, roundMs } from './lrc-stamps';
import type { LyricLine } from './store';

/** A line of the file that was left out, or only partly read. */
export interface LrcProblem {
  /** 1-based, as an editor shows it; 0 for the file as a whole ([offset:]). */
  line: number;
  text: string;
  reason: string;
}

interface ParsedLrc {
  /** Every readable timed line, sorted by time, with the [offset:] applied to lines and words. */
  lines: LyricLine[];
  /** [ti:], [ar:], [al:], … as written (keys lowercased), without [offset:] (it is applied). */
  tags: Record<string, string>;
  /** Lines left out. */
  skipped: LrcProblem[];
  /** Lines imported in part (a damaged second stamp, damaged word stamps). */
  partial: LrcProblem[];
}

const TAG = /^\[([a-zA-Z#]+):(.*)\]\s*$/;

/**
 * Parses LRC as musicians' files are: BOM, CRLF, blank lines, several stamps on one line, lines
 * out of order, metadata tags, [offset:] (ms; positive shows lyrics earlier, as the format
 * defines) and enhanced (A2) word stamps. Every readable timed line is kept; the rest is reported.
 */
export function parseLrc(source: string): ParsedLrc {
  const tags: Record<string, string> = {};
  const skipped: LrcProblem[] = [];
  const partial: LrcProblem[] = [];
  const timed: { time: number; rest: string; line: number; order: number }[] = [];
  const rows = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  rows.forEach((raw, index) => {
    const row = raw.trim();
    const line = index + 1;
    if (!row) return;
    const times: number[] = [];
    let rest = row;
    let damaged = false;
    for (;;) {
      const m = LINE_STAMP.exec(rest);
      const bad = m ? null : DAMAGED_LINE_STAMP.exec(rest);
      if (!m && !bad) break;
      const time = m ? readStamp(m[1]!, m[2]!, m[3]) : null;
      if (time === null) damaged = true;
      else times.push(time);
      rest = rest.slice((m ?? bad)![0].length).trimStart();
    }
    if (times.length) {
      if (damaged) partial.push({ line, text: raw, reason: 'a damaged time stamp was left out' });
      for (const time of times) timed.push({ time, rest, line, order: timed.length });
      return;
    }
    if (damaged) return void skipped.push({ line, text: raw, reason: 'damaged time stamp' });
    const tag = TAG.exec(row);
    if (tag) {
      tags[tag[1]!.toLowerCase()] = tag[2]!.trim();
      return;
    }
    skipped.push({ line, text: raw, reason: 'no time stamp' });
  });

  const offsetMs = Number(tags.offset ?? 0);
  if (tags.offset !== undefined && (!tags.offset.trim() || !Number.isFinite(offsetMs))) skipped.push({ line: 0, text: `[offset:${tags.offset}]`, reason: 'the offset is not a number of milliseconds; not applied' });
  delete tags.offset;
  const shift = Number.isFinite(offsetMs) ? offsetMs / 1000 : 0;
  const at = (seconds: number) => Math.max(0, roundMs(seconds - shift));
  const warned = new Set<number>();
  const lines = timed
    .sort((a, b) => a.time - b.time || a.order - b.order)
    .map(({ time, rest, line }): LyricLine => {
      const read = readWords(rest, time);
      if (read.damaged && !warned.has(line)) {
        warned.add(line);
        partial.push({ line, text: rest, reason: 'damaged word stamps; shown without word timing' });
      }
      // The offset moves word stamps exactly as it moves the line's.
      return read.words ? { time: at(time), text: read.text, words: read.words.map((w) => ({ time: at(w.time), text: w.text })) } : { time: at(time), text: read.text };
    });
  return { lines, tags, skipped, partial: partial.sort((a, b) => a.line - b.line) };
}

/** Tags in the order players expect them at the top of the file; any others follow. */
const TAG_ORDER = ['ti', 'ar', 'al', 'au', 'by', 'length', 're', 've', '#'];

/**
 * Writes [mm:ss.xx] lines (with .xxx where milliseconds need it) and enhanced word stamps, under
 * the metadata tags. Times are already offset, so no [offset:] is written. Unstamped lines are
 * left out: LRC has no way to write them, and the export says so.
 */
export function formatLrc(lines: readonly LyricLine[], tags: Record<string, string> = {}): string {
  const keys = Object.keys(tags).filter((k) => k !== 'offset' && tags[k] !== undefined);
  const ordered = [...TAG_ORDER.filter((k) => keys.includes(k)), ...keys.filter((k) => !TAG_ORDER.includes(k)).sort()];
  const head = ordered.map((k) => `[${k}:${tags[k]}]`);
  const body = lines
    .filter((l): l is LyricLine & { time: number } => l.time !== null)
    .map((l) => `${formatStamp(l.time)}${l.words?.length ? formatWords(l.words) : l.text}`);
  return [...head, ...body].join('\n') + '\n';
}

export { formatStamp };
