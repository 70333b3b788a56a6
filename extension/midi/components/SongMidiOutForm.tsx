import { useEffect, useState } from 'preact/hooks';
import type { MidiModel } from '../model';
import { describeSongOut, normalizeSongOut } from '../song-out';

interface Props {
  midi: Pick<MidiModel, 'songOuts' | 'setSongOut'>;
  song: { id: string; title: string } | null;
}

const field = (text: string) => (text.trim() === '' ? null : Number(text));

/** The loaded song's MIDI out: a program change and/or a CC, sent on one channel at the song's start. */
export function SongMidiOutForm({ midi, song }: Props) {
  const current = song ? (midi.songOuts.value[song.id] ?? null) : null;
  const [channel, setChannel] = useState('1');
  const [program, setProgram] = useState('');
  const [controller, setController] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setChannel(String(current?.channel ?? 1));
    setProgram(current?.program?.toString() ?? '');
    setController(current?.cc?.controller.toString() ?? '');
    setValue(current?.cc?.value.toString() ?? '');
    setError(null);
  }, [song?.id, current]);

  if (!song) return <p class="settings__help">Load a song to set the MIDI it sends at its start.</p>;

  function save(event: Event) {
    event.preventDefault();
    const cc = controller.trim() || value.trim() ? { controller: field(controller), value: field(value) } : null;
    const wanted = { channel: Number(channel), program: field(program), cc };
    if (wanted.program === null && cc === null) return void midi.setSongOut(song!.id, null);
    const out = normalizeSongOut(wanted);
    const complete = out && out.channel === wanted.channel && out.program === wanted.program && (cc === null) === (out.cc === null);
    if (!complete) return setError('Channel is 1–16; program, CC number and CC value are 0–127 (a CC needs both). Nothing was saved.');
    setError(null);
    void midi.setSongOut(song!.id, out);
  }

  const input = (label: string, text: string, set: (v: string) => void, min: number, max: number) => (
    <label class="midi-out__field">
      {label}
      <input type="number" min={min} max={max} step={1} value={text} onInput={(e) => set(e.currentTarget.value)} />
    </label>
  );
  return (
    <form class="midi-out" aria-labelledby="midi-out-heading" onSubmit={save}>
      <h3 id="midi-out-heading">MIDI out at the start of “{song.title}”</h3>
      <p class="settings__help">{current ? `Sends ${describeSongOut(current)}.` : 'Sends nothing yet.'} Leave a field empty to send no program change or no CC.</p>
      {input('Channel', channel, setChannel, 1, 16)}
      {input('Program change', program, setProgram, 0, 127)}
      {input('CC number', controller, setController, 0, 127)}
      {input('CC value', value, setValue, 0, 127)}
      {error && <p class="notice notice--error" role="alert">{error}</p>}
      <button type="submit" class="button">Save MIDI out</button>
      {current && (
        <button type="button" class="button" onClick={() => void midi.setSongOut(song.id, null)}>
          Send nothing for this song
        </button>
      )}
    </form>
  );
}
