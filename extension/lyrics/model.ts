import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { importReport } from './import-report';
import { formatLrc, parseLrc } from './lrc';
import { lyricsOf, saveLyrics, type LyricLine, type LyricsTables } from './store';
import { currentLine, currentWord, linesFromText, nudge, stamp } from './sync';

interface LyricsDeps {
  db: LyricsTables;
  /** The engine's song and play head: lyrics follow whatever the engine plays, seeks and loops. */
  song: ReadonlySignal<{ id: string; title: string; artist: string; durationSec?: number } | null>;
  position: ReadonlySignal<number>;
  /** Highlight this many ms before the stamp (stage settings). */
  lookAheadMs: ReadonlySignal<number>;
  /** Highlight the sung word of enhanced (A2) lines (stage settings); off shows the plain line. */
  showWords?: ReadonlySignal<boolean>;
}

/**
 * The stage's one handle on where the song is: its value is the current line (as before word
 * timing), `word` the word within it and `wordsShown` whether words are highlighted. Separate
 * signals, so a new word re-renders only the current line, not every line.
 */
export type LyricsCursor = ReadonlySignal<number> & { word: ReadonlySignal<number>; wordsShown: ReadonlySignal<boolean> };

interface LyricsNotice {
  tone: 'error' | 'success';
  text: string;
}

export const NUDGE_SEC = 0.1;

/** [length:] as LRC editors write it: mm:ss. */
const formatLength = (seconds: number) => `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/** The current song's synced lyrics: import, tap-to-sync, nudge, export, and the line to highlight. */
export function createLyricsModel({ db, song, position, lookAheadMs, showWords = signal(true) }: LyricsDeps) {
  const lines = signal<LyricLine[]>([]);
  /** The imported file's metadata tags, written back on export. */
  const tags = signal<Record<string, string>>({});
  const notice = signal<LyricsNotice | null>(null);
  /** The lyrics an import replaced, until the next change: an import over hand-synced lines can be taken back. */
  const undoable = signal<{ lines: LyricLine[]; tags: Record<string, string>; fileName: string } | null>(null);
  /** The next line tap-to-sync will stamp; null when not syncing. */
  const tapIndex = signal<number | null>(null);
  const songId = computed(() => song.value?.id ?? null);
  const songTitle = computed(() => song.value?.title ?? null);
  const currentIndex = computed(() => currentLine(lines.value, position.value, lookAheadMs.value / 1000));
  // Words follow the voice itself: the look-ahead is for the eye finding the line.
  const word = computed(() => (showWords.value ? currentWord(lines.value[currentIndex.value], position.value) : -1));
  const current: LyricsCursor = Object.assign(currentIndex, { word, wordsShown: showWords });

  /** updatedAt of this model's latest write; strictly increasing. */
  let lastWrite = 0;
  // liveQuery: lyrics restored from a backup or edited in another tab show at once.
  const stopWatching = effect(() => {
    const id = songId.value;
    lines.value = [];
    tags.value = {};
    tapIndex.value = null;
    undoable.value = null;
    lastWrite = 0;
    notice.value = null;
    if (!id) return;
    const subscription = liveQuery(() => lyricsOf(db, id)).subscribe({
      next: (record) => {
        // A query that started before our own latest write can answer after it: ignore that
        // stale answer, or a quick second tap would stamp from lines missing the first.
        if (record && record.updatedAt < lastWrite) return;
        // Changed elsewhere (another tab, a backup): an undo would now throw that change away.
        if (record?.updatedAt !== lastWrite) undoable.value = null;
        lines.value = record?.lines ?? [];
        tags.value = record?.tags ?? {};
      },
      error: (error) => (notice.value = { tone: 'error', text: `The lyrics could not be read: ${String(error)}` }),
    });
    return () => subscription.unsubscribe();
  });

  /** `nextTags` replaces the stored tags; without it they are kept. */
  async function write(next: LyricLine[], success?: string, nextTags?: Record<string, string>): Promise<boolean> {
    const id = songId.value;
    if (!id) {
      notice.value = { tone: 'error', text: 'Pick a song in the library first.' };
      return false;
    }
    try {
      lastWrite = Math.max(Date.now(), lastWrite + 1);
      await saveLyrics(db, id, next, nextTags, lastWrite);
      lines.value = next;
      if (nextTags) tags.value = nextTags;
      undoable.value = null;
      if (success) notice.value = { tone: 'success', text: success };
      return true;
    } catch (error) {
      notice.value = { tone: 'error', text: `The lyrics could not be saved: ${String(error)}` };
      return false;
    }
  }

  /**
   * Every readable timed line comes in; skipped and partly read lines are named in the same
   * message. A file with nothing readable changes nothing.
   */
  async function importLrc(text: string, fileName: string): Promise<boolean> {
    const parsed = parseLrc(text);
    const report = importReport(fileName, parsed.lines.length, parsed.skipped, parsed.partial);
    if (!parsed.lines.length) {
      notice.value = { tone: 'error', text: report };
      return false;
    }
    tapIndex.value = null;
    const before = { lines: lines.value, tags: tags.value, fileName };
    const ok = await write(parsed.lines, report, parsed.tags);
    if (ok && before.lines.length) undoable.value = before;
    return ok;
  }

  /** Puts back the lyrics the last import replaced. */
  async function undoImport(): Promise<void> {
    const before = undoable.value;
    if (before) await write(before.lines, `The lyrics from before “${before.fileName}” are back.`, before.tags);
  }

  /** Plain text replaces the lyrics unstamped and starts tap-to-sync at the first line. */
  async function pasteText(text: string): Promise<boolean> {
    const next = linesFromText(text);
    if (!next.length) {
      notice.value = { tone: 'error', text: 'There is no text to use.' };
      return false;
    }
    const ok = await write(next, `${next.length} lines ready: play the song and press Stamp as each line starts.`, {});
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
    // The file's own tags win; the song's title, artist and length fill in where the file had none.
    const own = tags.value;
    const fill = (key: string, value: string | undefined) => (own[key] || !value ? {} : { [key]: value });
    const length = s.durationSec ? formatLength(s.durationSec) : undefined;
    const head = { ...own, ...fill('ti', s.title), ...fill('ar', s.artist), ...fill('length', length) };
    return { fileName: `${base}.lrc`, text: formatLrc(lines.value, head) };
  }

  return { lines, tags, notice, undoable, tapIndex, songId, songTitle, current, importLrc, undoImport, pasteText, startSync, tap, nudgeLine, exportLrc, dispose: stopWatching };
}

export type LyricsModel = ReturnType<typeof createLyricsModel>;
