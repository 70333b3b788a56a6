import type { ReadonlySignal } from '@preact/signals';
import type { PlayRecord } from '../../account/store';
import { Notice } from '../../player/components/Notice';
import type { LibraryModel } from '../model';
import { ConfirmDeleteDialog } from './ConfirmDeleteDialog';
import { DropZone } from './DropZone';
import { EmptyLibrary } from './EmptyLibrary';
import { ImportButtons } from './ImportButtons';
import { ImportProgressBar } from './ImportProgressBar';
import { SearchBox } from './SearchBox';
import { SongEditor } from './SongEditor';
import { SongList } from './SongList';
import '../../player/components/buttons.css';
import './library.css';

/** Import, search, pick, edit and delete songs. The whole panel accepts dropped files and folders. */
export function LibraryPanel({ library, plays }: { library: LibraryModel; plays?: ReadonlySignal<ReadonlyMap<string, PlayRecord>> }) {
  const song = library.selectedSong.value;
  return (
    <DropZone class="library" labelledBy="library-heading" onDrop={(files) => void library.importFiles(files)}>
      <div class="library__bar">
        <h2 id="library-heading">Library</h2>
        <ImportButtons busy={library.importProgress} onFiles={(files) => void library.importFiles(files)} />
      </div>
      <ImportProgressBar progress={library.importProgress} />
      <Notice notice={library.notice} />
      {library.loaded.value && library.songs.value.length === 0 ? (
        <EmptyLibrary />
      ) : (
        <>
          <SearchBox query={library.query} shown={library.results} total={library.songs} />
          <SongList songs={library.results} selectedId={library.selectedId} onSelect={(id) => void library.select(id)} plays={plays} />
        </>
      )}
      {song && <SongEditor key={song.id} song={song} tracks={library.tracks} library={library} />}
      <ConfirmDeleteDialog pending={library.pendingDelete} onConfirm={() => void library.confirmDelete()} onCancel={library.cancelDelete} />
    </DropZone>
  );
}
