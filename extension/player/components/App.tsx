import type { Player } from '../setup';
// Components import their CSS: this order is the order of the page's style sheets.
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
import { DropoutAlert } from './DropoutAlert';
import { EngineIndicator } from './EngineIndicator';
import { LibraryPanel } from '../../library/components/LibraryPanel';
import { SettingsPanel } from '../../shortcuts/components/SettingsPanel';
import { ShortcutStatus } from '../../shortcuts/components/ShortcutStatus';
import { Mixer } from './mixer/Mixer';
import { Transport } from './transport/Transport';

/** The player page: the shell every view shares (header, transport, stage, mixer) and each feature's panel. */
export function App({ player }: { player: Player }) {
  const { model, transport, library, shortcuts, account, setlists, sections, stage, lyrics, backup, plays } = player;
  const editing = !player.editingHidden.value;
  return (
    <main class="stage">
      <header class="stage__header">
        <h1>StageTracker Pro</h1>
        <EngineIndicator label={model.engineLabel} tone={model.engineTone} />
        <ShortcutStatus feedback={shortcuts.feedback} />
      </header>
      <DropoutAlert summary={model.dropouts} />
      <Transport live={model.live} transport={transport} nowPlaying={player.nowPlaying} />
      <MarkerStrip sections={sections} />
      <ShowView setlists={setlists} onAction={(action) => void transport.run(action, 'button')} />
      <SectionsPanel sections={sections} />
      <StageView stage={stage} lyrics={lyrics} nextSong={player.nextSong} />
      {stage.settings.value.show.mixer && <Mixer live={model.live} />}
      {editing && <SetlistPanel setlists={setlists} />}
      {editing && <LibraryPanel library={library} plays={plays.bySong} />}
      {editing && <LyricsEditor lyrics={lyrics} onExport={(name, text) => downloadBlob(new Blob([text], { type: 'text/plain' }), name)} />}
      {editing && <SettingsPanel shortcuts={shortcuts} openChromeShortcuts={player.openChromeShortcuts} />}
      {editing && <StageSettingsPanel stage={stage} />}
      {editing && <player.OutputsPanel />}
      {editing && <BackupPanel backup={backup} />}
      <AccountPanel account={account} />
    </main>
  );
}
