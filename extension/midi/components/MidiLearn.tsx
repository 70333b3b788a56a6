import { ACTION_LABELS, SHORTCUT_ACTIONS, type ShortcutAction } from '../../shortcuts/actions';
import { ShortcutConflict } from '../../shortcuts/components/ShortcutConflict';
import type { ShortcutsModel } from '../../shortcuts/model';
import { describeTrigger } from '../messages';

/** One row per action: its learned MIDI triggers (each removable) and a Learn button. */
export function MidiLearn({ shortcuts }: { shortcuts: ShortcutsModel }) {
  const learning = shortcuts.learning.value;
  return (
    <div class="midi-learn">
      <h3 id="midi-learn-heading">MIDI learn</h3>
      <p class="settings__help">Press Learn, then play a note, move a controller (CC) or send a program change: it runs that action from then on.</p>
      <ShortcutConflict shortcuts={shortcuts} source="midi" />
      <table class="shortcuts__table" aria-labelledby="midi-learn-heading">
        <tbody>
          {SHORTCUT_ACTIONS.map((action) => (
            <tr key={action}>
              <th scope="row">{ACTION_LABELS[action]}</th>
              <td class="shortcuts__keys">
                {shortcuts.midiBindings.value[action].map((trigger) => (
                  <span key={trigger} class="key-chip">
                    <kbd>{describeTrigger(trigger)}</kbd>
                    <button
                      type="button"
                      class="key-chip__remove"
                      aria-label={`Remove ${describeTrigger(trigger)} from ${ACTION_LABELS[action]}`}
                      onClick={() => void shortcuts.removeTrigger(trigger)}
                    >
                      ×
                    </button>
                  </span>
                ))}
                {shortcuts.midiBindings.value[action].length === 0 && <span class="shortcuts__none">No MIDI</span>}
              </td>
              <td>
                <LearnButton action={action} learning={learning === action} shortcuts={shortcuts} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface LearnProps {
  action: ShortcutAction;
  learning: boolean;
  shortcuts: Pick<ShortcutsModel, 'startLearn' | 'cancelLearn'>;
}

/** The next note, CC or program change from any input is learned; the button again, or moving away, cancels. */
function LearnButton({ action, learning, shortcuts }: LearnProps) {
  return (
    <button
      type="button"
      class={`button button--small ${learning ? 'button--primary' : ''}`}
      aria-label={learning ? `Send a MIDI note, CC or program change for ${ACTION_LABELS[action]}, or press to cancel` : `Learn MIDI for ${ACTION_LABELS[action]}`}
      onClick={() => (learning ? shortcuts.cancelLearn() : shortcuts.startLearn(action))}
      onBlur={() => learning && shortcuts.cancelLearn()}
    >
      {learning ? 'Send MIDI…' : 'Learn'}
    </button>
  );
}
