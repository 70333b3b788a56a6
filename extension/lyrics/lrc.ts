import type { LyricLine } from './store';

/** A line of the file that is neither a timed lyric, a tag, nor blank. */
interface LrcProblem {
  /** 1-based, as an editor shows it. */
  line: number;
  text: string;
  reason: string;
}

interface ParsedLrc {
  lines: LyricLine[];
  /** [ti:], [ar:], [al:], … as written (keys lowercased). */
  tags: Record<string, string>;
  problems: LrcProblem[];
}

// [mm:ss], [mm:ss.x], [mm:ss.xx], [mm:ss.xxx], also [mm:ss:xx] (some editors); minutes may pass 59.
const STAMP = /^\[(\d{1,3}):(\d{1,2})(?:[.:](\d{1,3}))?\]/;
const TAG = /^\[([a-zA-Z#]+):(.*)\]\s*$/;

function readStamp(match: RegExpExecArray): number | null {
  const [, minutes, seconds, fraction] = match;
  const s = Number(seconds);
  if (s >= 60) return null;
  const frac = fraction ? Number(fraction) / 10 ** fraction.length : 0;
  return Number(minutes) * 60 + s + frac;
}

/**
 * Parses LRC leniently: BOM, CRLF, several stamps on one line, metadata tags and [offset:]
 * (ms; positive shows lyrics earlier, as the format defines). Lines it cannot read are
 * reported with their line numbers rather than silently dropped.
 */
export function parseLrc(source: string): ParsedLrc {
  const tags: Record<string, string> = {};
  const problems: LrcProblem[] = [];
  const timed: { time: number; text: string; order: number }[] = [];
  const rows = source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  rows.forEach((raw, index) => {
    const row = raw.trim();
    if (!row) return;
    const times: number[] = [];
    let rest = row;
    for (let m = STAMP.exec(rest); m; m = STAMP.exec(rest)) {
      const time = readStamp(m);
      if (time === null) {
        problems.push({ line: index + 1, text: raw, reason: 'the time stamp has more than 59 seconds' });
        return;
      }
      times.push(time);
      rest = rest.slice(m[0].length).trimStart();
    }
    if (times.length) {
      for (const time of times) timed.push({ time, text: rest.trim(), order: timed.length });
      return;
    }
    const tag = TAG.exec(row);
    if (tag) {
      tags[tag[1]!.toLowerCase()] = tag[2]!.trim();
      return;
    }
    problems.push({ line: index + 1, text: raw, reason: row.startsWith('[') ? 'the time stamp is not [mm:ss.xx]' : 'the line has no time stamp' });
  });
  const offsetMs = Number(tags.offset ?? 0);
  if (tags.offset !== undefined && !Number.isFinite(offsetMs)) problems.push({ line: 0, text: `[offset:${tags.offset}]`, reason: 'the offset is not a number of milliseconds' });
  const shift = Number.isFinite(offsetMs) ? offsetMs / 1000 : 0;
  const lines = timed
    .sort((a, b) => a.time - b.time || a.order - b.order)
    .map(({ time, text }) => ({ time: Math.max(0, round(time - shift)), text }));
  return { lines, tags, problems };
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** [mm:ss.xx], the most widely read variant. */
export function formatStamp(seconds: number): string {
  const centis = Math.round(Math.max(0, seconds) * 100);
  const m = Math.floor(centis / 6000);
  const s = Math.floor((centis % 6000) / 100);
  const c = centis % 100;
  return `[${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(c).padStart(2, '0')}]`;
}

/** Unstamped lines are left out: LRC has no way to write them, and the export says so. */
export function formatLrc(lines: readonly LyricLine[], tags: { title?: string; artist?: string } = {}): string {
  const head = [tags.title ? `[ti:${tags.title}]` : '', tags.artist ? `[ar:${tags.artist}]` : ''].filter(Boolean);
  const body = lines.filter((l): l is { time: number; text: string } => l.time !== null).map((l) => `${formatStamp(l.time)}${l.text}`);
  return [...head, ...body].join('\n') + '\n';
}

/** One line of the problems report, e.g. `line 4: "oops" (the line has no time stamp)`. */
export const describeProblem = (p: LrcProblem) => `${p.line ? `line ${p.line}: ` : ''}“${p.text.trim().slice(0, 60)}” (${p.reason})`;
