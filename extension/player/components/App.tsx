import type { AccountModel } from '../../account/model';
import type { LibraryModel } from '../../library/model';
import type { ShortcutsModel } from '../../shortcuts/model';
import type { ShowFeatures } from '../../stage-settings/show-features';
import type { PlayerModel } from '../model';
import type { ShowModels } from '../show-models';
import { MarkerStrip } from '../../sections/components/MarkerStrip';
import { SectionsPanel } from '../../sections/components/SectionsPanel';
import { SetlistPanel } from '../../setlists/components/SetlistPanel';
import { ShowView } from '../../setlists/components/ShowView';
import { BackupPanel } from '../../backup/components/BackupPanel';
import { LyricsEditor } from '../../lyrics/components/LyricsEditor';
import { StageSettingsPanel } from '../../stage-settings/components/StageSettingsPanel';
import { StageView } from './stage/StageView';
import { downloadBlob } from '../download';
import { AccountPanel } from '../../account/components/AccountPanel';
import { EngineIndicator } from './EngineIndicator';
import { LibraryPanel } from '../../library/components/LibraryPanel';
import { SettingsPanel } from '../../shortcuts/components/SettingsPanel';
import { ShortcutStatus } from '../../shortcuts/components/ShortcutStatus';
import { Mixer } from './mixer/Mixer';
import { Transport } from './transport/Transport';

interface Props {
  model: PlayerModel;
  library: LibraryModel;
  shortcuts: ShortcutsModel;
  account: AccountModel;
  openChromeShortcuts: () => void;
  show: ShowFeatures;
  /** Setlists, sections and count-in. */
  sets: ShowModels;
}

export function App({ model, library, shortcuts, account, openChromeShortcuts, show, sets }: Props) {
  const editing = !show.editingHidden.value;
  return (
    <main class="stage">
      <header class="stage__header">
        <h1>StageTracker Pro</h1>
        <EngineIndicator label={model.engineLabel} tone={model.engineTone} />
        <ShortcutStatus feedback={shortcuts.feedback} />
      </header>
      <Transport live={model.live} lastAck={model.lastAck} onAction={(action) => void model.transport(action)} />
      <MarkerStrip sections={sets.sections} />
      <ShowView setlists={sets.setlists} onAction={(action) => void model.transport(action)} />
      <SectionsPanel sections={sets.sections} />
      <StageView show={show} />
      {show.stage.settings.value.show.mixer && <Mixer live={model.live} />}
      {editing && <SetlistPanel setlists={sets.setlists} />}
      {editing && <LibraryPanel library={library} plays={show.plays.bySong} />}
      {editing && <LyricsEditor lyrics={show.lyrics} onExport={(name, text) => downloadBlob(new Blob([text], { type: 'text/plain' }), name)} />}
      {editing && <SettingsPanel shortcuts={shortcuts} openChromeShortcuts={openChromeShortcuts} />}
      {editing && <StageSettingsPanel stage={show.stage} />}
      {editing && <BackupPanel backup={show.backup} />}
      <AccountPanel account={account} />
    </main>
  );
}
