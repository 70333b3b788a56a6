import type { ReadonlySignal } from '@preact/signals';
import type { ShortcutsModel } from '../../shortcuts/model';
import type { MidiModel } from '../model';
import type { PedalTest } from '../pedal-test';
import { MidiLearn } from './MidiLearn';
import { PedalTestView } from './PedalTestView';
import { SongMidiOutForm } from './SongMidiOutForm';
import '../../player/components/buttons.css';
import '../../shortcuts/components/shortcuts.css';
import './midi.css';

interface Props {
  midi: MidiModel;
  shortcuts: ShortcutsModel;
  pedalTest: PedalTest;
  song: ReadonlySignal<{ id: string; title: string } | null>;
}

const STATE_TEXT = { off: 'MIDI is off.', asking: 'Asking Chrome for MIDI access…', on: 'MIDI is on.', refused: 'MIDI is off: permission refused.', unsupported: 'MIDI is not available.', 'needs-permission': 'MIDI needs permission.' } as const;

/** MIDI control (learn, program change, MIDI out per song) and the pedal test; saved on this device. */
export function MidiPanel({ midi, shortcuts, pedalTest, song }: Props) {
  const state = midi.state.value;
  const settings = shortcuts.midi.value;
  const on = state === 'on';
  return (
    <section class="settings midi" aria-labelledby="midi-heading">
      <h2 id="midi-heading">MIDI and pedals</h2>
      <PedalTestView test={pedalTest} />
      <p id="midi-why" class="settings__help">
        Turning MIDI on asks Chrome for permission to use your MIDI devices: the player then listens for the notes, controllers and program
        changes you teach it, and sends each song's program change or CC at its start. Keys and pedals work without it.
      </p>
      <p class="midi__state" role="status">
        {STATE_TEXT[state]} {on && `Inputs: ${midi.inputs.value.map((p) => p.name).join(', ') || 'none'}.`}
      </p>
      {midi.message.value && <p class="notice notice--error" role="alert">{midi.message.value}</p>}
      {on ? (
        <button type="button" class="button" onClick={() => void midi.turnOff()}>
          Turn off MIDI
        </button>
      ) : (
        <button type="button" class="button button--primary" aria-describedby="midi-why" disabled={state === 'asking'} onClick={() => void midi.turnOn()}>
          Turn on MIDI
        </button>
      )}
      {on && (
        <>
          <label class="midi-out__field">
            Send MIDI out to
            <select value={settings.outputId ?? ''} onChange={(e) => void midi.selectOutput(e.currentTarget.value || null)}>
              <option value="">First output ({midi.outputs.value[0]?.name ?? 'none connected'})</option>
              {midi.outputs.value.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {midi.lastSent.value && <p class="settings__help">{midi.lastSent.value}</p>}
          <MidiLearn shortcuts={shortcuts} />
          <fieldset class="midi__program">
            <legend>Program change</legend>
            <label>
              <input type="checkbox" checked={settings.programJump} onChange={(e) => void shortcuts.saveMidi({ programJump: e.currentTarget.checked })} />
              A program change not learned for an action jumps to that setlist entry
            </label>
            <label class="midi-out__field">
              The first entry is
              <select value={String(settings.programBase)} onChange={(e) => void shortcuts.saveMidi({ programBase: e.currentTarget.value === '1' ? 1 : 0 })}>
                <option value="0">program 0 (shown as 1 by most devices)</option>
                <option value="1">program 1 (for devices that show 0–127)</option>
              </select>
            </label>
          </fieldset>
          <SongMidiOutForm midi={midi} song={song.value} />
        </>
      )}
    </section>
  );
}
