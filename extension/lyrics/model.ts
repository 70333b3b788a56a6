import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { describeProblem, formatLrc, parseLrc } from './lrc';
import { lyricsOf, saveLyrics, type LyricLine, type LyricsTables } from './store';
import { currentLine, linesFromText, nudge, stamp } from './sync';

interface LyricsDeps {
  db: LyricsTables;
  /** The engine's song and play head: lyrics follow whatever the engine plays, seeks and loops. */
  song: ReadonlySignal<{ id: string; title: string; artist: string } | null>;
  position: ReadonlySignal<number>;
  /** Highlight this many ms before the stamp (stage settings). */
  lookAheadMs: ReadonlySignal<number>;
}

interface LyricsNotice {
  tone: 'error' | 'success';
  text: string;
}

export const NUDGE_SEC = 0.1;
const SHOWN_PROBLEMS = 5;

/** The current song's synced lyrics: import, tap-to-sync, nudge, export, and the line to highlight. */
export function createLyricsModel({ db, song, position, lookAheadMs }: LyricsDeps) {
  const lines = signal<LyricLine[]>([]);
  const notice = signal<LyricsNotice | null>(null);
  /** The next line tap-to-sync will stamp; null when not syncing. */
  const tapIndex = signal<number | null>(null);
  const songId = computed(() => song.value?.id ?? null);
  const current = computed(() => currentLine(lines.value, position.value, lookAheadMs.value / 1000));

  // liveQuery: lyrics restored from a backup or edited in another tab show at once.
  const stopWatching = effect(() => {
    const id = songId.value;
    lines.value = [];
    tapIndex.value = null;
    notice.value = null;
    if (!id) return;
    const subscription = liveQuery(() => lyricsOf(db, id)).subscribe({
      next: (record) => (lines.value = record?.lines ?? []),
      error: (error) => (notice.value = { tone: 'error', text: `The lyrics could not be read: ${String(error)}` }),
    });
    return () => subscription.unsubscribe();
  });

  async function write(next: LyricLine[], success?: string): Promise<boolean> {
    const id = songId.value;
    if (!id) {
      notice.value = { tone: 'error', text: 'Pick a song in the library first.' };
      return false;
    }
    try {
      await saveLyrics(db, id, next);
      lines.value = next;
      if (success) notice.value = { tone: 'success', text: success };
      return true;
    } catch (error) {
      notice.value = { tone: 'error', text: `The lyrics could not be saved: ${String(error)}` };
      return false;
    }
  }

  /** A file with any unreadable line changes nothing: half-imported lyrics would mislead on stage. */
  async function importLrc(text: string, fileName: string): Promise<boolean> {
    const parsed = parseLrc(text);
    if (parsed.problems.length) {
      const shown = parsed.problems.slice(0, SHOWN_PROBLEMS).map(describeProblem).join('; ');
      const more = parsed.problems.length > SHOWN_PROBLEMS ? ` and ${parsed.problems.length - SHOWN_PROBLEMS} more` : '';
      const count = parsed.problems.length === 1 ? '1 line' : `${parsed.problems.length} lines`;
      notice.value = { tone: 'error', text: `“${fileName}” was not imported; the lyrics stay as they were. ${count} could not be read: ${shown}${more}.` };
      return false;
    }
    if (!parsed.lines.length) {
      notice.value = { tone: 'error', text: `“${fileName}” has no timed lines ([mm:ss.xx] text); the lyrics stay as they were.` };
      return false;
    }
    tapIndex.value = null;
    return write(parsed.lines, `Imported ${parsed.lines.length} lines from “${fileName}”.`);
  }

  /** Plain text replaces the lyrics unstamped and starts tap-to-sync at the first line. */
  async function pasteText(text: string): Promise<boolean> {
    const next = linesFromText(text);
    if (!next.length) {
      notice.value = { tone: 'error', text: 'There is no text to use.' };
      return false;
    }
    const ok = await write(next, `${next.length} lines ready: play the song and press Stamp as each line starts.`);
    if (ok) tapIndex.value = 0;
    return ok;
  }

  function startSync(from = 0): void {
    tapIndex.value = Math.min(Math.max(0, from), Math.max(0, lines.value.length - 1));
  }

  /** Stamps the next line with the engine's position: pressed as the line is sung. */
  async function tap(): Promise<void> {
    const index = tapIndex.value;
    if (index === null || index >= lines.value.length) return;
    const result = stamp(lines.value, index, position.value);
    tapIndex.value = result.next < lines.value.length ? result.next : null;
    await write(result.lines, tapIndex.value === null ? 'Every line is stamped.' : undefined);
  }

  const nudgeLine = (index: number, delta: number) => write(nudge(lines.value, index, delta));

  /** The LRC text and a file name; null (with a message) when nothing is stamped. */
  function exportLrc(): { fileName: string; text: string } | null {
    const s = song.value;
    if (!s || !lines.value.some((l) => l.time !== null)) {
      notice.value = { tone: 'error', text: 'There are no stamped lines to export.' };
      return null;
    }
    const skipped = lines.value.filter((l) => l.time === null).length;
    notice.value = skipped ? { tone: 'success', text: `Exported; ${skipped} unstamped ${skipped === 1 ? 'line was' : 'lines were'} left out.` } : null;
    const base = [s.artist, s.title].filter(Boolean).join(' - ').replace(/[\\/:*?"<>|]+/g, '_') || 'lyrics';
    return { fileName: `${base}.lrc`, text: formatLrc(lines.value, { title: s.title, artist: s.artist }) };
  }

  return { lines, notice, tapIndex, songId, current, importLrc, pasteText, startSync, tap, nudgeLine, exportLrc, dispose: stopWatching };
}

export type LyricsModel = ReturnType<typeof createLyricsModel>;
