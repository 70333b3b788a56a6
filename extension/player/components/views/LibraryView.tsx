import type { Player } from '../../setup';
import { LibraryPanel } from '../../../library/components/LibraryPanel';
import { SectionsPanel } from '../../../sections/components/SectionsPanel';
import { LyricsEditor } from '../../../lyrics/components/LyricsEditor';
import { TrackLanes } from '../mixer/TrackLanes';
import { downloadBlob } from '../../download';
import { ViewPanel } from './ViewPanel';

/** The songs: import, edit and delete, and the loaded song's sections, tracks (order, colour, group, waveforms) and lyrics. */
export function LibraryView({ player, active }: { player: Player; active: boolean }) {
  const { library, plays, sections, lyrics, tracks } = player;
  const { live } = player.model;
  if (player.editingHidden.value) return null;
  return (
    <ViewPanel id="library" active={active}>
      <LibraryPanel library={library} plays={plays.bySong} />
      <SectionsPanel sections={sections} />
      <TrackLanes tracks={tracks} markers={sections.markers} position={live.position} songSec={live.duration.value} onSeek={(s) => void live.seek(s)} />
      <LyricsEditor lyrics={lyrics} onExport={(name, text) => downloadBlob(new Blob([text], { type: 'text/plain' }), name)} />
    </ViewPanel>
  );
}
