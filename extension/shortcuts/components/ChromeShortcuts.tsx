import type { ReadonlySignal } from '@preact/signals';
import type { ChromeCommand } from '../model';

interface Props {
  commands: ReadonlySignal<ChromeCommand[]>;
  onOpen: () => void;
}

/** Chrome owns these (set at chrome://extensions/shortcuts); they work while another window has focus. */
export function ChromeShortcuts({ commands, onOpen }: Props) {
  return (
    <div class="chrome-shortcuts">
      <h3 id="chrome-shortcuts-heading">Global shortcuts (Chrome)</h3>
      <p class="settings__help">These work even when another window has focus. Chrome leaves a shortcut empty when it clashes with another.</p>
      <table class="shortcuts__table" aria-labelledby="chrome-shortcuts-heading">
        <tbody>
          {commands.value.map((command) => (
            <tr key={command.name}>
              <th scope="row">{command.description}</th>
              <td>{command.shortcut ? <kbd>{command.shortcut}</kbd> : <span class="shortcuts__none">Not set</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="button" onClick={onOpen}>
        Change global shortcuts in Chrome
      </button>
    </div>
  );
}
