import type { Player } from '../setup';
// Components import their CSS: this order is the order of the page's style sheets.
import { DropoutAlert } from './DropoutAlert';
import { EngineIndicator } from './EngineIndicator';
import { ShortcutStatus } from '../../shortcuts/components/ShortcutStatus';
import { TabBar } from './views/TabBar';
import { PerformView } from './views/PerformView';
import { LibraryView } from './views/LibraryView';
import { SetlistsView } from './views/SetlistsView';
import { SettingsView } from './views/SettingsView';
import { BackupView } from './views/BackupView';
import { AccountView } from './views/AccountView';

/**
 * The player page: a header with the view tabs, and one view on screen. The performance view is
 * the landing view; the desk work (library, setlists, settings, backup, account) has views of its own.
 */
export function App({ player }: { player: Player }) {
  const { model, shortcuts, views } = player;
  const view = views.current.value;
  return (
    <main class={`stage stage--${view}`}>
      <header class="stage__header">
        <h1>StageTracker Pro</h1>
        <TabBar views={views} />
        <EngineIndicator label={model.engineLabel} tone={model.engineTone} />
        <ShortcutStatus feedback={shortcuts.feedback} />
      </header>
      <DropoutAlert summary={model.dropouts} />
      <PerformView player={player} active={view === 'perform'} />
      <LibraryView player={player} active={view === 'library'} />
      <SetlistsView player={player} active={view === 'setlists'} />
      <SettingsView player={player} active={view === 'settings'} />
      <BackupView player={player} active={view === 'backup'} />
      <AccountView player={player} active={view === 'account'} />
    </main>
  );
}
