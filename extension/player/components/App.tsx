import type { LibraryModel } from '../../library/model';
import type { ShortcutsModel } from '../../shortcuts/model';
import type { PlayerModel } from '../model';
import { EngineIndicator } from './EngineIndicator';
import { LibraryPanel } from './library/LibraryPanel';
import { SettingsPanel } from './settings/SettingsPanel';
import { ShortcutStatus } from './settings/ShortcutStatus';
import { Mixer } from './mixer/Mixer';
import { Transport } from './transport/Transport';

interface Props {
  model: PlayerModel;
  library: LibraryModel;
  shortcuts: ShortcutsModel;
  openChromeShortcuts: () => void;
}

export function App({ model, library, shortcuts, openChromeShortcuts }: Props) {
  return (
    <main class="stage">
      <header class="stage__header">
        <h1>StageTracker Pro</h1>
        <EngineIndicator label={model.engineLabel} tone={model.engineTone} />
        <ShortcutStatus feedback={shortcuts.feedback} />
      </header>
      <Transport live={model.live} lastAck={model.lastAck} onAction={(action) => void model.transport(action)} />
      <Mixer live={model.live} />
      <LibraryPanel library={library} />
      <SettingsPanel shortcuts={shortcuts} openChromeShortcuts={openChromeShortcuts} />
    </main>
  );
}
