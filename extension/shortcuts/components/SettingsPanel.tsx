import type { ShortcutsModel } from '../model';
import { ChromeShortcuts } from './ChromeShortcuts';
import { ShortcutEditor } from './ShortcutEditor';
import { StageLockToggle } from './StageLockToggle';
import '../../player/components/buttons.css';
import './shortcuts.css';

interface Props {
  shortcuts: ShortcutsModel;
  openChromeShortcuts: () => void;
}

/** Performance settings, saved on this device. */
export function SettingsPanel({ shortcuts, openChromeShortcuts }: Props) {
  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <StageLockToggle on={shortcuts.stageLock} onChange={(on) => void shortcuts.setStageLock(on)} />
      <ShortcutEditor shortcuts={shortcuts} />
      <ChromeShortcuts commands={shortcuts.commands} onOpen={openChromeShortcuts} />
    </section>
  );
}
