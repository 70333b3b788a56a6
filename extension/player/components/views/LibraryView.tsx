import type { Player } from '../../setup';
import { LibraryPanel } from '../../../library/components/LibraryPanel';
import { SectionsPanel } from '../../../sections/components/SectionsPanel';
import { LyricsEditor } from '../../../lyrics/components/LyricsEditor';
import { downloadBlob } from '../../download';
import { ViewPanel } from './ViewPanel';

/** The songs: import, edit and delete, and the loaded song's sections and lyrics. */
export function LibraryView({ player, active }: { player: Player; active: boolean }) {
  const { library, plays, sections, lyrics } = player;
  if (player.editingHidden.value) return null;
  return (
    <ViewPanel id="library" active={active}>
      <LibraryPanel library={library} plays={plays.bySong} />
      <SectionsPanel sections={sections} />
      <LyricsEditor lyrics={lyrics} onExport={(name, text) => downloadBlob(new Blob([text], { type: 'text/plain' }), name)} />
    </ViewPanel>
  );
}
