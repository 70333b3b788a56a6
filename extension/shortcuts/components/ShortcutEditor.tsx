import { ACTION_LABELS, SHORTCUT_ACTIONS, type ShortcutAction } from '../actions';
import { describeChord } from '../chords';
import type { ShortcutsModel } from '../model';
import { ShortcutConflict } from './ShortcutConflict';

/** One row per action: its keys (each removable) and a button that records a new key. */
export function ShortcutEditor({ shortcuts }: { shortcuts: ShortcutsModel }) {
  const capturing = shortcuts.capturing.value;
  return (
    <div class="shortcuts">
      <h3 id="shortcuts-heading">Player keyboard shortcuts</h3>
      <p class="settings__help">Work while the player has focus. Page-turner pedals usually send the arrow or Page Up/Down keys.</p>
      <ShortcutConflict shortcuts={shortcuts} />
      <table class="shortcuts__table" aria-labelledby="shortcuts-heading">
        <tbody>
          {SHORTCUT_ACTIONS.map((action) => (
            <tr key={action}>
              <th scope="row">{ACTION_LABELS[action]}</th>
              <td class="shortcuts__keys">
                {shortcuts.bindings.value[action].map((chord) => (
                  <span key={chord} class="key-chip">
                    <kbd>{describeChord(chord)}</kbd>
                    <button
                      type="button"
                      class="key-chip__remove"
                      aria-label={`Remove ${describeChord(chord)} from ${ACTION_LABELS[action]}`}
                      onClick={() => void shortcuts.removeChord(chord)}
                    >
                      ×
                    </button>
                  </span>
                ))}
                {shortcuts.bindings.value[action].length === 0 && <span class="shortcuts__none">No key</span>}
              </td>
              <td>
                <CaptureButton action={action} capturing={capturing === action} shortcuts={shortcuts} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="button" onClick={() => void shortcuts.resetShortcuts()}>
        Reset shortcuts to defaults
      </button>
    </div>
  );
}

interface CaptureProps {
  action: ShortcutAction;
  capturing: boolean;
  shortcuts: Pick<ShortcutsModel, 'startCapture' | 'cancelCapture'>;
}

/** The next key pressed (anywhere on the page) is recorded; Tab or the button itself cancels. */
function CaptureButton({ action, capturing, shortcuts }: CaptureProps) {
  return (
    <button
      type="button"
      class={`button button--small ${capturing ? 'button--primary' : ''}`}
      aria-label={capturing ? `Press the new key for ${ACTION_LABELS[action]}, or Tab to cancel` : `Add a key for ${ACTION_LABELS[action]}`}
      onClick={() => (capturing ? shortcuts.cancelCapture() : shortcuts.startCapture(action))}
      onBlur={() => capturing && shortcuts.cancelCapture()}
    >
      {capturing ? 'Press a key…' : 'Add key'}
    </button>
  );
}
