import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';
import { Notice } from '../../player/components/Notice';
import { formatStamp } from '../lrc';
import { NUDGE_SEC, type LyricsModel } from '../model';

interface Props {
  lyrics: LyricsModel;
  onExport: (fileName: string, text: string) => void;
}

/** Nudge keys on a focused line: - / + (or [ and ]) move it by 0.1 s. */
const NUDGE_KEYS: Record<string, number> = { '-': -NUDGE_SEC, '[': -NUDGE_SEC, '+': NUDGE_SEC, '=': NUDGE_SEC, ']': NUDGE_SEC };

/** Import, paste, tap-to-sync, nudge and export the lyrics of the song in the player. */
export function LyricsEditor({ lyrics, onExport }: Props) {
  const pasted = useSignal('');
  const fileInput = useRef<HTMLInputElement>(null);
  const lines = lyrics.lines.value;
  const tapIndex = lyrics.tapIndex.value;
  const disabled = !lyrics.songId.value;

  async function onFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    input.value = '';
    if (file) await lyrics.importLrc(await file.text(), file.name);
  }

  function exportNow() {
    const out = lyrics.exportLrc();
    if (out) onExport(out.fileName, out.text);
  }

  return (
    <section class="lyrics-editor" aria-labelledby="lyrics-editor-heading">
      {/* Which song's lyrics these are, so an import never lands on the wrong song. */}
      <h2 id="lyrics-editor-heading">{lyrics.songTitle.value ? `Lyrics of “${lyrics.songTitle.value}”` : 'Lyrics'}</h2>
      {disabled && <p class="settings__help">Pick a song in the library to edit its lyrics.</p>}
      <div class="lyrics-editor__bar">
        <button type="button" class="button" disabled={disabled} onClick={() => fileInput.current?.click()}>
          Import LRC…
        </button>
        <input ref={fileInput} type="file" accept=".lrc,.txt,text/plain" hidden data-import="lrc" onChange={(e) => void onFile(e.currentTarget)} />
        <button type="button" class="button" disabled={disabled || !lines.length} onClick={exportNow}>
          Export LRC
        </button>
        <button type="button" class="button" disabled={disabled || !lines.length} onClick={() => lyrics.startSync(0)}>
          Re-sync from the first line
        </button>
      </div>
      <Notice notice={lyrics.notice} />
      {lyrics.undoable.value && (
        <button type="button" class="button" onClick={() => void lyrics.undoImport()}>
          Undo import of “{lyrics.undoable.value.fileName}”
        </button>
      )}
      <label class="lyrics-editor__paste">
        Paste plain lyrics (one line per line)
        <textarea rows={4} value={pasted.value} disabled={disabled} onInput={(e) => (pasted.value = e.currentTarget.value)} />
      </label>
      <button type="button" class="button" disabled={disabled || !pasted.value.trim()} onClick={() => void lyrics.pasteText(pasted.value).then((ok) => ok && (pasted.value = ''))}>
        Use these lines
      </button>
      {tapIndex !== null && lines[tapIndex] && (
        <div class="lyrics-editor__tap">
          {/* Enter on the focused button stamps: Space stays Play/Pause for the whole page. */}
          <button type="button" class="button button--primary" aria-describedby="tap-help" onClick={() => void lyrics.tap()}>
            Stamp line {tapIndex + 1}: “{lines[tapIndex].text}”
          </button>
          <p id="tap-help" class="settings__help">
            Play the song and press Enter (or click) as each line starts; the play position is written to the line.
          </p>
        </div>
      )}
      <ol class="lyrics-editor__lines" aria-label="Lyric lines and their times">
        {lines.map((line, i) => (
          <li
            key={i}
            tabIndex={0}
            class="lyrics-editor__line"
            aria-label={`Line ${i + 1}: ${line.time === null ? 'not stamped' : formatStamp(line.time)} ${line.text}`}
            onKeyDown={(e) => {
              const delta = e.target === e.currentTarget ? NUDGE_KEYS[e.key] : undefined;
              if (delta === undefined) return;
              e.preventDefault();
              void lyrics.nudgeLine(i, delta);
            }}
          >
            <span class="lyrics-editor__time">{line.time === null ? '[--:--.--]' : formatStamp(line.time)}</span>
            <button type="button" class="button button--small" aria-label={`Line ${i + 1} earlier by 0.1 seconds`} disabled={line.time === null} onClick={() => void lyrics.nudgeLine(i, -NUDGE_SEC)}>
              −0.1 s
            </button>
            <button type="button" class="button button--small" aria-label={`Line ${i + 1} later by 0.1 seconds`} disabled={line.time === null} onClick={() => void lyrics.nudgeLine(i, NUDGE_SEC)}>
              +0.1 s
            </button>
            <span class="lyrics-editor__text">{line.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
